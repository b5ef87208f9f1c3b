package app

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rongtook/rongtook/internal/apperr"
	"github.com/rongtook/rongtook/internal/auth"
	"github.com/rongtook/rongtook/internal/cases"
	"github.com/rongtook/rongtook/internal/reference"
	"github.com/rongtook/rongtook/internal/store"
)

// The five steps of a visit's cases (seed 004).
var VisitSteps = []struct {
	Step           int
	NameTH, NameEN string
}{
	{1, "รับเรื่องจากการลงพื้นที่", "Received from the visit"},
	{2, "เสนอแนวทางแก้ไขและผู้บริหารเห็นชอบ", "Solution approved by the executives"},
	{3, "แจ้งหน่วยงานดำเนินการ", "Units notified"},
	{4, "ติดตามผลหลังแจ้ง 3 เดือน", "Follow-up three months after the notice"},
	{5, "ประเมินผลปีละ 2 ครั้ง", "Evaluation, twice a year"},
}

// canRunVisits: the governor's office complaint section owns the visits; centre supervisors
// and admins may help.
func canRunVisits(p auth.Principal) bool {
	return (p.Unit == reference.GovernorCode && p.Role != auth.RoleExecutive) || auth.CanManage(p) || (p.Role == auth.RoleSupervisor && p.CentreStaff())
}

func canReadVisits(p auth.Principal) bool { return canRunVisits(p) || p.ReadsAll() }

var errVisitRole = apperr.Forbidden("the governor's office runs the field visits", "สำนักงานเลขานุการผู้ว่าฯ เป็นผู้ดูแลการลงพื้นที่")

// NewVisit describes a field visit.
type NewVisit struct {
	Number       int
	Date         string
	DistrictCode int
	Title, Notes string
}

// CreateVisit records a visit and plans its milestones: received on the visit day, the
// evaluations six and twelve months later; the follow-up is planned when units are notified.
func (a *App) CreateVisit(ctx context.Context, p auth.Principal, in NewVisit) (store.Visit, error) {
	if !canRunVisits(p) {
		return store.Visit{}, errVisitRole
	}
	if in.Number <= 0 {
		return store.Visit{}, apperr.Invalid("number", "required", "number must be a positive whole number", "กรุณาระบุครั้งที่ลงพื้นที่")
	}
	date, err := time.ParseInLocation("2006-01-02", in.Date, cases.Bangkok())
	if err != nil {
		return store.Visit{}, apperr.Invalid("date", "invalid_date", "date must be YYYY-MM-DD (Christian era)", "วันที่ต้องอยู่ในรูปแบบ YYYY-MM-DD (ค.ศ.)")
	}
	if _, ok := a.ref.District(in.DistrictCode); !ok {
		return store.Visit{}, apperr.Invalid("district_code", "unknown_district", "unknown district", "ไม่รู้จักรหัสเขตที่ระบุ")
	}
	in.Title, in.Notes = strings.TrimSpace(in.Title), strings.TrimSpace(in.Notes)
	if utf8.RuneCountInString(in.Title) > cases.MaxShort || utf8.RuneCountInString(in.Notes) > cases.MaxText {
		return store.Visit{}, apperr.Invalid("notes", "too_long", "title or notes too long", "ข้อความยาวเกินไป")
	}
	now := a.now()
	v := store.Visit{Number: in.Number, Date: in.Date, DistrictCode: in.DistrictCode, Title: in.Title, Notes: in.Notes,
		CreatedBy: p.UserID, CreatedAt: now}
	day := func(t time.Time) string { return t.Format("2006-01-02") }
	v.Milestones = []store.Milestone{
		{Step: 1, Round: 1, DueDate: in.Date},
		{Step: 2, Round: 1},
		{Step: 3, Round: 1},
		{Step: 4, Round: 1},
		{Step: 5, Round: 1, DueDate: day(date.AddDate(0, 6, 0))},
		{Step: 5, Round: 2, DueDate: day(date.AddDate(1, 0, 0))},
	}
	if err := a.store.CreateVisit(ctx, &v); err != nil {
		return store.Visit{}, err
	}
	return a.store.Visit(ctx, v.ID)
}

// Visits lists the visits, newest first.
func (a *App) Visits(ctx context.Context, p auth.Principal) ([]store.Visit, error) {
	if !canReadVisits(p) {
		return nil, errVisitRole
	}
	return a.store.Visits(ctx)
}

// Visit returns a visit with its milestones, notes and the receipts of its cases.
func (a *App) Visit(ctx context.Context, p auth.Principal, id int64) (store.Visit, []string, error) {
	if !canReadVisits(p) {
		return store.Visit{}, nil, errVisitRole
	}
	v, err := a.store.Visit(ctx, id)
	if err != nil {
		return v, nil, err
	}
	var receipts []string
	for _, cid := range v.CaseIDs {
		c, err := a.store.CaseByID(ctx, cid)
		if err != nil {
			return v, nil, err
		}
		if auth.CanView(p, &c) || !c.Confidential {
			receipts = append(receipts, c.Receipt)
		}
	}
	return v, receipts, nil
}

