package app_test

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rongtook/rongtook/internal/app"
	"github.com/rongtook/rongtook/internal/auth"
	"github.com/rongtook/rongtook/internal/cases"
	"github.com/rongtook/rongtook/internal/reference"
	"github.com/rongtook/rongtook/internal/sla"
	"github.com/rongtook/rongtook/internal/store"
	"github.com/rongtook/rongtook/internal/store/postgres"
	"github.com/rongtook/rongtook/internal/store/postgres/pgtest"
	"github.com/rongtook/rongtook/internal/store/sqlite"
)

var bkk = cases.Bangkok()

type world struct {
	t     *testing.T
	app   *app.App
	mu    sync.Mutex
	now   time.Time
	users map[string]auth.Principal
}

func (w *world) clock() time.Time { w.mu.Lock(); defer w.mu.Unlock(); return w.now }

func (w *world) at(y int, m time.Month, d, h, min int) {
	w.mu.Lock()
	w.now = time.Date(y, m, d, h, min, 0, 0, bkk)
	w.mu.Unlock()
}

func stores(t *testing.T, fn func(t *testing.T, st store.Store)) {
	t.Run("sqlite", func(t *testing.T) {
		st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "r.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		fn(t, st)
	})
	t.Run("postgres", func(t *testing.T) {
		st, err := postgres.Open(context.Background(), pgtest.NewDatabase(t))
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		fn(t, st)
	})
}

