package sla

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// beOffset turns a C.E. year into a Buddhist-era year (พ.ศ. = ค.ศ. + 543).
const beOffset = 543

// PeriodKind is the length of a reporting period.
type PeriodKind uint8

const (
	// Month is a calendar month, labelled "2568-11" (Buddhist-era year, month).
	Month PeriodKind = iota + 1
	// Quarter is a quarter of the Thai fiscal year, labelled "2568-Q1". Q1 is
	// October–December of the year before, Q4 is July–September.
	Quarter
	// FiscalYear is a Thai government fiscal year (ปีงบประมาณ), 1 October to 30 September,
	// labelled by the B.E. year of the September it ends in: "2568" or "FY2568" is
	// 1 Oct 2024 – 30 Sep 2025.
	FiscalYear
)

// Period is a reporting period in Bangkok time. Reports and indicators are asked for
// by these labels, so they are parsed and printed here once.
type Period struct {
	Kind PeriodKind
	// Year is in the Buddhist era: the calendar year for a Month, the fiscal year for a
	// Quarter or FiscalYear.
	Year int
	// Num is the month (1–12) of a Month or the quarter (1–4) of a Quarter; 0 for a
	// FiscalYear.
	Num int
}

// MonthOf returns the month containing t in Bangkok.
func MonthOf(t time.Time) Period {
	y, m, _ := DateOf(t).YMD()
	return Period{Kind: Month, Year: y + beOffset, Num: int(m)}
}

// fiscal returns the B.E. fiscal year and the quarter of the Bangkok day of t.
func fiscal(t time.Time) (fy, q int) {
	y, m, _ := DateOf(t).YMD()
	fy = y + beOffset
	if m >= time.October {
		fy++
	}
	// October→1, January→2, April→3, July→4.
	q = (int(m)+2)%12/3 + 1
	return fy, q
}

// QuarterOf returns the fiscal quarter containing t in Bangkok.
func QuarterOf(t time.Time) Period {
	fy, q := fiscal(t)
	return Period{Kind: Quarter, Year: fy, Num: q}
}

// FiscalYearOf returns the fiscal year containing t in Bangkok.
func FiscalYearOf(t time.Time) Period {
	fy, _ := fiscal(t)
	return Period{Kind: FiscalYear, Year: fy}
}

// thaiDigits maps Thai digits (๐–๙), common in official documents, to ASCII.
var thaiDigits = strings.NewReplacer("๐", "0", "๑", "1", "๒", "2", "๓", "3", "๔", "4",
	"๕", "5", "๖", "6", "๗", "7", "๘", "8", "๙", "9")

// ParsePeriod parses "2568-11" (month), "2568-Q1" (fiscal quarter), "2568" or "FY2568"
// (fiscal year). Years are Buddhist era with four digits; Thai digits are accepted, and
// "Q"/"FY" in either case. Anything else is an error, notably C.E. years such as
// "2025-11", which would silently point 543 years away (years below 2400 are refused).
func ParsePeriod(s string) (Period, error) {
	in := s
	s = strings.ToUpper(strings.TrimSpace(thaiDigits.Replace(s)))
	bad := func(why string) (Period, error) {
		return Period{}, fmt.Errorf("sla: bad period %q: %s (want 2568-11, 2568-Q1, 2568 or FY2568)", in, why)
	}
	year := func(y string) (int, bool) {
		if len(y) != 4 {
			return 0, false
		}
		n, err := strconv.Atoi(y)
		if err != nil || n < 2400 {
			return 0, false
		}
		return n, true
	}
	if rest, ok := strings.CutPrefix(s, "FY"); ok {
		y, ok := year(rest)
		if !ok {
			return bad("fiscal year must be a four-digit B.E. year")
		}
		return Period{Kind: FiscalYear, Year: y}, nil
	}
	ys, tail, hasTail := strings.Cut(s, "-")
	y, ok := year(ys)
	if !ok {
		return bad("year must be a four-digit B.E. year")
	}
	if !hasTail {
		return Period{Kind: FiscalYear, Year: y}, nil
	}
	if q, ok := strings.CutPrefix(tail, "Q"); ok {
		if len(q) != 1 || q[0] < '1' || q[0] > '4' {
			return bad("quarter must be Q1 to Q4")
		}
		return Period{Kind: Quarter, Year: y, Num: int(q[0] - '0')}, nil
	}
	if len(tail) != 2 || tail[0] < '0' || tail[0] > '9' || tail[1] < '0' || tail[1] > '9' {
		return bad("month must have two digits")
	}
	m := int(tail[0]-'0')*10 + int(tail[1]-'0')
	if m < 1 || m > 12 {
		return bad("month must be 01 to 12")
	}
	return Period{Kind: Month, Year: y, Num: m}, nil
}

// String returns the canonical label: "2568-11", "2568-Q1" or "2568". An invalid Period
// prints with a "?" so that it is noticed, not parsed back.
func (p Period) String() string {
	switch p.Kind {
	case Month:
		return fmt.Sprintf("%04d-%02d", p.Year, p.Num)
	case Quarter:
		return fmt.Sprintf("%04d-Q%d", p.Year, p.Num)
	case FiscalYear:
		return fmt.Sprintf("%04d", p.Year)
	}
	return fmt.Sprintf("?%d:%04d-%d", p.Kind, p.Year, p.Num)
}

// Valid reports whether p names a real period.
func (p Period) Valid() bool {
	switch p.Kind {
	case Month:
		return p.Num >= 1 && p.Num <= 12
	case Quarter:
		return p.Num >= 1 && p.Num <= 4
	case FiscalYear:
		return p.Num == 0
	}
	return false
}

// firstMonth returns the C.E. year and month the period starts in, and its length in
// months.
func (p Period) firstMonth() (year int, month time.Month, months int) {
	switch p.Kind {
	case Month:
		return p.Year - beOffset, time.Month(p.Num), 1
	case Quarter:
		// Fiscal year FY starts in October of C.E. year FY-543-1.
		y, m := p.Year-beOffset-1, 10+3*(p.Num-1)
		if m > 12 {
			y, m = y+1, m-12
		}
		return y, time.Month(m), 3
	default:
		return p.Year - beOffset - 1, time.October, 12
	}
}

// Start returns the first instant of the period (00:00 Bangkok on its first day).
func (p Period) Start() time.Time {
	y, m, _ := p.firstMonth()
	return NewDate(y, m, 1).Start()
}

// End returns the first instant after the period (exclusive): the Start of the next.
func (p Period) End() time.Time {
	y, m, n := p.firstMonth()
	return NewDate(y, m+time.Month(n), 1).Start()
}

// Contains reports whether Start <= t < End.
func (p Period) Contains(t time.Time) bool {
	return !t.Before(p.Start()) && t.Before(p.End())
}

// Next returns the period of the same kind that follows p.
func (p Period) Next() Period {
	switch p.Kind {
	case Month:
		if p.Num == 12 {
			return Period{Kind: Month, Year: p.Year + 1, Num: 1}
		}
		return Period{Kind: Month, Year: p.Year, Num: p.Num + 1}
	case Quarter:
		if p.Num == 4 {
			return Period{Kind: Quarter, Year: p.Year + 1, Num: 1}
		}
		return Period{Kind: Quarter, Year: p.Year, Num: p.Num + 1}
	}
	return Period{Kind: p.Kind, Year: p.Year + 1}
}
