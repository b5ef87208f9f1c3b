package cases_test

import (
	"strings"
	"testing"
	"time"

	"github.com/rongtook/rongtook/internal/apperr"
	"github.com/rongtook/rongtook/internal/cases"
)

var now = time.Date(2026, 11, 22, 3, 0, 0, 0, time.UTC)

func at(status cases.Status, unit string) cases.Case {
	return cases.Case{ID: 7, Receipt: "2569-000007", Status: status, UnitCode: unit, Version: 3}
}

// TestTransitions walks the whole table: every action in every status is either allowed,
// moving to the expected status, or refused as a broken rule (422).
func TestTransitions(t *testing.T) {
	type want struct {
		to cases.Status // "" = refused
	}
	full := map[cases.Action]cases.Command{
		cases.ActForward:       {Action: cases.ActForward, UnitCode: "D1002", Reason: "ไม่ใช่ของเขตนี้"},
		cases.ActAcknowledge:   {Action: cases.ActAcknowledge},
		cases.ActAssign:        {Action: cases.ActAssign, SectionCode: "WORKS"},
		cases.ActProgress:      {Action: cases.ActProgress, Text: "กำลังดำเนินการ"},
		cases.ActProposeResult: {Action: cases.ActProposeResult, ResultType: "fixed", Text: "แก้ไขแล้ว"},
		cases.ActApprove:       {Action: cases.ActApprove},
		cases.ActSendBack:      {Action: cases.ActSendBack, Reason: "ให้ระบุวันที่ซ่อม"},
		cases.ActTerminate:     {Action: cases.ActTerminate, TerminationReason: "withdrawn"},
		cases.ActReturn:        {Action: cases.ActReturn, Reason: "ไม่ใช่อำนาจหน้าที่"},
		cases.ActReopen:        {Action: cases.ActReopen, Reason: "ผู้ร้องแจ้งว่ายังไม่ได้แก้ไข"},
		cases.ActNote:          {Action: cases.ActNote, Text: "บันทึก"},
		cases.ActAwaitCitizen:  {Action: cases.ActAwaitCitizen, Reason: "รอภาพถ่าย"},
		cases.ActResume:        {Action: cases.ActResume},
	}
	S := cases.StatusNew
	F, A, I, W := cases.StatusForwarded, cases.StatusAcknowledged, cases.StatusInProgress, cases.StatusAwaitingApproval
	C, T, R := cases.StatusCompleted, cases.StatusTerminated, cases.StatusReturned
	table := map[cases.Action]map[cases.Status]cases.Status{
		cases.ActForward:       {S: F, F: F, A: F, I: F, R: F},
		cases.ActAcknowledge:   {F: A},
		cases.ActAssign:        {A: A, I: I, W: W},
		cases.ActProgress:      {A: I, I: I},
		cases.ActProposeResult: {A: W, I: W},
		cases.ActApprove:       {W: C},
		cases.ActSendBack:      {W: I},
		cases.ActTerminate:     {S: T, F: T, A: T, I: T, W: T, R: T},
		cases.ActReturn:        {F: R, A: R, I: R},
		cases.ActReopen:        {C: F, T: F},
		cases.ActNote:          {S: S, F: F, A: A, I: I, W: W, C: C, T: T, R: R},
		cases.ActAwaitCitizen:  {A: A, I: I},
		cases.ActResume:        {}, // needs a waiting case: tested below
	}
	for _, act := range cases.Actions {
		for _, st := range cases.Statuses {
			c := at(st, "D1001")
			got, ev, err := cases.Apply(c, full[act], cases.Actor{ID: 1, Name: "x", Unit: "D1001"}, now)
			wantTo, ok := table[act][st]
			if !ok {
				if apperr.KindOf(err) != apperr.KindRule {
					t.Errorf("%s in %s: err %v, want a rule error", act, st, err)
				}
				continue
			}
			if err != nil {
				t.Errorf("%s in %s: %v", act, st, err)
				continue
			}
			if got.Status != wantTo || ev.FromStatus != st || ev.ToStatus != wantTo || !ev.At.Equal(now) {
				t.Errorf("%s in %s: status %s (event %s→%s), want %s", act, st, got.Status, ev.FromStatus, ev.ToStatus, wantTo)
			}
			if got.Version != c.Version {
				t.Errorf("%s: Apply changed the version; the store does", act)
			}
		}
	}
}

