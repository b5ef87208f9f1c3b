package sla

import (
	"encoding/json"
	"testing"
	"time"
)

// bkk returns an instant given in Bangkok wall-clock time.
func bkk(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, Bangkok())
}

func mustDate(t testing.TB, s string) Date {
	t.Helper()
	d, err := ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestDateBasics(t *testing.T) {
	tests := []struct {
		name string
		got  Date
		want string
		wd   time.Weekday
	}{
		{"plain", NewDate(2026, time.April, 7), "2026-04-07", time.Tuesday},
		{"normalised Feb 30", NewDate(2026, time.February, 30), "2026-03-02", time.Monday},
		{"leap day", NewDate(2028, time.February, 29), "2028-02-29", time.Tuesday},
		{"zero", Date{}, "0001-01-01", time.Monday},
		{"before 1970", NewDate(1960, time.January, 1), "1960-01-01", time.Friday},
		{"add days over year", NewDate(2026, time.December, 31).AddDays(1), "2027-01-01", time.Friday},
		{"add negative", NewDate(2026, time.March, 1).AddDays(-1), "2026-02-28", time.Saturday},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if s := tt.got.String(); s != tt.want {
				t.Errorf("String() = %s, want %s", s, tt.want)
			}
			if wd := tt.got.Weekday(); wd != tt.wd {
				t.Errorf("Weekday() = %v, want %v", wd, tt.wd)
			}
			back := mustDate(t, tt.want)
			if back != tt.got {
				t.Errorf("ParseDate(%s) = %v, not equal to %v", tt.want, back, tt.got)
			}
		})
	}
	if !(Date{}).IsZero() || NewDate(2026, 1, 1).IsZero() {
		t.Error("IsZero wrong")
	}
	a, b := NewDate(2026, 1, 1), NewDate(2026, 3, 1)
	if b.Sub(a) != 59 || a.Compare(b) != -1 || b.Compare(a) != 1 || a.Compare(a) != 0 || !a.Before(b) || !b.After(a) {
		t.Error("Sub/Compare/Before/After wrong")
	}
	if y, m, d := b.YMD(); y != 2026 || m != time.March || d != 1 || b.Year() != 2026 || b.Month() != time.March || b.Day() != 1 {
		t.Errorf("YMD = %d %v %d", y, m, d)
	}
	for _, bad := range []string{"", "2026-13-01", "2026-02-30", "26-01-01", "2026/01/01"} {
		if _, err := ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) succeeded", bad)
		}
	}
}

func TestDateOfUsesBangkok(t *testing.T) {
	tests := []struct {
		at   time.Time
		want string
	}{
		{time.Date(2026, 4, 2, 16, 59, 59, 0, time.UTC), "2026-04-02"}, // 23:59:59 in Bangkok
		{time.Date(2026, 4, 2, 17, 0, 0, 0, time.UTC), "2026-04-03"},   // midnight in Bangkok
		{time.Date(2026, 4, 3, 0, 0, 0, 0, time.FixedZone("NYC", -4*3600)), "2026-04-03"},
		{time.Date(1969, 12, 31, 16, 59, 59, 0, time.UTC), "1969-12-31"},
		{time.Date(1969, 12, 31, 17, 0, 0, 0, time.UTC), "1970-01-01"},
		{time.Date(1969, 12, 31, 12, 0, 0, 0, time.UTC), "1969-12-31"},
	}
	for _, tt := range tests {
		if got := DateOf(tt.at).String(); got != tt.want {
			t.Errorf("DateOf(%v) = %s, want %s", tt.at, got, tt.want)
		}
	}
	d := NewDate(2026, time.April, 7)
	if s := d.Start(); !s.Equal(bkk(2026, 4, 7, 0, 0)) || s.Location() != Bangkok() {
		t.Errorf("Start = %v", s)
	}
	if e := d.End(); !e.Equal(bkk(2026, 4, 8, 0, 0)) {
		t.Errorf("End = %v", e)
	}
	if DateOf(d.End().Add(-time.Nanosecond)) != d || DateOf(d.Start()) != d {
		t.Error("Start/End are not the bounds of the day")
	}
}

func TestDateText(t *testing.T) {
	in := struct{ D Date }{NewDate(2026, 4, 7)}
	b, err := json.Marshal(in)
	if err != nil || string(b) != `{"D":"2026-04-07"}` {
		t.Fatalf("Marshal = %s, %v", b, err)
	}
	var out struct{ D Date }
	if err := json.Unmarshal(b, &out); err != nil || out != in {
		t.Fatalf("Unmarshal = %v, %v", out, err)
	}
	if err := json.Unmarshal([]byte(`{"D":"7/4/2026"}`), &out); err == nil {
		t.Error("Unmarshal of a bad date succeeded")
	}
}

