package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rongtook/rongtook/internal/apperr"
	"github.com/rongtook/rongtook/internal/auth"
	"github.com/rongtook/rongtook/internal/cases"
	"github.com/rongtook/rongtook/internal/reference"
	"github.com/rongtook/rongtook/internal/store"
	"github.com/rongtook/rongtook/internal/store/sqlstore"
)

// RunSearch runs the contract of search, duplicate candidates, links and models against
// stores made by open.
func RunSearch(t *testing.T, open Factory) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s store.Store)
	}{
		{"WordFromTheMiddleOfAThaiSentence", testSearchMiddleWord},
		{"SearchCombinesFiltersAndVisibility", testSearchFilters},
		{"SearchFollowsUpdates", testSearchUpdates},
		{"SearchRanksTheNewestMatches", testSearchWindow},
		{"SearchFindsTheNewestMatchesAcrossIDGaps", testSearchAcrossGaps},
		{"NearbyOpenCases", testNearby},
		{"LinkAndUnlinkDuplicate", testLink},
		{"Models", testModels},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			if err := s.SyncReference(context.Background(), reference.MustLoad()); err != nil {
				t.Fatalf("SyncReference: %v", err)
			}
			tc.fn(t, s)
		})
	}
}

func receipts(p store.CasePage) []string {
	var out []string
	for _, c := range p.Cases {
		out = append(out, c.Receipt)
	}
	return out
}

func search(t *testing.T, s store.Store, f store.CaseFilter) []string {
	t.Helper()
	if f.Visibility == (store.Visibility{}) {
		f.Visibility = store.Visibility{ConfidentialAll: true}
	}
	p, err := s.ListCases(context.Background(), f)
	if err != nil {
		t.Fatalf("ListCases %+v: %v", f, err)
	}
	return receipts(p)
}

func testSearchMiddleWord(t *testing.T, s store.Store) {
	u := mustUser(t, s, "op", auth.RoleOperator, "CENTRE")
	a := sampleCase(u.ID, t0)
	a.Description = "มีท่อระบายน้ำอุดตันหน้าตลาดทำให้น้ำขังทุกครั้งที่ฝนตก"
	a.Location.Address = "ถนนพหลโยธิน แขวงจตุจักร"
	a = create(t, s, a)
	b := sampleCase(u.ID, t0.Add(time.Minute))
	b.Description = "ไฟฟ้าส่องสว่างดับทั้งซอย"
	b.Location.Address = "ซอยรามคำแหง 24"
	b = create(t, s, b)

	for _, q := range []string{"ตลาด", "อุดตัน", "ท่อระบายน้ำ", "น้ำขัง ฝนตก", "จตุจักร"} {
		if got := search(t, s, store.CaseFilter{Query: q}); len(got) != 1 || got[0] != a.Receipt {
			t.Errorf("search %q = %v, want [%s]", q, got, a.Receipt)
		}
	}
	if got := search(t, s, store.CaseFilter{Query: "ดับ"}); len(got) != 1 || got[0] != b.Receipt {
		t.Errorf("search ดับ = %v, want [%s]", got, b.Receipt)
	}
	// Every word must occur: one word of each case finds neither.
	if got := search(t, s, store.CaseFilter{Query: "ตลาด ดับ"}); len(got) != 0 {
		t.Errorf("search ตลาด ดับ = %v, want none", got)
	}
	if got := search(t, s, store.CaseFilter{Query: "ช้าง"}); len(got) != 0 {
		t.Errorf("search ช้าง = %v, want none", got)
	}
	// The receipt number is in the index too.
	if got := search(t, s, store.CaseFilter{Query: b.Receipt}); len(got) != 1 || got[0] != b.Receipt {
		t.Errorf("search %s = %v", b.Receipt, got)
	}
	// A query of nothing but punctuation matches nothing rather than everything.
	if got := search(t, s, store.CaseFilter{Query: " ... "}); len(got) != 0 {
		t.Errorf("search of punctuation = %v", got)
	}
	// Quotes and operators in a query are words, not syntax.
	if got := search(t, s, store.CaseFilter{Query: `"ตลาด" OR NOT ' \ & | !`}); len(got) != 0 {
		t.Errorf("search with operators = %v", got)
	}
}

