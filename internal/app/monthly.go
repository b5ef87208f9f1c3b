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
	"github.com/rongtook/rongtook/internal/reference"
	"github.com/rongtook/rongtook/internal/sla"
	"github.com/rongtook/rongtook/internal/store"
)

// MonthlyReport is a district office's monthly report to the governor's office (seed 000
// §6): figures computed from the timelines, and what the district adds.
type MonthlyReport struct {
	UnitCode           string
	Period             sla.Period
	Received           int // cases that reached the unit in the month
	Finished           int // completed or terminated by the unit in the month
	PendingAtEnd       int // held by the unit and open at the end of the month
	OverdueAtEnd       int // of those, with a deadline passed
	ReceivedByCategory []Count
	ReceivedByChannel  []Count
	// Due is when the report must be in: the end of the third working day after the month.
	Due        time.Time
	Submission *store.MonthlyReport
	// State is "not_due" (the month is not over), "missing", "submitted" or "late".
	State string
}

// MonthlyReportDays is how many working days after the month a district has to report.
const MonthlyReportDays = 3

func monthPeriod(period string) (sla.Period, error) {
	p, err := sla.ParsePeriod(period)
	if err != nil || p.Kind != sla.Month {
		return sla.Period{}, apperr.Invalid("period", "invalid_period", "period must be a month like 2569-10 (Buddhist era)", "ช่วงเวลาต้องเป็นเดือน เช่น 2569-10 (พ.ศ.)")
	}
	return p, nil
}

// MonthlyReport computes a unit's monthly report.
func (a *App) MonthlyReport(ctx context.Context, p auth.Principal, unit, period string) (MonthlyReport, error) {
	per, err := monthPeriod(period)
	if err != nil {
		return MonthlyReport{}, err
	}
	if unit, err = reportScope(p, unit); err != nil {
		return MonthlyReport{}, err
	}
	if _, ok := a.ref.Unit(unit); !ok {
		return MonthlyReport{}, apperr.Invalid("unit", "unknown_unit", "unknown unit "+unit, "ไม่รู้จักหน่วยงานที่ระบุ")
	}
	eng, err := a.Engine(ctx)
	if err != nil {
		return MonthlyReport{}, err
	}
	subs, err := a.store.MonthlyReports(ctx, per.String())
	if err != nil {
		return MonthlyReport{}, err
	}
	reps, err := a.monthly(ctx, eng, per, map[string]bool{unit: true}, subs)
	if err != nil {
		return MonthlyReport{}, err
	}
	return reps[unit], nil
}

// MonthlySubmissions lists every district office's report state for a month, so that the
// governor's office sees who has not reported.
func (a *App) MonthlySubmissions(ctx context.Context, p auth.Principal, period string) ([]MonthlyReport, error) {
	if !p.ReadsAll() {
		return nil, apperr.Forbidden("the overview of all districts is for the centre, executives and admins", "ภาพรวมทุกเขตสำหรับศูนย์ฯ ผู้บริหาร และผู้ดูแลระบบ")
	}
	per, err := monthPeriod(period)
	if err != nil {
		return nil, err
	}
	eng, err := a.Engine(ctx)
	if err != nil {
		return nil, err
	}
	subs, err := a.store.MonthlyReports(ctx, per.String())
	if err != nil {
		return nil, err
	}
	units := map[string]bool{}
	for _, d := range a.ref.Districts {
		units[reference.DistrictUnitCode(d.Code)] = true
	}
	reps, err := a.monthly(ctx, eng, per, units, subs)
	if err != nil {
		return nil, err
	}
	out := make([]MonthlyReport, 0, len(reps))
	for _, d := range a.ref.Districts {
		out = append(out, reps[reference.DistrictUnitCode(d.Code)])
	}
	return out, nil
}

