package escalation_test

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rongtook/rongtook/internal/app"
	"github.com/rongtook/rongtook/internal/auth"
	"github.com/rongtook/rongtook/internal/cases"
	"github.com/rongtook/rongtook/internal/escalation"
	"github.com/rongtook/rongtook/internal/reference"
	"github.com/rongtook/rongtook/internal/store"
	"github.com/rongtook/rongtook/internal/store/postgres"
	"github.com/rongtook/rongtook/internal/store/postgres/pgtest"
	"github.com/rongtook/rongtook/internal/store/sqlite"
)

var bkk = cases.Bangkok()

type fixture struct {
	st    store.Store
	app   *app.App
	now   time.Time
	op    auth.Principal
	mu    sync.Mutex
	quiet *slog.Logger
}

func (f *fixture) clock() time.Time { f.mu.Lock(); defer f.mu.Unlock(); return f.now }
func (f *fixture) set(t time.Time)  { f.mu.Lock(); f.now = t; f.mu.Unlock() }

func newFixture(t *testing.T, st store.Store) *fixture {
	t.Helper()
	ctx := context.Background()
	ref := reference.MustLoad()
	if err := st.SyncReference(ctx, ref); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	f := &fixture{st: st, quiet: slog.New(slog.NewTextHandler(io.Discard, nil))}
	f.app = app.New(st, ref, app.WithClock(f.clock), app.WithHasher(auth.Hasher{P: auth.TestParams}), app.WithLogger(f.quiet))
	u, err := f.app.CreateUserSystem(ctx, app.NewUser{Username: "op", Role: auth.RoleOperator, UnitCode: "CENTRE", Password: "long enough password"})
	if err != nil {
		t.Fatal(err)
	}
	f.op = auth.PrincipalOf(u)
	return f
}

