package api

import (
	"time"

	"github.com/rongtook/rongtook/internal/app"
	"github.com/rongtook/rongtook/internal/cases"
	"github.com/rongtook/rongtook/internal/reference"
	"github.com/rongtook/rongtook/internal/sla"
	"github.com/rongtook/rongtook/internal/store"
)

type nameJSON struct {
	Code   int    `json:"code"`
	NameTH string `json:"name_th"`
	NameEN string `json:"name_en"`
}

type citizenJSON struct {
	ID    int64  `json:"id"`
	Name  string `json:"name,omitempty"`
	Phone string `json:"phone,omitempty"`
	Email string `json:"email,omitempty"`
}

type caseJSON struct {
	Receipt        string             `json:"receipt"`
	Version        int                `json:"version"`
	Channel        string             `json:"channel"`
	Kind           string             `json:"kind"`
	Category       nameJSON           `json:"category"`
	Description    string             `json:"description"`
	Location       cases.Location     `json:"location"`
	District       *nameJSON          `json:"district,omitempty"`
	CitizenID      int64              `json:"citizen_id,omitempty"`
	Citizen        *citizenJSON       `json:"citizen,omitempty"`
	Anonymous      bool               `json:"anonymous"`
	Confidential   bool               `json:"confidential"`
	BEST           bool               `json:"best"`
	UnitCode       string             `json:"unit_code"`
	SectionCode    string             `json:"section_code,omitempty"`
	OfficerID      int64              `json:"officer_id,omitempty"`
	Status         cases.Status       `json:"status"`
	StatusTH       string             `json:"status_th"`
	Result         *cases.Result      `json:"result,omitempty"`
	Termination    *cases.Termination `json:"termination,omitempty"`
	Source         string             `json:"source,omitempty"`
	SourceRef      string             `json:"source_ref,omitempty"`
	CreatedAt      time.Time          `json:"created_at"`
	UpdatedAt      time.Time          `json:"updated_at"`
	ReachedUnitAt  *time.Time         `json:"reached_unit_at,omitempty"`
	AcknowledgedAt *time.Time         `json:"acknowledged_at,omitempty"`
	ClosedAt       *time.Time         `json:"closed_at,omitempty"`
	NextDueAt      *time.Time         `json:"next_due_at,omitempty"`
	Overdue        bool               `json:"overdue"`
	WaitingCitizen bool               `json:"waiting_citizen"`
	Rating         int                `json:"rating,omitempty"`
	ReopenCount    int                `json:"reopen_count"`
	Deadlines      *deadlinesJSON     `json:"deadlines,omitempty"`
	AllowedActions []cases.Action     `json:"allowed_actions,omitempty"`
	// Search is where the query's words were found, in a list with ?q=.
	Search *searchHitJSON `json:"search,omitempty"`
	// PossibleDuplicates are open cases that may be the same problem, in the answer to
	// taking in a case.
	PossibleDuplicates []duplicateJSON `json:"possible_duplicates,omitempty"`
}

// caseOut shapes a case for clients; now decides whether its next deadline has passed.
func caseOut(ref *reference.Data, c cases.Case, now time.Time) caseJSON {
	out := caseJSON{
		Receipt: c.Receipt, Version: c.Version, Channel: c.Channel, Kind: c.Kind, Description: c.Description, Location: c.Location,
		CitizenID: c.CitizenID, Anonymous: c.Anonymous, Confidential: c.Confidential, BEST: c.BEST, UnitCode: c.UnitCode,
		SectionCode: c.SectionCode, OfficerID: c.OfficerID, Status: c.Status, StatusTH: cases.StatusTH(c.Status), Result: c.Result,
		Termination: c.Termination, Source: c.Source, SourceRef: c.SourceRef, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt,
		ReachedUnitAt: c.ReachedUnitAt, AcknowledgedAt: c.AcknowledgedAt, ClosedAt: c.ClosedAt,
		NextDueAt: c.NextDueAt, Overdue: c.NextDueAt != nil && c.NextDueAt.Before(now), WaitingCitizen: c.WaitingCitizen,
		Rating: c.Rating, ReopenCount: c.ReopenCount,
	}
	if cat, ok := ref.Category(c.CategoryCode); ok {
		out.Category = nameJSON{cat.Code, cat.NameTH, cat.NameEN}
	}
	if d, ok := ref.District(c.Location.DistrictCode); ok {
		out.District = &nameJSON{d.Code, d.NameTH, d.NameEN}
	}
	return out
}

