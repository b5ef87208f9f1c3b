package sla

import (
	"errors"
	"fmt"
	"slices"
	"time"
)

// EventType is what happened to a case, in the neutral vocabulary this package needs.
// The case store maps its own timeline onto these.
type EventType string

// The events the clocks react to. See the package documentation for their effect.
const (
	// EventReachedUnit: the case was forwarded to, or accepted by, Event.Unit.
	EventReachedUnit EventType = "reached_unit"
	// EventAcknowledged: the unit acknowledged (รับเรื่อง) the case.
	EventAcknowledged EventType = "acknowledged"
	// EventProgress: the unit posted a progress report.
	EventProgress EventType = "progress"
	// EventResultProposed: the unit wrote its result, waiting for the head's approval.
	EventResultProposed EventType = "result_proposed"
	// EventCompleted: the case was finished.
	EventCompleted EventType = "completed"
	// EventTerminated: the case was ended with a reason (ยุติเรื่อง).
	EventTerminated EventType = "terminated"
	// EventReturned: the unit (or the centre) sent the case back to the centre.
	EventReturned EventType = "returned"
	// EventReopened: a finished case was opened again, at Event.Unit or, when that is
	// empty, at the unit that had it last.
	EventReopened EventType = "reopened"
	// EventWaitingCitizen: the unit is waiting for the citizen (documents, access).
	EventWaitingCitizen EventType = "waiting_citizen"
	// EventResumed: the wait for the citizen is over.
	EventResumed EventType = "resumed"
)

// Known reports whether t is one of the event types above.
func (t EventType) Known() bool {
	switch t {
	case EventReachedUnit, EventAcknowledged, EventProgress, EventResultProposed,
		EventCompleted, EventTerminated, EventReturned, EventReopened,
		EventWaitingCitizen, EventResumed:
		return true
	}
	return false
}

// Event is one entry of a case's history as the clocks see it.
type Event struct {
	At   time.Time
	Type EventType
	// Unit is the unit concerned: for reached_unit and reopened the unit receiving the
	// case; for the other events the unit that acted. Empty means "the unit holding the
	// case"; another unit's acknowledgements and reports (e.g. the centre following up)
	// do not satisfy the holding unit's clocks.
	Unit string
}

// Case is the input of Engine.Clocks.
type Case struct {
	Category string // category code, to pick targets from the Policy
	BEST     bool   // urgent case (เรื่องเร่งด่วน): adds the calendar-time BEST clocks
	Events   []Event
}

// ClockKind names a deadline.
type ClockKind uint8

// The clocks a case can run.
const (
	ClockAcknowledge   ClockKind = iota + 1 // acknowledge within N working days
	ClockFirstProgress                      // first progress report within N working days
	ClockCheckpoint                         // report for a 15th/30th checkpoint
	ClockBESTAck                            // BEST: acknowledge within a calendar duration
	ClockBESTResult                         // BEST: report the result within a calendar duration
)

var clockKindNames = [...]string{"", "acknowledge", "first_progress", "checkpoint", "best_ack", "best_result"}

// String returns the snake_case name, e.g. "first_progress".
func (k ClockKind) String() string {
	if int(k) < len(clockKindNames) && k > 0 {
		return clockKindNames[k]
	}
	return fmt.Sprintf("ClockKind(%d)", uint8(k))
}

// ClockState is where a clock stands at the evaluation instant.
type ClockState uint8

const (
	// StateNone: the clock does not apply (the zero Clock; BEST clocks of an ordinary case).
	StateNone ClockState = iota
	// StateRunning: started, not yet satisfied, due in the future (or paused).
	StateRunning
	// StateMet: satisfied strictly before Due.
	StateMet
	// StateBreached: Due passed without satisfaction. MetAt is set if the unit did it
	// late; Clock.Overdue tells whether it is still owed.
	StateBreached
	// StateStopped: the clock ended before its due time without being satisfied, because
	// the case left the unit, closed, or was waiting for the citizen at a checkpoint.
	// It counts neither for nor against the unit.
	StateStopped
)

