package sla

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func ev(typ EventType, at time.Time, unit string) Event { return Event{At: at, Type: typ, Unit: unit} }

// wantClock checks the fields of a clock that a scenario cares about; zero times in
// the expectation are checked to be zero too, so a stray MetAt is caught.
type wantClock struct {
	state ClockState
	due   time.Time
	met   time.Time
}

func checkClock(t *testing.T, name string, got Clock, w wantClock) {
	t.Helper()
	if got.State != w.state {
		t.Errorf("%s: state = %v, want %v (clock %+v)", name, got.State, w.state, got)
	}
	if !w.due.IsZero() && !got.Due.Equal(w.due) {
		t.Errorf("%s: due = %v, want %v", name, got.Due, w.due)
	}
	if !got.MetAt.Equal(w.met) {
		t.Errorf("%s: metAt = %v, want %v", name, got.MetAt, w.met)
	}
}

func clocks(t *testing.T, e Engine, c Case, now time.Time) Result {
	t.Helper()
	r, err := e.Clocks(c, now)
	if err != nil {
		t.Fatalf("Clocks: %v", err)
	}
	return r
}

// TestAckFridayBeforeMondayHoliday is the required example: a case that reaches a unit
// on Friday 17:00 before a Monday holiday must be acknowledged by the end of Tuesday.
func TestAckFridayBeforeMondayHoliday(t *testing.T) {
	arrive := bkk(2026, 4, 3, 17, 0) // Friday; Monday 6 April is Chakri Day
	endTue := bkk(2026, 4, 8, 0, 0)
	endThu := bkk(2026, 4, 10, 0, 0)
	c := Case{Category: "6", Events: []Event{ev(EventReachedUnit, arrive, "DIST-01")}}

	tests := []struct {
		name    string
		extra   []Event
		now     time.Time
		ack     wantClock
		fp      wantClock
		overdue bool
		nextDue time.Time
	}{
		{
			name: "Tuesday evening: still running",
			now:  bkk(2026, 4, 7, 23, 59),
			ack:  wantClock{state: StateRunning, due: endTue},
			fp:   wantClock{state: StateRunning, due: endThu}, nextDue: endTue,
		},
		{
			name: "Wednesday 00:00: acknowledge overdue",
			now:  endTue,
			ack:  wantClock{state: StateBreached, due: endTue},
			fp:   wantClock{state: StateRunning, due: endThu}, overdue: true, nextDue: endTue,
		},
		{
			name:  "acknowledged Tuesday 16:00",
			extra: []Event{ev(EventAcknowledged, bkk(2026, 4, 7, 16, 0), "")},
			now:   bkk(2026, 4, 8, 9, 0),
			ack:   wantClock{state: StateMet, due: endTue, met: bkk(2026, 4, 7, 16, 0)},
			fp:    wantClock{state: StateRunning, due: endThu}, nextDue: endThu,
		},
		{
			name:  "acknowledged on the holiday itself",
			extra: []Event{ev(EventAcknowledged, bkk(2026, 4, 6, 9, 0), "DIST-01")},
			now:   bkk(2026, 4, 9, 9, 0),
			ack:   wantClock{state: StateMet, due: endTue, met: bkk(2026, 4, 6, 9, 0)},
			fp:    wantClock{state: StateRunning, due: endThu}, nextDue: endThu,
		},
		{
			name:  "late acknowledgement clears overdue, stays breached",
			extra: []Event{ev(EventAcknowledged, bkk(2026, 4, 8, 8, 30), "")},
			now:   bkk(2026, 4, 8, 9, 0),
			ack:   wantClock{state: StateBreached, due: endTue, met: bkk(2026, 4, 8, 8, 30)},
			fp:    wantClock{state: StateRunning, due: endThu}, nextDue: endThu,
		},
		{
			name:  "acknowledged at Wednesday 00:00 is late",
			extra: []Event{ev(EventAcknowledged, endTue, "")},
			now:   bkk(2026, 4, 8, 9, 0),
			ack:   wantClock{state: StateBreached, due: endTue, met: endTue},
			fp:    wantClock{state: StateRunning, due: endThu}, nextDue: endThu,
		},
		{
			name:  "a progress report implies acknowledgement",
			extra: []Event{ev(EventProgress, bkk(2026, 4, 7, 10, 0), "")},
			now:   bkk(2026, 4, 10, 9, 0),
			ack:   wantClock{state: StateMet, due: endTue, met: bkk(2026, 4, 7, 10, 0)},
			fp:    wantClock{state: StateMet, due: endThu, met: bkk(2026, 4, 7, 10, 0)},
			// Next: the 15 April checkpoint, on a Songkran holiday, due the end of the 16th;
			// the report of the 7th is already in its window, so the 30th is next.
			nextDue: bkk(2026, 5, 1, 0, 0),
		},
		{
			name:  "first progress missed",
			extra: []Event{ev(EventAcknowledged, bkk(2026, 4, 7, 10, 0), "")},
			now:   bkk(2026, 4, 10, 0, 0),
			ack:   wantClock{state: StateMet, due: endTue, met: bkk(2026, 4, 7, 10, 0)},
			fp:    wantClock{state: StateBreached, due: endThu}, overdue: true, nextDue: endThu,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cc := c
			cc.Events = append(slices.Clip(c.Events), tt.extra...)
			r := clocks(t, Engine{}, cc, tt.now)
			checkClock(t, "acknowledge", r.Acknowledge, tt.ack)
			checkClock(t, "first_progress", r.FirstProgress, tt.fp)
			if r.Overdue != tt.overdue {
				t.Errorf("Overdue = %v, want %v", r.Overdue, tt.overdue)
			}
			if !r.NextDue.Equal(tt.nextDue) {
				t.Errorf("NextDue = %v, want %v", r.NextDue, tt.nextDue)
			}
			if r.BESTAck.State != StateNone || r.BESTResult.State != StateNone {
				t.Errorf("BEST clocks on an ordinary case: %v %v", r.BESTAck.State, r.BESTResult.State)
			}
		})
	}
}

