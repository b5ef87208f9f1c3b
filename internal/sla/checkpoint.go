package sla

import (
	"slices"
	"time"
)

// defaultCheckpointDays are the days of the month on which an unfinished case needs a
// progress report (seed 001: "ทุกวันที่ 15 และ 30 ของเดือน").
var defaultCheckpointDays = []int{15, 30}

// Checkpoint is one fixed-date progress report an unfinished case owes.
type Checkpoint struct {
	// Date is the nominal day: the configured day of the month, or the month's last day
	// when the month is shorter (so in February the last day stands for the 30th).
	Date Date
	// DueDay is Date when that is a working day, else the next working day: offices are
	// closed on weekends and holidays and a report cannot be demanded of them then.
	DueDay Date
	// Due is DueDay.End(): the report must be made strictly before it.
	Due time.Time
}

// Checkpoints lists the checkpoints whose nominal Date lies after the Bangkok day of
// from and on or before the day of to, in order. days are the days of the month (1–31)
// that carry a checkpoint (values outside 1–31 are ignored); nil means 15 and 30, an
// empty non-nil slice means none. A day beyond the end of a month falls on
// the month's last day. Two checkpoints whose DueDay would be the same working day
// (possible only with unusual days such as 29 and 30) merge into the earlier one, so
// that every checkpoint has a non-empty reporting window.
func (c *Calendar) Checkpoints(from, to time.Time, days []int) []Checkpoint {
	return c.checkpoints(DateOf(from), DateOf(to), days)
}

// checkpoints is Checkpoints on dates: nominal dates in (after, until].
func (c *Calendar) checkpoints(after, until Date, days []int) []Checkpoint {
	if days == nil {
		days = defaultCheckpointDays
	}
	if !after.Before(until) {
		return nil
	}
	ds := slices.DeleteFunc(slices.Clone(days), func(d int) bool { return d < 1 || d > 31 })
	if len(ds) == 0 {
		return nil
	}
	slices.Sort(ds)
	ds = slices.Compact(ds)

	var out []Checkpoint
	y, m, _ := after.YMD()
	for {
		last := daysIn(y, m)
		prev := 0
		for _, d := range ds {
			d = min(d, last)
			if d == prev {
				continue // 30 and 31 both land on the 30th of a 30-day month
			}
			prev = d
			nominal := NewDate(y, m, d)
			if !nominal.After(after) {
				continue
			}
			if nominal.After(until) {
				return out
			}
			due := c.onOrAfter(nominal)
			if n := len(out); n > 0 && out[n-1].DueDay == due {
				continue
			}
			out = append(out, Checkpoint{Date: nominal, DueDay: due, Due: due.End()})
		}
		m++
		if m > time.December {
			y, m = y+1, time.January
		}
	}
}

// daysIn returns the number of days of month m of year y.
func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
