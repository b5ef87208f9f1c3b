package app

import (
	"context"
	"sort"
	"strconv"
	"time"

	"github.com/rongtook/rongtook/internal/apperr"
	"github.com/rongtook/rongtook/internal/auth"
	"github.com/rongtook/rongtook/internal/cases"
)

// Count is how many cases fall in one group.
type Count struct {
	Key   string `json:"key"`
	Count int    `json:"count"`
}

// Durations summarises how long something took, in hours.
type Durations struct {
	N      int      `json:"n"`
	Median *float64 `json:"median_hours"`
	P90    *float64 `json:"p90_hours"`
}

// Stats counts the cases received in a period by category, district, unit, channel and
// status, with the time units took to acknowledge and to finish.
type Stats struct {
	From, To       time.Time
	Total          int
	ByCategory     []Count
	ByDistrict     []Count
	ByUnit         []Count
	ByChannel      []Count
	ByStatus       []Count
	ToAcknowledge  Durations
	ToFinish       Durations
	OverdueNow     int
	PendingNow     int
	ImportedSource int
}

// parseRange reads a [from, to] pair of Bangkok dates; to is inclusive.
func parseRange(from, to string) (time.Time, time.Time, error) {
	loc := cases.Bangkok()
	f, err := time.ParseInLocation("2006-01-02", from, loc)
	if err != nil {
		return f, f, apperr.Invalid("from", "invalid_date", "from must be a date (2026-01-31)", "from ต้องเป็นวันที่ (2026-01-31)")
	}
	t, err := time.ParseInLocation("2006-01-02", to, loc)
	if err != nil || t.Before(f) {
		return f, f, apperr.Invalid("to", "invalid_date", "to must be a date on or after from", "to ต้องเป็นวันที่ไม่ก่อน from")
	}
	return f, t.AddDate(0, 0, 1), nil
}

// Statistics computes Stats for the cases received from..to (dates, inclusive). Unit staff
// see their own unit's; confidential cases count like any other (only numbers leave).
func (a *App) Statistics(ctx context.Context, p auth.Principal, from, to string) (Stats, error) {
	unit, err := reportScope(p, "")
	if err != nil {
		return Stats{}, err
	}
	return a.statistics(ctx, from, to, unit)
}

// PublicStatistics is Statistics for anyone: counts only, never a case or a person.
func (a *App) PublicStatistics(ctx context.Context, from, to string) (Stats, error) {
	return a.statistics(ctx, from, to, "")
}

func (a *App) statistics(ctx context.Context, from, to, unit string) (Stats, error) {
	f, t, err := parseRange(from, to)
	if err != nil {
		return Stats{}, err
	}
	if t.Sub(f) > 5*366*24*time.Hour {
		return Stats{}, apperr.Invalid("to", "range_too_long", "at most five years at a time", "ช่วงเวลายาวได้ไม่เกิน 5 ปี")
	}
	list, err := a.store.CaseFacts(ctx, f, t)
	if err != nil {
		return Stats{}, err
	}
	now := a.now()
	st := Stats{From: f, To: t}
	cat, dist, un, ch, stat := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
	var ack, fin []float64
	for _, c := range list {
		if unit != "" && c.UnitCode != unit {
			continue
		}
		st.Total++
		cat[strconv.Itoa(c.CategoryCode)]++
		d := "unknown"
		if c.Location.DistrictCode != 0 {
			d = strconv.Itoa(c.Location.DistrictCode)
		}
		dist[d]++
		un[c.UnitCode]++
		ch[c.Channel]++
		stat[string(c.Status)]++
		if c.Source != "" && c.Source != "demo" {
			st.ImportedSource++
		}
		// Imported histories may lack real acknowledgement times; count only what this system saw.
		if c.Source == "" || c.Source == "demo" {
			if c.AcknowledgedAt != nil && c.ReachedUnitAt != nil && !c.AcknowledgedAt.Before(*c.ReachedUnitAt) {
				ack = append(ack, c.AcknowledgedAt.Sub(*c.ReachedUnitAt).Hours())
			}
			if c.ClosedAt != nil && c.Status == cases.StatusCompleted {
				fin = append(fin, c.ClosedAt.Sub(c.CreatedAt).Hours())
			}
		}
		if c.Open() {
			st.PendingNow++
			if c.NextDueAt != nil && c.NextDueAt.Before(now) {
				st.OverdueNow++
			}
		}
	}
	st.ByCategory, st.ByDistrict, st.ByUnit, st.ByChannel, st.ByStatus = sorted(cat), sorted(dist), sorted(un), sorted(ch), sorted(stat)
	st.ToAcknowledge, st.ToFinish = durations(ack), durations(fin)
	return st, nil
}

func sorted(m map[string]int) []Count {
	out := make([]Count, 0, len(m))
	for k, v := range m {
		out = append(out, Count{k, v})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Key < out[j].Key
	})
	return out
}

// durations takes the median and the 90th percentile (nearest rank).
func durations(xs []float64) Durations {
	d := Durations{N: len(xs)}
	if len(xs) == 0 {
		return d
	}
	sort.Float64s(xs)
	rank := func(p float64) *float64 {
		i := int(p*float64(len(xs)) + 0.999999999)
		if i < 1 {
			i = 1
		}
		v := xs[i-1]
		return &v
	}
	d.Median, d.P90 = rank(0.5), rank(0.9)
	return d
}