func TestApplyEffects(t *testing.T) {
	actor := cases.Actor{ID: 9, Name: "สมศรี", Role: "coordinator", Unit: "D1001"}
	c := at(cases.StatusForwarded, "D1001")
	c, _, _ = cases.Apply(c, cases.Command{Action: cases.ActAcknowledge}, actor, now)
	if c.AcknowledgedAt == nil || !c.AcknowledgedAt.Equal(now) {
		t.Errorf("acknowledged at %v", c.AcknowledgedAt)
	}
	c, ev, _ := cases.Apply(c, cases.Command{Action: cases.ActProposeResult, ResultType: "law_prevents", Text: "ติดกรรมสิทธิ์ที่ดินเอกชน", Law: "ป.พ.พ. ม.1336"}, actor, now)
	if c.Result == nil || c.Result.Law != "ป.พ.พ. ม.1336" || ev.Result == nil {
		t.Errorf("result %+v, event result %+v", c.Result, ev.Result)
	}
	c, ev, _ = cases.Apply(c, cases.Command{Action: cases.ActApprove}, actor, now)
	if c.ClosedAt == nil || !ev.Public || ev.ActorName != "สมศรี" {
		t.Errorf("approve: closed %v, public %v", c.ClosedAt, ev.Public)
	}
	c, _, _ = cases.Apply(c, cases.Command{Action: cases.ActReopen, Reason: "ยังไม่ได้แก้"}, actor, now)
	if c.ClosedAt != nil || c.Result != nil || c.Status != cases.StatusForwarded {
		t.Errorf("reopen: %+v", c)
	}
	c, _, _ = cases.Apply(c, cases.Command{Action: cases.ActReturn, Reason: "ผิดหน่วย"}, actor, now)
	if c.UnitCode != cases.CentreUnit || c.Status != cases.StatusReturned {
		t.Errorf("return: unit %s", c.UnitCode)
	}
	if _, _, err := cases.Apply(c, cases.Command{Action: cases.ActReturn, Reason: "x"}, actor, now); err == nil {
		t.Error("returned a case already at the centre")
	}
	// A reopened case handled by the centre itself goes back to "new".
	cc := at(cases.StatusCompleted, cases.CentreUnit)
	cc, _, _ = cases.Apply(cc, cases.Command{Action: cases.ActReopen, Reason: "x"}, actor, now)
	if cc.Status != cases.StatusNew {
		t.Errorf("centre reopen: %s", cc.Status)
	}
	// Waiting for the citizen, and moving on clears it.
	w := at(cases.StatusInProgress, "D1001")
	w, _, _ = cases.Apply(w, cases.Command{Action: cases.ActAwaitCitizen, Reason: "รอเอกสาร"}, actor, now)
	if !w.WaitingCitizen {
		t.Fatal("not waiting")
	}
	if _, _, err := cases.Apply(w, cases.Command{Action: cases.ActAwaitCitizen, Reason: "x"}, actor, now); apperr.KindOf(err) != apperr.KindRule {
		t.Errorf("waiting twice: %v", err)
	}
	r, _, err := cases.Apply(w, cases.Command{Action: cases.ActResume}, actor, now)
	if err != nil || r.WaitingCitizen {
		t.Errorf("resume: %v %v", r.WaitingCitizen, err)
	}
	if _, _, err := cases.Apply(r, cases.Command{Action: cases.ActResume}, actor, now); apperr.KindOf(err) != apperr.KindRule {
		t.Errorf("resume when not waiting: %v", err)
	}
	p, _, _ := cases.Apply(w, cases.Command{Action: cases.ActProposeResult, ResultType: "fixed", Text: "x"}, actor, now)
	if p.WaitingCitizen {
		t.Error("proposing a result left the case waiting")
	}
}

func TestCommandValidation(t *testing.T) {
	c := at(cases.StatusInProgress, "D1001")
	tests := []struct {
		name  string
		cmd   cases.Command
		field string
	}{
		{"progress without text", cases.Command{Action: cases.ActProgress}, "text"},
		{"unknown result type", cases.Command{Action: cases.ActProposeResult, ResultType: "magic", Text: "x"}, "result_type"},
		{"law_prevents without law", cases.Command{Action: cases.ActProposeResult, ResultType: "law_prevents", Text: "x"}, "law"},
		{"terminate without reason", cases.Command{Action: cases.ActTerminate}, "termination_reason"},
		{"terminate other without text", cases.Command{Action: cases.ActTerminate, TerminationReason: "other"}, "text"},
		{"unknown termination reason", cases.Command{Action: cases.ActTerminate, TerminationReason: "bored"}, "termination_reason"},
		{"forward by a unit without reason", cases.Command{Action: cases.ActForward, UnitCode: "D1002"}, "reason"},
		{"forward without unit", cases.Command{Action: cases.ActForward}, "unit_code"},
		{"assign nothing", cases.Command{Action: cases.ActAssign}, "section_code"},
		{"text too long", cases.Command{Action: cases.ActNote, Text: strings.Repeat("ก", cases.MaxText+1)}, "text"},
		{"invalid UTF-8", cases.Command{Action: cases.ActNote, Text: "\xff\xfe"}, "text"},
	}
	for _, tc := range tests {
		_, _, err := cases.Apply(c, tc.cmd, cases.Actor{}, now)
		e := apperr.As(err)
		if e.Kind != apperr.KindInvalid || e.Field != tc.field || e.MessageTH == "" {
			t.Errorf("%s: %v (field %q), want invalid %q", tc.name, err, e.Field, tc.field)
		}
	}
}

func TestReceipts(t *testing.T) {
	for _, tc := range []struct {
		at   time.Time
		year int
	}{
		{time.Date(2026, 12, 31, 16, 59, 0, 0, time.UTC), 2569},
		{time.Date(2026, 12, 31, 17, 0, 0, 0, time.UTC), 2570}, // midnight in Bangkok
	} {
		if got := cases.ReceiptYear(tc.at); got != tc.year {
			t.Errorf("ReceiptYear(%s) = %d, want %d", tc.at, got, tc.year)
		}
	}
	if got := cases.FormatReceipt(2569, 123); got != "2569-000123" {
		t.Errorf("FormatReceipt = %s", got)
	}
	for s, ok := range map[string]bool{"2569-000123": true, "2569-1234567": true, "2569-123": false, "69-000123": false, "2569000123": false, "": false} {
		if cases.ValidReceipt(s) != ok {
			t.Errorf("ValidReceipt(%q) != %v", s, ok)
		}
	}
}
