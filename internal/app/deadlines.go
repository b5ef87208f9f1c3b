package app

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rongtook/rongtook/internal/apperr"
	"github.com/rongtook/rongtook/internal/auth"
	"github.com/rongtook/rongtook/internal/cases"
	"github.com/rongtook/rongtook/internal/sla"
	"github.com/rongtook/rongtook/internal/store"
)

// Engine returns the deadline engine in force: the built-in calendar plus the days off
// added by admins, and the default targets with their per-unit and per-category overrides.
func (a *App) Engine(ctx context.Context) (sla.Engine, error) {
	hs, err := a.store.Holidays(ctx)
	if err != nil {
		return sla.Engine{}, err
	}
	extra := make([]sla.Holiday, 0, len(hs))
	for _, h := range hs {
		d, err := sla.ParseDate(h.Date)
		if err != nil {
			return sla.Engine{}, fmt.Errorf("holiday %q: %w", h.Date, err)
		}
		extra = append(extra, sla.Holiday{Date: d, NameTH: h.NameTH, NameEN: h.NameEN, Kind: holidayKind(h.Kind)})
	}
	cal, err := sla.DefaultCalendar().WithHolidays(extra...)
	if err != nil {
		return sla.Engine{}, err
	}
	ts, err := a.store.SLATargets(ctx)
	if err != nil {
		return sla.Engine{}, err
	}
	var overrides []sla.Override
	for _, t := range ts {
		o := sla.Override{Unit: t.UnitCode, Targets: targetsOf(t)}
		if t.CategoryCode != 0 {
			o.Category = strconv.Itoa(t.CategoryCode)
		}
		overrides = append(overrides, o)
	}
	pol, err := sla.NewPolicy(sla.DefaultTargets(), overrides...)
	if err != nil {
		return sla.Engine{}, err
	}
	return sla.Engine{Calendar: cal, Policy: pol}, nil
}

func holidayKind(k string) sla.HolidayKind {
	switch k {
	case "public":
		return sla.PublicHoliday
	case "government":
		return sla.GovernmentHoliday
	}
	return sla.SpecialHoliday
}

func targetsOf(t store.SLATarget) sla.Targets {
	return sla.Targets{
		AckWorkingDays: t.AckDays, FirstProgressWorkingDays: t.FirstProgressDays,
		BESTAck: time.Duration(t.BESTAckMinutes) * time.Minute, BESTResult: time.Duration(t.BESTResultMinutes) * time.Minute,
		CheckpointDays: t.CheckpointDays,
	}
}

// SLACase translates a case's timeline into the deadline engine's vocabulary. A case
// waiting at the centre before routing has no unit clocks; every event of a unit's stay is
// attributed to the unit whose staff acted, so that the centre following a case up does
// not acknowledge for the unit.
func SLACase(c cases.Case, evs []cases.Event) sla.Case {
	out := sla.Case{Category: strconv.Itoa(c.CategoryCode), BEST: c.BEST, Events: make([]sla.Event, 0, len(evs))}
	add := func(at time.Time, t sla.EventType, unit string) {
		out.Events = append(out.Events, sla.Event{At: at, Type: t, Unit: unit})
	}
	for _, e := range evs {
		switch e.Type {
		case cases.EventCreated:
			if e.UnitCode != "" && e.UnitCode != cases.CentreUnit {
				add(e.At, sla.EventReachedUnit, e.UnitCode) // taken in by the unit itself
			}
		case cases.EventForwarded:
			add(e.At, sla.EventReachedUnit, e.UnitCode)
		case cases.EventAcknowledged:
			add(e.At, sla.EventAcknowledged, e.ActorUnit)
		case cases.EventProgress:
			add(e.At, sla.EventProgress, e.ActorUnit)
		case cases.EventResultProposed:
			add(e.At, sla.EventResultProposed, e.ActorUnit)
		case cases.EventApproved:
			add(e.At, sla.EventCompleted, e.ActorUnit)
		case cases.EventTerminated, cases.EventLinkedDuplicate:
			add(e.At, sla.EventTerminated, e.ActorUnit)
		case cases.EventReturned:
			add(e.At, sla.EventReturned, e.ActorUnit)
		case cases.EventReopened, cases.EventUnlinkedDuplicate:
			if e.UnitCode != cases.CentreUnit {
				add(e.At, sla.EventReopened, e.UnitCode)
			}
		case cases.EventWaitingCitizen:
			add(e.At, sla.EventWaitingCitizen, e.ActorUnit)
		case cases.EventResumed:
			add(e.At, sla.EventResumed, e.ActorUnit)
		}
	}
	return out
}