func (a *App) monthly(ctx context.Context, eng sla.Engine, per sla.Period, units map[string]bool, subs []store.MonthlyReport) (map[string]MonthlyReport, error) {
	from, to := per.Start(), per.End()
	now := a.now()
	asOf := to
	if now.Before(asOf) {
		asOf = now
	}
	due := eng.Calendar.Due(to.Add(-time.Nanosecond), MonthlyReportDays)
	accs := map[string]*monthAcc{}
	for u := range units {
		accs[u] = &monthAcc{r: MonthlyReport{UnitCode: u, Period: per, Due: due}, cat: map[string]int{}, chann: map[string]int{}}
	}
	err := a.store.Timelines(ctx, from, asOf, func(c cases.Case, evs []cases.Event) error {
		unit, open := "", false
		for _, e := range evs {
			if !e.At.Before(asOf) {
				break
			}
			in := !e.At.Before(from)
			switch e.Type {
			case cases.EventCreated, cases.EventImported:
				open, unit = true, e.UnitCode
				if in && accs[unit] != nil && unit != cases.CentreUnit && e.Type == cases.EventCreated {
					accs[unit].received(c)
				}
			case cases.EventForwarded:
				unit = e.UnitCode
				if in && accs[unit] != nil {
					accs[unit].received(c)
				}
			case cases.EventReturned:
				unit = e.UnitCode
			case cases.EventApproved, cases.EventTerminated:
				open = false
				if in && accs[unit] != nil {
					accs[unit].r.Finished++
				}
			case cases.EventReopened:
				open = true
			}
		}
		if open && accs[unit] != nil {
			accs[unit].r.PendingAtEnd++
			res, err := eng.Clocks(SLACase(c, evs), asOf)
			if err != nil {
				return fmt.Errorf("case %s: %w", c.Receipt, err)
			}
			if res.Overdue {
				accs[unit].r.OverdueAtEnd++
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	bySub := map[string]store.MonthlyReport{}
	for _, s := range subs {
		bySub[s.UnitCode] = s
	}
	out := make(map[string]MonthlyReport, len(accs))
	for u, x := range accs {
		x.r.ReceivedByCategory, x.r.ReceivedByChannel = sorted(x.cat), sorted(x.chann)
		switch s, ok := bySub[u]; {
		case ok:
			sub := s
			x.r.Submission = &sub
			x.r.State = "submitted"
			if s.SubmittedAt.After(due) {
				x.r.State = "late"
			}
		case now.Before(to):
			x.r.State = "not_due"
		default:
			x.r.State = "missing"
		}
		out[u] = x.r
	}
	return out, nil
}

// monthAcc accumulates one unit's month.
type monthAcc struct {
	r          MonthlyReport
	cat, chann map[string]int
}

func (x *monthAcc) received(c cases.Case) {
	x.r.Received++
	x.cat[strconv.Itoa(c.CategoryCode)]++
	x.chann[c.Channel]++
}

// SubmitMonthlyReport records a district's notable cases and obstacles for a month that is
// over, which submits the report; submitting again replaces the text and the time.
func (a *App) SubmitMonthlyReport(ctx context.Context, p auth.Principal, unit, period, notable, obstacles string) (store.MonthlyReport, error) {
	per, err := monthPeriod(period)
	if err != nil {
		return store.MonthlyReport{}, err
	}
	if p.Unit != unit || !(p.Role == auth.RoleHead || p.Role == auth.RoleCoordinator) {
		return store.MonthlyReport{}, apperr.Forbidden("the unit's head or coordinator submits its monthly report", "ผู้บริหารหรือผู้ประสานงานของหน่วยงานเป็นผู้ส่งรายงานประจำเดือน")
	}
	now := a.now()
	if now.Before(per.End()) {
		return store.MonthlyReport{}, apperr.Rule("month_not_over", "a month's report is submitted after the month ends", "ส่งรายงานประจำเดือนได้เมื่อสิ้นเดือนแล้ว")
	}
	notable, obstacles = strings.TrimSpace(notable), strings.TrimSpace(obstacles)
	for _, f := range []struct{ name, v string }{{"notable_cases", notable}, {"obstacles", obstacles}} {
		if utf8.RuneCountInString(f.v) > cases.MaxText {
			return store.MonthlyReport{}, apperr.Invalid(f.name, "too_long", f.name+" is longer than "+strconv.Itoa(cases.MaxText)+" characters", "ข้อความยาวเกินไป")
		}
	}
	r := store.MonthlyReport{UnitCode: unit, Period: per.String(), Notable: notable, Obstacles: obstacles, SubmittedBy: p.UserID, SubmittedAt: now}
	return r, a.store.PutMonthlyReport(ctx, r)
}