// TestCheckpointOverdueOnThe16th: a case open across the 15th with no report since the
// previous checkpoint is overdue from 00:00 on the 16th.
func TestCheckpointOverdueOnThe16th(t *testing.T) {
	base := []Event{
		ev(EventReachedUnit, bkk(2025, 12, 22, 9, 0), "U"), // Monday
		ev(EventAcknowledged, bkk(2025, 12, 22, 10, 0), ""),
		ev(EventProgress, bkk(2025, 12, 23, 10, 0), ""), // first progress; meets the 30 Dec checkpoint
	}
	due15 := bkk(2026, 1, 16, 0, 0) // 15 Jan 2026 is a Thursday
	due30 := bkk(2026, 1, 31, 0, 0) // 30 Jan 2026 is a Friday
	tests := []struct {
		name    string
		extra   []Event
		now     time.Time
		cp15    wantClock
		next    wantClock // Result.Checkpoint
		overdue bool
		nextDue time.Time
	}{
		{
			name: "15th, one minute to midnight",
			now:  bkk(2026, 1, 15, 23, 59),
			cp15: wantClock{state: StateRunning, due: due15},
			next: wantClock{state: StateRunning, due: due15}, nextDue: due15,
		},
		{
			name: "16th at 00:00",
			now:  due15,
			cp15: wantClock{state: StateBreached, due: due15},
			next: wantClock{state: StateBreached, due: due15}, overdue: true, nextDue: due15,
		},
		{
			name:  "report on the 15th",
			extra: []Event{ev(EventProgress, bkk(2026, 1, 15, 16, 0), "")},
			now:   bkk(2026, 1, 16, 9, 0),
			cp15:  wantClock{state: StateMet, due: due15, met: bkk(2026, 1, 15, 16, 0)},
			next:  wantClock{state: StateRunning, due: due30}, nextDue: due30,
		},
		{
			name:  "report early in the window (2 January) counts",
			extra: []Event{ev(EventProgress, bkk(2026, 1, 2, 16, 0), "")},
			now:   bkk(2026, 1, 16, 9, 0),
			cp15:  wantClock{state: StateMet, due: due15, met: bkk(2026, 1, 2, 16, 0)},
			next:  wantClock{state: StateRunning, due: due30}, nextDue: due30,
		},
		{
			name:  "a report by the centre does not count for the unit",
			extra: []Event{ev(EventProgress, bkk(2026, 1, 15, 16, 0), "CENTRE")},
			now:   due15,
			cp15:  wantClock{state: StateBreached, due: due15},
			next:  wantClock{state: StateBreached, due: due15}, overdue: true, nextDue: due15,
		},
		{
			name:  "late report on the 20th: done late, and it meets the 30th",
			extra: []Event{ev(EventProgress, bkk(2026, 1, 20, 11, 0), "")},
			now:   bkk(2026, 1, 20, 12, 0),
			cp15:  wantClock{state: StateBreached, due: due15, met: bkk(2026, 1, 20, 11, 0)},
			// The 30th is met already, so the checkpoint owed next is 15 February
			// (a Sunday: due the end of Monday the 16th).
			next:    wantClock{state: StateRunning, due: bkk(2026, 2, 17, 0, 0)},
			nextDue: bkk(2026, 2, 17, 0, 0),
		},
		{
			name:  "a report at 00:00 on the 16th is late for the 15th",
			extra: []Event{ev(EventProgress, due15, "")},
			now:   bkk(2026, 1, 16, 1, 0),
			cp15:  wantClock{state: StateBreached, due: due15, met: due15},
			next:  wantClock{state: StateRunning, due: bkk(2026, 2, 17, 0, 0)}, nextDue: bkk(2026, 2, 17, 0, 0),
		},
		{
			name:  "one report cannot meet two windows",
			extra: []Event{ev(EventProgress, bkk(2026, 1, 15, 16, 0), "")},
			now:   due30,
			cp15:  wantClock{state: StateMet, due: due15, met: bkk(2026, 1, 15, 16, 0)},
			next:  wantClock{state: StateBreached, due: due30}, overdue: true, nextDue: due30,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := clocks(t, Engine{}, Case{Events: append(slices.Clip(base), tt.extra...)}, tt.now)
			cps := r.Stints[0].Checkpoints
			if len(cps) < 2 || cps[0].Checkpoint != NewDate(2025, 12, 30) || cps[1].Checkpoint != NewDate(2026, 1, 15) {
				t.Fatalf("checkpoints = %+v", cps)
			}
			checkClock(t, "30 Dec", cps[0], wantClock{state: StateMet, due: bkk(2025, 12, 31, 0, 0), met: bkk(2025, 12, 23, 10, 0)})
			checkClock(t, "15 Jan", cps[1], tt.cp15)
			if !cps[1].Start.Equal(bkk(2025, 12, 31, 0, 0)) {
				t.Errorf("15 Jan window starts %v, want the 30 Dec due time", cps[1].Start)
			}
			checkClock(t, "Result.Checkpoint", r.Checkpoint, tt.next)
			if r.Overdue != tt.overdue {
				t.Errorf("Overdue = %v, want %v", r.Overdue, tt.overdue)
			}
			if !r.NextDue.Equal(tt.nextDue) {
				t.Errorf("NextDue = %v, want %v", r.NextDue, tt.nextDue)
			}
			if last := cps[len(cps)-1]; !last.Checkpoint.After(DateOf(tt.now)) || last.State == StateMet {
				t.Errorf("last listed checkpoint %v (%v) is not the next one owed", last.Checkpoint, last.State)
			}
		})
	}
}

