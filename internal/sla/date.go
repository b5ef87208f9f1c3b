package sla

import (
	"fmt"
	"time"
)

// bangkokOffset is Bangkok's offset from UTC. Thailand has kept UTC+7 without daylight
// saving since 1920, so a fixed zone is exact for every date this system handles and
// needs no tzdata file: the package stays free of I/O.
const bangkokOffset = 7 * 60 * 60

var bangkok = time.FixedZone("Asia/Bangkok", bangkokOffset)

// Bangkok returns the time zone every rule of this package is counted in (UTC+7, no
// daylight saving). It is a fixed zone rather than time.LoadLocation so that no
// caller depends on tzdata being installed.
func Bangkok() *time.Location { return bangkok }

const (
	secondsPerDay = 24 * 60 * 60
	// unixToInternal is the number of days from 0001-01-01 to 1970-01-01, so that the
	// zero Date is 0001-01-01 like the zero time.Time.
	unixToInternal = 719162
)

// Date is a calendar day in Bangkok, with no time of day. Deadlines are counted in
// whole days, so working-day arithmetic is done on Dates and only turned into instants
// at the edges (Start, End).
//
// The zero Date is 0001-01-01 and reports IsZero. Dates are comparable with == and
// usable as map keys.
type Date struct {
	n int64 // days since 0001-01-01
}

// NewDate returns the date y-m-d. Out-of-range values are normalised the way time.Date
// does it, so NewDate(2026, 2, 30) is 2026-03-02.
func NewDate(y int, m time.Month, d int) Date {
	u := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix()
	return Date{n: u/secondsPerDay + unixToInternal}
}

// DateOf returns the Bangkok calendar day that contains the instant t, whatever t's
// own location is.
func DateOf(t time.Time) Date {
	s := t.Unix() + bangkokOffset
	days := s / secondsPerDay
	if s%secondsPerDay < 0 { // floor division for instants before 1970
		days--
	}
	return Date{n: days + unixToInternal}
}

// ParseDate parses an ISO date "2006-01-02" (Gregorian, C.E.).
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("sla: bad date %q: want YYYY-MM-DD", s)
	}
	return NewDate(t.Date()), nil
}

func (d Date) utc() time.Time {
	return time.Unix((d.n-unixToInternal)*secondsPerDay, 0).UTC()
}

// Year returns the C.E. year of d.
func (d Date) Year() int { return d.utc().Year() }

// Month returns the month of d.
func (d Date) Month() time.Month { return d.utc().Month() }

// Day returns the day of the month of d.
func (d Date) Day() int { return d.utc().Day() }

// YMD returns the year, month and day of d in one conversion.
func (d Date) YMD() (year int, month time.Month, day int) { return d.utc().Date() }

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday {
	// 0001-01-01 was a Monday.
	return time.Weekday((d.n%7 + 7 + 1) % 7)
}

// AddDays returns d moved by n calendar days (n may be negative).
func (d Date) AddDays(n int) Date { return Date{n: d.n + int64(n)} }

// Sub returns the number of calendar days from o to d (d - o).
func (d Date) Sub(o Date) int { return int(d.n - o.n) }

// Compare returns -1, 0 or +1 as d is before, equal to or after o.
func (d Date) Compare(o Date) int {
	switch {
	case d.n < o.n:
		return -1
	case d.n > o.n:
		return 1
	}
	return 0
}

// Before reports whether d is before o.
func (d Date) Before(o Date) bool { return d.n < o.n }

// After reports whether d is after o.
func (d Date) After(o Date) bool { return d.n > o.n }

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d.n == 0 }

// Start returns the first instant of d in Bangkok (00:00:00).
func (d Date) Start() time.Time {
	return time.Unix((d.n-unixToInternal)*secondsPerDay-bangkokOffset, 0).In(bangkok)
}

// End returns the first instant after d, i.e. 00:00 of the next day in Bangkok. This
// package's convention for "by the end of day d" is "strictly before d.End()": an
// exclusive bound avoids choosing between 23:59:59 and 23:59:59.999999999.
func (d Date) End() time.Time { return d.AddDays(1).Start() }

// String formats d as "2006-01-02" (C.E.).
func (d Date) String() string {
	y, m, dd := d.YMD()
	return fmt.Sprintf("%04d-%02d-%02d", y, int(m), dd)
}

// MarshalText implements encoding.TextMarshaler with the String format, so Dates
// travel in JSON as "2026-04-07".
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler for the String format.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}