// nextDue computes the case's next deadline from its whole timeline.
func nextDue(eng sla.Engine, c cases.Case, evs []cases.Event, now time.Time) (*time.Time, error) {
	res, err := eng.Clocks(SLACase(c, evs), now)
	if err != nil {
		return nil, err
	}
	if res.NextDue.IsZero() {
		return nil, nil
	}
	d := res.NextDue.UTC()
	return &d, nil
}

// Deadlines is the state of a case's clocks, for display.
type Deadlines struct {
	Result sla.Result
	Now    time.Time
}

// deadlines computes the clocks of a case now.
func (a *App) deadlines(ctx context.Context, c cases.Case) (Deadlines, error) {
	evs, err := a.store.Events(ctx, c.ID)
	if err != nil {
		return Deadlines{}, err
	}
	eng, err := a.Engine(ctx)
	if err != nil {
		return Deadlines{}, err
	}
	now := a.now()
	res, err := eng.Clocks(SLACase(c, evs), now)
	return Deadlines{Result: res, Now: now}, err
}

// RecomputeDeadlines recomputes every open case's next deadline, after the calendar or the
// targets changed. It returns how many cases it looked at.
func (a *App) RecomputeDeadlines(ctx context.Context) (int, error) {
	eng, err := a.Engine(ctx)
	if err != nil {
		return 0, err
	}
	now := a.now()
	n := 0
	err = a.store.Timelines(ctx, now, now.Add(time.Microsecond), func(c cases.Case, evs []cases.Event) error {
		n++
		due, err := nextDue(eng, c, evs, now)
		if err != nil {
			return err
		}
		if !sameTime(due, c.NextDueAt) {
			return a.store.SetNextDue(ctx, c.ID, due)
		}
		return nil
	})
	return n, err
}

func sameTime(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Equal(*b)
}

// Holidays lists the days off added to the built-in calendar.
func (a *App) Holidays(ctx context.Context) ([]store.Holiday, error) { return a.store.Holidays(ctx) }

// BuiltinHolidays lists the calendar's built-in public holidays.
func (a *App) BuiltinHolidays() []sla.Holiday { return sla.BuiltinHolidays() }

// AddHoliday adds a day off (a cabinet's special holiday, say) and recomputes open cases'
// deadlines. p is nil when the command line acts with the database owner's authority.
func (a *App) AddHoliday(ctx context.Context, p *auth.Principal, h store.Holiday) (store.Holiday, error) {
	if p != nil && !auth.CanManage(*p) {
		return h, apperr.Forbidden("only an admin changes the calendar", "เฉพาะผู้ดูแลระบบเท่านั้นที่แก้ไขปฏิทินวันหยุดได้")
	}
	if _, err := time.Parse("2006-01-02", h.Date); err != nil {
		return h, apperr.Invalid("date", "invalid_date", "date must be YYYY-MM-DD (Christian era)", "วันที่ต้องอยู่ในรูปแบบ YYYY-MM-DD (ค.ศ.)")
	}
	h.NameTH, h.NameEN = strings.TrimSpace(h.NameTH), strings.TrimSpace(h.NameEN)
	if h.NameTH == "" {
		return h, apperr.Invalid("name_th", "required", "name_th is required", "กรุณาระบุชื่อวันหยุดภาษาไทย")
	}
	if utf8.RuneCountInString(h.NameTH) > 200 || utf8.RuneCountInString(h.NameEN) > 200 {
		return h, apperr.Invalid("name_th", "too_long", "holiday names are at most 200 characters", "ชื่อวันหยุดยาวเกินไป")
	}
	if h.Kind == "" {
		h.Kind = "special"
	}
	if h.Kind != "public" && h.Kind != "government" && h.Kind != "special" {
		return h, apperr.Invalid("kind", "unknown_holiday_kind", "kind must be public, government or special", "ประเภทวันหยุดต้องเป็น public, government หรือ special")
	}
	h.CreatedAt = a.now()
	if p != nil {
		h.CreatedBy = p.UserID
	}
	if err := a.store.PutHoliday(ctx, h); err != nil {
		return h, err
	}
	_, err := a.RecomputeDeadlines(ctx)
	return h, err
}

