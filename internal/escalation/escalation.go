// Package escalation is the background job that holds units to their deadlines. It looks at
// every case whose next deadline is near or past and, for each clock of the unit holding the
// case, writes a reminder — an event on the case's timeline and messages in the outbox — when
// the deadline is about to expire, when it has expired, and, past a grace period, escalates
// to the unit's head and the complaint centre.
//
// The job is safe with several servers on one database: a lease lets one server scan at a
// time, and every reminder carries a dedupe key that the database keeps unique, so even two
// scans racing write each reminder once.
package escalation

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/rongtook/rongtook/internal/app"
	"github.com/rongtook/rongtook/internal/cases"
	"github.com/rongtook/rongtook/internal/reference"
	"github.com/rongtook/rongtook/internal/sla"
	"github.com/rongtook/rongtook/internal/store"
	"github.com/rongtook/rongtook/internal/thai"
)

// Levels of a reminder, in order.
const (
	LevelDueSoon   = "due_soon"
	LevelOverdue   = "overdue"
	LevelEscalated = "escalated"
)

// Config tunes the job. The zero value is filled with the defaults by New.
type Config struct {
	// Interval between scans.
	Interval time.Duration
	// WarnBefore is how long before a working-day deadline the coordinator is reminded.
	WarnBefore time.Duration
	// WarnBeforeBEST is the same for the hour-scale deadlines of urgent (BEST) cases.
	WarnBeforeBEST time.Duration
	// Grace is how long past a deadline the matter goes to the unit's head and the centre.
	Grace time.Duration
	// GraceBEST is the same for urgent cases.
	GraceBEST time.Duration
	// Holder names this server in the lease.
	Holder string
	// Lease is how long one scan may hold the job.
	Lease time.Duration
	// Batch is the most cases one scan looks at.
	Batch int
	// MaxAge is how long past its deadline a clock is still chased. Older ones are backlog,
	// which the backlog report shows: years of imported history must not flood the
	// coordinators with reminders, nor crowd the live cases out of a scan.
	MaxAge time.Duration
}

// Defaults: remind half a working day ahead, escalate a day late; for BEST, 15 minutes
// ahead and an hour late.
func (c Config) withDefaults() Config {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&c.Interval, time.Minute)
	def(&c.WarnBefore, 4*time.Hour)
	def(&c.WarnBeforeBEST, 15*time.Minute)
	def(&c.Grace, 24*time.Hour)
	def(&c.GraceBEST, time.Hour)
	def(&c.Lease, 5*time.Minute)
	def(&c.MaxAge, 30*24*time.Hour)
	if c.Batch <= 0 {
		c.Batch = 5000
	}
	if c.Holder == "" {
		c.Holder = "rongtook"
	}
	return c
}

// Job is the escalation job.
type Job struct {
	app   *app.App
	store store.Store
	ref   *reference.Data
	cfg   Config
	log   *slog.Logger
}

// New builds the job over the application (its clock, calendar and targets).
func New(a *app.App, cfg Config, log *slog.Logger) *Job {
	return &Job{app: a, store: a.Store(), ref: a.Reference(), cfg: cfg.withDefaults(), log: log}
}