func testSearchFilters(t *testing.T, s store.Store) {
	u := mustUser(t, s, "op", auth.RoleOperator, "CENTRE")
	var made []cases.Case
	for i, spec := range []struct {
		desc         string
		unit         string
		confidential bool
		category     int
	}{
		{"หลุมบนถนนใหญ่ลึกมาก หลุม หลุม", "D1038", false, 6},
		{"ถนนมีหลุมเล็กน้อย", "D1001", false, 6},
		{"หลุมขยะส่งกลิ่น", "D1038", true, 4},
		{"ฟุตบาทชำรุด", "D1038", false, 12},
	} {
		c := sampleCase(u.ID, t0.Add(time.Duration(i)*time.Minute))
		c.Description, c.UnitCode, c.Confidential, c.CategoryCode = spec.desc, spec.unit, spec.confidential, spec.category
		made = append(made, create(t, s, c))
	}
	got := search(t, s, store.CaseFilter{Query: "หลุม"})
	if len(got) != 3 {
		t.Fatalf("หลุม = %v, want three", got)
	}
	// Ranked: the case that says it three times comes first.
	if got[0] != made[0].Receipt {
		t.Errorf("หลุม ranked %v, want %s first", got, made[0].Receipt)
	}
	if got := search(t, s, store.CaseFilter{Query: "หลุม", UnitCode: "D1001"}); len(got) != 1 || got[0] != made[1].Receipt {
		t.Errorf("หลุม in D1001 = %v", got)
	}
	if got := search(t, s, store.CaseFilter{Query: "หลุม", CategoryCode: 4}); len(got) != 1 || got[0] != made[2].Receipt {
		t.Errorf("หลุม category 4 = %v", got)
	}
	// The confidential case stays invisible outside its unit.
	if got := search(t, s, store.CaseFilter{Query: "หลุม", Visibility: store.Visibility{ReadAll: true, OwnUnit: "CENTRE"}}); len(got) != 2 {
		t.Errorf("หลุม read-all = %v, want the two ordinary cases", got)
	}
	if got := search(t, s, store.CaseFilter{Query: "หลุม", Visibility: store.Visibility{OwnUnit: "D1001"}}); len(got) != 1 || got[0] != made[1].Receipt {
		t.Errorf("หลุม for D1001 = %v", got)
	}
	// Pages: one at a time, no repeats, until the end.
	var all []string
	f := store.CaseFilter{Query: "หลุม", Limit: 1, Visibility: store.Visibility{ConfidentialAll: true}}
	for range 5 {
		p, err := s.ListCases(context.Background(), f)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, receipts(p)...)
		if p.Next == "" {
			break
		}
		f.Cursor = p.Next
	}
	if len(all) != 3 || all[0] == all[1] || all[1] == all[2] || all[0] == all[2] {
		t.Errorf("paged search = %v", all)
	}
	if _, err := s.ListCases(context.Background(), store.CaseFilter{Query: "หลุม", Cursor: "bm90LWEtY3Vyc29y"}); !apperr.Is(err, apperr.KindInvalid) {
		t.Errorf("foreign cursor: %v", err)
	}
}

