package api

import (
	"time"

	"github.com/rongtook/rongtook/internal/app"
	"github.com/rongtook/rongtook/internal/cases"
	"github.com/rongtook/rongtook/internal/reference"
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
	AllowedActions []cases.Action     `json:"allowed_actions,omitempty"`
}

func caseOut(ref *reference.Data, c cases.Case) caseJSON {
	out := caseJSON{
		Receipt: c.Receipt, Version: c.Version, Channel: c.Channel, Kind: c.Kind, Description: c.Description, Location: c.Location,
		CitizenID: c.CitizenID, Anonymous: c.Anonymous, Confidential: c.Confidential, BEST: c.BEST, UnitCode: c.UnitCode,
		SectionCode: c.SectionCode, OfficerID: c.OfficerID, Status: c.Status, StatusTH: cases.StatusTH(c.Status), Result: c.Result,
		Termination: c.Termination, Source: c.Source, SourceRef: c.SourceRef, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt,
		ReachedUnitAt: c.ReachedUnitAt, AcknowledgedAt: c.AcknowledgedAt, ClosedAt: c.ClosedAt,
	}
	if cat, ok := ref.Category(c.CategoryCode); ok {
		out.Category = nameJSON{cat.Code, cat.NameTH, cat.NameEN}
	}
	if d, ok := ref.District(c.Location.DistrictCode); ok {
		out.District = &nameJSON{d.Code, d.NameTH, d.NameEN}
	}
	return out
}

func caseViewOut(ref *reference.Data, v app.CaseView) caseJSON {
	out := caseOut(ref, v.Case)
	if v.Citizen != nil {
		out.Citizen = citizenOut(*v.Citizen)
	}
	out.AllowedActions = v.Actions
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