func TestCheckpointNotOwedOnArrivalDay(t *testing.T) {
	// Arriving on the 15th: the case owes the 30th, not the 15th.
	r := clocks(t, Engine{}, Case{Events: []Event{
		ev(EventReachedUnit, bkk(2026, 1, 15, 16, 0), "U"),
		ev(EventAcknowledged, bkk(2026, 1, 15, 16, 30), ""),
	}}, bkk(2026, 1, 16, 9, 0))
	cps := r.Stints[0].Checkpoints
	if len(cps) != 1 || cps[0].Checkpoint != NewDate(2026, 1, 30) || cps[0].State != StateRunning {
		t.Fatalf("checkpoints = %+v", cps)
	}
	if !cps[0].Start.Equal(bkk(2026, 1, 15, 16, 0)) {
		t.Errorf("first window starts %v, want the arrival", cps[0].Start)
	}
}

func TestForwardReturnReopen(t *testing.T) {
	mon := bkk(2026, 1, 5, 9, 0)
	t.Run("forward restarts clocks for the new unit", func(t *testing.T) {
		r := clocks(t, Engine{}, Case{Events: []Event{
			ev(EventReachedUnit, mon, "A"),
			ev(EventReachedUnit, bkk(2026, 1, 7, 10, 0), "B"),
			ev(EventReachedUnit, bkk(2026, 1, 8, 9, 0), "B"),    // same unit again: ignored
			ev(EventAcknowledged, bkk(2026, 1, 8, 10, 0), "A"),  // A no longer holds it
			ev(EventProgress, bkk(2026, 1, 8, 11, 0), "CENTRE"), // not the unit
		}}, bkk(2026, 1, 8, 12, 0))
		if len(r.Stints) != 2 {
			t.Fatalf("stints = %d, want 2", len(r.Stints))
		}
		a, b := r.Stints[0], r.Stints[1]
		if a.Unit != "A" || a.EndReason != EventReachedUnit || !a.End.Equal(bkk(2026, 1, 7, 10, 0)) || a.Open() {
			t.Errorf("stint A = %+v", a)
		}
		// A's acknowledge was due at the end of Tuesday: breached, but A is off the hook now.
		checkClock(t, "A ack", a.Acknowledge, wantClock{state: StateBreached, due: bkk(2026, 1, 7, 0, 0)})
		if a.Acknowledge.Overdue() || a.Acknowledge.StoppedAt.IsZero() {
			t.Errorf("A ack should be breached and stopped: %+v", a.Acknowledge)
		}
		checkClock(t, "A first progress", a.FirstProgress, wantClock{state: StateStopped, due: bkk(2026, 1, 9, 0, 0)})
		if b.Unit != "B" || !b.Open() || !b.Start.Equal(bkk(2026, 1, 7, 10, 0)) {
			t.Errorf("stint B = %+v", b)
		}
		checkClock(t, "B ack", r.Acknowledge, wantClock{state: StateRunning, due: bkk(2026, 1, 9, 0, 0)})
		checkClock(t, "B first progress", r.FirstProgress, wantClock{state: StateRunning, due: bkk(2026, 1, 13, 0, 0)})
		if r.Overdue || !r.NextDue.Equal(bkk(2026, 1, 9, 0, 0)) {
			t.Errorf("Overdue = %v, NextDue = %v", r.Overdue, r.NextDue)
		}
	})

	t.Run("return to the centre stops the unit's clocks", func(t *testing.T) {
		r := clocks(t, Engine{}, Case{Events: []Event{
			ev(EventReachedUnit, mon, "A"),
			ev(EventAcknowledged, bkk(2026, 1, 5, 10, 0), ""),
			ev(EventReturned, bkk(2026, 1, 6, 10, 0), "A"),
		}}, bkk(2026, 1, 20, 12, 0))
		if len(r.Stints) != 1 || r.Stints[0].EndReason != EventReturned {
			t.Fatalf("stints = %+v", r.Stints)
		}
		checkClock(t, "ack", r.Acknowledge, wantClock{state: StateMet, met: bkk(2026, 1, 5, 10, 0)})
		checkClock(t, "first progress", r.FirstProgress, wantClock{state: StateStopped})
		if len(r.Stints[0].Checkpoints) != 0 {
			t.Errorf("checkpoints after return: %+v", r.Stints[0].Checkpoints)
		}
		if r.Overdue || !r.NextDue.IsZero() {
			t.Errorf("a case at the centre owes nothing: Overdue = %v, NextDue = %v", r.Overdue, r.NextDue)
		}
	})

	t.Run("sent again to the same unit after a return is a new stint", func(t *testing.T) {
		r := clocks(t, Engine{}, Case{Events: []Event{
			ev(EventReachedUnit, mon, "A"),
			ev(EventReturned, bkk(2026, 1, 5, 11, 0), ""),
			ev(EventReachedUnit, bkk(2026, 1, 7, 9, 0), "A"),
		}}, bkk(2026, 1, 7, 12, 0))
		if len(r.Stints) != 2 {
			t.Fatalf("stints = %d, want 2", len(r.Stints))
		}
		checkClock(t, "first ack", r.Stints[0].Acknowledge, wantClock{state: StateStopped})
		checkClock(t, "second ack", r.Acknowledge, wantClock{state: StateRunning, due: bkk(2026, 1, 9, 0, 0)})
	})

	t.Run("reopen starts new clocks at the last unit", func(t *testing.T) {
		r := clocks(t, Engine{}, Case{Events: []Event{
			ev(EventReachedUnit, mon, "A"),
			ev(EventAcknowledged, bkk(2026, 1, 5, 10, 0), ""),
			ev(EventProgress, bkk(2026, 1, 6, 10, 0), ""),
			ev(EventCompleted, bkk(2026, 1, 7, 10, 0), ""),
			ev(EventReopened, bkk(2026, 1, 20, 10, 0), ""), // Tuesday
		}}, bkk(2026, 1, 22, 9, 0))
		if len(r.Stints) != 2 || r.Stints[1].Unit != "A" || r.Stints[0].EndReason != EventCompleted {
			t.Fatalf("stints = %+v", r.Stints)
		}
		checkClock(t, "first ack", r.Stints[0].Acknowledge, wantClock{state: StateMet, met: bkk(2026, 1, 5, 10, 0)})
		checkClock(t, "reopened ack", r.Acknowledge, wantClock{state: StateBreached, due: bkk(2026, 1, 22, 0, 0)})
		if !r.Overdue {
			t.Error("reopened case not acknowledged by the end of Wednesday should be overdue")
		}
	})

	t.Run("reopen at a named unit", func(t *testing.T) {
		r := clocks(t, Engine{}, Case{Events: []Event{
			ev(EventReachedUnit, mon, "A"),
			ev(EventCompleted, bkk(2026, 1, 5, 10, 0), ""),
			ev(EventReopened, bkk(2026, 1, 20, 10, 0), "B"),
		}}, bkk(2026, 1, 20, 11, 0))
		if len(r.Stints) != 2 || r.Stints[1].Unit != "B" {
			t.Fatalf("stints = %+v", r.Stints)
		}
	})
}