func testSearchUpdates(t *testing.T, s store.Store) {
	u := mustUser(t, s, "op", auth.RoleOperator, "CENTRE")
	c := create(t, s, sampleCase(u.ID, t0))
	c.Description = "ต้นไม้ล้มขวางทางเดิน"
	c.UpdatedAt = t0.Add(time.Hour)
	if _, err := s.UpdateCase(context.Background(), c, cases.Event{Type: cases.EventNote, At: c.UpdatedAt, Text: "แก้ไขรายละเอียด"}); err != nil {
		t.Fatal(err)
	}
	if got := search(t, s, store.CaseFilter{Query: "ต้นไม้"}); len(got) != 1 {
		t.Errorf("new words not found after update: %v", got)
	}
	if got := search(t, s, store.CaseFilter{Query: "หลุม"}); len(got) != 0 {
		t.Errorf("old words still found after update: %v", got)
	}
	// The index also holds the unit, district and category: a case forwarded and
	// reclassified is found under the new ones only.
	c.Version++
	c.UnitCode, c.Location.DistrictCode, c.CategoryCode = "D1001", 1001, 12
	c.UpdatedAt = t0.Add(2 * time.Hour)
	if _, err := s.UpdateCase(context.Background(), c, cases.Event{Type: cases.EventForwarded, At: c.UpdatedAt, UnitCode: "D1001"}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		f    store.CaseFilter
		want int
	}{
		{store.CaseFilter{Query: "ต้นไม้", Visibility: store.Visibility{OwnUnit: "D1001"}}, 1},
		{store.CaseFilter{Query: "ต้นไม้", Visibility: store.Visibility{OwnUnit: "CENTRE"}}, 0},
		{store.CaseFilter{Query: "ต้นไม้", UnitCode: "D1001", DistrictCode: 1001, CategoryCode: 12}, 1},
		{store.CaseFilter{Query: "ต้นไม้", DistrictCode: 1038}, 0},
		{store.CaseFilter{Query: "ต้นไม้", CategoryCode: 6}, 0},
	} {
		if got := search(t, s, tc.f); len(got) != tc.want {
			t.Errorf("after forwarding, %+v found %v, want %d", tc.f, got, tc.want)
		}
	}
}