var clockStateNames = [...]string{"none", "running", "met", "breached", "stopped"}

// String returns "none", "running", "met", "breached" or "stopped".
func (s ClockState) String() string {
	if int(s) < len(clockStateNames) {
		return clockStateNames[s]
	}
	return fmt.Sprintf("ClockState(%d)", uint8(s))
}

// Clock is one deadline of one unit for one case.
type Clock struct {
	Kind  ClockKind
	Unit  string
	State ClockState
	// Start is when the clock started; for a checkpoint, the start of its reporting
	// window (the previous checkpoint's Due, or when the case reached the unit).
	Start time.Time
	// Due is the exclusive deadline: the act must happen strictly before it. While
	// Paused it is provisional (as if the wait ended now).
	Due time.Time
	// MetAt is when the clock was satisfied, on time or late; zero if never.
	MetAt time.Time
	// StoppedAt is when the clock stopped unsatisfied (case left the unit, closed, or a
	// checkpoint excused by a wait); zero otherwise.
	StoppedAt time.Time
	// Paused is true while the case is waiting for the citizen.
	Paused bool
	// ExtensionDays is the number of working days added to a working-day clock for
	// time spent waiting for the citizen.
	ExtensionDays int
	// Checkpoint is the nominal date (15th, 30th, end of February) of a checkpoint clock.
	Checkpoint Date
}

// Overdue reports whether the deadline has passed and the act is still owed by a unit
// that holds the case.
func (c Clock) Overdue() bool {
	return c.State == StateBreached && c.MetAt.IsZero() && c.StoppedAt.IsZero()
}

// Stint is one stay of a case at one unit: from reaching it (or being reopened there)
// until it was forwarded, returned, finished, or until now. Indicators count stints,
// so a case forwarded from unit A to unit B is received once by each.
type Stint struct {
	Unit  string
	Start time.Time
	// End is when the stint ended; zero while the unit still holds the case.
	End time.Time
	// EndReason is the event that ended it: reached_unit (forwarded elsewhere),
	// reopened, returned, completed or terminated; empty while open.
	EndReason EventType
	// Targets are the targets in force for this unit and the case's category.
	Targets       Targets
	Acknowledge   Clock
	FirstProgress Clock
	BESTAck       Clock // StateNone unless the case is BEST
	BESTResult    Clock // StateNone unless the case is BEST
	// Checkpoints are the checkpoints whose nominal date falls after the day the stint
	// started, up to the day it ended; for an open stint, up to today and then on to the
	// first later one not yet met (the next report owed).
	Checkpoints []Clock
}

// Open reports whether the unit still holds the case.
func (s Stint) Open() bool { return s.End.IsZero() }

// Result is the state of a case's clocks at one instant.
type Result struct {
	// Stints lists every stay at a unit in order; the last one is the current or most
	// recent unit.
	Stints []Stint
	// The clocks of the last stint, for display. Checkpoint is the first checkpoint still
	// owed (overdue or running), or the last one when none is owed.
	Acknowledge   Clock
	FirstProgress Clock
	Checkpoint    Clock
	BESTAck       Clock
	BESTResult    Clock
	// Waiting is true while the case waits for the citizen.
	Waiting bool
	// NextDue is the earliest Due among the clocks still owed by the unit holding the
	// case (running and not paused, or overdue). An overdue case has NextDue in the
	// past, so sorting by NextDue puts it first. Zero when nothing is owed.
	NextDue time.Time
	// Overdue is true when a clock of the unit holding the case is Overdue.
	Overdue bool
}

// Engine computes clocks with one calendar and one policy. The zero Engine uses the
// built-in calendar and the default targets.
type Engine struct {
	Calendar *Calendar
	Policy   *Policy
}

// event classes: which clocks an event of the holding unit satisfies.
func acks(t EventType) bool {
	return t == EventAcknowledged || reports(t)
}

func reports(t EventType) bool {
	return t == EventProgress || results(t)
}

func results(t EventType) bool {
	return t == EventResultProposed || t == EventCompleted || t == EventTerminated
}