func TestCloseStopsEverything(t *testing.T) {
	mon := bkk(2026, 1, 5, 9, 0)
	t.Run("completed late for acknowledge, in time for progress", func(t *testing.T) {
		r := clocks(t, Engine{}, Case{Events: []Event{
			ev(EventReachedUnit, mon, "A"),
			ev(EventCompleted, bkk(2026, 1, 8, 10, 0), ""),
		}}, bkk(2026, 2, 20, 0, 0))
		s := r.Stints[0]
		if s.EndReason != EventCompleted || s.Open() {
			t.Fatalf("stint = %+v", s)
		}
		checkClock(t, "ack", s.Acknowledge, wantClock{state: StateBreached, due: bkk(2026, 1, 7, 0, 0), met: bkk(2026, 1, 8, 10, 0)})
		checkClock(t, "first progress", s.FirstProgress, wantClock{state: StateMet, due: bkk(2026, 1, 9, 0, 0), met: bkk(2026, 1, 8, 10, 0)})
		if r.Overdue || !r.NextDue.IsZero() || len(s.Checkpoints) != 0 {
			t.Errorf("closed case: Overdue = %v, NextDue = %v, checkpoints %d", r.Overdue, r.NextDue, len(s.Checkpoints))
		}
	})
	t.Run("terminated by the centre only stops", func(t *testing.T) {
		r := clocks(t, Engine{}, Case{Events: []Event{
			ev(EventReachedUnit, mon, "A"),
			ev(EventTerminated, bkk(2026, 1, 6, 10, 0), "CENTRE"),
			ev(EventProgress, bkk(2026, 1, 6, 11, 0), "A"), // after closing: ignored
		}}, bkk(2026, 2, 20, 0, 0))
		s := r.Stints[0]
		if s.EndReason != EventTerminated {
			t.Fatalf("EndReason = %v", s.EndReason)
		}
		checkClock(t, "ack", s.Acknowledge, wantClock{state: StateStopped})
		checkClock(t, "first progress", s.FirstProgress, wantClock{state: StateStopped})
		if !s.Acknowledge.StoppedAt.Equal(bkk(2026, 1, 6, 10, 0)) {
			t.Errorf("StoppedAt = %v", s.Acknowledge.StoppedAt)
		}
	})
	t.Run("terminated by the unit is its answer", func(t *testing.T) {
		r := clocks(t, Engine{}, Case{Events: []Event{
			ev(EventReachedUnit, mon, "A"),
			ev(EventTerminated, bkk(2026, 1, 6, 10, 0), "A"),
		}}, bkk(2026, 2, 20, 0, 0))
		checkClock(t, "ack", r.Acknowledge, wantClock{state: StateMet, met: bkk(2026, 1, 6, 10, 0)})
	})
	t.Run("open across a checkpoint, completed before it is due", func(t *testing.T) {
		r := clocks(t, Engine{}, Case{Events: []Event{
			ev(EventReachedUnit, bkk(2026, 1, 2, 9, 0), "A"), // special holiday: counts from Monday
			ev(EventAcknowledged, bkk(2026, 1, 5, 9, 0), ""),
			ev(EventProgress, bkk(2026, 1, 5, 10, 0), ""),
			ev(EventProgress, bkk(2026, 1, 16, 10, 0), ""),  // misses the 15th
			ev(EventCompleted, bkk(2026, 1, 30, 15, 0), ""), // on the 30th: meets it
		}}, bkk(2026, 3, 1, 0, 0))
		cps := r.Stints[0].Checkpoints
		if len(cps) != 2 {
			t.Fatalf("checkpoints = %+v", cps)
		}
		checkClock(t, "15 Jan", cps[0], wantClock{state: StateMet, met: bkk(2026, 1, 5, 10, 0)})
		checkClock(t, "30 Jan", cps[1], wantClock{state: StateMet, met: bkk(2026, 1, 16, 10, 0)})
	})
	t.Run("closed with a checkpoint window open and no report", func(t *testing.T) {
		r := clocks(t, Engine{}, Case{Events: []Event{
			ev(EventReachedUnit, bkk(2026, 1, 5, 9, 0), "A"),
			ev(EventProgress, bkk(2026, 1, 5, 10, 0), ""),
			ev(EventReturned, bkk(2026, 1, 20, 10, 0), ""),
		}}, bkk(2026, 3, 1, 0, 0))
		cps := r.Stints[0].Checkpoints
		if len(cps) != 1 {
			t.Fatalf("checkpoints = %+v", cps)
		}
		checkClock(t, "15 Jan", cps[0], wantClock{state: StateMet, met: bkk(2026, 1, 5, 10, 0)})
	})
}