// Run scans every Interval until ctx ends.
func (j *Job) Run(ctx context.Context) error {
	t := time.NewTicker(j.cfg.Interval)
	defer t.Stop()
	for {
		if _, err := j.RunOnce(ctx, false); err != nil && ctx.Err() == nil {
			j.log.ErrorContext(ctx, "escalation scan failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

// Stats counts what one scan did.
type Stats struct {
	Skipped   bool // another server holds the lease
	Cases     int
	Reminders int
}

// RunOnce does one scan. force skips the lease (for tests and the command line).
func (j *Job) RunOnce(ctx context.Context, force bool) (Stats, error) {
	now := j.app.Now()
	var st Stats
	if !force {
		ok, err := j.store.AcquireLease(ctx, "escalation", j.cfg.Holder, now, j.cfg.Lease)
		if err != nil {
			return st, err
		}
		if !ok {
			st.Skipped = true
			return st, nil
		}
	}
	horizon := j.cfg.WarnBefore
	if j.cfg.WarnBeforeBEST > horizon {
		horizon = j.cfg.WarnBeforeBEST
	}
	due, err := j.store.DueCases(ctx, now.Add(-j.cfg.MaxAge), now.Add(horizon), j.cfg.Batch)
	if err != nil {
		return st, err
	}
	eng, err := j.app.Engine(ctx)
	if err != nil {
		return st, err
	}
	coords, err := j.coordinators(ctx)
	if err != nil {
		return st, err
	}
	if st.Reminders, err = j.visitReminders(ctx, now); err != nil {
		return st, err
	}
	for _, c := range due {
		if err := ctx.Err(); err != nil {
			return st, err
		}
		st.Cases++
		evs, err := j.store.Events(ctx, c.ID)
		if err != nil {
			return st, err
		}
		res, err := eng.Clocks(app.SLACase(c, evs), now)
		if err != nil {
			return st, fmt.Errorf("case %s: %w", c.Receipt, err)
		}
		for _, r := range j.reminders(c, res, now, coords) {
			added, err := j.store.AddReminder(ctx, r)
			if err != nil {
				return st, fmt.Errorf("case %s: %w", c.Receipt, err)
			}
			if added {
				st.Reminders++
				j.log.InfoContext(ctx, "reminder", "receipt", c.Receipt, "level", r.Event.Reason, "unit", r.Messages[0].UnitCode)
			}
		}
	}
	return st, nil
}

type coordKey struct{ unit, kind string }

func (j *Job) coordinators(ctx context.Context) (map[coordKey]store.Coordinator, error) {
	list, err := j.store.Coordinators(ctx, "")
	if err != nil {
		return nil, err
	}
	m := make(map[coordKey]store.Coordinator, len(list))
	for _, c := range list {
		m[coordKey{c.UnitCode, c.Kind}] = c
	}
	return m, nil
}

// reminders decides what to send for each clock the unit holding the case still owes.
// Only the highest level reached is sent: a server that was down when a deadline neared
// does not send a stale "due soon" after the fact.
func (j *Job) reminders(c cases.Case, res sla.Result, now time.Time, coords map[coordKey]store.Coordinator) []store.Reminder {
	if len(res.Stints) == 0 || !res.Stints[len(res.Stints)-1].Open() {
		return nil
	}
	var out []store.Reminder
	for _, clk := range []sla.Clock{res.Acknowledge, res.FirstProgress, res.Checkpoint, res.BESTAck, res.BESTResult} {
		best := clk.Kind == sla.ClockBESTAck || clk.Kind == sla.ClockBESTResult
		warn, grace := j.cfg.WarnBefore, j.cfg.Grace
		if best {
			warn, grace = j.cfg.WarnBeforeBEST, j.cfg.GraceBEST
		}
		if now.Sub(clk.Due) > j.cfg.MaxAge {
			continue
		}
		var level string
		switch {
		case clk.Overdue() && !now.Before(clk.Due.Add(grace)):
			level = LevelEscalated
		case clk.Overdue():
			level = LevelOverdue
		case clk.State == sla.StateRunning && !clk.Paused && clk.Due.Sub(now) <= warn:
			level = LevelDueSoon
		default:
			continue
		}
		out = append(out, j.reminder(c, clk, level, now, coords))
	}
	return out
}

var clockTH = map[sla.ClockKind]string{
	sla.ClockAcknowledge:   "การรับเรื่อง (ภายใน 1 วันทำการ)",
	sla.ClockFirstProgress: "การรายงานความคืบหน้าครั้งแรก (ภายใน 3 วันทำการ)",
	sla.ClockCheckpoint:    "การรายงานความคืบหน้าประจำวันที่ 15/30",
	sla.ClockBESTAck:       "การรับเรื่องเร่งด่วน (BEST) ภายใน 1 ชั่วโมง",
	sla.ClockBESTResult:    "การรายงานผลเรื่องเร่งด่วน (BEST) ภายใน 24 ชั่วโมง",
}

var levelTH = map[string]string{
	LevelDueSoon:   "ใกล้ครบกำหนด",
	LevelOverdue:   "เกินกำหนดแล้ว",
	LevelEscalated: "เกินกำหนดเกินระยะผ่อนผัน แจ้งผู้บริหารหน่วยงานและศูนย์เรื่องราวร้องทุกข์",
}

// reminder builds the event and the messages. Texts follow the forms of seed 002: the
// follow-up form for ordinary cases, the BEST form for urgent ones. A confidential case's
// messages carry only its receipt number and go through the system, never over chat.
func (j *Job) reminder(c cases.Case, clk sla.Clock, level string, now time.Time, coords map[coordKey]store.Coordinator) store.Reminder {
	unit, _ := j.ref.Unit(clk.Unit)
	unitName := unit.NameTH
	if unitName == "" {
		unitName = clk.Unit
	}
	due := dueTH(clk.Due)
	var b strings.Builder
	if c.BEST && !c.Confidential {
		fmt.Fprintf(&b, "เรียน %s ศูนย์เรื่องราวร้องทุกข์ ขอประสานเรื่องเร่งด่วน (BEST) – เลขที่รับแจ้ง %s – %s", unitName, c.Receipt, truncate(c.Description, 200))
	} else {
		fmt.Fprintf(&b, "เรียน %s ศูนย์เรื่องราวร้องทุกข์ ขอติดตามเรื่องร้องเรียน เลขที่รับแจ้ง %s", unitName, c.Receipt)
	}
	fmt.Fprintf(&b, " — %s %s (กำหนด%s)", clockTH[clk.Kind], levelTH[level], due)
	text := b.String()

	key := fmt.Sprintf("esc:%d:%s:%s:%d:%s", c.ID, clk.Unit, clk.Kind, clk.Due.Unix(), level)
	msg := func(suffix, recipient, channel string) store.OutboxMessage {
		return store.OutboxMessage{DedupeKey: key + suffix, Kind: level, Channel: channel, Recipient: recipient, UnitCode: clk.Unit,
			CaseID: c.ID, Text: text, CreatedAt: now}
	}
	kind := "main"
	if c.BEST {
		kind = "best"
	}
	var msgs []store.OutboxMessage
	if co, ok := coords[coordKey{clk.Unit, kind}]; ok && co.LineID != "" && !c.Confidential {
		msgs = append(msgs, msg("", "line:"+co.LineID, "line"))
	} else {
		msgs = append(msgs, msg("", "unit:"+clk.Unit+":coordinator", "internal"))
	}
	if level == LevelEscalated {
		msgs = append(msgs, msg(":head", "unit:"+clk.Unit+":head", "internal"), msg(":centre", "unit:"+reference.CentreCode+":supervisor", "internal"))
	}
	return store.Reminder{CaseID: c.ID, Messages: msgs, Event: cases.Event{
		Type: cases.EventReminder, At: now, ActorName: "ระบบติดตามเรื่อง", FromStatus: c.Status, ToStatus: c.Status,
		UnitCode: clk.Unit, Text: text, Reason: level + ":" + clk.Kind.String(),
	}}
}

// dueTH says a deadline the way an officer reads it. Working-day deadlines end at
// midnight (exclusive), which reads as "within the day before", not as 00:00 of the next.
func dueTH(due time.Time) string {
	d := due.In(cases.Bangkok())
	if d.Hour() == 0 && d.Minute() == 0 && d.Second() == 0 {
		return "ภายในวันที่ " + thai.FormatDate(d.Add(-time.Nanosecond))
	}
	return " " + thai.FormatDateTime(d)
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// VisitWarnDays is how many days before a field-visit milestone falls due the governor's
// office is reminded.
const VisitWarnDays = 7

// visitReminders tells the governor's office about field-visit milestones (the follow-up
// three months after the notice, the evaluations twice a year) a week ahead and when late.
func (j *Job) visitReminders(ctx context.Context, now time.Time) (int, error) {
	today := now.In(cases.Bangkok()).Format("2006-01-02")
	ms, err := j.store.DueMilestones(ctx, now.In(cases.Bangkok()).AddDate(0, 0, VisitWarnDays).Format("2006-01-02"))
	if err != nil {
		return 0, err
	}
	var msgs []store.OutboxMessage
	for _, m := range ms {
		level, word := LevelDueSoon, "ใกล้ครบกำหนด"
		if m.DueDate < today {
			level, word = LevelOverdue, "เกินกำหนดแล้ว"
		}
		due, _ := time.ParseInLocation("2006-01-02", m.DueDate, cases.Bangkok())
		text := fmt.Sprintf("ผู้ว่าฯ สัญจร ครั้งที่ %d: %s (รอบที่ %d) %s (กำหนด %s)", m.VisitNumber, app.VisitStepName(m.Step), m.Round, word, thai.FormatDate(due))
		msgs = append(msgs, store.OutboxMessage{DedupeKey: fmt.Sprintf("visit:%d:%d:%d:%s:%s", m.VisitID, m.Step, m.Round, m.DueDate, level),
			Kind: "visit_" + level, Channel: "internal", Recipient: "unit:" + reference.GovernorCode + ":coordinator",
			UnitCode: reference.GovernorCode, Text: text, CreatedAt: now})
	}
	if len(msgs) == 0 {
		return 0, nil
	}
	return j.store.AddNotices(ctx, msgs)
}