// wclock is a clock under construction.
type wclock struct {
	Clock
	working bool // counted in working days (pausable)
	days    int  // working days allowed, extensions included
	paused  bool // paused by a wait still in progress (Clock.Paused is the output)
}

type interval struct{ from, to time.Time } // [from, to); zero to = still open

type stintRun struct {
	s        Stint
	base     Date
	ack, fp  wclock
	bAck     wclock
	bRes     wclock
	waitFrom time.Time // zero when not waiting
	waits    []interval
	reports  []time.Time
}

func (r *stintRun) clocks() []*wclock { return []*wclock{&r.ack, &r.fp, &r.bAck, &r.bRes} }

// Clocks replays the case's events up to now and returns its clocks as of now. Events
// after now are ignored, so the same history can be replayed "as of" any instant.
// Events may come in any order; ties keep their input order. The rules are in the
// package documentation.
//
// It fails on an event with a zero time or unknown type, a reached_unit event with no
// unit, or a reopened event with no unit when no unit ever held the case.
func (e Engine) Clocks(c Case, now time.Time) (Result, error) {
	cal := e.Calendar
	if cal == nil {
		cal = DefaultCalendar()
	}
	evs := make([]Event, 0, len(c.Events))
	for i, ev := range c.Events {
		switch {
		case ev.At.IsZero():
			return Result{}, fmt.Errorf("sla: event %d (%s) has no time", i, ev.Type)
		case !ev.Type.Known():
			return Result{}, fmt.Errorf("sla: event %d has unknown type %q", i, ev.Type)
		case ev.Type == EventReachedUnit && ev.Unit == "":
			return Result{}, fmt.Errorf("sla: event %d (reached_unit at %s) has no unit", i, ev.At.Format(time.RFC3339))
		}
		if !ev.At.After(now) {
			evs = append(evs, ev)
		}
	}
	slices.SortStableFunc(evs, func(a, b Event) int { return a.At.Compare(b.At) })

	var (
		res      Result
		cur      *stintRun
		lastUnit string
	)
	finish := func(at time.Time, why EventType) {
		if cur == nil {
			return
		}
		cur.finish(cal, at, why)
		res.Stints = append(res.Stints, cur.s)
		cur = nil
	}
	begin := func(unit string, at time.Time) {
		cur = newStintRun(cal, e.Policy.Targets(unit, c.Category), unit, c.BEST, at)
		lastUnit = unit
	}

	for _, ev := range evs {
		switch ev.Type {
		case EventReachedUnit:
			if cur != nil && cur.s.Unit == ev.Unit {
				continue // the same unit again: not a new arrival
			}
			finish(ev.At, EventReachedUnit)
			begin(ev.Unit, ev.At)
		case EventReopened:
			unit := ev.Unit
			if unit == "" {
				unit = lastUnit
			}
			if unit == "" {
				return Result{}, errors.New("sla: reopened event with no unit, and no unit ever held the case")
			}
			finish(ev.At, EventReopened)
			begin(unit, ev.At)
		case EventReturned:
			finish(ev.At, EventReturned)
		case EventWaitingCitizen:
			if cur != nil {
				cur.pause(ev.At)
			}
		case EventResumed:
			if cur != nil {
				cur.resume(cal, ev.At)
			}
		default: // acknowledged, progress, result_proposed, completed, terminated
			if cur == nil {
				continue
			}
			if ev.Unit == "" || ev.Unit == cur.s.Unit {
				cur.satisfy(cal, ev)
			}
			if ev.Type == EventCompleted || ev.Type == EventTerminated {
				finish(ev.At, ev.Type)
			}
		}
	}

	if cur != nil {
		cur.evaluateOpen(cal, now)
		res.Stints = append(res.Stints, cur.s)
		res.Waiting = !cur.waitFrom.IsZero()
	}
	if n := len(res.Stints); n > 0 {
		last := res.Stints[n-1]
		res.Acknowledge, res.FirstProgress = last.Acknowledge, last.FirstProgress
		res.BESTAck, res.BESTResult = last.BESTAck, last.BESTResult
		if k := len(last.Checkpoints); k > 0 {
			res.Checkpoint = last.Checkpoints[k-1]
			for _, cp := range last.Checkpoints {
				if cp.State == StateRunning || cp.Overdue() {
					res.Checkpoint = cp
					break
				}
			}
		}
		if last.Open() {
			all := append([]Clock{last.Acknowledge, last.FirstProgress, last.BESTAck, last.BESTResult}, last.Checkpoints...)
			for _, cl := range all {
				owed := cl.State == StateRunning && !cl.Paused
				if cl.Overdue() {
					owed, res.Overdue = true, true
				}
				if owed && (res.NextDue.IsZero() || cl.Due.Before(res.NextDue)) {
					res.NextDue = cl.Due
				}
			}
		}
	}
	return res, nil
}

