package sla

import (
	"testing"
	"time"
)

func TestParsePeriod(t *testing.T) {
	tests := []struct {
		in         string
		want       Period
		label      string
		start, end time.Time
	}{
		{"2568-11", Period{Month, 2568, 11}, "2568-11", bkk(2025, 11, 1, 0, 0), bkk(2025, 12, 1, 0, 0)},
		{"2568-12", Period{Month, 2568, 12}, "2568-12", bkk(2025, 12, 1, 0, 0), bkk(2026, 1, 1, 0, 0)},
		{"2569-02", Period{Month, 2569, 2}, "2569-02", bkk(2026, 2, 1, 0, 0), bkk(2026, 3, 1, 0, 0)},
		{"2568-Q1", Period{Quarter, 2568, 1}, "2568-Q1", bkk(2024, 10, 1, 0, 0), bkk(2025, 1, 1, 0, 0)},
		{"2568-q2", Period{Quarter, 2568, 2}, "2568-Q2", bkk(2025, 1, 1, 0, 0), bkk(2025, 4, 1, 0, 0)},
		{"2568-Q3", Period{Quarter, 2568, 3}, "2568-Q3", bkk(2025, 4, 1, 0, 0), bkk(2025, 7, 1, 0, 0)},
		{"2568-Q4", Period{Quarter, 2568, 4}, "2568-Q4", bkk(2025, 7, 1, 0, 0), bkk(2025, 10, 1, 0, 0)},
		{"2568", Period{FiscalYear, 2568, 0}, "2568", bkk(2024, 10, 1, 0, 0), bkk(2025, 10, 1, 0, 0)},
		{"FY2568", Period{FiscalYear, 2568, 0}, "2568", bkk(2024, 10, 1, 0, 0), bkk(2025, 10, 1, 0, 0)},
		{"fy2569", Period{FiscalYear, 2569, 0}, "2569", bkk(2025, 10, 1, 0, 0), bkk(2026, 10, 1, 0, 0)},
		{"๒๕๖๘-๑๑", Period{Month, 2568, 11}, "2568-11", bkk(2025, 11, 1, 0, 0), bkk(2025, 12, 1, 0, 0)},
		{" 2563-Q1 ", Period{Quarter, 2563, 1}, "2563-Q1", bkk(2019, 10, 1, 0, 0), bkk(2020, 1, 1, 0, 0)}, // seed 001's quarter
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			p, err := ParsePeriod(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if p != tt.want {
				t.Fatalf("ParsePeriod = %+v, want %+v", p, tt.want)
			}
			if !p.Valid() {
				t.Error("not Valid")
			}
			if s := p.String(); s != tt.label {
				t.Errorf("String() = %q, want %q", s, tt.label)
			}
			if back, err := ParsePeriod(p.String()); err != nil || back != p {
				t.Errorf("round trip: %+v, %v", back, err)
			}
			if !p.Start().Equal(tt.start) || !p.End().Equal(tt.end) {
				t.Errorf("[%v, %v), want [%v, %v)", p.Start(), p.End(), tt.start, tt.end)
			}
			// Edges: the first instant is in, the last nanosecond is in, End is out.
			if !p.Contains(tt.start) || !p.Contains(tt.end.Add(-time.Nanosecond)) || p.Contains(tt.end) || p.Contains(tt.start.Add(-time.Nanosecond)) {
				t.Error("Contains wrong at the edges")
			}
		})
	}
}

func TestParsePeriodErrors(t *testing.T) {
	for _, in := range []string{
		"", "2568-", "2568-1", "2568-13", "2568-00", "2568-Q0", "2568-Q5", "2568-Q12",
		"2025-11", "2025", "FY2025", "68-11", "25680", "FY", "2568-11-01", "2568/11", "abcd", "+2568",
	} {
		if p, err := ParsePeriod(in); err == nil {
			t.Errorf("ParsePeriod(%q) = %+v, want an error", in, p)
		}
	}
}

func TestPeriodOf(t *testing.T) {
	tests := []struct {
		at           time.Time
		month, q, fy string
	}{
		{bkk(2024, 10, 1, 0, 0), "2567-10", "2568-Q1", "2568"},
		{bkk(2024, 9, 30, 23, 59), "2567-09", "2567-Q4", "2567"},
		{bkk(2025, 1, 1, 0, 0), "2568-01", "2568-Q2", "2568"},
		{bkk(2025, 3, 31, 23, 59), "2568-03", "2568-Q2", "2568"},
		{bkk(2025, 4, 1, 0, 0), "2568-04", "2568-Q3", "2568"},
		{bkk(2025, 7, 1, 0, 0), "2568-07", "2568-Q4", "2568"},
		{bkk(2025, 12, 31, 23, 59), "2568-12", "2569-Q1", "2569"},
		// 30 Sep 2025 17:30 UTC is already 1 October in Bangkok: next fiscal year.
		{time.Date(2025, 9, 30, 17, 30, 0, 0, time.UTC), "2568-10", "2569-Q1", "2569"},
	}
	for _, tt := range tests {
		m, q, fy := MonthOf(tt.at).String(), QuarterOf(tt.at).String(), FiscalYearOf(tt.at).String()
		if m != tt.month || q != tt.q || fy != tt.fy {
			t.Errorf("%v: %s %s %s, want %s %s %s", tt.at, m, q, fy, tt.month, tt.q, tt.fy)
		}
		for _, p := range []Period{MonthOf(tt.at), QuarterOf(tt.at), FiscalYearOf(tt.at)} {
			if !p.Contains(tt.at) {
				t.Errorf("%v not in its own period %s", tt.at, p)
			}
		}
	}
}

func TestPeriodNext(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"2568-11", "2568-12"}, {"2568-12", "2569-01"}, {"2568-Q1", "2568-Q2"}, {"2568-Q4", "2569-Q1"}, {"2568", "2569"},
	} {
		p, err := ParsePeriod(tt.in)
		if err != nil {
			t.Fatal(err)
		}
		n := p.Next()
		if n.String() != tt.want {
			t.Errorf("%s.Next() = %s, want %s", tt.in, n, tt.want)
		}
		if !n.Start().Equal(p.End()) {
			t.Errorf("%s.Next() starts %v, not at %v", tt.in, n.Start(), p.End())
		}
	}
	if (Period{}).Valid() || (Period{Kind: Month, Year: 2568, Num: 13}).Valid() || (Period{Kind: FiscalYear, Year: 2568, Num: 1}).Valid() {
		t.Error("Valid accepted an invalid period")
	}
	if s := (Period{}).String(); s[0] != '?' {
		t.Errorf("invalid period prints as %q", s)
	}
}