func TestWaitingForCitizen(t *testing.T) {
	mon := bkk(2026, 1, 5, 9, 0)
	start := []Event{ev(EventReachedUnit, mon, "A"), ev(EventAcknowledged, bkk(2026, 1, 5, 10, 0), "")}

	t.Run("resumed: extended by the working days waited", func(t *testing.T) {
		r := clocks(t, Engine{}, Case{Events: append(slices.Clip(start),
			ev(EventWaitingCitizen, bkk(2026, 1, 5, 11, 0), ""), // Monday
			ev(EventResumed, bkk(2026, 1, 7, 15, 0), ""),        // Wednesday: Mon and Tue lost
		)}, bkk(2026, 1, 9, 9, 0))
		// 3 + 2 working days after Monday 5 Jan: Tue, Wed, Thu, Fri, Mon 12.
		checkClock(t, "first progress", r.FirstProgress, wantClock{state: StateRunning, due: bkk(2026, 1, 13, 0, 0)})
		if r.FirstProgress.ExtensionDays != 2 || r.FirstProgress.Paused || r.Waiting {
			t.Errorf("clock = %+v, waiting %v", r.FirstProgress, r.Waiting)
		}
		checkClock(t, "ack (met before the wait)", r.Acknowledge, wantClock{state: StateMet, due: bkk(2026, 1, 7, 0, 0), met: bkk(2026, 1, 5, 10, 0)})
		if r.Overdue {
			t.Error("extended clock reported overdue")
		}
	})

	t.Run("same-day wait adds nothing", func(t *testing.T) {
		r := clocks(t, Engine{}, Case{Events: append(slices.Clip(start),
			ev(EventWaitingCitizen, bkk(2026, 1, 6, 9, 0), ""),
			ev(EventResumed, bkk(2026, 1, 6, 16, 0), ""),
		)}, bkk(2026, 1, 9, 0, 0))
		checkClock(t, "first progress", r.FirstProgress, wantClock{state: StateBreached, due: bkk(2026, 1, 9, 0, 0)})
	})

	t.Run("still waiting: paused, provisional due, not overdue", func(t *testing.T) {
		r := clocks(t, Engine{}, Case{Events: append(slices.Clip(start),
			ev(EventWaitingCitizen, bkk(2026, 1, 5, 11, 0), ""),
		)}, bkk(2026, 1, 10, 12, 0)) // Saturday, after the original due (end of Thursday)
		// Working days in [Mon 5, Sat 10) = 5: due the end of the 8th working day after 5 Jan.
		checkClock(t, "first progress", r.FirstProgress, wantClock{state: StateRunning, due: bkk(2026, 1, 16, 0, 0)})
		if !r.FirstProgress.Paused || !r.Waiting || r.Overdue {
			t.Errorf("paused %v waiting %v overdue %v", r.FirstProgress.Paused, r.Waiting, r.Overdue)
		}
		if !r.NextDue.IsZero() {
			t.Errorf("NextDue = %v: a paused clock has no due yet and the 15th checkpoint is paused too", r.NextDue)
		}
		if r.Checkpoint.Checkpoint != NewDate(2026, 1, 15) || !r.Checkpoint.Paused {
			t.Errorf("checkpoint = %+v", r.Checkpoint)
		}
	})

	t.Run("a report while waiting meets the clock", func(t *testing.T) {
		r := clocks(t, Engine{}, Case{Events: append(slices.Clip(start),
			ev(EventWaitingCitizen, bkk(2026, 1, 5, 11, 0), ""),
			ev(EventProgress, bkk(2026, 1, 12, 11, 0), ""), // after the original due
		)}, bkk(2026, 1, 12, 12, 0))
		checkClock(t, "first progress", r.FirstProgress, wantClock{state: StateMet, due: bkk(2026, 1, 16, 0, 0), met: bkk(2026, 1, 12, 11, 0)})
	})

	t.Run("a breached clock does not pause", func(t *testing.T) {
		r := clocks(t, Engine{}, Case{Events: []Event{
			ev(EventReachedUnit, mon, "A"),
			ev(EventWaitingCitizen, bkk(2026, 1, 7, 10, 0), ""), // ack was due at 00:00
		}}, bkk(2026, 1, 8, 9, 0))
		checkClock(t, "ack", r.Acknowledge, wantClock{state: StateBreached, due: bkk(2026, 1, 7, 0, 0)})
		if !r.Overdue || r.Acknowledge.Paused {
			t.Errorf("Overdue = %v, paused = %v", r.Overdue, r.Acknowledge.Paused)
		}
		if !r.FirstProgress.Paused {
			t.Error("first progress was running and should be paused")
		}
	})

	t.Run("checkpoint falling during a wait is excused", func(t *testing.T) {
		r := clocks(t, Engine{}, Case{Events: []Event{
			ev(EventReachedUnit, bkk(2025, 12, 22, 9, 0), "A"),
			ev(EventProgress, bkk(2025, 12, 23, 10, 0), ""),
			ev(EventWaitingCitizen, bkk(2026, 1, 14, 10, 0), ""),
			ev(EventResumed, bkk(2026, 1, 19, 9, 0), ""),
		}}, bkk(2026, 1, 19, 12, 0))
		cps := r.Stints[0].Checkpoints
		if len(cps) != 3 {
			t.Fatalf("checkpoints = %+v", cps)
		}
		checkClock(t, "15 Jan", cps[1], wantClock{state: StateStopped})
		if !cps[1].StoppedAt.Equal(bkk(2026, 1, 14, 10, 0)) {
			t.Errorf("StoppedAt = %v", cps[1].StoppedAt)
		}
		checkClock(t, "30 Jan", cps[2], wantClock{state: StateRunning, due: bkk(2026, 1, 31, 0, 0)})
		if r.Overdue {
			t.Error("excused checkpoint made the case overdue")
		}
	})

	t.Run("returned while waiting", func(t *testing.T) {
		r := clocks(t, Engine{}, Case{Events: append(slices.Clip(start),
			ev(EventWaitingCitizen, bkk(2026, 1, 5, 11, 0), ""),
			ev(EventReturned, bkk(2026, 1, 20, 11, 0), ""),
		)}, bkk(2026, 1, 21, 12, 0))
		checkClock(t, "first progress", r.FirstProgress, wantClock{state: StateStopped})
		if r.Waiting || r.FirstProgress.Paused {
			t.Error("a closed stint is not waiting")
		}
	})
}

