// Package storetest is the contract every store.Store must keep. The SQLite and PostgreSQL
// stores run the same suite (each from its own package's tests), against real databases.
package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rongtook/rongtook/internal/apperr"
	"github.com/rongtook/rongtook/internal/auth"
	"github.com/rongtook/rongtook/internal/cases"
	"github.com/rongtook/rongtook/internal/reference"
	"github.com/rongtook/rongtook/internal/store"
)

// Factory opens a new, empty, migrated store for one test.
type Factory func(t *testing.T) store.Store

// Run runs the whole contract against stores made by open.
func Run(t *testing.T, open Factory) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s store.Store)
	}{
		{"ReferenceSyncIsIdempotentAndKeepsAdminRouting", testReference},
		{"Coordinators", testCoordinators},
		{"UsersTokensSessions", testAccounts},
		{"ReceiptNumbersAreSequentialPerYear", testReceipts},
		{"CaseRoundTrip", testCaseRoundTrip},
		{"Idempotency", testIdempotency},
		{"ConcurrentIdempotentCreatesMakeOneCase", testIdempotencyConcurrent},
		{"VersionConflict", testVersionConflict},
		{"ConcurrentUpdatesOneWins", testConcurrentUpdates},
		{"TimelineIsAppendOnly", testAppendOnly},
		{"ListFiltersAndPages", testList},
		{"Visibility", testVisibility},
		{"SourceIsUnique", testSource},
		{"CitizensAndAccessLog", testCitizens},
		{"ImportBatchesSkipKnownSources", testImport},
		{"HolidaysAndTargets", testHolidaysTargets},
		{"LeaseHasOneHolder", testLease},
		{"RemindersAreWrittenOnce", testReminders},
		{"OverdueFilterAndDueOrder", testDueOrder},
		{"TimelinesOfAPeriod", testTimelines},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			ctx := context.Background()
			if err := s.SyncReference(ctx, reference.MustLoad()); err != nil {
				t.Fatalf("SyncReference: %v", err)
			}
			tc.fn(t, s)
		})
	}
}

var t0 = time.Date(2026, 11, 20, 9, 30, 0, 123456000, time.UTC)

func mustUser(t *testing.T, s store.Store, name string, role auth.Role, unit string) auth.User {
	t.Helper()
	u := auth.User{Username: name, Role: role, UnitCode: unit, PasswordHash: "x", CreatedAt: t0}
	if err := s.CreateUser(context.Background(), &u); err != nil {
		t.Fatalf("CreateUser %s: %v", name, err)
	}
	return u
}

func fp(f float64) *float64 { return &f }

func sampleCase(by int64, at time.Time) cases.Case {
	return cases.Case{
		Channel: "hotline", Kind: "complaint", CategoryCode: 6, Description: "ถนนเป็นหลุมลึกหน้าซอยลาดพร้าว 101",
		Location: cases.Location{Lat: fp(13.7946), Lon: fp(100.6086), Address: "ซอยลาดพร้าว 101", DistrictCode: 1038},
		UnitCode: "CENTRE", Status: cases.StatusNew, CreatedBy: by, CreatedAt: at, UpdatedAt: at, ReachedUnitAt: &at,
	}
}

func create(t *testing.T, s store.Store, c cases.Case) cases.Case {
	t.Helper()
	ev := cases.Event{Type: cases.EventCreated, At: c.CreatedAt, ActorID: c.CreatedBy, ToStatus: c.Status, UnitCode: c.UnitCode}
	got, created, err := s.CreateCase(context.Background(), store.NewCase{Case: c, Events: []cases.Event{ev}})
	if err != nil || !created {
		t.Fatalf("CreateCase: created=%v err=%v", created, err)
	}
	return got
}