func TestDueBuiltinCalendar(t *testing.T) {
	cal := DefaultCalendar()
	tests := []struct {
		name    string
		arrival time.Time
		n       int
		want    time.Time
	}{
		// The required example: Friday 17:00 before a Monday holiday (Chakri Day,
		// Monday 6 April 2026): 1 working day ends on Tuesday.
		{"Fri 17:00 before Monday holiday, ack", bkk(2026, 4, 3, 17, 0), 1, bkk(2026, 4, 8, 0, 0)},
		{"Fri 17:00 before Monday holiday, first progress", bkk(2026, 4, 3, 17, 0), 3, bkk(2026, 4, 10, 0, 0)},
		{"same Friday given in UTC", time.Date(2026, 4, 2, 17, 30, 0, 0, time.UTC), 1, bkk(2026, 4, 8, 0, 0)},
		{"Thursday 23:59 is still Thursday", bkk(2026, 4, 2, 23, 59), 1, bkk(2026, 4, 4, 0, 0)},
		{"Songkran Mon-Wed", bkk(2026, 4, 10, 9, 0), 1, bkk(2026, 4, 17, 0, 0)},
		{"Labour Day Fri + Coronation Mon", bkk(2026, 4, 30, 10, 0), 1, bkk(2026, 5, 6, 0, 0)},
		{"Labour Day Fri + Coronation Mon, 3 days", bkk(2026, 4, 30, 10, 0), 3, bkk(2026, 5, 8, 0, 0)},
		{"Royal Ploughing (government holiday)", bkk(2026, 5, 12, 10, 0), 1, bkk(2026, 5, 15, 0, 0)},
		{"arrival on Saturday", bkk(2026, 1, 3, 10, 0), 1, bkk(2026, 1, 6, 0, 0)},
		{"New Year's Eve into special 2 January", bkk(2025, 12, 31, 23, 59), 1, bkk(2026, 1, 6, 0, 0)},
		{"substitution day 7 Dec 2026", bkk(2026, 12, 4, 8, 0), 1, bkk(2026, 12, 9, 0, 0)},
		{"Asanha + Khao Phansa + substitution 2027", bkk(2027, 7, 16, 8, 0), 1, bkk(2027, 7, 22, 0, 0)},
		{"zero days: end of arrival day", bkk(2026, 4, 20, 10, 0), 0, bkk(2026, 4, 21, 0, 0)},
		{"negative treated as zero", bkk(2026, 4, 20, 10, 0), -3, bkk(2026, 4, 21, 0, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := cal.Due(tt.arrival, tt.n)
			if !got.Equal(tt.want) {
				t.Errorf("Due(%v, %d) = %v, want %v", tt.arrival, tt.n, got, tt.want)
			}
		})
	}
}

func TestWorkingDayQuestions(t *testing.T) {
	cal := DefaultCalendar()
	for _, tt := range []struct {
		at   time.Time
		want bool
	}{
		{bkk(2026, 4, 3, 17, 0), true},                        // Friday
		{bkk(2026, 4, 4, 10, 0), false},                       // Saturday
		{bkk(2026, 4, 6, 10, 0), false},                       // Chakri Day
		{bkk(2026, 4, 7, 0, 0), true},                         // Tuesday
		{bkk(2026, 5, 13, 10, 0), false},                      // Royal Ploughing: government holiday
		{bkk(2026, 1, 2, 10, 0), false},                       // special holiday
		{bkk(2028, 1, 4, 10, 0), true},                        // Tuesday in an uncovered year
		{time.Date(2026, 4, 5, 17, 0, 0, 0, time.UTC), false}, // = Mon 6 Apr 00:00 Bangkok
	} {
		if got := cal.IsWorkingDay(tt.at); got != tt.want {
			t.Errorf("IsWorkingDay(%v) = %v, want %v", tt.at, got, tt.want)
		}
	}

	if got := cal.NextWorkingDay(bkk(2026, 4, 3, 17, 0)); got != NewDate(2026, 4, 7) {
		t.Errorf("NextWorkingDay(Fri 3 Apr) = %v, want 2026-04-07", got)
	}
	if got := cal.NextWorkingDay(bkk(2026, 4, 7, 9, 0)); got != NewDate(2026, 4, 8) {
		t.Errorf("NextWorkingDay(Tue 7 Apr) = %v, want 2026-04-08", got)
	}
	if got := cal.AddWorkingDays(NewDate(2026, 4, 7), -1); got != NewDate(2026, 4, 3) {
		t.Errorf("AddWorkingDays(Tue 7 Apr, -1) = %v, want 2026-04-03", got)
	}
	if got := cal.AddWorkingDays(NewDate(2026, 4, 4), 0); got != NewDate(2026, 4, 4) {
		t.Errorf("AddWorkingDays(d, 0) = %v, want d", got)
	}

	for _, tt := range []struct {
		name     string
		from, to time.Time
		want     int
	}{
		{"same day", bkk(2026, 4, 7, 8, 0), bkk(2026, 4, 7, 18, 0), 0},
		{"Fri to Tue over holiday", bkk(2026, 4, 3, 17, 0), bkk(2026, 4, 7, 9, 0), 1},
		{"Fri to Mon holiday", bkk(2026, 4, 3, 17, 0), bkk(2026, 4, 6, 9, 0), 0},
		{"Tue to Fri", bkk(2026, 4, 7, 17, 0), bkk(2026, 4, 10, 9, 0), 3},
		{"backwards", bkk(2026, 4, 10, 9, 0), bkk(2026, 4, 7, 17, 0), -3},
		{"whole April 2026", bkk(2026, 3, 31, 12, 0), bkk(2026, 4, 30, 12, 0), 18},
	} {
		if got := cal.WorkingDaysBetween(tt.from, tt.to); got != tt.want {
			t.Errorf("%s: WorkingDaysBetween = %d, want %d", tt.name, got, tt.want)
		}
	}
}