func TestBESTClocks(t *testing.T) {
	arrive := bkk(2026, 1, 10, 22, 30) // Saturday night: BEST runs anyway
	tests := []struct {
		name     string
		extra    []Event
		now      time.Time
		bAck     wantClock
		bRes     wantClock
		overdue  bool
		nextDue  time.Time
		workAck  ClockState
		workProg ClockState
	}{
		{
			name: "40 minutes in",
			now:  bkk(2026, 1, 10, 23, 10),
			bAck: wantClock{state: StateRunning, due: bkk(2026, 1, 10, 23, 30)},
			bRes: wantClock{state: StateRunning, due: bkk(2026, 1, 11, 22, 30)},
			// Working-day acknowledge is due the end of Monday; BEST is sooner.
			nextDue: bkk(2026, 1, 10, 23, 30), workAck: StateRunning, workProg: StateRunning,
		},
		{
			name:    "not acknowledged within the hour",
			now:     bkk(2026, 1, 10, 23, 30),
			bAck:    wantClock{state: StateBreached, due: bkk(2026, 1, 10, 23, 30)},
			bRes:    wantClock{state: StateRunning, due: bkk(2026, 1, 11, 22, 30)},
			overdue: true, nextDue: bkk(2026, 1, 10, 23, 30), workAck: StateRunning, workProg: StateRunning,
		},
		{
			name: "acknowledged in time, result late",
			extra: []Event{
				ev(EventAcknowledged, bkk(2026, 1, 10, 23, 10), ""),
				ev(EventResultProposed, bkk(2026, 1, 11, 23, 0), ""),
			},
			now:  bkk(2026, 1, 12, 8, 0),
			bAck: wantClock{state: StateMet, due: bkk(2026, 1, 10, 23, 30), met: bkk(2026, 1, 10, 23, 10)},
			bRes: wantClock{state: StateBreached, due: bkk(2026, 1, 11, 22, 30), met: bkk(2026, 1, 11, 23, 0)},
			// Next: the 15 January checkpoint; the result report is in its window.
			nextDue: bkk(2026, 1, 31, 0, 0), workAck: StateMet, workProg: StateMet,
		},
		{
			name:    "a progress report is not the result",
			extra:   []Event{ev(EventProgress, bkk(2026, 1, 10, 23, 0), "")},
			now:     bkk(2026, 1, 11, 22, 30),
			bAck:    wantClock{state: StateMet, due: bkk(2026, 1, 10, 23, 30), met: bkk(2026, 1, 10, 23, 0)},
			bRes:    wantClock{state: StateBreached, due: bkk(2026, 1, 11, 22, 30)},
			overdue: true, nextDue: bkk(2026, 1, 11, 22, 30), workAck: StateMet, workProg: StateMet,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Case{BEST: true, Events: append([]Event{ev(EventReachedUnit, arrive, "A")}, tt.extra...)}
			r := clocks(t, Engine{}, c, tt.now)
			checkClock(t, "best_ack", r.BESTAck, tt.bAck)
			checkClock(t, "best_result", r.BESTResult, tt.bRes)
			if r.Acknowledge.State != tt.workAck || r.FirstProgress.State != tt.workProg {
				t.Errorf("working-day clocks: %v %v, want %v %v", r.Acknowledge.State, r.FirstProgress.State, tt.workAck, tt.workProg)
			}
			if r.Overdue != tt.overdue || !r.NextDue.Equal(tt.nextDue) {
				t.Errorf("Overdue = %v NextDue = %v, want %v %v", r.Overdue, r.NextDue, tt.overdue, tt.nextDue)
			}
		})
	}
}

