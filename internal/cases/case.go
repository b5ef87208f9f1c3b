// Package cases is the domain at the centre of rongtook: the case, its statuses and the
// actions that move it, the events of its timeline, and receipt numbers. It does no I/O;
// storage and authorisation live elsewhere and call in here.
package cases

import (
	"time"
)

// Status is where a case stands in its life.
type Status string

const (
	StatusNew              Status = "new"               // received, not yet sent to a unit
	StatusForwarded        Status = "forwarded"         // sent to a unit, not yet acknowledged
	StatusAcknowledged     Status = "acknowledged"      // the unit has accepted it (รับเรื่อง)
	StatusInProgress       Status = "in_progress"       // the unit reported progress
	StatusAwaitingApproval Status = "awaiting_approval" // answer drafted, waiting for the unit head
	StatusCompleted        Status = "completed"         // finished, answer approved
	StatusTerminated       Status = "terminated"        // ended with a reason (ยุติเรื่อง)
	StatusReturned         Status = "returned"          // sent back to the centre as not this unit's
)

// Statuses lists every status in life-cycle order.
var Statuses = []Status{StatusNew, StatusForwarded, StatusAcknowledged, StatusInProgress, StatusAwaitingApproval, StatusCompleted, StatusTerminated, StatusReturned}

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	for _, x := range Statuses {
		if x == s {
			return true
		}
	}
	return false
}

// Closed reports whether the case is finished (completed or terminated).
func (s Status) Closed() bool { return s == StatusCompleted || s == StatusTerminated }

// Case is the current state of one matter reported by a citizen. Its history is the
// timeline of Events; Version increases with every change and guards concurrent updates.
type Case struct {
	ID             int64
	Receipt        string
	Channel        string
	Kind           string
	CategoryCode   int
	Description    string
	Location       Location
	CitizenID      int64 // 0 when the citizen gave no profile
	Anonymous      bool
	Confidential   bool
	BEST           bool
	UnitCode       string // the unit responsible now
	SectionCode    string
	OfficerID      int64
	Status         Status
	Result         *Result
	Termination    *Termination
	Source         string // where an imported case came from, e.g. "traffy"
	SourceRef      string // its id there; (Source, SourceRef) is unique
	CreatedBy      int64
	CreatedAt      time.Time
	UpdatedAt      time.Time
	ReachedUnitAt  *time.Time // when it last reached its current unit
	AcknowledgedAt *time.Time
	ClosedAt       *time.Time
	// NextDueAt is the earliest deadline the responsible unit still owes, nil when none
	// (see internal/sla); the application recomputes it with every change.
	NextDueAt   *time.Time
	Rating      int // the citizen's rating of the outcome, 1–5; 0 when not rated
	ReopenCount int
	// WaitingCitizen is set while the unit waits for the citizen (documents, access to the
	// site); working-day deadlines pause meanwhile.
	WaitingCitizen bool
	Version        int
}

// Location is where the problem is. Lat and Lon are nil when the citizen gave no point.
type Location struct {
	Lat          *float64 `json:"lat,omitempty"`
	Lon          *float64 `json:"lon,omitempty"`
	Address      string   `json:"address,omitempty"`
	DistrictCode int      `json:"district_code,omitempty"`
}

// Result is the outcome proposed by the unit and, once approved, told to the citizen.
type Result struct {
	Type string `json:"type"`
	Text string `json:"text"`
	Law  string `json:"law,omitempty"`
}

// Termination is why a case was ended without a result.
type Termination struct {
	Reason string `json:"reason"`
	Text   string `json:"text,omitempty"`
}

// Open reports whether the case still needs work.
func (c *Case) Open() bool { return !c.Status.Closed() }