func newWorld(t *testing.T, st store.Store) *world {
	ctx := context.Background()
	if err := st.SyncReference(ctx, reference.MustLoad()); err != nil {
		t.Fatal(err)
	}
	w := &world{t: t, users: map[string]auth.Principal{}}
	w.app = app.New(st, reference.MustLoad(), app.WithClock(w.clock), app.WithHasher(auth.Hasher{P: auth.TestParams}),
		app.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	for _, u := range []struct {
		name string
		role auth.Role
		unit string
	}{{"op", auth.RoleOperator, "CENTRE"}, {"exec", auth.RoleExecutive, "GOV"}, {"c1001", auth.RoleCoordinator, "D1001"},
		{"h1001", auth.RoleHead, "D1001"}, {"c1002", auth.RoleCoordinator, "D1002"}} {
		user, err := w.app.CreateUserSystem(ctx, app.NewUser{Username: u.name, Role: u.role, UnitCode: u.unit, Password: "long enough password"})
		if err != nil {
			t.Fatal(err)
		}
		w.users[u.name] = auth.PrincipalOf(user)
	}
	return w
}

func (w *world) intake(unit string) string {
	w.t.Helper()
	c, _, err := w.app.CreateCase(context.Background(), w.users["op"], app.NewCase{
		Draft: cases.Draft{Channel: "hotline", CategoryCode: 4, Description: "ขยะไม่เก็บ"}, ForwardTo: unit})
	if err != nil {
		w.t.Fatal(err)
	}
	return c.Receipt
}

func (w *world) act(user, receipt string, cmd cases.Command) {
	w.t.Helper()
	if _, _, err := w.app.Act(context.Background(), w.users[user], receipt, cmd, nil); err != nil {
		w.t.Fatalf("%s %s: %v", user, cmd.Action, err)
	}
}

var (
	ack      = cases.Command{Action: cases.ActAcknowledge}
	progress = cases.Command{Action: cases.ActProgress, Text: "คืบหน้า"}
	propose  = cases.Command{Action: cases.ActProposeResult, ResultType: "fixed", Text: "เก็บแล้ว"}
	approve  = cases.Command{Action: cases.ActApprove}
)

// The October 2026 fixture (holidays: Tue 13 Oct, Fri 23 Oct). Computed by hand:
//
//	D  D1001, reached Thu 24 Sep, ack and progress in September, progress Mon 12 Oct:
//	   checkpoint 15 Oct met, 30 Oct missed; not received in October.
//	A  D1001, reached Mon 5 Oct 10:00, ack 15:00 (due end of Tue 6: met), progress Wed 7
//	   (first progress due end of Thu 8: met; also the 15 Oct checkpoint), completed 20 Oct.
//	B  D1001, reached Fri 9 Oct 17:00, ack Tue 13 Oct (a holiday; due end of Mon 12: late),
//	   progress Wed 14 (first progress due end of Thu 15: met; checkpoint 15 met), nothing
//	   after: checkpoint 30 missed.
//	C  D1002, reached Mon 19 Oct, never acknowledged: ack, first progress, checkpoint 30 missed.
//
// D1001: received 2; acknowledged in time 1/2; first progress 2/2; checkpoints 3/5 (A 15,
// B 15, D 15 met; B 30, D 30 missed); completed 1; overall (50+100+60)/3 = 70 %.
// D1002: received 1; 0/1, 0/1, 0/1; overall 0 %.
func buildOctober(w *world) {
	w.at(2026, 9, 24, 10, 0)
	d := w.intake("D1001")
	w.at(2026, 9, 24, 11, 0)
	w.act("c1001", d, ack)
	w.at(2026, 9, 25, 9, 0)
	w.act("c1001", d, progress)
	w.at(2026, 10, 12, 9, 0)
	w.act("c1001", d, progress)

	w.at(2026, 10, 5, 10, 0)
	a := w.intake("D1001")
	w.at(2026, 10, 5, 15, 0)
	w.act("c1001", a, ack)
	w.at(2026, 10, 7, 9, 0)
	w.act("c1001", a, progress)
	w.at(2026, 10, 20, 9, 0)
	w.act("c1001", a, propose)
	w.at(2026, 10, 20, 11, 0)
	w.act("h1001", a, approve)

	w.at(2026, 10, 9, 17, 0)
	b := w.intake("D1001")
	w.at(2026, 10, 13, 9, 0)
	w.act("c1001", b, ack)
	w.at(2026, 10, 14, 9, 0)
	w.act("c1001", b, progress)

	w.at(2026, 10, 19, 9, 0)
	w.intake("D1002")
}

type levelRow struct {
	Unit                       string
	Received, AckMet, AckDue   int
	FPMet, FPDue, CPMet, CPDue int
	Completed                  int
	Overall                    float64
}

func rowOf(unit string, l sla.SuccessLevel) levelRow {
	o, _ := l.Overall()
	return levelRow{unit, l.Received, l.Acknowledge.Met, l.Acknowledge.Due, l.FirstProgress.Met, l.FirstProgress.Due,
		l.Checkpoints.Met, l.Checkpoints.Due, l.Completed, o}
}

func TestSuccessLevelMatchesHandComputedFixture(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		w := newWorld(t, st)
		buildOctober(w)
		w.at(2026, 11, 22, 12, 0) // the report is read later; events after October do not count
		rep, err := w.app.SuccessLevel(context.Background(), w.users["exec"], "2569-10", "")
		if err != nil {
			t.Fatal(err)
		}
		var got []levelRow
		for _, u := range rep.Units {
			got = append(got, rowOf(u.UnitCode, u.Level))
		}
		want := []levelRow{
			{"D1001", 2, 1, 2, 2, 2, 3, 5, 1, 70},
			{"D1002", 1, 0, 1, 0, 1, 0, 1, 0, 0},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("success level (-want +got):\n%s", diff)
		}
		// Unit staff see their own unit only.
		own, err := w.app.SuccessLevel(context.Background(), w.users["c1002"], "2569-10", "")
		if err != nil || len(own.Units) != 1 || own.Units[0].UnitCode != "D1002" {
			t.Errorf("coordinator's report: %+v %v", own.Units, err)
		}
		if _, err := w.app.SuccessLevel(context.Background(), w.users["c1002"], "2569-10", "D1001"); err == nil {
			t.Error("coordinator read another unit's report")
		}
		if _, err := w.app.SuccessLevel(context.Background(), w.users["exec"], "October", ""); err == nil {
			t.Error("bad period accepted")
		}
	})
}