func TestClocksInputHandling(t *testing.T) {
	events := []Event{
		ev(EventReachedUnit, bkk(2026, 1, 5, 9, 0), "A"),
		ev(EventAcknowledged, bkk(2026, 1, 5, 10, 0), ""),
		ev(EventProgress, bkk(2026, 1, 6, 10, 0), ""),
		ev(EventReachedUnit, bkk(2026, 1, 7, 9, 0), "B"),
		ev(EventAcknowledged, bkk(2026, 1, 7, 10, 0), ""),
	}
	now := bkk(2026, 1, 8, 0, 0)
	want := clocks(t, Engine{}, Case{Events: events}, now)

	t.Run("order of input does not matter", func(t *testing.T) {
		rev := slices.Clone(events)
		slices.Reverse(rev)
		got := clocks(t, Engine{}, Case{Events: rev}, now)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("reversed input gave\n%+v\nwant\n%+v", got, want)
		}
		if !reflect.DeepEqual(rev[0], events[len(events)-1]) {
			t.Error("Clocks reordered the caller's slice")
		}
	})
	t.Run("events after now are ignored", func(t *testing.T) {
		got := clocks(t, Engine{}, Case{Events: events}, bkk(2026, 1, 6, 9, 0))
		if len(got.Stints) != 1 || got.Acknowledge.State != StateMet || got.FirstProgress.State != StateRunning {
			t.Errorf("as of 6 Jan 09:00: %d stints, ack %v, progress %v", len(got.Stints), got.Acknowledge.State, got.FirstProgress.State)
		}
	})
	t.Run("no events", func(t *testing.T) {
		got := clocks(t, Engine{}, Case{}, now)
		if len(got.Stints) != 0 || got.Overdue || !got.NextDue.IsZero() || got.Acknowledge.State != StateNone {
			t.Errorf("empty case: %+v", got)
		}
	})
	t.Run("events before any unit are ignored", func(t *testing.T) {
		got := clocks(t, Engine{}, Case{Events: []Event{
			ev(EventAcknowledged, bkk(2026, 1, 5, 8, 0), ""),
			ev(EventWaitingCitizen, bkk(2026, 1, 5, 8, 10), ""),
			ev(EventReturned, bkk(2026, 1, 5, 8, 20), ""),
			ev(EventReachedUnit, bkk(2026, 1, 5, 9, 0), "A"),
		}}, now)
		if got.Acknowledge.State != StateBreached || got.Waiting {
			t.Errorf("ack %v waiting %v", got.Acknowledge.State, got.Waiting)
		}
	})
	for _, bad := range []struct {
		name string
		ev   Event
		msg  string
	}{
		{"zero time", Event{Type: EventProgress}, "no time"},
		{"unknown type", ev("closed", bkk(2026, 1, 5, 9, 0), ""), "unknown type"},
		{"reached no unit", ev(EventReachedUnit, bkk(2026, 1, 5, 9, 0), ""), "no unit"},
		{"reopened nowhere", ev(EventReopened, bkk(2026, 1, 5, 9, 0), ""), "no unit"},
	} {
		t.Run(bad.name, func(t *testing.T) {
			_, err := Engine{}.Clocks(Case{Events: []Event{bad.ev}}, now)
			if err == nil || !strings.Contains(err.Error(), bad.msg) {
				t.Errorf("err = %v, want one mentioning %q", err, bad.msg)
			}
		})
	}
}