func TestCustomCalendar(t *testing.T) {
	// A synthetic calendar, so that the rules are tested apart from the holiday data.
	mon := NewDate(2031, time.March, 3) // a Monday
	if mon.Weekday() != time.Monday {
		t.Fatalf("fixture: %v is a %v", mon, mon.Weekday())
	}
	cal, err := NewCalendar([]Holiday{{Date: mon, NameEN: "Test day", Kind: PublicHoliday}})
	if err != nil {
		t.Fatal(err)
	}
	fri := bkk(2031, 2, 28, 17, 0)
	if got, want := cal.Due(fri, 1), bkk(2031, 3, 5, 0, 0); !got.Equal(want) {
		t.Errorf("Due = %v, want %v", got, want)
	}
	if !cal.Covers(2031) || cal.Covers(2030) {
		t.Error("Covers wrong")
	}

	// An administrator adds a special day off on the Tuesday.
	cal2, err := cal.WithHolidays(Holiday{Date: mon.AddDays(1), NameTH: "วันหยุดพิเศษ", Kind: SpecialHoliday})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := cal2.Due(fri, 1), bkk(2031, 3, 6, 0, 0); !got.Equal(want) {
		t.Errorf("with special day: Due = %v, want %v", got, want)
	}
	if got, want := cal.Due(fri, 1), bkk(2031, 3, 5, 0, 0); !got.Equal(want) {
		t.Errorf("WithHolidays changed the original calendar: Due = %v", got)
	}
	h, ok := cal2.Holiday(mon.AddDays(1))
	if !ok || h.Kind != SpecialHoliday || h.Kind.String() != "special" {
		t.Errorf("Holiday = %+v, %v", h, ok)
	}
	if hs := cal2.Holidays(mon, mon.AddDays(1)); len(hs) != 2 || hs[0].Date != mon {
		t.Errorf("Holidays range = %+v", hs)
	}
	if hs := cal2.Holidays(mon.AddDays(2), mon.AddDays(30)); len(hs) != 0 {
		t.Errorf("Holidays empty range = %+v", hs)
	}

	// Two entries on one date: the first given wins, the day is off once.
	cal3, err := NewCalendar([]Holiday{
		{Date: mon, NameEN: "first", Kind: PublicHoliday},
		{Date: mon, NameEN: "second", Kind: SpecialHoliday},
	})
	if err != nil {
		t.Fatal(err)
	}
	if h, _ := cal3.Holiday(mon); h.NameEN != "first" {
		t.Errorf("Holiday on shared date = %q, want first", h.NameEN)
	}

	for _, bad := range [][]Holiday{
		{{NameEN: "no date", Kind: PublicHoliday}},
		{{Date: mon, NameEN: "no kind"}},
		{{Date: mon, NameEN: "bad kind", Kind: 9}},
	} {
		if _, err := NewCalendar(bad); err == nil {
			t.Errorf("NewCalendar(%+v) succeeded", bad)
		}
	}
}

func TestHolidayKindString(t *testing.T) {
	for k, want := range map[HolidayKind]string{PublicHoliday: "public", GovernmentHoliday: "government", SpecialHoliday: "special", 0: "HolidayKind(0)"} {
		if got := k.String(); got != want {
			t.Errorf("%d.String() = %q, want %q", k, got, want)
		}
	}
}