func TestBacklogFromHistory(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		w := newWorld(t, st)
		buildOctober(w)
		w.at(2026, 11, 22, 12, 0)
		bl, err := w.app.Backlog(context.Background(), w.users["exec"], app.BacklogQuery{From: "2026-10-04", To: "2026-10-21", By: "day", Group: "unit"})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]int{}
		for _, p := range bl.Points {
			got[p.Date+" "+p.Group] = p.Pending
		}
		// Pending at the end of the day: D from 24 Sep on; A 5–19 Oct (completed on the 20th);
		// B from 9 Oct; C (D1002) from 19 Oct.
		want := map[string]int{
			"2026-10-04 D1001": 1, "2026-10-05 D1001": 2, "2026-10-09 D1001": 3, "2026-10-19 D1001": 3,
			"2026-10-19 D1002": 1, "2026-10-20 D1001": 2, "2026-10-21 D1002": 1,
		}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s: %d pending, want %d", k, got[k], v)
			}
		}
		if bl.Query.Baseline != app.BaselinePending {
			t.Errorf("baseline %d", bl.Query.Baseline)
		}
		month, err := w.app.Backlog(context.Background(), w.users["exec"], app.BacklogQuery{From: "2026-09-01", To: "2026-11-22", By: "month"})
		if err != nil {
			t.Fatal(err)
		}
		var series []string
		for _, p := range month.Points {
			series = append(series, p.Date+"="+itoa(p.Pending))
		}
		if diff := cmp.Diff([]string{"2026-09-30=1", "2026-10-31=3", "2026-11-22=3"}, series); diff != "" {
			t.Errorf("monthly (-want +got):\n%s", diff)
		}
	})
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestMonthlyReportMatchesHandComputedFixture: for October 2026 (see buildOctober), D1001
// received A and B (2), finished A (1), and at the end of the month held B and D (2), both
// overdue (the checkpoint of the 30th missed); D1002 received C, which is pending and
// overdue. Reports are due by the end of the third working day of November: Wednesday 4th.
func TestMonthlyReportMatchesHandComputedFixture(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		w := newWorld(t, st)
		buildOctober(w)
		ctx := context.Background()
		w.at(2026, 10, 30, 9, 0)
		if _, err := w.app.SubmitMonthlyReport(ctx, w.users["h1001"], "D1001", "2569-10", "x", "y"); err == nil {
			t.Error("submitted before the month ended")
		}
		w.at(2026, 11, 3, 16, 0)
		if _, err := w.app.SubmitMonthlyReport(ctx, w.users["c1002"], "D1002", "2569-10", "ขยะตลาด", "รถเก็บขยะเสีย"); err != nil {
			t.Fatal(err)
		}
		if _, err := w.app.SubmitMonthlyReport(ctx, w.users["c1002"], "D1001", "2569-10", "x", "y"); err == nil {
			t.Error("a district submitted another's report")
		}
		w.at(2026, 11, 22, 12, 0)
		if _, err := w.app.SubmitMonthlyReport(ctx, w.users["h1001"], "D1001", "2569-10", "เรื่อง A", "ไม่มี"); err != nil {
			t.Fatal(err)
		}
		type row struct {
			Unit                                 string
			Received, Finished, Pending, Overdue int
			ByCategory, ByChannel, State, Due    string
		}
		rowOf := func(r app.MonthlyReport) row {
			join := func(cs []app.Count) string {
				var s []string
				for _, c := range cs {
					s = append(s, c.Key+"="+strconv.Itoa(c.Count))
				}
				return strings.Join(s, ",")
			}
			return row{r.UnitCode, r.Received, r.Finished, r.PendingAtEnd, r.OverdueAtEnd, join(r.ReceivedByCategory), join(r.ReceivedByChannel),
				r.State, r.Due.In(bkk).Format("2006-01-02 15:04")}
		}
		d1001, err := w.app.MonthlyReport(ctx, w.users["exec"], "D1001", "2569-10")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(row{"D1001", 2, 1, 2, 2, "4=2", "hotline=2", "late", "2026-11-05 00:00"}, rowOf(d1001)); diff != "" {
			t.Errorf("D1001 (-want +got):\n%s", diff)
		}
		all, err := w.app.MonthlySubmissions(ctx, w.users["exec"], "2569-10")
		if err != nil {
			t.Fatal(err)
		}
		states := map[string]int{}
		for _, r := range all {
			states[r.State]++
			if r.UnitCode == "D1002" {
				if diff := cmp.Diff(row{"D1002", 1, 0, 1, 1, "4=1", "hotline=1", "submitted", "2026-11-05 00:00"}, rowOf(r)); diff != "" {
					t.Errorf("D1002 (-want +got):\n%s", diff)
				}
			}
		}
		if len(all) != 50 || states["missing"] != 48 || states["late"] != 1 || states["submitted"] != 1 {
			t.Errorf("%d districts, states %v", len(all), states)
		}
		if _, err := w.app.MonthlySubmissions(ctx, w.users["c1001"], "2569-10"); err == nil {
			t.Error("a district coordinator read the overview")
		}
	})
}

