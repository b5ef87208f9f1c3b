package traffy

import "strings"

// State is the life-cycle state of a Traffy ticket, as shown on the platform.
type State uint8

// The five states of a Traffy ticket. The zero value is StateUnknown, which a valid
// [Record] never carries.
const (
	StateUnknown    State = iota
	StatePending          // รอรับเรื่อง: waiting for the responsible unit to accept it
	StateInProgress       // กำลังดำเนินการ: accepted and being worked on
	StateForwarded        // ส่งต่อ: passed on to another unit
	StateFinished         // เสร็จสิ้น: closed as done
	StateIrrelevant       // ไม่เกี่ยวข้อง: closed as not a matter for the city
)

var stateNames = [...]struct{ en, th string }{
	StateUnknown:    {"unknown", ""},
	StatePending:    {"pending", "รอรับเรื่อง"},
	StateInProgress: {"in_progress", "กำลังดำเนินการ"},
	StateForwarded:  {"forwarded", "ส่งต่อ"},
	StateFinished:   {"finished", "เสร็จสิ้น"},
	StateIrrelevant: {"irrelevant", "ไม่เกี่ยวข้อง"},
}

// String returns the English name: pending, in_progress, forwarded, finished, irrelevant.
func (s State) String() string {
	if int(s) < len(stateNames) {
		return stateNames[s].en
	}
	return "unknown"
}

// Thai returns the label used by the platform, e.g. "เสร็จสิ้น"; "" for StateUnknown.
func (s State) Thai() string {
	if int(s) < len(stateNames) {
		return stateNames[s].th
	}
	return ""
}

// ParseState reads a state as written in the exports (Thai) or as returned by
// [State.String] (English), ignoring surrounding space. The search-API dump also writes
// "ส่งต่อ(ใหม่)" ("forwarded (new)") for a ticket just handed to another unit; it is
// StateForwarded like plain "ส่งต่อ".
func ParseState(s string) (State, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return StateUnknown, false
	}
	if strings.HasPrefix(s, "ส่งต่อ") {
		// Only the bare word or a parenthesised note such as "(ใหม่)" may follow, so that
		// an unrelated longer word is not taken for a state.
		rest := strings.TrimSpace(strings.TrimPrefix(s, "ส่งต่อ"))
		if rest == "" || strings.HasPrefix(rest, "(") && strings.HasSuffix(rest, ")") {
			return StateForwarded, true
		}
		return StateUnknown, false
	}
	for st := StatePending; int(st) < len(stateNames); st++ {
		if s == stateNames[st].th || s == stateNames[st].en {
			return st, true
		}
	}
	return StateUnknown, false
}

// CaseStatus is the status of a case in rongtook's own workflow.
type CaseStatus string

// rongtook's case statuses.
const (
	CaseNew          CaseStatus = "new"
	CaseForwarded    CaseStatus = "forwarded"
	CaseAcknowledged CaseStatus = "acknowledged"
	CaseInProgress   CaseStatus = "in_progress"
	CaseCompleted    CaseStatus = "completed"
	CaseTerminated   CaseStatus = "terminated"
)

// CaseStatus maps a Traffy state onto rongtook's case status:
//
//	รอรับเรื่อง (pending)        → forwarded   the platform has already routed the ticket to a
//	                                         unit, which has not accepted it yet
//	ส่งต่อ (forwarded)          → forwarded   routed again, again waiting for acceptance
//	กำลังดำเนินการ (in_progress) → in_progress
//	เสร็จสิ้น (finished)         → completed
//	ไม่เกี่ยวข้อง (irrelevant)    → terminated  closed without the work being done
//
// Nothing maps to new (a Traffy ticket is routed the moment it is filed) or to
// acknowledged (Traffy has no separate "accepted but not started" state: accepting a
// ticket moves it straight to กำลังดำเนินการ). StateUnknown maps to "".
func (s State) CaseStatus() CaseStatus {
	switch s {
	case StatePending, StateForwarded:
		return CaseForwarded
	case StateInProgress:
		return CaseInProgress
	case StateFinished:
		return CaseCompleted
	case StateIrrelevant:
		return CaseTerminated
	}
	return ""
}