func TestEngineUsesPolicyAndCalendar(t *testing.T) {
	slow := DefaultTargets()
	slow.AckWorkingDays = 2
	slow.CheckpointDays = nil
	pol, err := NewPolicy(DefaultTargets(), Override{Unit: "B", Category: "8", Targets: slow})
	if err != nil {
		t.Fatal(err)
	}
	cal, err := NewCalendar([]Holiday{{Date: NewDate(2031, 3, 4), NameEN: "test", Kind: SpecialHoliday}})
	if err != nil {
		t.Fatal(err)
	}
	e := Engine{Calendar: cal, Policy: pol}
	arrive := bkk(2031, 3, 3, 9, 0) // Monday; Tuesday is off in this calendar
	for _, tt := range []struct {
		unit, category string
		due            time.Time
		checkpoints    int
	}{
		{"B", "8", bkk(2031, 3, 7, 0, 0), 0}, // Wed, Thu
		{"B", "9", bkk(2031, 3, 6, 0, 0), 1}, // Wed
		{"A", "8", bkk(2031, 3, 6, 0, 0), 1},
	} {
		r := clocks(t, e, Case{Category: tt.category, Events: []Event{ev(EventReachedUnit, arrive, tt.unit)}}, bkk(2031, 3, 5, 12, 0))
		if !r.Acknowledge.Due.Equal(tt.due) {
			t.Errorf("%s/%s: ack due %v, want %v", tt.unit, tt.category, r.Acknowledge.Due, tt.due)
		}
		if n := len(r.Stints[0].Checkpoints); n != tt.checkpoints {
			t.Errorf("%s/%s: %d checkpoints, want %d", tt.unit, tt.category, n, tt.checkpoints)
		}
	}
}

func TestKindAndStateStrings(t *testing.T) {
	for k, want := range map[ClockKind]string{ClockAcknowledge: "acknowledge", ClockFirstProgress: "first_progress",
		ClockCheckpoint: "checkpoint", ClockBESTAck: "best_ack", ClockBESTResult: "best_result", 0: "ClockKind(0)", 9: "ClockKind(9)"} {
		if got := k.String(); got != want {
			t.Errorf("ClockKind %d = %q, want %q", k, got, want)
		}
	}
	for s, want := range map[ClockState]string{StateNone: "none", StateRunning: "running", StateMet: "met",
		StateBreached: "breached", StateStopped: "stopped", 9: "ClockState(9)"} {
		if got := s.String(); got != want {
			t.Errorf("ClockState %d = %q, want %q", s, got, want)
		}
	}
	if EventType("x").Known() || !EventResumed.Known() {
		t.Error("Known wrong")
	}
}
