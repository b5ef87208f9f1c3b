package sla

import (
	"testing"
	"time"
)

// yearCase is a case open for a year at two units: acknowledged, a progress report
// about every ten days, a wait for the citizen every other month, forwarded once.
func yearCase() Case {
	start := bkk(2026, 1, 5, 9, 0)
	evs := []Event{
		ev(EventReachedUnit, start, "A"),
		ev(EventAcknowledged, start.Add(time.Hour), ""),
	}
	for d := 1; d < 365; d++ {
		at := start.AddDate(0, 0, d)
		switch {
		case d == 40:
			evs = append(evs, ev(EventReachedUnit, at, "B"), ev(EventAcknowledged, at.Add(2*time.Hour), ""))
		case d%60 == 20:
			evs = append(evs, ev(EventWaitingCitizen, at, ""))
		case d%60 == 27:
			evs = append(evs, ev(EventResumed, at, ""))
		case d%10 == 0:
			evs = append(evs, ev(EventProgress, at, ""))
		}
	}
	return Case{Category: "6", BEST: true, Events: evs}
}

func BenchmarkClocks(b *testing.B) {
	c := yearCase()
	now := bkk(2027, 1, 10, 12, 0)
	e := Engine{Calendar: DefaultCalendar()}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.Clocks(c, now); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(c.Events)), "events/case")
}

func BenchmarkDue(b *testing.B) {
	cal := DefaultCalendar()
	at := bkk(2026, 4, 3, 17, 0)
	for b.Loop() {
		cal.Due(at, 3)
	}
}

func BenchmarkMeasure(b *testing.B) {
	r, err := Engine{}.Clocks(yearCase(), bkk(2027, 1, 10, 12, 0))
	if err != nil {
		b.Fatal(err)
	}
	stints := make([]Stint, 0, 10000)
	for len(stints) < cap(stints) {
		stints = append(stints, r.Stints...)
	}
	q, _ := ParsePeriod("2569-Q3")
	for b.Loop() {
		Measure(stints, q.Start(), q.End())
	}
}

// TestYearCaseSane keeps the benchmark's fixture honest: it must exercise forwarding,
// waits and many checkpoints, or the benchmark measures nothing.
func TestYearCaseSane(t *testing.T) {
	r := clocks(t, Engine{}, yearCase(), bkk(2027, 1, 10, 12, 0))
	if len(r.Stints) != 2 {
		t.Fatalf("stints = %d, want 2", len(r.Stints))
	}
	b := r.Stints[1]
	if len(b.Checkpoints) < 20 {
		t.Errorf("only %d checkpoints", len(b.Checkpoints))
	}
	met, stopped := 0, 0
	for _, c := range b.Checkpoints {
		switch c.State {
		case StateMet:
			met++
		case StateStopped:
			stopped++
		}
	}
	if met == 0 || stopped == 0 {
		t.Errorf("checkpoints met %d, excused %d: fixture does not exercise both", met, stopped)
	}
}