func newStintRun(cal *Calendar, t Targets, unit string, best bool, at time.Time) *stintRun {
	r := &stintRun{s: Stint{Unit: unit, Start: at, Targets: t}, base: DateOf(at)}
	mk := func(k ClockKind) Clock { return Clock{Kind: k, Unit: unit, Start: at, State: StateRunning} }
	r.ack = wclock{Clock: mk(ClockAcknowledge), working: true, days: t.AckWorkingDays}
	r.fp = wclock{Clock: mk(ClockFirstProgress), working: true, days: t.FirstProgressWorkingDays}
	r.ack.Due = cal.Due(at, r.ack.days)
	r.fp.Due = cal.Due(at, r.fp.days)
	if best {
		r.bAck = wclock{Clock: mk(ClockBESTAck)}
		r.bRes = wclock{Clock: mk(ClockBESTResult)}
		r.bAck.Due = at.Add(t.BESTAck)
		r.bRes.Due = at.Add(t.BESTResult)
	}
	return r
}

// extend adds to a paused working-day clock the working days spent waiting from
// r.waitFrom to at: the working days in [day of waitFrom, day of at), i.e. each working
// day whose end passed while the case was waiting.
func (r *stintRun) extend(cal *Calendar, w *wclock, at time.Time) {
	ext := cal.workingDaysIn(DateOf(r.waitFrom), DateOf(at))
	w.days += ext
	w.ExtensionDays += ext
	w.Due = cal.AddWorkingDays(r.base, w.days).End()
	w.paused = false
}

func (r *stintRun) pause(at time.Time) {
	if !r.waitFrom.IsZero() {
		return
	}
	r.waitFrom = at
	for _, w := range r.clocks() {
		// Only running working-day clocks pause: a breached one stays breached.
		if w.working && w.State == StateRunning && w.MetAt.IsZero() && at.Before(w.Due) {
			w.paused = true
		}
	}
}

func (r *stintRun) resume(cal *Calendar, at time.Time) {
	if r.waitFrom.IsZero() {
		return
	}
	for _, w := range r.clocks() {
		if w.paused {
			r.extend(cal, w, at)
		}
	}
	r.waits = append(r.waits, interval{r.waitFrom, at})
	r.waitFrom = time.Time{}
}

func (r *stintRun) satisfy(cal *Calendar, ev Event) {
	hit := func(w *wclock, ok bool) {
		if !ok || w.State == StateNone || !w.MetAt.IsZero() {
			return
		}
		if w.paused { // fix the due date as of now; it cannot have passed while paused
			r.extend(cal, w, ev.At)
		}
		w.MetAt = ev.At
	}
	hit(&r.ack, acks(ev.Type))
	hit(&r.fp, reports(ev.Type))
	hit(&r.bAck, acks(ev.Type))
	hit(&r.bRes, results(ev.Type))
	if reports(ev.Type) {
		r.reports = append(r.reports, ev.At)
	}
}