func testNearby(t *testing.T, s store.Store) {
	u := mustUser(t, s, "op", auth.RoleOperator, "CENTRE")
	ctx := context.Background()
	cit := store.Citizen{Name: "สมชาย", Phone: "0812345678", CreatedAt: t0}
	if err := s.CreateCitizen(ctx, &cit); err != nil {
		t.Fatal(err)
	}
	near := create(t, s, sampleCase(u.ID, t0)) // road, 13.7946,100.6086
	far := sampleCase(u.ID, t0)
	far.Location.Lat, far.Location.Lon = fp(13.8126), fp(100.6086) // 2 km north
	far = create(t, s, far)
	closed := sampleCase(u.ID, t0)
	closed.Status = cases.StatusCompleted
	create(t, s, closed)
	lights := sampleCase(u.ID, t0)
	lights.CategoryCode = 7
	create(t, s, lights)
	old := sampleCase(u.ID, t0.AddDate(0, -6, 0))
	create(t, s, old)
	mine := sampleCase(u.ID, t0)
	mine.CategoryCode, mine.CitizenID = 17, cit.ID
	mine.Location.Lat, mine.Location.Lon = nil, nil
	mine = create(t, s, mine)

	found, err := s.NearbyOpenCases(ctx, store.NearbyQuery{
		Categories: []int{6, 12}, HasPoint: true, MinLat: 13.7941, MaxLat: 13.7951, MinLon: 100.6081, MaxLon: 100.6091,
		Since: t0.AddDate(0, -1, 0), CitizenID: cit.ID, Visibility: store.Visibility{ConfidentialAll: true},
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range found {
		got = append(got, f.Case.Receipt)
		if f.Case.ID == near.ID && f.Terms == "" {
			t.Error("no search terms returned")
		}
	}
	if len(got) != 2 || got[0] != near.Receipt || got[1] != mine.Receipt {
		t.Errorf("nearby = %v, want [%s %s] (far %s)", got, near.Receipt, mine.Receipt, far.Receipt)
	}
}

func testLink(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := mustUser(t, s, "op", auth.RoleOperator, "CENTRE")
	orig := create(t, s, sampleCase(u.ID, t0))
	dup := create(t, s, sampleCase(u.ID, t0.Add(time.Hour)))
	at := t0.Add(2 * time.Hour)
	closed := dup
	closed.Status, closed.ClosedAt, closed.UpdatedAt = cases.StatusTerminated, &at, at
	closed.Termination = &cases.Termination{Reason: "duplicate"}
	l := store.DuplicateLink{
		Duplicate:      closed,
		DuplicateEvent: cases.Event{CaseID: dup.ID, Type: cases.EventLinkedDuplicate, At: at, Text: orig.Receipt, FromStatus: dup.Status, ToStatus: cases.StatusTerminated},
		OriginalID:     orig.ID,
		OriginalEvent:  cases.Event{CaseID: orig.ID, Type: cases.EventDuplicateLinked, At: at, Text: dup.Receipt, FromStatus: orig.Status, ToStatus: orig.Status},
		Messages:       []store.OutboxMessage{{DedupeKey: "dl1", Kind: "duplicate_linked", Channel: "line", Recipient: "citizen:1", CaseID: dup.ID, Text: "x", CreatedAt: at}},
		By:             u.ID, At: at,
	}
	saved, err := s.LinkDuplicate(ctx, l)
	if err != nil {
		t.Fatal(err)
	}
	if saved.Version != dup.Version+1 {
		t.Errorf("version %d", saved.Version)
	}
	got, _ := s.CaseByReceipt(ctx, dup.Receipt)
	if got.Status != cases.StatusTerminated || got.Termination == nil || got.Termination.Reason != "duplicate" {
		t.Errorf("duplicate after link: %+v", got)
	}
	if o, _ := s.CaseByReceipt(ctx, orig.Receipt); o.Version != orig.Version {
		t.Errorf("the original's event changed its version: %d", o.Version)
	}
	evs, _ := s.Events(ctx, orig.ID)
	if last := evs[len(evs)-1]; last.Type != cases.EventDuplicateLinked || last.Text != dup.Receipt {
		t.Errorf("original's last event %+v", last)
	}
	k, err := s.ActiveLink(ctx, dup.ID)
	if err != nil || k.Original != orig.Receipt || k.Receipt != dup.Receipt {
		t.Errorf("ActiveLink = %+v, %v", k, err)
	}
	if ks, err := s.Links(ctx, orig.ID); err != nil || len(ks) != 1 {
		t.Errorf("Links = %v, %v", ks, err)
	}
	if msgs, _ := s.Outbox(ctx, store.OutboxFilter{CaseID: dup.ID}); len(msgs) != 1 || msgs[0].Kind != "duplicate_linked" {
		t.Errorf("outbox = %+v", msgs)
	}
	rc, err := s.RepeatComplaints(ctx, t0, t0.AddDate(0, 1, 0))
	if err != nil || len(rc) != 1 || rc[0].Count != 1 || rc[0].CategoryCode != 6 || rc[0].UnitCode != "CENTRE" || rc[0].Month != "2026-11" {
		t.Errorf("RepeatComplaints = %+v, %v", rc, err)
	}
	// Linking again with the old version is a conflict; nothing more is written.
	if _, err := s.LinkDuplicate(ctx, l); !apperr.Is(err, apperr.KindConflict) {
		t.Errorf("second link: %v", err)
	}
	// Undo.
	at2 := at.Add(time.Hour)
	reopened := saved
	reopened.Status, reopened.ClosedAt, reopened.Termination, reopened.UpdatedAt = cases.StatusNew, nil, nil, at2
	u2 := store.DuplicateLink{
		Duplicate:      reopened,
		DuplicateEvent: cases.Event{CaseID: dup.ID, Type: cases.EventUnlinkedDuplicate, At: at2, FromStatus: cases.StatusTerminated, ToStatus: cases.StatusNew},
		OriginalID:     orig.ID,
		OriginalEvent:  cases.Event{CaseID: orig.ID, Type: cases.EventDuplicateUnlinked, At: at2, FromStatus: orig.Status, ToStatus: orig.Status},
		By:             u.ID, At: at2,
	}
	if _, err := s.UnlinkDuplicate(ctx, u2); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ActiveLink(ctx, dup.ID); !apperr.Is(err, apperr.KindNotFound) {
		t.Errorf("link still active: %v", err)
	}
	if rc, _ := s.RepeatComplaints(ctx, t0, t0.AddDate(0, 1, 0)); len(rc) != 0 {
		t.Errorf("undone link still counted: %+v", rc)
	}
	if got, _ := s.CaseByReceipt(ctx, dup.Receipt); got.Status != cases.StatusNew || got.ClosedAt != nil {
		t.Errorf("after unlink: %s", got.Status)
	}
}

func testModels(t *testing.T, s store.Store) {
	ctx := context.Background()
	if _, err := s.Model(ctx, "suggest"); !apperr.Is(err, apperr.KindNotFound) {
		t.Errorf("missing model: %v", err)
	}
	for _, d := range []string{"one", "two"} {
		if err := s.PutModel(ctx, store.Model{Name: "suggest", Data: []byte(d), TrainedAt: t0, Info: "{}"}); err != nil {
			t.Fatal(err)
		}
	}
	m, err := s.Model(ctx, "suggest")
	if err != nil || string(m.Data) != "two" || !m.TrainedAt.Equal(t0) {
		t.Errorf("Model = %+v, %v", m, err)
	}
	u := mustUser(t, s, "op", auth.RoleOperator, "CENTRE")
	create(t, s, sampleCase(u.ID, t0))
	n := 0
	if err := s.TrainingCases(ctx, func(tc store.TrainingCase) error {
		n++
		if tc.CategoryCode != 6 || tc.Description == "" || tc.Lat == nil {
			t.Errorf("training case %+v", tc)
		}
		return nil
	}); err != nil || n != 1 {
		t.Errorf("TrainingCases: %d, %v", n, err)
	}
}

// testSearchWindow: a search ranks the newest sqlstore.SearchWindow matches only; an older
// case that would rank first is not read.
func testSearchWindow(t *testing.T, s store.Store) {
	u := mustUser(t, s, "op", auth.RoleOperator, "CENTRE")
	var oldest cases.Case
	for i := range sqlstore.SearchWindow + 3 {
		c := sampleCase(u.ID, t0.Add(time.Duration(i)*time.Second))
		c.Description = "ขยะหน้าตลาด"
		if i == 0 {
			c.Description = "ตลาด ตลาด ตลาด ตลาด ขยะหน้าตลาด"
		}
		c = create(t, s, c)
		if i == 0 {
			oldest = c
		}
	}
	seen := map[string]bool{}
	f := store.CaseFilter{Query: "ตลาด", Limit: 200, Visibility: store.Visibility{ConfidentialAll: true}}
	for range 5 {
		p, err := s.ListCases(context.Background(), f)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range receipts(p) {
			seen[r] = true
		}
		if p.Next == "" {
			break
		}
		f.Cursor = p.Next
	}
	if len(seen) != sqlstore.SearchWindow || seen[oldest.Receipt] {
		t.Errorf("found %d cases (oldest among them: %v), want the newest %d", len(seen), seen[oldest.Receipt], sqlstore.SearchWindow)
	}
}

// testSearchAcrossGaps checks that a search returns exactly the newest SearchWindow matches
// (those a query over every case would give) for words of every density, with filters and
// visibility, when case IDs are spread over millions: PostgreSQL looks for the matches in
// windows of IDs, newest first (sqlstore/search_window.go), and must neither miss a match
// nor return an older one.
func testSearchAcrossGaps(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := mustUser(t, s, "op", auth.RoleOperator, "CENTRE")
	// Four groups of cases; on PostgreSQL the IDs jump before each of the last three, so
	// that the groups lie in blocks of every size the index names.
	jumps := []int64{0, 60_000, 700_000, 5_000_000}
	const perGroup = 1500
	type made struct {
		receipt string
		words   map[string]bool
		status  cases.Status
		unit    string
	}
	var all []made
	rng := rand.New(rand.NewPCG(5, 11))
	for g, jump := range jumps {
		if jump > 0 {
			if db, ok := s.(interface {
				SQL() *sql.DB
				Dialect() string
			}); ok && db.Dialect() == "postgres" {
				if _, err := db.SQL().ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('cases', 'id'), $1)`, jump); err != nil {
					t.Fatal(err)
				}
			}
		}
		var batch []store.NewCase
		var group []made
		for i := range perGroup {
			m := made{words: map[string]bool{}, status: cases.StatusCompleted, unit: "CENTRE"}
			desc := "แจ้งปัญหา"
			for _, w := range []struct {
				word string
				p    float64
			}{{"ถนน", 0.5}, {"ไฟฟ้า", 0.4}, {"ขยะ", 0.04}, {"ต้นไม้", 0.01}, {"ทางเท้า", 0.2 * float64(max(1-g, 0))}} {
				if rng.Float64() < w.p {
					desc += " " + w.word
					m.words[w.word] = true
				}
			}
			if rng.IntN(10) < 3 {
				m.status = cases.StatusNew
			}
			if rng.IntN(2) == 0 {
				m.unit = "D1038"
			}
			at := t0.Add(time.Duration(g*perGroup+i) * time.Minute)
			c := sampleCase(u.ID, at)
			c.Description, c.Status, c.UnitCode = desc, m.status, m.unit
			c.Source, c.SourceRef = "test", fmt.Sprintf("%d-%d", g, i)
			batch = append(batch, store.NewCase{Case: c, Events: []cases.Event{{Type: cases.EventImported, At: at, ToStatus: c.Status}}})
			group = append(group, m)
		}
		if _, err := s.ImportCases(ctx, batch); err != nil {
			t.Fatal(err)
		}
		for i, m := range group {
			c, err := s.CaseBySource(ctx, "test", fmt.Sprintf("%d-%d", g, i))
			if err != nil {
				t.Fatal(err)
			}
			if jump > 0 && i == 0 && c.ID <= jump && s.(interface{ Dialect() string }).Dialect() == "postgres" {
				t.Fatalf("case ID %d did not jump past %d", c.ID, jump)
			}
			m.receipt = c.Receipt
			all = append(all, m)
		}
	}
	tests := []struct {
		query  string
		status cases.Status
		vis    store.Visibility
	}{
		{"ถนน ไฟฟ้า", "", store.Visibility{ConfidentialAll: true}},    // dense: the newest block is enough
		{"ถนน ขยะ", "", store.Visibility{ConfidentialAll: true}},      // 2 %: several windows
		{"ไฟฟ้า ต้นไม้", "", store.Visibility{ConfidentialAll: true}}, // rare: everything
		{"ถนน ทางเท้า", "", store.Visibility{ConfidentialAll: true}},  // only among the oldest
		{"ถนน ไฟฟ้า", cases.StatusNew, store.Visibility{OwnUnit: "D1038"}},
		{"ขยะ", cases.StatusNew, store.Visibility{ConfidentialAll: true}},
		{"สะพาน", "", store.Visibility{ConfidentialAll: true}}, // nowhere
	}
	for _, tc := range tests {
		var want []string
		for i := len(all) - 1; i >= 0 && len(want) < sqlstore.SearchWindow; i-- {
			m := all[i]
			ok := (tc.status == "" || m.status == tc.status) && (tc.vis.ConfidentialAll || m.unit == tc.vis.OwnUnit)
			for _, w := range strings.Fields(tc.query) {
				ok = ok && m.words[w]
			}
			if ok {
				want = append(want, m.receipt)
			}
		}
		f := store.CaseFilter{Query: tc.query, Limit: 200, Visibility: tc.vis}
		if tc.status != "" {
			f.Statuses = []cases.Status{tc.status}
		}
		var got []string
		for range 5 {
			p, err := s.ListCases(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, receipts(p)...)
			if p.Next == "" {
				break
			}
			f.Cursor = p.Next
		}
		slices.Sort(got)
		slices.Sort(want)
		if len(want) == 0 && tc.query != "สะพาน" {
			t.Fatalf("%q: the data has no match; the test is broken", tc.query)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%q status %q %+v: got %d cases, want the newest %d matches; missing or extra: %q",
				tc.query, tc.status, tc.vis, len(got), len(want), symmetricDiff(got, want))
		}
	}
}

func symmetricDiff(a, b []string) []string {
	in := map[string]int{}
	for _, x := range a {
		in[x]++
	}
	for _, x := range b {
		in[x]--
	}
	var out []string
	for x, n := range in {
		if n != 0 {
			out = append(out, x)
		}
	}
	slices.Sort(out)
	return out
}
