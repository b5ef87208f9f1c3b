package app

import (
	"context"
	"fmt"
	"runtime"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/rongtook/rongtook/internal/apperr"
	"github.com/rongtook/rongtook/internal/auth"
	"github.com/rongtook/rongtook/internal/cases"
	"github.com/rongtook/rongtook/internal/sla"
)

// reportScope returns the one unit a reader is limited to, or "" for readers of every unit.
// Unit staff see their own unit's figures; the centre, executives and admins see all.
func reportScope(p auth.Principal, unit string) (string, error) {
	if p.ReadsAll() {
		return unit, nil
	}
	if unit != "" && unit != p.Unit {
		return "", apperr.Forbidden("unit staff see their own unit's reports", "เจ้าหน้าที่หน่วยงานดูรายงานได้เฉพาะของหน่วยงานตนเอง")
	}
	return p.Unit, nil
}

// UnitSuccess is one unit's success level over a period.
type UnitSuccess struct {
	UnitCode string
	Level    sla.SuccessLevel
}

// SuccessReport is the success-level indicator (seed 001) per unit for a period.
type SuccessReport struct {
	Period sla.Period
	// AsOf is when the clocks were read: the end of the period, or now for the current one.
	AsOf  time.Time
	Units []UnitSuccess
	Total sla.SuccessLevel
}

// SuccessLevel computes the indicator for period (e.g. "2568-Q1", "2569-10", "2569") for one
// unit, or for every unit that had cases when unit is "". The clocks are replayed from the
// timelines as of the end of the period, so a past quarter always reads the same.
func (a *App) SuccessLevel(ctx context.Context, p auth.Principal, period, unit string) (SuccessReport, error) {
	per, err := sla.ParsePeriod(period)
	if err != nil {
		return SuccessReport{}, apperr.Invalid("period", "invalid_period", "period must be like 2569-10 (month), 2569-Q1 (fiscal quarter) or 2569 (fiscal year), in the Buddhist era", "ช่วงเวลาต้องอยู่ในรูปแบบ 2569-10 (เดือน), 2569-Q1 (ไตรมาสปีงบประมาณ) หรือ 2569 (ปีงบประมาณ)")
	}
	if unit, err = reportScope(p, unit); err != nil {
		return SuccessReport{}, err
	}
	if unit != "" {
		if _, ok := a.ref.Unit(unit); !ok {
			return SuccessReport{}, apperr.Invalid("unit", "unknown_unit", "unknown unit "+unit, "ไม่รู้จักหน่วยงานที่ระบุ")
		}
	}
	from, to := per.Start(), per.End()
	asOf := to
	if now := a.now(); now.Before(asOf) {
		asOf = now
	}
	eng, err := a.Engine(ctx)
	if err != nil {
		return SuccessReport{}, err
	}
	// Replaying clocks is the costly part: spread it over the cores while the database
	// streams the timelines.
	type item struct {
		c   cases.Case
		evs []cases.Event
	}
	workers := runtime.GOMAXPROCS(0)
	work := make(chan item, 256)
	partial := make([]map[string][]sla.Stint, workers)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		partial[w] = map[string][]sla.Stint{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range work {
				if errs[w] != nil {
					continue
				}
				res, err := eng.Clocks(SLACase(it.c, it.evs), asOf)
				if err != nil {
					errs[w] = fmt.Errorf("case %s: %w", it.c.Receipt, err)
					continue
				}
				for _, s := range res.Stints {
					if (unit == "" || s.Unit == unit) && s.Start.Before(to) && (s.End.IsZero() || !s.End.Before(from)) {
						partial[w][s.Unit] = append(partial[w][s.Unit], s)
					}
				}
			}
		}()
	}
	err = a.store.Timelines(ctx, from, asOf, func(c cases.Case, evs []cases.Event) error {
		work <- item{c, evs}
		return nil
	})
	close(work)
	wg.Wait()
	if err != nil {
		return SuccessReport{}, err
	}
	byUnit := map[string][]sla.Stint{}
	for w := range workers {
		if errs[w] != nil {
			return SuccessReport{}, errs[w]
		}
		for u, ss := range partial[w] {
			byUnit[u] = append(byUnit[u], ss...)
		}
	}
	rep := SuccessReport{Period: per, AsOf: asOf}
	var all []sla.Stint
	for code, stints := range byUnit {
		rep.Units = append(rep.Units, UnitSuccess{UnitCode: code, Level: sla.Measure(stints, from, to)})
		all = append(all, stints...)
	}
	if unit != "" && len(rep.Units) == 0 {
		rep.Units = []UnitSuccess{{UnitCode: unit}}
	}
	sort.Slice(rep.Units, func(i, j int) bool { return rep.Units[i].UnitCode < rep.Units[j].UnitCode })
	rep.Total = sla.Measure(all, from, to)
	return rep, nil
}

// BaselinePending is the LINE channel's backlog on 30 Sep 2020 (seed 000), the figure the
// city measures its backlog against; the one-year target was 4 % of it.
const (
	BaselinePending = 5785
	BaselineDate    = "2020-09-30"
)

// BacklogQuery asks for the pending cases over time.
type BacklogQuery struct {
	From, To     string // dates, Bangkok; To inclusive
	By           string // "day" or "month"
	Group        string // "", "unit", "district" or "category"
	Unit         string // only this unit's
	Baseline     int    // compared with; default BaselinePending
	BaselineDate string
}