// intake creates a case forwarded at once to unit at the given Bangkok time.
func (f *fixture) intake(t *testing.T, at time.Time, unit string, best, confidential bool) cases.Case {
	t.Helper()
	f.set(at)
	c, _, err := f.app.CreateCase(context.Background(), f.op, app.NewCase{
		Draft:     cases.Draft{Channel: "hotline", CategoryCode: 6, Description: "ฝาท่อหายกลางถนนสีลม อันตรายมาก", BEST: best, Confidential: confidential},
		ForwardTo: unit,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (f *fixture) job(holder string) *escalation.Job {
	return escalation.New(f.app, escalation.Config{Holder: holder}, f.quiet)
}

func outboxKinds(t *testing.T, st store.Store, caseID int64) []string {
	t.Helper()
	msgs, err := st.Outbox(context.Background(), store.OutboxFilter{CaseID: caseID})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i := len(msgs) - 1; i >= 0; i-- {
		switch msgs[i].Kind {
		case escalation.LevelDueSoon, escalation.LevelOverdue, escalation.LevelEscalated:
			out = append(out, msgs[i].Kind+">"+msgs[i].Recipient)
		}
	}
	return out
}

// TestRemindersFollowTheCalendar: a case reaching Bang Rak on Friday 3 April 2026 at 17:00,
// before the Chakri Day holiday on Monday, must be acknowledged by the end of Tuesday. The
// coordinator is reminded on Tuesday evening, told it is overdue after midnight, and a day
// later the head and the centre are told too — each message once.
func TestRemindersFollowTheCalendar(t *testing.T) {
	f := newFixture(t, sqliteStore(t))
	ctx := context.Background()
	c := f.intake(t, time.Date(2026, 4, 3, 17, 0, 0, 0, bkk), "D1004", false, false)
	job := f.job("a")
	steps := []struct {
		at   time.Time
		want int // new reminders
	}{
		{time.Date(2026, 4, 6, 12, 0, 0, 0, bkk), 0},  // the holiday: nothing due yet
		{time.Date(2026, 4, 7, 19, 0, 0, 0, bkk), 0},  // 5 h before the deadline
		{time.Date(2026, 4, 7, 20, 30, 0, 0, bkk), 1}, // 3.5 h before: due soon
		{time.Date(2026, 4, 7, 21, 0, 0, 0, bkk), 0},  // already sent
		{time.Date(2026, 4, 8, 0, 30, 0, 0, bkk), 1},  // overdue
		{time.Date(2026, 4, 9, 0, 30, 0, 0, bkk), 1},  // a day late: escalated
		{time.Date(2026, 4, 9, 1, 0, 0, 0, bkk), 0},
	}
	for i, s := range steps {
		f.set(s.at)
		st, err := job.RunOnce(ctx, false)
		if err != nil {
			t.Fatal(err)
		}
		if st.Reminders != s.want {
			t.Errorf("step %d (%s): %d reminders, want %d", i, s.at, st.Reminders, s.want)
		}
	}
	got := strings.Join(outboxKinds(t, f.st, c.ID), "\n")
	want := strings.Join([]string{
		"due_soon>unit:D1004:coordinator",
		"overdue>unit:D1004:coordinator",
		"escalated>unit:D1004:coordinator",
		"escalated>unit:D1004:head",
		"escalated>unit:CENTRE:supervisor",
	}, "\n")
	if got != want {
		t.Errorf("outbox:\n%s\nwant:\n%s", got, want)
	}
	evs, _ := f.st.Events(ctx, c.ID)
	var reminders []string
	for _, e := range evs {
		if e.Type == cases.EventReminder {
			reminders = append(reminders, e.Reason)
		}
	}
	if strings.Join(reminders, ",") != "due_soon:acknowledge,overdue:acknowledge,escalated:acknowledge" {
		t.Errorf("timeline reminders: %v", reminders)
	}
	msgs, _ := f.st.Outbox(ctx, store.OutboxFilter{CaseID: c.ID})
	text := msgs[0].Text
	if !strings.Contains(text, "เรียน สำนักงานเขตบางรัก ศูนย์เรื่องราวร้องทุกข์ ขอติดตามเรื่องร้องเรียน เลขที่รับแจ้ง "+c.Receipt) || !strings.Contains(text, "(กำหนดภายในวันที่ 7 เม.ย. 2569)") {
		t.Errorf("message text: %s", text)
	}
}

// TestBESTGoesToTheBESTCoordinatorOverLINE and a confidential case never leaves by chat.
func TestBESTAndConfidential(t *testing.T) {
	f := newFixture(t, sqliteStore(t))
	ctx := context.Background()
	for _, kind := range []string{"main", "best"} {
		if err := f.st.PutCoordinator(ctx, store.Coordinator{UnitCode: "D1004", Kind: kind, FirstName: kind, LineID: "line-" + kind, UpdatedAt: f.clock()}); err != nil {
			t.Fatal(err)
		}
	}
	start := time.Date(2026, 11, 21, 22, 0, 0, 0, bkk) // a Saturday night: BEST runs every day
	best := f.intake(t, start, "D1004", true, false)
	secret := f.intake(t, start, "D1004", true, true)
	f.set(start.Add(50 * time.Minute))
	if _, err := f.job("a").RunOnce(ctx, false); err != nil {
		t.Fatal(err)
	}
	if got := outboxKinds(t, f.st, best.ID); len(got) != 1 || got[0] != "due_soon>line:line-best" {
		t.Errorf("BEST case: %v", got)
	}
	msgs, _ := f.st.Outbox(ctx, store.OutboxFilter{CaseID: best.ID, Status: "pending"})
	msgs = reminderMessages(msgs)
	if len(msgs) != 1 || !strings.Contains(msgs[0].Text, "ขอประสานเรื่องเร่งด่วน (BEST) – เลขที่รับแจ้ง "+best.Receipt+" – ฝาท่อหาย") {
		t.Errorf("BEST text: %s", msgs[0].Text)
	}
	secretMsgs, _ := f.st.Outbox(ctx, store.OutboxFilter{CaseID: secret.ID})
	secretMsgs = reminderMessages(secretMsgs)
	if len(secretMsgs) != 1 || secretMsgs[0].Channel != "internal" || strings.Contains(secretMsgs[0].Text, "ฝาท่อ") {
		t.Errorf("confidential case message: %+v", secretMsgs)
	}
}

// TestTwoServersSendEachReminderOnce runs two jobs against one PostgreSQL database, racing
// with the lease bypassed, and checks that every reminder exists once.
func TestTwoServersSendEachReminderOnce(t *testing.T) {
	st, err := postgres.Open(context.Background(), pgtest.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	f := newFixture(t, st)
	ctx := context.Background()
	var ids []int64
	for i := range 8 {
		ids = append(ids, f.intake(t, time.Date(2026, 11, 2, 9, i, 0, 0, bkk), reference.DistrictUnitCode(1001+i), i%2 == 0, false).ID)
	}
	// Two days later every acknowledgement is overdue and every BEST clock escalated.
	f.set(time.Date(2026, 11, 4, 9, 0, 0, 0, bkk))
	a, b := f.job("server-a"), f.job("server-b")
	var wg sync.WaitGroup
	stats := make([]escalation.Stats, 6)
	errs := make([]error, 6)
	for i := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			j := a
			if i%2 == 1 {
				j = b
			}
			stats[i], errs[i] = j.RunOnce(ctx, true)
		}()
	}
	wg.Wait()
	total := 0
	for i := range stats {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		total += stats[i].Reminders
	}
	// Per case: acknowledge escalated + first progress due end of 5 Nov (not yet) → 1; BEST
	// cases add escalated best_ack and best_result → 3.
	want := 4*1 + 4*3
	if total != want {
		t.Errorf("%d reminders written, want %d", total, want)
	}
	seen := map[string]bool{}
	for _, id := range ids {
		msgs, _ := f.st.Outbox(ctx, store.OutboxFilter{CaseID: id})
		for _, m := range msgs {
			if seen[m.DedupeKey] {
				t.Errorf("duplicate message %s", m.DedupeKey)
			}
			seen[m.DedupeKey] = true
		}
	}
	// With the lease, a second server skips while the first holds it.
	if st, err := a.RunOnce(ctx, false); err != nil || st.Skipped {
		t.Fatalf("server a: %+v %v", st, err)
	}
	if st, err := b.RunOnce(ctx, false); err != nil || !st.Skipped {
		t.Errorf("server b should skip while a holds the lease: %+v %v", st, err)
	}
}

func sqliteStore(t *testing.T) store.Store {
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "rongtook.db"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestVisitMilestoneReminders: three months after the units were notified, the governor's
// office is reminded of the follow-up a week ahead and again when it is late, once each.
func TestVisitMilestoneReminders(t *testing.T) {
	f := newFixture(t, sqliteStore(t))
	ctx := context.Background()
	u, err := f.app.CreateUserSystem(ctx, app.NewUser{Username: "gov", Role: auth.RoleOfficer, UnitCode: "GOV", Password: "long enough password"})
	if err != nil {
		t.Fatal(err)
	}
	gov := auth.PrincipalOf(u)
	f.set(time.Date(2026, 6, 1, 9, 0, 0, 0, bkk))
	v, err := f.app.CreateVisit(ctx, gov, app.NewVisit{Number: 21, Date: "2026-06-01", DistrictCode: 1004})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.app.CompleteMilestone(ctx, gov, v.ID, 1, 1, "2026-06-01", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := f.app.CompleteMilestone(ctx, gov, v.ID, 3, 1, "2026-06-10", "แจ้งเขตบางรักแล้ว"); err != nil {
		t.Fatal(err)
	}
	job := f.job("a")
	for _, step := range []struct {
		day  time.Time
		want int
	}{
		{time.Date(2026, 9, 1, 9, 0, 0, 0, bkk), 0},  // follow-up due 10 Sep: not yet
		{time.Date(2026, 9, 5, 9, 0, 0, 0, bkk), 1},  // within a week
		{time.Date(2026, 9, 6, 9, 0, 0, 0, bkk), 0},  // said already
		{time.Date(2026, 9, 11, 9, 0, 0, 0, bkk), 1}, // late
	} {
		f.set(step.day)
		st, err := job.RunOnce(ctx, true)
		if err != nil {
			t.Fatal(err)
		}
		if st.Reminders != step.want {
			t.Errorf("%s: %d reminders, want %d", step.day.Format("2006-01-02"), st.Reminders, step.want)
		}
	}
	msgs, _ := f.st.Outbox(ctx, store.OutboxFilter{UnitCode: "GOV"})
	if len(msgs) != 2 || !strings.Contains(msgs[0].Text, "ผู้ว่าฯ สัญจร ครั้งที่ 21: ติดตามผลหลังแจ้ง 3 เดือน") || msgs[0].Kind != "visit_overdue" {
		t.Errorf("messages: %+v", msgs)
	}
}

func reminderMessages(msgs []store.OutboxMessage) []store.OutboxMessage {
	var out []store.OutboxMessage
	for _, m := range msgs {
		switch m.Kind {
		case escalation.LevelDueSoon, escalation.LevelOverdue, escalation.LevelEscalated:
			out = append(out, m)
		}
	}
	return out
}

// TestOldBacklogIsNotChased: a case whose deadline passed long ago (imported history, say)
// gets no reminder; the backlog report is where it shows.
func TestOldBacklogIsNotChased(t *testing.T) {
	f := newFixture(t, sqliteStore(t))
	ctx := context.Background()
	f.intake(t, time.Date(2026, 6, 1, 10, 0, 0, 0, bkk), "D1004", false, false)
	f.set(time.Date(2026, 11, 20, 10, 0, 0, 0, bkk))
	st, err := f.job("a").RunOnce(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	if st.Cases != 0 || st.Reminders != 0 {
		t.Errorf("a case overdue since June was chased: %+v", st)
	}
}