// DeleteHoliday removes an added day off and recomputes deadlines.
func (a *App) DeleteHoliday(ctx context.Context, p *auth.Principal, date string) error {
	if p != nil && !auth.CanManage(*p) {
		return apperr.Forbidden("only an admin changes the calendar", "เฉพาะผู้ดูแลระบบเท่านั้นที่แก้ไขปฏิทินวันหยุดได้")
	}
	if err := a.store.DeleteHoliday(ctx, date); err != nil {
		return err
	}
	_, err := a.RecomputeDeadlines(ctx)
	return err
}

// SLATargets lists the deadline overrides.
func (a *App) SLATargets(ctx context.Context) ([]store.SLATarget, error) {
	return a.store.SLATargets(ctx)
}

// PutSLATarget sets the deadlines for a unit and/or category and recomputes open cases.
func (a *App) PutSLATarget(ctx context.Context, p auth.Principal, t store.SLATarget) error {
	if !auth.CanManage(p) {
		return apperr.Forbidden("only an admin changes deadline targets", "เฉพาะผู้ดูแลระบบเท่านั้นที่แก้ไขกำหนดเวลาได้")
	}
	if t.UnitCode != "" {
		if _, ok := a.ref.Unit(t.UnitCode); !ok {
			return apperr.Invalid("unit_code", "unknown_unit", "unknown unit "+t.UnitCode, "ไม่รู้จักหน่วยงานที่ระบุ")
		}
	}
	if t.CategoryCode != 0 {
		if _, ok := a.ref.Category(t.CategoryCode); !ok {
			return apperr.Invalid("category_code", "unknown_category", "unknown category", "ไม่รู้จักประเภทเรื่องที่ระบุ")
		}
	}
	if t.UnitCode == "" && t.CategoryCode == 0 {
		return apperr.Invalid("unit_code", "required", "a target overrides the defaults for a unit, a category or both", "กรุณาระบุหน่วยงานหรือประเภทเรื่อง")
	}
	if err := targetsOf(t).Validate(); err != nil {
		return apperr.Invalid("", "invalid_targets", err.Error(), "กำหนดเวลาไม่ถูกต้อง")
	}
	if err := a.store.PutSLATarget(ctx, t); err != nil {
		return err
	}
	_, err := a.RecomputeDeadlines(ctx)
	return err
}

// DeleteSLATarget removes an override and recomputes open cases.
func (a *App) DeleteSLATarget(ctx context.Context, p auth.Principal, unit string, category int) error {
	if !auth.CanManage(p) {
		return apperr.Forbidden("only an admin changes deadline targets", "เฉพาะผู้ดูแลระบบเท่านั้นที่แก้ไขกำหนดเวลาได้")
	}
	if err := a.store.DeleteSLATarget(ctx, unit, category); err != nil {
		return err
	}
	_, err := a.RecomputeDeadlines(ctx)
	return err
}

// Outbox lists messages waiting to leave (or sent): everything for the centre's supervisors
// and admins, the unit's own for its head and coordinator.
func (a *App) Outbox(ctx context.Context, p auth.Principal, f store.OutboxFilter) ([]store.OutboxMessage, error) {
	switch {
	case auth.CanManage(p), p.Role == auth.RoleSupervisor && p.CentreStaff():
	case p.Role == auth.RoleHead || p.Role == auth.RoleCoordinator:
		if f.UnitCode != "" && f.UnitCode != p.Unit {
			return nil, apperr.Forbidden("you see your own unit's messages", "ดูข้อความได้เฉพาะของหน่วยงานตนเอง")
		}
		f.UnitCode = p.Unit
	default:
		return nil, apperr.Forbidden("your role cannot read the outbox", "บทบาทของคุณไม่สามารถดูข้อความขาออกได้")
	}
	switch f.Status {
	case "", "pending", "sent", "dead":
	default:
		return nil, apperr.Invalid("status", "unknown_status", "status must be pending, sent or dead", "สถานะต้องเป็น pending, sent หรือ dead")
	}
	return a.store.Outbox(ctx, f)
}
