package cases

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rongtook/rongtook/internal/apperr"
)

// Action is something staff do to a case; each is one endpoint of the API.
type Action string

const (
	ActForward       Action = "forward"
	ActAcknowledge   Action = "acknowledge"
	ActAssign        Action = "assign"
	ActProgress      Action = "progress"
	ActProposeResult Action = "propose_result"
	ActApprove       Action = "approve"
	ActSendBack      Action = "send_back"
	ActTerminate     Action = "terminate"
	ActReturn        Action = "return"
	ActReopen        Action = "reopen"
	ActNote          Action = "note"
	ActAwaitCitizen  Action = "await_citizen"
	ActResume        Action = "resume"
	// ActLinkDuplicate closes the case as a duplicate of another (Command.Of); its citizen
	// follows the original. ActUnlinkDuplicate undoes it.
	ActLinkDuplicate   Action = "link_duplicate"
	ActUnlinkDuplicate Action = "unlink_duplicate"
)

// Actions lists every action.
var Actions = []Action{ActForward, ActAcknowledge, ActAssign, ActProgress, ActProposeResult, ActApprove, ActSendBack, ActTerminate, ActReturn, ActReopen, ActNote, ActAwaitCitizen, ActResume, ActLinkDuplicate, ActUnlinkDuplicate}

// ParseAction returns the action named s.
func ParseAction(s string) (Action, bool) {
	for _, a := range Actions {
		if string(a) == s {
			return a, true
		}
	}
	return "", false
}

// Result types: what the unit did, in words the citizen can be told.
var ResultTypes = []string{"fixed", "forwarded_outside", "no_fault_found", "warned", "prosecuted", "not_bma_authority", "law_prevents", "other"}

// Termination reasons. anonymous_no_evidence is the cabinet resolution of 22 Dec 1998:
// an anonymous complaint with no evidence and no witness may be ended.
var TerminationReasons = []string{"anonymous_no_evidence", "duplicate", "withdrawn", "outside_authority", "other"}

// Limits on free text, in characters (runes): long enough for any real complaint, short
// enough that a paste accident or an attack cannot fill the database.
const (
	MaxDescription = 10000
	MaxText        = 5000
	MaxShort       = 500
)

// Command carries an action and its fields.
type Command struct {
	Action            Action
	UnitCode          string // forward
	SectionCode       string // forward, assign
	OfficerID         int64  // assign
	Text              string // progress, note, propose_result (result text), terminate
	Reason            string // forward, send_back, return, reopen
	Public            bool   // note: visible to the citizen
	ResultType        string // propose_result
	Law               string // propose_result with law_prevents
	TerminationReason string // terminate
	Of                string // link_duplicate, unlink_duplicate: the original's receipt number
}

// Actor is who performs an action, as recorded on the timeline.
type Actor struct {
	ID   int64
	Name string
	Role string
	Unit string
}

// CentreUnit is the unit a returned case goes back to. It mirrors reference.CentreCode; the
// domain names it itself so that it needs no import of reference data.
const CentreUnit = "CENTRE"

