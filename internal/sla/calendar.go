package sla

import (
	"fmt"
	"slices"
	"time"
)

// HolidayKind says why a day is off. All kinds are days off for BMA offices; the kind
// is kept so that screens and audits can tell a standing holiday from one granted for
// a single year.
type HolidayKind uint8

const (
	// PublicHoliday is an annual official holiday (วันหยุดราชการประจำปี) or its
	// substitution day (วันหยุดชดเชย) when it falls on a weekend.
	PublicHoliday HolidayKind = iota + 1
	// GovernmentHoliday is a day off for government offices only, not for the private
	// sector or banks (the Royal Ploughing Ceremony, วันพืชมงคล). The BMA is a
	// government office, so it is off for us.
	GovernmentHoliday
	// SpecialHoliday is an extra day off granted for one year by a cabinet resolution
	// or by the BMA (วันหยุดพิเศษ), typically to bridge a long weekend.
	SpecialHoliday
)

// String returns "public", "government" or "special".
func (k HolidayKind) String() string {
	switch k {
	case PublicHoliday:
		return "public"
	case GovernmentHoliday:
		return "government"
	case SpecialHoliday:
		return "special"
	}
	return fmt.Sprintf("HolidayKind(%d)", uint8(k))
}

// Holiday is one day off on the Bangkok government calendar.
type Holiday struct {
	Date   Date
	NameTH string
	NameEN string
	Kind   HolidayKind
}

// Calendar answers working-day questions for BMA offices: Monday to Friday except its
// holidays, in Asia/Bangkok. A Calendar is immutable once built and safe for concurrent
// use; the nil *Calendar is not valid, use DefaultCalendar.
type Calendar struct {
	holidays []Holiday    // sorted by date, input order kept within a date
	byDate   map[Date]int // index of the first holiday on a date
	years    map[int]bool // years with at least one holiday listed
}

// NewCalendar builds a calendar from holidays in any order. Several entries may share a
// date (Holiday returns the first given). An entry with a zero Date or an unknown Kind
// is an error, because a silently ignored holiday would move deadlines.
func NewCalendar(holidays []Holiday) (*Calendar, error) {
	hs := slices.Clone(holidays)
	for _, h := range hs {
		if h.Date.IsZero() {
			return nil, fmt.Errorf("sla: holiday %q has no date", h.NameEN)
		}
		if h.Kind < PublicHoliday || h.Kind > SpecialHoliday {
			return nil, fmt.Errorf("sla: holiday %s %q has unknown kind %d", h.Date, h.NameEN, h.Kind)
		}
	}
	slices.SortStableFunc(hs, func(a, b Holiday) int { return a.Date.Compare(b.Date) })
	c := &Calendar{holidays: hs, byDate: make(map[Date]int, len(hs)), years: map[int]bool{}}
	for i, h := range hs {
		if _, ok := c.byDate[h.Date]; !ok {
			c.byDate[h.Date] = i
		}
		c.years[h.Date.Year()] = true
	}
	return c, nil
}

// WithHolidays returns a new calendar with extra days off added, e.g. a special holiday
// the cabinet announces during the year. The receiver is not changed.
func (c *Calendar) WithHolidays(extra ...Holiday) (*Calendar, error) {
	return NewCalendar(append(slices.Clone(c.holidays), extra...))
}

// Holiday returns the holiday on d, if any.
func (c *Calendar) Holiday(d Date) (Holiday, bool) {
	i, ok := c.byDate[d]
	if !ok {
		return Holiday{}, false
	}
	return c.holidays[i], true
}

// Holidays returns the holidays with from <= Date <= to, in date order.
func (c *Calendar) Holidays(from, to Date) []Holiday {
	lo, _ := slices.BinarySearchFunc(c.holidays, from, func(h Holiday, d Date) int { return h.Date.Compare(d) })
	var out []Holiday
	for _, h := range c.holidays[lo:] {
		if h.Date.After(to) {
			break
		}
		out = append(out, h)
	}
	return out
}

// Covers reports whether the calendar lists any holiday in the C.E. year. Outside the
// covered years only weekends are days off, so deadlines there may come too early;
// callers can warn an administrator to load that year's holidays.
func (c *Calendar) Covers(year int) bool { return c.years[year] }

// IsWorkingDate reports whether d is a working day: Monday to Friday and not a holiday.
func (c *Calendar) IsWorkingDate(d Date) bool {
	switch d.Weekday() {
	case time.Saturday, time.Sunday:
		return false
	}
	_, off := c.byDate[d]
	return !off
}

// IsWorkingDay reports whether the Bangkok day containing t is a working day.
func (c *Calendar) IsWorkingDay(t time.Time) bool { return c.IsWorkingDate(DateOf(t)) }

// NextWorkingDay returns the first working day strictly after the Bangkok day of t.
func (c *Calendar) NextWorkingDay(t time.Time) Date { return c.AddWorkingDays(DateOf(t), 1) }

// AddWorkingDays returns the n-th working day after d (n > 0) or before d (n < 0),
// not counting d itself; n == 0 returns d unchanged even if it is not a working day.
func (c *Calendar) AddWorkingDays(d Date, n int) Date {
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	for n > 0 {
		d = d.AddDays(step)
		if c.IsWorkingDate(d) {
			n--
		}
	}
	return d
}

// onOrAfter returns d if it is a working day, else the next working day.
func (c *Calendar) onOrAfter(d Date) Date {
	for !c.IsWorkingDate(d) {
		d = d.AddDays(1)
	}
	return d
}

// workingDaysIn counts the working days in [from, to); zero when to <= from.
func (c *Calendar) workingDaysIn(from, to Date) int {
	n := 0
	for d := from; d.Before(to); d = d.AddDays(1) {
		if c.IsWorkingDate(d) {
			n++
		}
	}
	return n
}

// WorkingDaysBetween counts the working days after the Bangkok day of from up to and
// including the day of to: how many working days later "to" is. Same day, or the next
// day being a weekend, gives 0; Friday to the following Tuesday with a holiday on
// Monday gives 1. The result is negative when to is before from.
func (c *Calendar) WorkingDaysBetween(from, to time.Time) int {
	a, b := DateOf(from), DateOf(to)
	if b.Before(a) {
		return -c.workingDaysIn(b.AddDays(1), a.AddDays(1))
	}
	return c.workingDaysIn(a.AddDays(1), b.AddDays(1))
}

// Due returns the deadline of "within n working days" for something that arrived at
// the instant arrival: the end of the n-th working day after the arrival day, returned
// as the first instant after it (00:00 of the following day, Bangkok). An action is in
// time when it happens strictly before Due.
//
// The arrival day never counts, even when it arrives at 08:00 on a working day: the
// unit always gets n full working days. Arriving on a weekend or holiday therefore
// gives until the end of the n-th working day after it. n == 0 means by the end of the
// arrival day itself.
//
// Example: a case reaching a unit on Friday 17:00 before a Monday holiday has 1 working
// day to be acknowledged, due at the end of Tuesday.
func (c *Calendar) Due(arrival time.Time, n int) time.Time {
	if n < 0 {
		n = 0
	}
	return c.AddWorkingDays(DateOf(arrival), n).End()
}