// CompleteMilestone marks a step done on a date; notifying the units (step 3) plans the
// follow-up three months later (step 4).
func (a *App) CompleteMilestone(ctx context.Context, p auth.Principal, visitID int64, step, round int, date, note string) (store.Visit, error) {
	if !canRunVisits(p) {
		return store.Visit{}, errVisitRole
	}
	v, err := a.store.Visit(ctx, visitID)
	if err != nil {
		return v, err
	}
	var m *store.Milestone
	for i := range v.Milestones {
		if v.Milestones[i].Step == step && v.Milestones[i].Round == round {
			m = &v.Milestones[i]
		}
	}
	if m == nil {
		return v, apperr.NotFound("resource")
	}
	done, err := time.ParseInLocation("2006-01-02", date, cases.Bangkok())
	if err != nil {
		return v, apperr.Invalid("date", "invalid_date", "date must be YYYY-MM-DD", "วันที่ต้องอยู่ในรูปแบบ YYYY-MM-DD")
	}
	if utf8.RuneCountInString(note) > cases.MaxText {
		return v, apperr.Invalid("note", "too_long", "note too long", "ข้อความยาวเกินไป")
	}
	at := done.UTC()
	m.DoneAt, m.Note = &at, strings.TrimSpace(note)
	if err := a.store.PutMilestone(ctx, *m); err != nil {
		return v, err
	}
	if step == 3 {
		follow := store.Milestone{VisitID: visitID, Step: 4, Round: 1, DueDate: done.AddDate(0, 3, 0).Format("2006-01-02")}
		for _, x := range v.Milestones {
			if x.Step == 4 && x.Round == 1 && x.DoneAt != nil {
				follow.DoneAt, follow.Note = x.DoneAt, x.Note
			}
		}
		if err := a.store.PutMilestone(ctx, follow); err != nil {
			return v, err
		}
	}
	return a.store.Visit(ctx, visitID)
}

// AddVisitNote adds a dated progress note, optionally with the new progress percentage.
func (a *App) AddVisitNote(ctx context.Context, p auth.Principal, visitID int64, date string, progress *int, text string) (store.Visit, error) {
	if !canRunVisits(p) {
		return store.Visit{}, errVisitRole
	}
	if _, err := time.Parse("2006-01-02", date); err != nil {
		return store.Visit{}, apperr.Invalid("date", "invalid_date", "date must be YYYY-MM-DD", "วันที่ต้องอยู่ในรูปแบบ YYYY-MM-DD")
	}
	text = strings.TrimSpace(text)
	if text == "" || utf8.RuneCountInString(text) > cases.MaxText {
		return store.Visit{}, apperr.Invalid("text", "required", "text is required (at most 5,000 characters)", "กรุณากรอกรายละเอียดความคืบหน้า")
	}
	if progress != nil && (*progress < 0 || *progress > 100) {
		return store.Visit{}, apperr.Invalid("progress_percent", "out_of_range", "progress_percent must be 0–100", "ความคืบหน้าต้องอยู่ระหว่าง 0–100")
	}
	if _, err := a.store.Visit(ctx, visitID); err != nil {
		return store.Visit{}, err
	}
	if err := a.store.AddVisitNote(ctx, store.VisitNote{VisitID: visitID, Date: date, Progress: progress, Text: text, By: p.UserID, At: a.now()}); err != nil {
		return store.Visit{}, err
	}
	return a.store.Visit(ctx, visitID)
}

// AddCaseToVisit records that a case was raised at a visit.
func (a *App) AddCaseToVisit(ctx context.Context, p auth.Principal, visitID int64, receipt string) error {
	if !canRunVisits(p) {
		return errVisitRole
	}
	// The visit's staff link cases by receipt number without reading them: a case raised at a
	// visit is usually handled by a district, not by the governor's office.
	if !cases.ValidReceipt(receipt) {
		return apperr.Invalid("receipt", "invalid_receipt", "receipt must be a receipt number like 2569-000123", "เลขที่รับแจ้งไม่ถูกต้อง")
	}
	c, err := a.store.CaseByReceipt(ctx, receipt)
	if err != nil {
		return err
	}
	if _, err := a.store.Visit(ctx, visitID); err != nil {
		return err
	}
	return a.store.LinkVisitCase(ctx, visitID, c.ID)
}

// VisitStepName names a step for messages.
func VisitStepName(step int) string {
	for _, s := range VisitSteps {
		if s.Step == step {
			return s.NameTH
		}
	}
	return fmt.Sprintf("ขั้นตอนที่ %d", step)
}