// Apply checks that cmd is allowed in the case's status and carries the fields it needs,
// and returns the changed case and the event that records the change. The caller has
// already checked the actor's authority and that any unit, section or officer named exists.
func Apply(c Case, cmd Command, actor Actor, now time.Time) (Case, Event, error) {
	if err := cmd.validate(); err != nil {
		return c, Event{}, err
	}
	from := c.Status
	if !allowed(cmd.Action, from) {
		return c, Event{}, notAllowed(cmd.Action, from)
	}
	ev := Event{
		CaseID: c.ID, At: now, ActorID: actor.ID, ActorName: actor.Name, ActorRole: actor.Role, ActorUnit: actor.Unit,
		FromStatus: from, UnitCode: c.UnitCode, Text: cmd.Text, Reason: cmd.Reason,
	}
	to := from
	switch cmd.Action {
	case ActForward:
		if cmd.UnitCode == c.UnitCode && from != StatusNew && from != StatusReturned {
			return c, Event{}, apperr.Rule("already_with_unit", "the case is already with that unit", "เรื่องนี้อยู่ที่หน่วยงานนี้แล้ว")
		}
		if from != StatusNew && from != StatusReturned && strings.TrimSpace(cmd.Reason) == "" {
			return c, Event{}, apperr.Invalid("reason", "required", "a unit passing a case on must say why", "กรุณาระบุเหตุผลในการส่งต่อ")
		}
		ev.Type, to = EventForwarded, StatusForwarded
		c.UnitCode, c.SectionCode, c.OfficerID = cmd.UnitCode, cmd.SectionCode, 0
		c.ReachedUnitAt, c.AcknowledgedAt = &now, nil
		ev.UnitCode, ev.SectionCode = c.UnitCode, c.SectionCode
	case ActAcknowledge:
		ev.Type, to = EventAcknowledged, StatusAcknowledged
		c.AcknowledgedAt = &now
	case ActAssign:
		ev.Type = EventAssigned
		if cmd.SectionCode != "" {
			c.SectionCode = cmd.SectionCode
		}
		if cmd.OfficerID != 0 {
			c.OfficerID = cmd.OfficerID
		}
		ev.SectionCode, ev.OfficerID = c.SectionCode, c.OfficerID
	case ActProgress:
		ev.Type, to, ev.Public = EventProgress, StatusInProgress, cmd.Public
	case ActProposeResult:
		ev.Type, to = EventResultProposed, StatusAwaitingApproval
		c.Result = &Result{Type: cmd.ResultType, Text: cmd.Text, Law: cmd.Law}
		ev.Result = c.Result
	case ActApprove:
		ev.Type, to, ev.Public = EventApproved, StatusCompleted, true
		ev.Result = c.Result
		c.ClosedAt = &now
	case ActSendBack:
		ev.Type, to = EventSentBack, StatusInProgress
	case ActTerminate:
		ev.Type, to, ev.Public = EventTerminated, StatusTerminated, true
		c.Termination = &Termination{Reason: cmd.TerminationReason, Text: cmd.Text}
		ev.Reason = cmd.TerminationReason
		c.ClosedAt = &now
	case ActReturn:
		if c.UnitCode == CentreUnit {
			return c, Event{}, apperr.Rule("already_at_centre", "the case is already with the complaint centre", "เรื่องนี้อยู่ที่ศูนย์เรื่องราวร้องทุกข์แล้ว")
		}
		ev.Type, to = EventReturned, StatusReturned
		c.UnitCode, c.SectionCode, c.OfficerID = CentreUnit, "", 0
		c.ReachedUnitAt, c.AcknowledgedAt = &now, nil
		ev.UnitCode = CentreUnit
	case ActReopen:
		ev.Type, to, ev.Public = EventReopened, StatusForwarded, true
		if c.UnitCode == CentreUnit {
			to = StatusNew
		}
		c.ReachedUnitAt, c.AcknowledgedAt, c.ClosedAt = &now, nil, nil
		c.Result, c.Termination = nil, nil
	case ActNote:
		ev.Type, ev.Public = EventNote, cmd.Public
	case ActAwaitCitizen:
		if c.WaitingCitizen {
			return c, Event{}, apperr.Rule("already_waiting", "the case is already waiting for the citizen", "เรื่องนี้อยู่ระหว่างรอข้อมูลจากผู้ร้องอยู่แล้ว")
		}
		ev.Type, ev.Public, c.WaitingCitizen = EventWaitingCitizen, true, true
	case ActLinkDuplicate:
		ev.Type, to, ev.Public = EventLinkedDuplicate, StatusTerminated, true
		c.Termination = &Termination{Reason: "duplicate", Text: "ซ้ำกับเรื่องเลขที่ " + cmd.Of}
		ev.Reason, ev.Text = "duplicate", cmd.Of
		c.ClosedAt = &now
	case ActUnlinkDuplicate:
		if c.Termination == nil || c.Termination.Reason != "duplicate" {
			return c, Event{}, apperr.Rule("not_a_duplicate", "the case was not closed as a duplicate", "เรื่องนี้ไม่ได้ถูกยุติเพราะเป็นเรื่องซ้ำ")
		}
		ev.Type, to, ev.Public = EventUnlinkedDuplicate, StatusForwarded, true
		if c.UnitCode == CentreUnit {
			to = StatusNew
		}
		ev.Text = cmd.Of
		c.ReachedUnitAt, c.AcknowledgedAt, c.ClosedAt = &now, nil, nil
		c.Termination = nil
	case ActResume:
		if !c.WaitingCitizen {
			return c, Event{}, apperr.Rule("not_waiting", "the case is not waiting for the citizen", "เรื่องนี้ไม่ได้อยู่ระหว่างรอข้อมูลจากผู้ร้อง")
		}
		ev.Type, c.WaitingCitizen = EventResumed, false
	}
	// A case that moves on is no longer waiting for the citizen.
	if to != from {
		c.WaitingCitizen = false
	}
	c.Status = to
	c.UpdatedAt = now
	ev.ToStatus = to
	return c, ev, nil
}

// transitions says in which statuses each action may be taken.
var transitions = map[Action][]Status{
	ActForward:         {StatusNew, StatusReturned, StatusForwarded, StatusAcknowledged, StatusInProgress},
	ActAcknowledge:     {StatusForwarded},
	ActAssign:          {StatusAcknowledged, StatusInProgress, StatusAwaitingApproval},
	ActProgress:        {StatusAcknowledged, StatusInProgress},
	ActProposeResult:   {StatusAcknowledged, StatusInProgress},
	ActApprove:         {StatusAwaitingApproval},
	ActSendBack:        {StatusAwaitingApproval},
	ActTerminate:       {StatusNew, StatusForwarded, StatusAcknowledged, StatusInProgress, StatusAwaitingApproval, StatusReturned},
	ActReturn:          {StatusForwarded, StatusAcknowledged, StatusInProgress},
	ActReopen:          {StatusCompleted, StatusTerminated},
	ActNote:            Statuses,
	ActAwaitCitizen:    {StatusAcknowledged, StatusInProgress},
	ActResume:          {StatusAcknowledged, StatusInProgress},
	ActLinkDuplicate:   {StatusNew, StatusForwarded, StatusAcknowledged, StatusInProgress, StatusAwaitingApproval, StatusReturned},
	ActUnlinkDuplicate: {StatusTerminated},
}