func testReference(t *testing.T, s store.Store) {
	ctx := context.Background()
	units, err := s.Units(ctx)
	if err != nil {
		t.Fatal(err)
	}
	byCode := map[string]reference.Unit{}
	for _, u := range units {
		byCode[u.Code] = u
	}
	if len(byCode) != len(reference.MustLoad().Units) {
		t.Errorf("units = %d, want %d", len(byCode), len(reference.MustLoad().Units))
	}
	d := byCode["D1038"]
	if d.DistrictCode != 1038 || d.NameTH != "สำนักงานเขตลาดพร้าว" || !d.HasSection("WORKS") {
		t.Errorf("D1038 = %+v", d)
	}
	rule := reference.RoutingRule{CategoryCode: 6, DistrictCode: 1038, UnitCode: "BPW", SectionCode: "ROADS"}
	if err := s.PutRoutingRule(ctx, rule); err != nil {
		t.Fatal(err)
	}
	changed := reference.RoutingRule{CategoryCode: 6, ToDistrictOffice: false, UnitCode: "BPW", SectionCode: "ROADS"}
	if err := s.PutRoutingRule(ctx, changed); err != nil {
		t.Fatal(err)
	}
	if err := s.SyncReference(ctx, reference.MustLoad()); err != nil {
		t.Fatalf("second SyncReference: %v", err)
	}
	rules, err := s.RoutingRules(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := reference.Resolve(rules, 6, 1001); got != (reference.Target{UnitCode: "BPW", SectionCode: "ROADS"}) {
		t.Errorf("admin's city-wide rule lost after sync: %+v", got)
	}
	if got := reference.Resolve(rules, 4, 1001); got != (reference.Target{UnitCode: "D1001", SectionCode: "CLEAN"}) {
		t.Errorf("default garbage rule: %+v", got)
	}
	if err := s.DeleteRoutingRule(ctx, 6, 1038); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteRoutingRule(ctx, 6, 1038); !apperr.Is(err, apperr.KindNotFound) {
		t.Errorf("deleting a missing rule: %v, want not found", err)
	}
}

func testCoordinators(t *testing.T, s store.Store) {
	ctx := context.Background()
	c := store.Coordinator{UnitCode: "D1004", Kind: "best", Title: "นาย", FirstName: "สมชาย", LastName: "ใจดี", Position: "หัวหน้าฝ่ายโยธา",
		Section: "ฝ่ายโยธา", OfficePhone: "022360000", MobilePhone: "0812345678", LineID: "somchai.bk", LineDisplayName: "สมชาย บางรัก", UpdatedAt: t0}
	if err := s.PutCoordinator(ctx, c); err != nil {
		t.Fatal(err)
	}
	c.MobilePhone = "0899999999"
	if err := s.PutCoordinator(ctx, c); err != nil {
		t.Fatal(err)
	}
	main := c
	main.Kind, main.FirstName = "main", "สมหญิง"
	if err := s.PutCoordinator(ctx, main); err != nil {
		t.Fatal(err)
	}
	got, err := s.Coordinators(ctx, "D1004")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]store.Coordinator{main, c}, got); diff != "" {
		t.Errorf("coordinators (-want +got):\n%s", diff)
	}
}

