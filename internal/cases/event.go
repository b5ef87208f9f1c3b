package cases

import "time"

// EventType names what happened to a case.
type EventType string

const (
	EventCreated        EventType = "created"
	EventForwarded      EventType = "forwarded"
	EventAcknowledged   EventType = "acknowledged"
	EventAssigned       EventType = "assigned"
	EventProgress       EventType = "progress"
	EventResultProposed EventType = "result_proposed"
	EventApproved       EventType = "approved"
	EventSentBack       EventType = "sent_back"
	EventTerminated     EventType = "terminated"
	EventReturned       EventType = "returned"
	EventReopened       EventType = "reopened"
	EventNote           EventType = "note"
	EventImported       EventType = "imported"
	EventWaitingCitizen EventType = "waiting_citizen"
	EventResumed        EventType = "resumed"
	EventReminder       EventType = "reminder"
	// On a duplicate: linked to (or unlinked from) the original named in Text.
	EventLinkedDuplicate   EventType = "linked_duplicate"
	EventUnlinkedDuplicate EventType = "unlinked_duplicate"
	// On the original: a duplicate (named in Text) was linked to it or unlinked.
	EventDuplicateLinked   EventType = "duplicate_linked"
	EventDuplicateUnlinked EventType = "duplicate_unlinked"
)

// Event is one entry of a case's append-only timeline: who did what, when and why. Events
// are written in the same transaction as the change they record and never altered.
type Event struct {
	ID          int64
	CaseID      int64
	Seq         int // 1, 2, … within the case
	Type        EventType
	At          time.Time
	ActorID     int64 // 0 for the system
	ActorName   string
	ActorRole   string
	ActorUnit   string
	FromStatus  Status
	ToStatus    Status
	UnitCode    string // the unit the case went to (forward, return) or is with
	SectionCode string
	OfficerID   int64
	Text        string
	Reason      string
	Public      bool // visible to the citizen
	Result      *Result
}
