package sla

import "time"

// SuccessTarget is the target of the success-level indicator, in percent (seed 001).
const SuccessTarget = 100.0

// Share is how many of the deadlines that were decided were met. Deadlines still
// running, or stopped because the case left the unit before they fell due, are in
// neither number: they say nothing yet about the unit.
type Share struct {
	Met int // met in time
	Due int // met in time + breached
}

// Percent returns 100·Met/Due, and false when nothing was due (the share is then
// undefined, not 0 % and not 100 %).
func (s Share) Percent() (float64, bool) {
	if s.Due == 0 {
		return 0, false
	}
	return 100 * float64(s.Met) / float64(s.Due), true
}

func (s *Share) add(c Clock) {
	switch c.State {
	case StateMet:
		s.Met++
		s.Due++
	case StateBreached:
		s.Due++
	}
}

// SuccessLevel is the success-level indicator of seed 001 (ระดับความสำเร็จในการจัดการเรื่อง
// ที่ได้รับแจ้งจากประชาชน) for one set of stints, usually one unit's, over one period.
type SuccessLevel struct {
	// Received counts the stints that started in the period: cases that reached the
	// unit, a reopened case counting again.
	Received int
	// Acknowledge: of the received, acknowledged within the target (1 working day).
	Acknowledge Share
	// FirstProgress: of the received, first progress report within the target (3 days).
	FirstProgress Share
	// Checkpoints: 15th/30th checkpoints whose nominal date is in the period, of any
	// stint given (also cases received earlier and still open), that were met.
	Checkpoints Share
	// Completed and Terminated count the received stints that ended with the case
	// completed, or ended with a reason (ยุติเรื่อง).
	Completed  int
	Terminated int
	// BESTAcknowledge and BESTResult are the urgent-case shares over received BEST
	// stints. They are reported beside the indicator, not inside Overall, because seed
	// 001 defines the indicator without them.
	BESTAcknowledge Share
	BESTResult      Share
}

// Measure computes the success level of the stints in [from, to) (usually a Period's
// Start and End) from clocks computed by Engine.Clocks as of the report date. Pass all
// stints of the unit that were open at some time in the period: Received and the
// acknowledge and first-progress shares only use those that started in the period,
// while checkpoints are counted by their date, whenever the case arrived.
func Measure(stints []Stint, from, to time.Time) SuccessLevel {
	var sl SuccessLevel
	for _, s := range stints {
		if !s.Start.Before(from) && s.Start.Before(to) {
			sl.Received++
			sl.Acknowledge.add(s.Acknowledge)
			sl.FirstProgress.add(s.FirstProgress)
			sl.BESTAcknowledge.add(s.BESTAck)
			sl.BESTResult.add(s.BESTResult)
			switch s.EndReason {
			case EventCompleted:
				sl.Completed++
			case EventTerminated:
				sl.Terminated++
			}
		}
		for _, cp := range s.Checkpoints {
			if day := cp.Checkpoint.Start(); !day.Before(from) && day.Before(to) {
				sl.Checkpoints.add(cp)
			}
		}
	}
	return sl
}

// Overall returns the success level in percent: the mean of the acknowledge,
// first-progress and checkpoint percentages, over those of the three that had anything
// due; false when none had.
//
// Why the mean of the three shares: seed 001 defines the indicator by three separate
// calculation rules (acknowledge in 1 day, progress in 3 days, reports on the 15th and
// 30th) against one 100 % target, so each rule weighs the same. Pooling all deadlines
// would let checkpoints, of which a long case has many, drown the other two; an
// all-or-nothing share per case would mix cases received in the period with
// checkpoints of older cases and hide which rule failed. With a 100 % target the
// choice only matters below target: Overall is 100 exactly when every decided
// deadline of every rule was met, which is what the target asks.
func (sl SuccessLevel) Overall() (float64, bool) {
	sum, n := 0.0, 0
	for _, s := range [...]Share{sl.Acknowledge, sl.FirstProgress, sl.Checkpoints} {
		if p, ok := s.Percent(); ok {
			sum += p
			n++
		}
	}
	if n == 0 {
		return 0, false
	}
	return sum / float64(n), true
}

// MeetsTarget reports whether Overall reaches SuccessTarget. A period with nothing due
// does not meet it: there is nothing to show.
func (sl SuccessLevel) MeetsTarget() bool {
	p, ok := sl.Overall()
	return ok && p >= SuccessTarget
}