// finish ends the stint at the instant at.
func (r *stintRun) finish(cal *Calendar, at time.Time, why EventType) {
	r.resume(cal, at)
	r.s.End, r.s.EndReason = at, why
	for _, w := range r.clocks() {
		if w.State == StateNone {
			continue
		}
		switch {
		case !w.MetAt.IsZero():
			w.State = metOrLate(w.MetAt, w.Due)
		case at.Before(w.Due):
			w.State, w.StoppedAt = StateStopped, at
		default:
			w.State, w.StoppedAt = StateBreached, at
		}
	}
	r.store()
	r.s.Checkpoints = r.checkpoints(cal, DateOf(at), at, false)
}

// evaluateOpen fixes the clocks of a stint still open at now.
func (r *stintRun) evaluateOpen(cal *Calendar, now time.Time) {
	for _, w := range r.clocks() {
		if w.State == StateNone {
			continue
		}
		switch {
		case !w.MetAt.IsZero():
			w.State = metOrLate(w.MetAt, w.Due)
		case w.paused:
			r.extend(cal, w, now) // provisional: as if the wait ended now
			w.Paused = true
		case now.Before(w.Due):
			w.State = StateRunning
		default:
			w.State = StateBreached
		}
	}
	r.store()
	// Look ahead far enough to include the next checkpoint still owed after today. A
	// report made today can already meet the next checkpoint, so the one after it may be
	// needed; later windows start after now and cannot hold a report yet.
	cps := r.checkpoints(cal, DateOf(now).AddDays(93), now, true)
	today := DateOf(now)
	for i, cp := range cps {
		if cp.Checkpoint.After(today) && cp.State != StateMet {
			cps = cps[:i+1]
			break
		}
	}
	r.s.Checkpoints = cps
}

func (r *stintRun) store() {
	r.s.Acknowledge = r.ack.Clock
	r.s.FirstProgress = r.fp.Clock
	r.s.BESTAck = r.bAck.Clock
	r.s.BESTResult = r.bRes.Clock
}

func metOrLate(met, due time.Time) ClockState {
	if met.Before(due) {
		return StateMet
	}
	return StateBreached
}

// checkpoints evaluates the checkpoints with nominal dates in (start day, until] at the
// instant limit (the stint's end when closed, now when open).
func (r *stintRun) checkpoints(cal *Calendar, until Date, limit time.Time, open bool) []Clock {
	cps := cal.checkpoints(r.base, until, r.s.Targets.CheckpointDays)
	if len(cps) == 0 {
		return nil
	}
	waits := r.waits
	if open && !r.waitFrom.IsZero() {
		waits = append(slices.Clip(waits), interval{from: r.waitFrom})
	}
	out := make([]Clock, len(cps))
	from := r.s.Start
	ri := 0
	for i, cp := range cps {
		for ri < len(r.reports) && r.reports[ri].Before(from) {
			ri++
		}
		var report time.Time
		if ri < len(r.reports) {
			report = r.reports[ri]
		}
		c := Clock{Kind: ClockCheckpoint, Unit: r.s.Unit, Start: from, Due: cp.Due, Checkpoint: cp.Date}
		switch {
		case !report.IsZero() && report.Before(cp.Due):
			c.State, c.MetAt = StateMet, report
		case limit.Before(cp.Due): // not yet due at the limit
			if open {
				c.State = StateRunning
				c.Paused = !r.waitFrom.IsZero()
			} else {
				c.State, c.StoppedAt = StateStopped, limit
			}
		default:
			if w, ok := waitingAt(waits, cp.Due); ok {
				c.State, c.StoppedAt = StateStopped, w
				break
			}
			c.State, c.MetAt = StateBreached, report
			if !open && report.IsZero() {
				c.StoppedAt = limit
			}
		}
		out[i] = c
		from = cp.Due
	}
	return out
}

// waitingAt reports whether the case was waiting for the citizen when the deadline due
// fell (wait started before it and ended at or after it), and when that wait began.
func waitingAt(waits []interval, due time.Time) (time.Time, bool) {
	for _, w := range waits {
		if w.from.Before(due) && (w.to.IsZero() || !w.to.Before(due)) {
			return w.from, true
		}
	}
	return time.Time{}, false
}
