package sla

import (
	"math"
	"testing"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func cp(nominal Date, s ClockState) Clock {
	return Clock{Kind: ClockCheckpoint, State: s, Checkpoint: nominal}
}

func st(s ClockState) Clock { return Clock{State: s} }

// TestMeasureHandFixture: stints with hand-set clock states, and the counts worked out
// by hand in the comments.
func TestMeasureHandFixture(t *testing.T) {
	q, err := ParsePeriod("2569-Q2") // January–March 2026
	if err != nil {
		t.Fatal(err)
	}
	d := NewDate
	stints := []Stint{
		{ // s1: received, all met, completed
			Start: bkk(2026, 1, 5, 9, 0), EndReason: EventCompleted,
			Acknowledge: st(StateMet), FirstProgress: st(StateMet),
			Checkpoints: []Clock{cp(d(2026, 1, 15), StateMet), cp(d(2026, 1, 30), StateMet)},
		},
		{ // s2: late acknowledge, one checkpoint missed, then returned
			Start: bkk(2026, 1, 10, 9, 0), EndReason: EventReturned,
			Acknowledge: st(StateBreached), FirstProgress: st(StateMet),
			Checkpoints: []Clock{cp(d(2026, 1, 15), StateBreached), cp(d(2026, 1, 30), StateStopped)},
		},
		{ // s3: progress late, open
			Start:       bkk(2026, 2, 2, 9, 0),
			Acknowledge: st(StateMet), FirstProgress: st(StateBreached),
			Checkpoints: []Clock{cp(d(2026, 2, 15), StateMet), cp(d(2026, 2, 28), StateRunning)},
		},
		{ // s4: arrived on the last day, nothing decided yet
			Start:       bkk(2026, 3, 31, 23, 0),
			Acknowledge: st(StateRunning), FirstProgress: st(StateRunning),
		},
		{ // s5: received in the previous quarter: only its checkpoints in the period count
			Start: bkk(2025, 12, 20, 9, 0), EndReason: EventCompleted,
			Acknowledge: st(StateMet), FirstProgress: st(StateMet),
			Checkpoints: []Clock{cp(d(2025, 12, 30), StateBreached), cp(d(2026, 1, 15), StateMet), cp(d(2026, 1, 30), StateBreached)},
		},
		{ // s6: arrived at the first instant of the next quarter: not counted
			Start:       bkk(2026, 4, 1, 0, 0),
			Acknowledge: st(StateMet), FirstProgress: st(StateMet),
			Checkpoints: []Clock{cp(d(2026, 4, 15), StateMet)},
		},
		{ // s7: BEST, terminated by the unit
			Start: bkk(2026, 3, 1, 2, 0), EndReason: EventTerminated,
			Acknowledge: st(StateMet), FirstProgress: st(StateStopped),
			BESTAck: st(StateMet), BESTResult: st(StateBreached),
		},
	}
	got := Measure(stints, q.Start(), q.End())
	want := SuccessLevel{
		Received:        5,                     // s1 s2 s3 s4 s7
		Acknowledge:     Share{Met: 3, Due: 4}, // s1 s3 s7 met, s2 breached, s4 undecided
		FirstProgress:   Share{Met: 2, Due: 3}, // s1 s2 met, s3 breached; s4 running, s7 stopped
		Checkpoints:     Share{Met: 4, Due: 6}, // s1 2/2, s2 0/1, s3 1/1, s5 1/2
		Completed:       1,                     // s1 (s5 was received earlier)
		Terminated:      1,                     // s7
		BESTAcknowledge: Share{Met: 1, Due: 1},
		BESTResult:      Share{Met: 0, Due: 1},
	}
	if got != want {
		t.Fatalf("Measure =\n%+v\nwant\n%+v", got, want)
	}
	overall, ok := got.Overall()
	if !ok || !near(overall, (75+200.0/3+200.0/3)/3) { // 69.44 %
		t.Errorf("Overall = %v, %v; want 69.44", overall, ok)
	}
	if got.MeetsTarget() {
		t.Error("69 % meets a 100 % target")
	}
	if p, ok := got.Acknowledge.Percent(); !ok || p != 75 {
		t.Errorf("Acknowledge.Percent = %v, %v", p, ok)
	}
}

func TestMeasureEdges(t *testing.T) {
	if _, ok := (Share{}).Percent(); ok {
		t.Error("an empty share has a percentage")
	}
	empty := Measure(nil, bkk(2026, 1, 1, 0, 0), bkk(2026, 2, 1, 0, 0))
	if _, ok := empty.Overall(); ok || empty.MeetsTarget() {
		t.Error("nothing due should be neither a success nor a failure")
	}

	all := Measure([]Stint{{
		Start: bkk(2026, 1, 5, 9, 0), Acknowledge: st(StateMet), FirstProgress: st(StateMet),
		Checkpoints: []Clock{cp(NewDate(2026, 1, 15), StateMet)},
	}}, bkk(2026, 1, 1, 0, 0), bkk(2026, 2, 1, 0, 0))
	if p, ok := all.Overall(); !ok || p != SuccessTarget || !all.MeetsTarget() {
		t.Errorf("all met: Overall = %v, %v", p, ok)
	}

	// Only the shares with something due are averaged.
	partial := SuccessLevel{Acknowledge: Share{1, 2}, Checkpoints: Share{1, 1}}
	if p, _ := partial.Overall(); p != 75 {
		t.Errorf("Overall over two shares = %v, want 75", p)
	}

	// A period ending inside a day includes that day's checkpoint.
	sl := Measure([]Stint{{Start: bkk(2025, 1, 1, 0, 0), Checkpoints: []Clock{cp(NewDate(2026, 3, 31), StateMet)}}},
		bkk(2026, 3, 1, 0, 0), bkk(2026, 3, 31, 12, 0))
	if sl.Checkpoints != (Share{1, 1}) {
		t.Errorf("Checkpoints = %+v", sl.Checkpoints)
	}
}

// TestMeasureFromClocks runs three cases through the engine and measures January 2026.
func TestMeasureFromClocks(t *testing.T) {
	cases := []Case{
		{Events: []Event{ // A: everything on time, completed
			ev(EventReachedUnit, bkk(2026, 1, 5, 9, 0), "U"),
			ev(EventAcknowledged, bkk(2026, 1, 5, 10, 0), ""),
			ev(EventProgress, bkk(2026, 1, 7, 10, 0), ""),
			ev(EventProgress, bkk(2026, 1, 14, 10, 0), ""),
			ev(EventCompleted, bkk(2026, 1, 20, 10, 0), ""),
		}},
		{Events: []Event{ // B: acknowledged late, never reports
			ev(EventReachedUnit, bkk(2026, 1, 6, 9, 0), "U"),
			ev(EventAcknowledged, bkk(2026, 1, 8, 9, 0), ""),
		}},
		{Events: []Event{ // C: on time, the 30 January checkpoint met by the first report
			ev(EventReachedUnit, bkk(2026, 1, 26, 9, 0), "U"),
			ev(EventAcknowledged, bkk(2026, 1, 26, 10, 0), ""),
			ev(EventProgress, bkk(2026, 1, 27, 10, 0), ""),
		}},
	}
	now := bkk(2026, 2, 5, 12, 0)
	var stints []Stint
	for _, c := range cases {
		stints = append(stints, clocks(t, Engine{}, c, now).Stints...)
	}
	m, err := ParsePeriod("2569-01")
	if err != nil {
		t.Fatal(err)
	}
	got := Measure(stints, m.Start(), m.End())
	want := SuccessLevel{
		Received:      3,
		Acknowledge:   Share{Met: 2, Due: 3}, // B late
		FirstProgress: Share{Met: 2, Due: 3}, // B none by the end of 9 January
		Checkpoints:   Share{Met: 2, Due: 4}, // A 15th met; B 15th and 30th missed; C 30th met
		Completed:     1,
	}
	if got != want {
		t.Fatalf("Measure =\n%+v\nwant\n%+v", got, want)
	}
	if p, _ := got.Overall(); !near(p, (200.0/3+200.0/3+50)/3) {
		t.Errorf("Overall = %v, want 61.11", p)
	}
	// The same stints measured in February: nothing received, B's 15 February
	// checkpoint not yet due on the 5th.
	feb := m.Next()
	if got := Measure(stints, feb.Start(), feb.End()); got != (SuccessLevel{}) {
		t.Errorf("February = %+v, want nothing", got)
	}
}