// BacklogPoint is the number of cases pending at the end of one day (or the last day of a
// month) in one group.
type BacklogPoint struct {
	Date    string
	Group   string
	Pending int
}

// Backlog is the series and its baseline.
type Backlog struct {
	Query  BacklogQuery
	Points []BacklogPoint
}

// Backlog counts the cases pending at the end of each day (or month) in [From, To],
// computed from the timelines: a case is pending from its receipt until it is completed or
// terminated, and again from a reopening. A case is counted in the group (unit) holding it
// at that moment.
func (a *App) Backlog(ctx context.Context, p auth.Principal, q BacklogQuery) (Backlog, error) {
	var err error
	if q.Unit, err = reportScope(p, q.Unit); err != nil {
		return Backlog{}, err
	}
	loc := cases.Bangkok()
	from, err := time.ParseInLocation("2006-01-02", q.From, loc)
	if err != nil {
		return Backlog{}, apperr.Invalid("from", "invalid_date", "from must be a date (2026-01-31)", "from ต้องเป็นวันที่ (2026-01-31)")
	}
	to, err := time.ParseInLocation("2006-01-02", q.To, loc)
	if err != nil || to.Before(from) {
		return Backlog{}, apperr.Invalid("to", "invalid_date", "to must be a date on or after from", "to ต้องเป็นวันที่ไม่ก่อน from")
	}
	if to.Sub(from) > 10*366*24*time.Hour {
		return Backlog{}, apperr.Invalid("to", "range_too_long", "at most ten years at a time", "ช่วงเวลายาวได้ไม่เกิน 10 ปี")
	}
	switch q.By {
	case "":
		q.By = "day"
	case "day", "month":
	default:
		return Backlog{}, apperr.Invalid("by", "unknown_interval", "by must be day or month", "by ต้องเป็น day หรือ month")
	}
	switch q.Group {
	case "", "unit", "district", "category":
	default:
		return Backlog{}, apperr.Invalid("group", "unknown_group", "group must be unit, district or category", "group ต้องเป็น unit, district หรือ category")
	}
	if q.Baseline == 0 {
		q.Baseline, q.BaselineDate = BaselinePending, BaselineDate
	}
	// The sample instants: the end of each day, or of each month's last day; today counts
	// as of now, and days still to come are left out.
	now := a.now()
	var samples []time.Time
	var labels []string
	for d := from; !d.After(to) && d.Before(now); d = d.AddDate(0, 0, 1) {
		end := d.AddDate(0, 0, 1)
		if q.By == "month" && end.Month() == d.Month() && !d.Equal(to) && end.Before(now) {
			continue
		}
		if end.After(now) {
			end = now
		}
		samples, labels = append(samples, end), append(labels, d.Format("2006-01-02"))
	}
	if len(samples) == 0 {
		return Backlog{Query: q}, nil
	}
	// Groups get a dense index so that the walk below counts into slices, not maps.
	groupIdx := map[string]int{}
	var groups []string
	indexOf := func(g string) int {
		i, ok := groupIdx[g]
		if !ok {
			i = len(groups)
			groupIdx[g] = i
			groups = append(groups, g)
		}
		return i
	}
	counts := make([][]int, len(samples))
	err = a.store.Timelines(ctx, from, samples[len(samples)-1], func(c cases.Case, evs []cases.Event) error {
		// Walk the timeline once alongside the samples: open/closed and the unit holding it.
		open, unit, g := false, "", 0
		i := 0
		record := func(until time.Time) {
			if !open || (q.Unit != "" && unit != q.Unit) {
				for i < len(samples) && !samples[i].After(until) {
					i++
				}
				return
			}
			for ; i < len(samples) && !samples[i].After(until); i++ {
				for len(counts[i]) <= g {
					counts[i] = append(counts[i], 0)
				}
				counts[i][g]++
			}
		}
		setUnit := func(u string) { unit, g = u, indexOf(groupOf(q.Group, c, u)) }
		for _, e := range evs {
			if i == len(samples) {
				break
			}
			record(e.At)
			switch e.Type {
			case cases.EventCreated, cases.EventImported:
				open = true
				setUnit(e.UnitCode)
			case cases.EventForwarded, cases.EventReturned:
				setUnit(e.UnitCode)
			case cases.EventApproved, cases.EventTerminated:
				open = false
			case cases.EventReopened:
				open = true
			}
		}
		record(samples[len(samples)-1])
		return nil
	})
	if err != nil {
		return Backlog{}, err
	}
	out := Backlog{Query: q}
	order := make([]int, len(groups))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return groups[order[a]] < groups[order[b]] })
	for i, row := range counts {
		found := false
		for _, gi := range order {
			if gi < len(row) && row[gi] > 0 {
				out.Points = append(out.Points, BacklogPoint{Date: labels[i], Group: groups[gi], Pending: row[gi]})
				found = true
			}
		}
		if !found {
			out.Points = append(out.Points, BacklogPoint{Date: labels[i], Pending: 0})
		}
	}
	return out, nil
}

func groupOf(group string, c cases.Case, unit string) string {
	switch group {
	case "unit":
		return unit
	case "district":
		if c.Location.DistrictCode == 0 {
			return "unknown"
		}
		return strconv.Itoa(c.Location.DistrictCode)
	case "category":
		return strconv.Itoa(c.CategoryCode)
	}
	return ""
}

// UnitName returns the Thai name of a unit code, or the code.
func (a *App) UnitName(code string) string {
	if u, ok := a.ref.Unit(code); ok {
		return u.NameTH
	}
	return code
}