func caseViewOut(ref *reference.Data, v app.CaseView, now time.Time) caseJSON {
	out := caseOut(ref, v.Case, now)
	if v.Citizen != nil {
		out.Citizen = citizenOut(*v.Citizen)
	}
	out.AllowedActions = v.Actions
	if v.Deadlines != nil {
		out.Deadlines = deadlinesOut(*v.Deadlines)
	}
	return out
}

func citizenOut(c store.Citizen) *citizenJSON {
	return &citizenJSON{ID: c.ID, Name: c.Name, Phone: c.Phone, Email: c.Email}
}

type eventJSON struct {
	Seq         int             `json:"seq,omitempty"`
	Type        cases.EventType `json:"type"`
	At          time.Time       `json:"at"`
	ActorID     int64           `json:"actor_id,omitempty"`
	ActorName   string          `json:"actor_name"`
	ActorRole   string          `json:"actor_role,omitempty"`
	ActorUnit   string          `json:"actor_unit,omitempty"`
	FromStatus  cases.Status    `json:"from_status,omitempty"`
	ToStatus    cases.Status    `json:"to_status,omitempty"`
	UnitCode    string          `json:"unit_code,omitempty"`
	SectionCode string          `json:"section_code,omitempty"`
	OfficerID   int64           `json:"officer_id,omitempty"`
	Text        string          `json:"text,omitempty"`
	Reason      string          `json:"reason,omitempty"`
	Public      bool            `json:"public"`
	Result      *cases.Result   `json:"result,omitempty"`
}

func eventOut(e cases.Event) eventJSON {
	return eventJSON{Seq: e.Seq, Type: e.Type, At: e.At, ActorID: e.ActorID, ActorName: e.ActorName, ActorRole: e.ActorRole,
		ActorUnit: e.ActorUnit, FromStatus: e.FromStatus, ToStatus: e.ToStatus, UnitCode: e.UnitCode, SectionCode: e.SectionCode,
		OfficerID: e.OfficerID, Text: e.Text, Reason: e.Reason, Public: e.Public, Result: e.Result}
}

type clockJSON struct {
	Kind          string     `json:"kind"`
	Unit          string     `json:"unit,omitempty"`
	State         string     `json:"state"`
	Start         *time.Time `json:"start,omitempty"`
	Due           *time.Time `json:"due,omitempty"`
	MetAt         *time.Time `json:"met_at,omitempty"`
	StoppedAt     *time.Time `json:"stopped_at,omitempty"`
	Paused        bool       `json:"paused,omitempty"`
	ExtensionDays int        `json:"extension_days,omitempty"`
	Overdue       bool       `json:"overdue"`
}

type deadlinesJSON struct {
	Clocks  []clockJSON `json:"clocks"`
	NextDue *time.Time  `json:"next_due,omitempty"`
	Overdue bool        `json:"overdue"`
	Waiting bool        `json:"waiting"`
	Stints  int         `json:"stints"`
}

func optTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

func deadlinesOut(d app.Deadlines) *deadlinesJSON {
	r := d.Result
	out := &deadlinesJSON{NextDue: optTime(r.NextDue), Overdue: r.Overdue, Waiting: r.Waiting, Stints: len(r.Stints), Clocks: []clockJSON{}}
	for _, c := range []sla.Clock{r.Acknowledge, r.FirstProgress, r.Checkpoint, r.BESTAck, r.BESTResult} {
		if c.State == sla.StateNone {
			continue
		}
		out.Clocks = append(out.Clocks, clockJSON{Kind: c.Kind.String(), Unit: c.Unit, State: c.State.String(), Start: optTime(c.Start),
			Due: optTime(c.Due), MetAt: optTime(c.MetAt), StoppedAt: optTime(c.StoppedAt), Paused: c.Paused,
			ExtensionDays: c.ExtensionDays, Overdue: c.Overdue()})
	}
	return out
}