// TestChannelStatistics: three Facebook conversations from two people, one answered and
// tagged, one of them turned into a case, counted per channel with the answered share.
func TestChannelStatistics(t *testing.T) {
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "r.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	w := newWorld(t, st)
	ctx := context.Background()
	w.at(2026, 11, 10, 9, 0)
	alice := store.Citizen{Name: "a", CreatedAt: w.clock()}
	bob := store.Citizen{Name: "b", CreatedAt: w.clock()}
	for _, c := range []*store.Citizen{&alice, &bob} {
		if err := st.CreateCitizen(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	var convs []store.Conversation
	for i, who := range []int64{alice.ID, alice.ID, bob.ID} {
		c, _, err := st.RecordInbound(ctx, store.Conversation{Channel: "facebook", ThreadKey: "comment:" + strconv.Itoa(i), Kind: "comment", CitizenID: who},
			store.ConversationMessage{Direction: "in", ExternalID: "m" + strconv.Itoa(i), Text: "ถนนพัง", At: w.clock()})
		if err != nil {
			t.Fatal(err)
		}
		convs = append(convs, c)
	}
	receipt := w.intake("D1001")
	cs, _ := st.CaseByReceipt(ctx, receipt)
	convs[0].Tags, convs[0].CaseID = []string{"รับเรื่อง", "ออกเลขแล้ว"}, cs.ID
	if err := st.UpdateConversation(ctx, convs[0]); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddReply(ctx, convs[0].ID, store.ConversationMessage{Direction: "out", Text: "รับเรื่องแล้ว เลขที่ " + receipt, At: w.clock()},
		store.OutboxMessage{DedupeKey: "reply-1", Kind: "reply", Channel: "facebook", Recipient: "comment:0", Text: "x", CreatedAt: w.clock()}); err != nil {
		t.Fatal(err)
	}
	got, err := w.app.ChannelStatistics(ctx, w.users["exec"], "2026-11-01", "2026-11-30")
	if err != nil {
		t.Fatal(err)
	}
	fb := got[1]
	if fb.Channel != "facebook" || fb.Conversations != 3 || fb.Answered != 1 || fb.Unanswered != 2 || fb.Users != 2 || fb.BecameCases != 1 ||
		len(fb.ByTag) != 2 || fb.AnsweredShare < 33.3 || fb.AnsweredShare > 33.4 {
		t.Errorf("facebook: %+v", fb)
	}
	if got[0].Channel != "line" || got[0].Conversations != 0 {
		t.Errorf("line: %+v", got[0])
	}
	if _, err := w.app.ChannelStatistics(ctx, w.users["c1001"], "2026-11-01", "2026-11-30"); err == nil {
		t.Error("a district coordinator read channel statistics")
	}
}