func allowed(a Action, s Status) bool {
	for _, x := range transitions[a] {
		if x == s {
			return true
		}
	}
	return false
}

// AllowedActions lists the actions the case's status permits, for clients to offer.
func AllowedActions(s Status) []Action {
	var out []Action
	for _, a := range Actions {
		if allowed(a, s) {
			out = append(out, a)
		}
	}
	return out
}

var statusTH = map[Status]string{
	StatusNew: "เรื่องใหม่", StatusForwarded: "ส่งต่อหน่วยงานแล้ว", StatusAcknowledged: "หน่วยงานรับเรื่องแล้ว",
	StatusInProgress: "อยู่ระหว่างดำเนินการ", StatusAwaitingApproval: "รอผู้บริหารอนุมัติ", StatusCompleted: "ดำเนินการแล้วเสร็จ",
	StatusTerminated: "ยุติเรื่อง", StatusReturned: "ส่งคืนศูนย์ฯ",
}

// StatusTH is the status in Thai, as staff and citizens read it.
func StatusTH(s Status) string { return statusTH[s] }

func notAllowed(a Action, s Status) error {
	return apperr.Rule("transition_not_allowed",
		fmt.Sprintf("action %q is not allowed while the case is %q", a, s),
		fmt.Sprintf("ไม่สามารถดำเนินการ %q ได้ในสถานะ \"%s\"", a, StatusTH(s)))
}

func (cmd Command) validate() error {
	need := func(field, value, th string) error {
		if strings.TrimSpace(value) == "" {
			return apperr.Invalid(field, "required", field+" is required", "กรุณาระบุ"+th)
		}
		return nil
	}
	checks := []error{
		tooLong("text", cmd.Text, MaxText),
		tooLong("reason", cmd.Reason, MaxText),
		tooLong("law", cmd.Law, MaxShort),
	}
	switch cmd.Action {
	case ActForward:
		checks = append(checks, need("unit_code", cmd.UnitCode, "หน่วยงานที่ส่งต่อ"))
	case ActAssign:
		if cmd.SectionCode == "" && cmd.OfficerID == 0 {
			checks = append(checks, apperr.Invalid("section_code", "required", "assign needs a section_code or an officer_id", "กรุณาระบุฝ่ายหรือเจ้าหน้าที่ผู้รับผิดชอบ"))
		}
	case ActProgress, ActNote:
		checks = append(checks, need("text", cmd.Text, "รายละเอียด"))
	case ActProposeResult:
		checks = append(checks, need("result_type", cmd.ResultType, "ประเภทผลการดำเนินการ"))
		if cmd.ResultType != "" && !contains(ResultTypes, cmd.ResultType) {
			checks = append(checks, apperr.Invalid("result_type", "unknown_result_type", "result_type must be one of "+strings.Join(ResultTypes, ", "), "ประเภทผลการดำเนินการไม่ถูกต้อง"))
		}
		checks = append(checks, need("text", cmd.Text, "ผลการดำเนินการที่แจ้งประชาชนได้"))
		if cmd.ResultType == "law_prevents" {
			checks = append(checks, need("law", cmd.Law, "กฎหมายที่ไม่อาจดำเนินการได้"))
		}
	case ActLinkDuplicate, ActUnlinkDuplicate:
		checks = append(checks, need("of", cmd.Of, "เลขที่รับแจ้งของเรื่องเดิม"))
	case ActSendBack, ActReturn, ActReopen, ActAwaitCitizen:
		checks = append(checks, need("reason", cmd.Reason, "เหตุผล"))
	case ActTerminate:
		checks = append(checks, need("termination_reason", cmd.TerminationReason, "เหตุผลการยุติเรื่อง"))
		if cmd.TerminationReason != "" && !contains(TerminationReasons, cmd.TerminationReason) {
			checks = append(checks, apperr.Invalid("termination_reason", "unknown_termination_reason", "termination_reason must be one of "+strings.Join(TerminationReasons, ", "), "เหตุผลการยุติเรื่องไม่ถูกต้อง"))
		}
		if cmd.TerminationReason == "other" {
			checks = append(checks, need("text", cmd.Text, "รายละเอียดเหตุผลการยุติเรื่อง"))
		}
	}
	for _, err := range checks {
		if err != nil {
			return err
		}
	}
	return nil
}

func tooLong(field, s string, max int) error {
	if utf8.RuneCountInString(s) > max {
		return apperr.Invalid(field, "too_long", fmt.Sprintf("%s is longer than %d characters", field, max), fmt.Sprintf("ข้อความยาวเกิน %d ตัวอักษร", max))
	}
	if !utf8.ValidString(s) {
		return apperr.Invalid(field, "invalid_utf8", field+" is not valid UTF-8", "ข้อความมีอักขระที่ไม่ถูกต้อง")
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