func testAccounts(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := mustUser(t, s, "somsri", auth.RoleOfficer, "D1001")
	dup := auth.User{Username: "somsri", Role: auth.RoleOfficer, UnitCode: "D1001", CreatedAt: t0}
	if err := s.CreateUser(ctx, &dup); !apperr.Is(err, apperr.KindConflict) {
		t.Errorf("duplicate username: %v, want conflict", err)
	}
	got, err := s.UserByUsername(ctx, "somsri")
	if err != nil || got.ID != u.ID || got.Role != auth.RoleOfficer || !got.CreatedAt.Equal(t0) {
		t.Errorf("UserByUsername = %+v, %v", got, err)
	}
	if _, err := s.UserByUsername(ctx, "nobody"); !apperr.Is(err, apperr.KindNotFound) {
		t.Errorf("missing user: %v", err)
	}
	tok := store.Token{UserID: u.ID, Name: "cli", Hash: "h1", CreatedAt: t0}
	if err := s.CreateToken(ctx, &tok); err != nil {
		t.Fatal(err)
	}
	if got, err := s.TokenUser(ctx, "h1", t0); err != nil || got.ID != u.ID {
		t.Errorf("TokenUser = %+v, %v", got, err)
	}
	exp := t0.Add(time.Hour)
	short := store.Token{UserID: u.ID, Hash: "h2", CreatedAt: t0, ExpiresAt: &exp}
	if err := s.CreateToken(ctx, &short); err != nil {
		t.Fatal(err)
	}
	if _, err := s.TokenUser(ctx, "h2", t0.Add(2*time.Hour)); !apperr.Is(err, apperr.KindNotFound) {
		t.Errorf("expired token accepted: %v", err)
	}
	if err := s.RevokeToken(ctx, tok.ID, t0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.TokenUser(ctx, "h1", t0); !apperr.Is(err, apperr.KindNotFound) {
		t.Errorf("revoked token accepted: %v", err)
	}
	if err := s.RevokeToken(ctx, tok.ID, t0); !apperr.Is(err, apperr.KindNotFound) {
		t.Errorf("revoking twice: %v", err)
	}
	if err := s.CreateSession(ctx, store.Session{Hash: "s1", UserID: u.ID, CreatedAt: t0, ExpiresAt: t0.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if got, err := s.SessionUser(ctx, "s1", t0.Add(time.Minute)); err != nil || got.ID != u.ID {
		t.Errorf("SessionUser = %+v, %v", got, err)
	}
	if _, err := s.SessionUser(ctx, "s1", t0.Add(2*time.Hour)); !apperr.Is(err, apperr.KindNotFound) {
		t.Errorf("expired session accepted: %v", err)
	}
	if err := s.DeleteSession(ctx, "s1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SessionUser(ctx, "s1", t0); !apperr.Is(err, apperr.KindNotFound) {
		t.Errorf("deleted session accepted: %v", err)
	}
	for i := 0; i < 3; i++ {
		if err := s.RecordLoginFailure(ctx, "somsri", t0.Add(time.Duration(i)*time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := s.LoginFailures(ctx, "somsri", t0.Add(time.Minute)); err != nil || n != 2 {
		t.Errorf("LoginFailures = %d, %v; want 2", n, err)
	}
}

func testReceipts(t *testing.T, s store.Store) {
	u := mustUser(t, s, "op", auth.RoleOperator, "CENTRE")
	// 31 Dec 2026 20:00 UTC is already 1 Jan 2027 in Bangkok: a new Buddhist year, 2570.
	times := []time.Time{t0, t0.Add(time.Minute), time.Date(2026, 12, 31, 20, 0, 0, 0, time.UTC)}
	var got []string
	for _, at := range times {
		got = append(got, create(t, s, sampleCase(u.ID, at)).Receipt)
	}
	want := []string{"2569-000001", "2569-000002", "2570-000001"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("receipts (-want +got):\n%s", diff)
	}
}

func testCaseRoundTrip(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := mustUser(t, s, "op", auth.RoleOperator, "CENTRE")
	c := sampleCase(u.ID, t0)
	c.BEST, c.Confidential = true, true
	saved := create(t, s, c)
	got, err := s.CaseByReceipt(ctx, saved.Receipt)
	if err != nil {
		t.Fatal(err)
	}
	want := c
	want.ID, want.Receipt, want.Version = saved.ID, saved.Receipt, 1
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	if _, err := s.CaseByReceipt(ctx, "2569-999999"); !apperr.Is(err, apperr.KindNotFound) {
		t.Errorf("missing case: %v", err)
	}
	// A change with its event, then the timeline in order.
	next, ev, err := cases.Apply(got, cases.Command{Action: cases.ActForward, UnitCode: "D1038", SectionCode: "WORKS"}, cases.Actor{ID: u.ID, Name: "op"}, t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	updated, err := s.UpdateCase(ctx, next, ev)
	if err != nil || updated.Version != 2 {
		t.Fatalf("UpdateCase: version %d, %v", updated.Version, err)
	}
	next, ev, _ = cases.Apply(updated, cases.Command{Action: cases.ActAcknowledge}, cases.Actor{ID: u.ID}, t0.Add(2*time.Hour))
	if _, err := s.UpdateCase(ctx, next, ev); err != nil {
		t.Fatal(err)
	}
	reread, _ := s.CaseByReceipt(ctx, saved.Receipt)
	if reread.Status != cases.StatusAcknowledged || reread.UnitCode != "D1038" || reread.Version != 3 || reread.AcknowledgedAt == nil || !reread.AcknowledgedAt.Equal(t0.Add(2*time.Hour)) {
		t.Errorf("after two actions: %+v", reread)
	}
	evs, err := s.Events(ctx, saved.ID)
	if err != nil {
		t.Fatal(err)
	}
	var types []cases.EventType
	for i, e := range evs {
		types = append(types, e.Type)
		if e.Seq != i+1 {
			t.Errorf("event %d has seq %d", i, e.Seq)
		}
	}
	if diff := cmp.Diff([]cases.EventType{cases.EventCreated, cases.EventForwarded, cases.EventAcknowledged}, types); diff != "" {
		t.Errorf("timeline (-want +got):\n%s", diff)
	}
	if evs[1].UnitCode != "D1038" || evs[1].FromStatus != cases.StatusNew || evs[1].ToStatus != cases.StatusForwarded || !evs[1].At.Equal(t0.Add(time.Hour)) {
		t.Errorf("forward event = %+v", evs[1])
	}
	// Results survive as structured data.
	next, ev, _ = cases.Apply(reread, cases.Command{Action: cases.ActProposeResult, ResultType: "law_prevents", Text: "ติดกรรมสิทธิ์ที่ดินเอกชน", Law: "ประมวลกฎหมายแพ่งและพาณิชย์ มาตรา 1336"}, cases.Actor{ID: u.ID}, t0.Add(3*time.Hour))
	if _, err := s.UpdateCase(ctx, next, ev); err != nil {
		t.Fatal(err)
	}
	final, _ := s.CaseByReceipt(ctx, saved.Receipt)
	if final.Result == nil || final.Result.Law != "ประมวลกฎหมายแพ่งและพาณิชย์ มาตรา 1336" {
		t.Errorf("result = %+v", final.Result)
	}
	evs, _ = s.Events(ctx, saved.ID)
	if last := evs[len(evs)-1]; last.Result == nil || last.Result.Type != "law_prevents" {
		t.Errorf("result event = %+v", last)
	}
}

func testIdempotency(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := mustUser(t, s, "op", auth.RoleOperator, "CENTRE")
	n := store.NewCase{Case: sampleCase(u.ID, t0), IdempotencyKey: "k-1", RequestHash: "hash-a"}
	first, created, err := s.CreateCase(ctx, n)
	if err != nil || !created {
		t.Fatalf("first create: %v %v", created, err)
	}
	again, created, err := s.CreateCase(ctx, n)
	if err != nil || created || again.ID != first.ID || again.Receipt != first.Receipt {
		t.Errorf("replay: created=%v id=%d (want %d) err=%v", created, again.ID, first.ID, err)
	}
	n.RequestHash = "hash-b"
	if _, _, err := s.CreateCase(ctx, n); !apperr.Is(err, apperr.KindRule) {
		t.Errorf("key reused for another request: %v, want rule error", err)
	}
	// Another user's key is another namespace.
	other := mustUser(t, s, "op2", auth.RoleOperator, "CENTRE")
	n2 := store.NewCase{Case: sampleCase(other.ID, t0), IdempotencyKey: "k-1", RequestHash: "hash-a"}
	if c, created, err := s.CreateCase(ctx, n2); err != nil || !created || c.ID == first.ID {
		t.Errorf("other user's key: created=%v err=%v", created, err)
	}
	page, _ := s.ListCases(ctx, store.CaseFilter{Visibility: store.Visibility{ConfidentialAll: true}})
	if len(page.Cases) != 2 {
		t.Errorf("cases = %d, want 2", len(page.Cases))
	}
}

func testIdempotencyConcurrent(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := mustUser(t, s, "op", auth.RoleOperator, "CENTRE")
	const n = 8
	var wg sync.WaitGroup
	ids := make([]int64, n)
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, _, err := s.CreateCase(ctx, store.NewCase{Case: sampleCase(u.ID, t0), IdempotencyKey: "same", RequestHash: "h"})
			ids[i], errs[i] = c.ID, err
		}()
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("request %d: %v", i, errs[i])
		}
		if ids[i] != ids[0] {
			t.Errorf("request %d got case %d, request 0 got %d", i, ids[i], ids[0])
		}
	}
	page, _ := s.ListCases(ctx, store.CaseFilter{Visibility: store.Visibility{ConfidentialAll: true}})
	if len(page.Cases) != 1 {
		t.Errorf("cases = %d, want 1", len(page.Cases))
	}
}

func testVersionConflict(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := mustUser(t, s, "op", auth.RoleOperator, "CENTRE")
	c := create(t, s, sampleCase(u.ID, t0))
	a, evA, _ := cases.Apply(c, cases.Command{Action: cases.ActNote, Text: "first"}, cases.Actor{ID: u.ID}, t0)
	b, evB, _ := cases.Apply(c, cases.Command{Action: cases.ActNote, Text: "second"}, cases.Actor{ID: u.ID}, t0)
	if _, err := s.UpdateCase(ctx, a, evA); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateCase(ctx, b, evB); !apperr.Is(err, apperr.KindConflict) {
		t.Fatalf("stale update: %v, want conflict", err)
	}
	evs, _ := s.Events(ctx, c.ID)
	if len(evs) != 2 || evs[1].Text != "first" {
		t.Errorf("the losing update left an event: %+v", evs)
	}
	missing := c
	missing.ID = 999999
	if _, err := s.UpdateCase(ctx, missing, evA); !apperr.Is(err, apperr.KindNotFound) {
		t.Errorf("update of a missing case: %v", err)
	}
}

func testConcurrentUpdates(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := mustUser(t, s, "op", auth.RoleOperator, "CENTRE")
	c := create(t, s, sampleCase(u.ID, t0))
	const n = 6
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			next, ev, _ := cases.Apply(c, cases.Command{Action: cases.ActForward, UnitCode: fmt.Sprintf("D%d", 1001+i)}, cases.Actor{ID: u.ID}, t0)
			_, errs[i] = s.UpdateCase(ctx, next, ev)
		}()
	}
	wg.Wait()
	wins := 0
	for _, err := range errs {
		switch {
		case err == nil:
			wins++
		case !apperr.Is(err, apperr.KindConflict):
			t.Errorf("unexpected error: %v", err)
		}
	}
	if wins != 1 {
		t.Errorf("%d updates won, want exactly 1", wins)
	}
	evs, _ := s.Events(ctx, c.ID)
	if len(evs) != 2 {
		t.Errorf("timeline has %d events, want 2", len(evs))
	}
}

// testAppendOnly checks that the database itself refuses to change the timeline, so that no
// code path (or operator at a SQL prompt by mistake) can rewrite history.
func testAppendOnly(t *testing.T, s store.Store) {
	db, ok := s.(interface {
		SQLExec(context.Context, string) error
	})
	if !ok {
		t.Skip("store does not expose raw SQL") // both real stores do; see sqlstore.DB.SQLExec
	}
	u := mustUser(t, s, "op", auth.RoleOperator, "CENTRE")
	create(t, s, sampleCase(u.ID, t0))
	if err := db.SQLExec(context.Background(), `UPDATE case_events SET text = 'rewritten'`); err == nil {
		t.Error("UPDATE of case_events succeeded")
	}
	if err := db.SQLExec(context.Background(), `DELETE FROM case_events`); err == nil {
		t.Error("DELETE of case_events succeeded")
	}
}

func testList(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := mustUser(t, s, "op", auth.RoleOperator, "CENTRE")
	var made []cases.Case
	for i := range 25 {
		c := sampleCase(u.ID, t0.Add(time.Duration(i)*time.Hour))
		c.CategoryCode = 4 + i%3 // 4, 5, 6
		c.Channel = []string{"hotline", "line", "web"}[i%3]
		c.BEST = i%5 == 0
		c.Location.DistrictCode = 1001 + i%2
		if i%4 == 0 {
			c.Status, c.UnitCode = cases.StatusForwarded, "D1001"
		}
		made = append(made, create(t, s, c))
	}
	all := store.Visibility{ConfidentialAll: true}
	// Pages of 10, newest first, nothing lost or repeated.
	var seen []string
	f := store.CaseFilter{Visibility: all, Limit: 10}
	for pages := 0; ; pages++ {
		if pages > 5 {
			t.Fatal("pagination does not end")
		}
		page, err := s.ListCases(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range page.Cases {
			seen = append(seen, c.Receipt)
		}
		if page.Next == "" {
			break
		}
		f.Cursor = page.Next
	}
	var want []string
	for i := len(made) - 1; i >= 0; i-- {
		want = append(want, made[i].Receipt)
	}
	if diff := cmp.Diff(want, seen); diff != "" {
		t.Errorf("pages (-want +got):\n%s", diff)
	}
	yes := true
	count := func(f store.CaseFilter) int {
		t.Helper()
		f.Visibility, f.Limit = all, 100
		page, err := s.ListCases(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		return len(page.Cases)
	}
	checks := []struct {
		name string
		f    store.CaseFilter
		want int
	}{
		{"status", store.CaseFilter{Statuses: []cases.Status{cases.StatusForwarded}}, 7},
		{"two statuses", store.CaseFilter{Statuses: []cases.Status{cases.StatusForwarded, cases.StatusNew}}, 25},
		{"unit", store.CaseFilter{UnitCode: "D1001"}, 7},
		{"category", store.CaseFilter{CategoryCode: 5}, 8},
		{"channel", store.CaseFilter{Channel: "line"}, 8},
		{"district", store.CaseFilter{DistrictCode: 1002}, 12},
		{"best", store.CaseFilter{BEST: &yes}, 5},
		{"created range", store.CaseFilter{CreatedFrom: t0.Add(2 * time.Hour), CreatedTo: t0.Add(5 * time.Hour)}, 3},
		{"combined", store.CaseFilter{CategoryCode: 4, Channel: "hotline"}, 9},
	}
	for _, c := range checks {
		if got := count(c.f); got != c.want {
			t.Errorf("%s: %d cases, want %d", c.name, got, c.want)
		}
	}
	if _, err := s.ListCases(ctx, store.CaseFilter{Visibility: all, Cursor: "not-a-cursor"}); !apperr.Is(err, apperr.KindInvalid) {
		t.Errorf("bad cursor: %v", err)
	}
}

func testVisibility(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := mustUser(t, s, "op", auth.RoleOperator, "CENTRE")
	mk := func(unit string, confidential bool) {
		c := sampleCase(u.ID, t0)
		c.UnitCode, c.Confidential = unit, confidential
		create(t, s, c)
	}
	mk("D1001", false)
	mk("D1001", true)
	mk("D1002", false)
	mk("D1002", true)
	mk("CENTRE", true)
	checks := []struct {
		name string
		v    store.Visibility
		want int
	}{
		{"supervisor", store.Visibility{ConfidentialAll: true}, 5},
		{"centre operator", store.Visibility{ReadAll: true, OwnUnit: "CENTRE"}, 3},
		{"executive", store.Visibility{ReadAll: true, OwnUnit: "GOV"}, 2},
		{"district staff", store.Visibility{OwnUnit: "D1001"}, 2},
	}
	for _, c := range checks {
		page, err := s.ListCases(ctx, store.CaseFilter{Visibility: c.v})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Cases) != c.want {
			t.Errorf("%s sees %d cases, want %d", c.name, len(page.Cases), c.want)
		}
	}
}

func testSource(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := mustUser(t, s, "op", auth.RoleOperator, "CENTRE")
	c := sampleCase(u.ID, t0)
	c.Source, c.SourceRef = "traffy", "2022-6XH9DR"
	saved := create(t, s, c)
	if _, _, err := s.CreateCase(ctx, store.NewCase{Case: c}); !apperr.Is(err, apperr.KindConflict) {
		t.Errorf("second import of the same source id: %v, want conflict", err)
	}
	got, err := s.CaseBySource(ctx, "traffy", "2022-6XH9DR")
	if err != nil || got.ID != saved.ID {
		t.Errorf("CaseBySource = %d, %v", got.ID, err)
	}
	// Cases without a source never collide.
	create(t, s, sampleCase(u.ID, t0))
	create(t, s, sampleCase(u.ID, t0))
}

func testCitizens(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := mustUser(t, s, "op", auth.RoleOperator, "CENTRE")
	cit := store.Citizen{Name: "สมศรี มีสุข", Phone: "0812345678", Email: "somsri@example.org", CreatedAt: t0}
	if err := s.CreateCitizen(ctx, &cit); err != nil {
		t.Fatal(err)
	}
	got, err := s.CitizenByPhone(ctx, "0812345678")
	if err != nil || got != cit {
		t.Errorf("CitizenByPhone = %+v, %v", got, err)
	}
	if _, err := s.CitizenByPhone(ctx, ""); !apperr.Is(err, apperr.KindNotFound) {
		t.Errorf("empty phone matched: %v", err)
	}
	c := sampleCase(u.ID, t0)
	c.CitizenID = cit.ID
	saved := create(t, s, c)
	for i := range 2 {
		if err := s.LogAccess(ctx, store.AccessEntry{UserID: u.ID, CitizenID: cit.ID, CaseID: saved.ID, Purpose: "case_view", At: t0.Add(time.Duration(i) * time.Minute)}); err != nil {
			t.Fatal(err)
		}
	}
	log, err := s.AccessLog(ctx, cit.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 2 || log[0].Username != "op" || log[0].CaseID != saved.ID || !log[0].At.Equal(t0.Add(time.Minute)) {
		t.Errorf("access log = %+v", log)
	}
}

func testImport(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := mustUser(t, s, "op", auth.RoleOperator, "CENTRE")
	old := time.Date(2022, 5, 29, 10, 9, 48, 912192000, time.UTC)
	mk := func(ref string) store.NewCase {
		c := sampleCase(u.ID, old)
		c.Source, c.SourceRef, c.Rating, c.ReopenCount = "traffy", ref, 4, 2
		c.Status = cases.StatusCompleted
		c.ClosedAt = &old
		due := old.Add(24 * time.Hour)
		c.NextDueAt = &due
		return store.NewCase{Case: c,
			Events:      []cases.Event{{Type: cases.EventImported, At: old, ToStatus: cases.StatusCompleted, Text: "imported"}},
			Attachments: []store.Attachment{{Kind: "photo", URL: "https://example.org/" + ref + ".jpg"}}}
	}
	created, err := s.ImportCases(ctx, []store.NewCase{mk("A"), mk("B")})
	if err != nil || !cmp.Equal(created, []bool{true, true}) {
		t.Fatalf("first batch: %v %v", created, err)
	}
	created, err = s.ImportCases(ctx, []store.NewCase{mk("B"), mk("C")})
	if err != nil || !cmp.Equal(created, []bool{false, true}) {
		t.Fatalf("second batch: %v %v", created, err)
	}
	got, err := s.CaseBySource(ctx, "traffy", "C")
	if err != nil {
		t.Fatal(err)
	}
	// Receipt numbers follow the year the case was received: 2022 is 2565.
	if got.Receipt != "2565-000003" || got.Rating != 4 || got.ReopenCount != 2 || got.NextDueAt == nil || !got.CreatedAt.Equal(old) {
		t.Errorf("imported case: %+v", got)
	}
	atts, err := s.Attachments(ctx, got.ID)
	if err != nil || len(atts) != 1 || atts[0].URL != "https://example.org/C.jpg" {
		t.Errorf("attachments: %+v %v", atts, err)
	}
	// A failing batch writes nothing.
	bad := mk("D")
	bad.Case.CategoryCode = 99 // violates the foreign key
	if _, err := s.ImportCases(ctx, []store.NewCase{mk("E"), bad}); err == nil {
		t.Error("batch with a bad case succeeded")
	}
	if _, err := s.CaseBySource(ctx, "traffy", "E"); !apperr.Is(err, apperr.KindNotFound) {
		t.Errorf("half a failed batch was written: %v", err)
	}
}

func testHolidaysTargets(t *testing.T, s store.Store) {
	ctx := context.Background()
	h := store.Holiday{Date: "2026-12-30", NameTH: "วันหยุดพิเศษ", NameEN: "Special holiday", Kind: "special", CreatedAt: t0}
	if err := s.PutHoliday(ctx, h); err != nil {
		t.Fatal(err)
	}
	h.NameEN = "Special day off"
	if err := s.PutHoliday(ctx, h); err != nil {
		t.Fatal(err)
	}
	got, err := s.Holidays(ctx)
	if err != nil || len(got) != 1 || got[0] != h {
		t.Errorf("holidays = %+v, %v", got, err)
	}
	if err := s.DeleteHoliday(ctx, "2026-12-30"); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteHoliday(ctx, "2026-12-30"); !apperr.Is(err, apperr.KindNotFound) {
		t.Errorf("second delete: %v", err)
	}
	tg := store.SLATarget{UnitCode: "D1001", CategoryCode: 6, AckDays: 2, FirstProgressDays: 5, BESTAckMinutes: 30, BESTResultMinutes: 720, CheckpointDays: []int{10, 20, 30}}
	if err := s.PutSLATarget(ctx, tg); err != nil {
		t.Fatal(err)
	}
	all, err := s.SLATargets(ctx)
	if err != nil || len(all) != 1 || !cmp.Equal(all[0], tg) {
		t.Errorf("targets = %+v, %v", all, err)
	}
	if err := s.DeleteSLATarget(ctx, "D1001", 6); err != nil {
		t.Fatal(err)
	}
}

func testLease(t *testing.T, s store.Store) {
	ctx := context.Background()
	ok := func(holder string, at time.Time) bool {
		t.Helper()
		got, err := s.AcquireLease(ctx, "escalation", holder, at, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	if !ok("a", t0) || ok("b", t0.Add(30*time.Second)) || !ok("a", t0.Add(50*time.Second)) {
		t.Error("lease not exclusive while held and renewable by its holder")
	}
	if !ok("b", t0.Add(3*time.Minute)) {
		t.Error("expired lease not taken over")
	}
}

func testReminders(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := mustUser(t, s, "op", auth.RoleOperator, "CENTRE")
	c := create(t, s, sampleCase(u.ID, t0))
	rem := store.Reminder{CaseID: c.ID, Event: cases.Event{Type: "reminder", At: t0, Text: "overdue"},
		Messages: []store.OutboxMessage{
			{DedupeKey: "k1", Kind: "overdue", Channel: "internal", Recipient: "coordinator:D1038", UnitCode: "D1038", Text: "เรียน …", CreatedAt: t0},
			{DedupeKey: "k1:centre", Kind: "overdue", Channel: "internal", Recipient: "CENTRE", UnitCode: "CENTRE", Text: "เรียน …", CreatedAt: t0},
		}}
	const n = 6
	var wg sync.WaitGroup
	added := make([]bool, n)
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() { defer wg.Done(); added[i], errs[i] = s.AddReminder(ctx, rem) }()
	}
	wg.Wait()
	wins := 0
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("AddReminder: %v", errs[i])
		}
		if added[i] {
			wins++
		}
	}
	if wins != 1 {
		t.Errorf("reminder added %d times, want 1", wins)
	}
	msgs, err := s.Outbox(ctx, store.OutboxFilter{CaseID: c.ID})
	if err != nil || len(msgs) != 2 || msgs[0].Status != "pending" {
		t.Errorf("outbox = %+v, %v", msgs, err)
	}
	evs, _ := s.Events(ctx, c.ID)
	if len(evs) != 2 || evs[1].Type != "reminder" {
		t.Errorf("timeline = %+v", evs)
	}
}

func testDueOrder(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := mustUser(t, s, "op", auth.RoleOperator, "CENTRE")
	var receipts []string
	for i, due := range []time.Duration{5 * time.Hour, -time.Hour, 0, 2 * time.Hour} {
		c := sampleCase(u.ID, t0.Add(time.Duration(i)*time.Minute))
		if i != 2 {
			d := t0.Add(due)
			c.NextDueAt = &d
		}
		receipts = append(receipts, create(t, s, c).Receipt)
	}
	all := store.Visibility{ConfidentialAll: true}
	yes, no := true, false
	page, err := s.ListCases(ctx, store.CaseFilter{Visibility: all, Overdue: &yes, Now: t0})
	if err != nil || len(page.Cases) != 1 || page.Cases[0].Receipt != receipts[1] {
		t.Errorf("overdue: %+v %v", page.Cases, err)
	}
	page, _ = s.ListCases(ctx, store.CaseFilter{Visibility: all, Overdue: &no, Now: t0})
	if len(page.Cases) != 3 {
		t.Errorf("not overdue: %d cases, want 3", len(page.Cases))
	}
	var order []string
	f := store.CaseFilter{Visibility: all, SortByDue: true, Limit: 2}
	for {
		page, err := s.ListCases(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range page.Cases {
			order = append(order, c.Receipt)
		}
		if page.Next == "" {
			break
		}
		f.Cursor = page.Next
	}
	if diff := cmp.Diff([]string{receipts[1], receipts[3], receipts[0]}, order); diff != "" {
		t.Errorf("due order (-want +got):\n%s", diff)
	}
	latest, _ := s.CaseByReceipt(ctx, receipts[0])
	if err := s.SetNextDue(ctx, latest.ID, nil); err != nil {
		t.Fatal(err)
	}
	due, err := s.DueCases(ctx, t0.Add(-24*time.Hour), t0.Add(6*time.Hour), 10)
	if err != nil || len(due) != 2 || due[0].Receipt != receipts[1] {
		t.Errorf("DueCases = %d %v", len(due), err)
	}
	if due, _ := s.DueCases(ctx, t0, t0.Add(6*time.Hour), 10); len(due) != 1 || due[0].Receipt != receipts[3] {
		t.Errorf("DueCases after t0 = %d", len(due))
	}
}

func testTimelines(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := mustUser(t, s, "op", auth.RoleOperator, "CENTRE")
	day := 24 * time.Hour
	mk := func(created time.Duration, closed time.Duration) cases.Case {
		c := sampleCase(u.ID, t0.Add(created))
		if closed != 0 {
			at := t0.Add(closed)
			c.ClosedAt, c.Status = &at, cases.StatusCompleted
		}
		c = create(t, s, c)
		next, ev, _ := cases.Apply(c, cases.Command{Action: cases.ActNote, Text: "n"}, cases.Actor{}, c.CreatedAt)
		if _, err := s.UpdateCase(ctx, next, ev); err != nil {
			t.Fatal(err)
		}
		return c
	}
	before := mk(-10*day, -5*day) // closed before the period
	inside := mk(1*day, 0)
	spans := mk(-3*day, 2*day)
	after := mk(20*day, 0)
	_, _ = before, after
	var got []string
	err := s.Timelines(ctx, t0, t0.Add(10*day), func(c cases.Case, evs []cases.Event) error {
		got = append(got, fmt.Sprintf("%s:%d", c.Receipt, len(evs)))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{spans.Receipt + ":2", inside.Receipt + ":2"}
	if spans.ID > inside.ID {
		want[0], want[1] = want[1], want[0]
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("timelines (-want +got):\n%s", diff)
	}
}
