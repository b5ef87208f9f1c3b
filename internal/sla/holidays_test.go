package sla

import (
	"encoding/csv"
	"os"
	"strings"
	"testing"

	"github.com/rongtook/rongtook/internal/sharedtest"
)

// TestBuiltinHolidaysMatchCSV compares the built-in holidays with the shared data set
// (thai_holidays_2020_2030.csv, generated from the vacanza/holidays library) for every
// year both cover.
//
// The CSV has columns date,category,name_th,name_en and three categories:
//   - public: official holidays, their substitution days ("in lieu"), and the cabinet's
//     special days off ("Bridge Public Holiday"): all days off for the BMA;
//   - government: days off for government offices only (the Royal Ploughing Ceremony):
//     the BMA is a government office, so these are days off too;
//   - bank: days only banks close (e.g. the BAAC's annual account closing): government
//     offices work, so they are not days off.
//
// So the government days off are exactly the public and government rows, and the kinds
// must line up: government rows are GovernmentHoliday, bridge days SpecialHoliday, the
// other public rows PublicHoliday.
func TestBuiltinHolidaysMatchCSV(t *testing.T) {
	path := sharedtest.File(t, "thai_holidays_2020_2030.csv")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 2 || strings.Join(rows[0], ",") != "date,category,name_th,name_en" {
		t.Fatalf("unexpected CSV header %v", rows[0])
	}

	builtinYears := map[int]bool{}
	for _, h := range BuiltinHolidays() {
		builtinYears[h.Date.Year()] = true
	}
	want := map[Date]HolidayKind{}
	csvYears := map[int]bool{}
	for i, r := range rows[1:] {
		d, err := ParseDate(r[0])
		if err != nil {
			t.Fatalf("row %d: %v", i+2, err)
		}
		csvYears[d.Year()] = true
		if !builtinYears[d.Year()] {
			continue
		}
		switch r[1] {
		case "public":
			if strings.Contains(r[3], "Bridge") {
				want[d] = SpecialHoliday
			} else {
				want[d] = PublicHoliday
			}
		case "government":
			want[d] = GovernmentHoliday
		case "bank":
			// Banks only: not a government day off.
		default:
			t.Fatalf("row %d: unknown category %q: decide whether it is a day off", i+2, r[1])
		}
	}

	compared := 0
	got := map[Date]HolidayKind{}
	for _, h := range BuiltinHolidays() {
		if !csvYears[h.Date.Year()] {
			continue
		}
		compared++
		if _, dup := got[h.Date]; dup {
			t.Errorf("built-in list has %s twice", h.Date)
		}
		got[h.Date] = h.Kind
		if h.NameTH == "" || h.NameEN == "" {
			t.Errorf("built-in %s has an empty name", h.Date)
		}
		if k, ok := want[h.Date]; !ok {
			t.Errorf("built-in %s (%s) is not a day off in the CSV", h.Date, h.NameEN)
		} else if k != h.Kind {
			t.Errorf("built-in %s (%s) is %v, CSV says %v", h.Date, h.NameEN, h.Kind, k)
		}
	}
	for d, k := range want {
		if _, ok := got[d]; !ok {
			t.Errorf("CSV day off %s (%v) is missing from the built-in list", d, k)
		}
	}
	if compared == 0 {
		t.Fatal("no year in common between the built-in list and the CSV")
	}
	t.Logf("compared %d built-in holidays over %d years", compared, len(builtinYears))
}

func TestBuiltinHolidaysCovered(t *testing.T) {
	cal := DefaultCalendar()
	for _, y := range []int{2025, 2026, 2027} {
		if !cal.Covers(y) {
			t.Errorf("default calendar does not cover %d", y)
		}
	}
	// BuiltinHolidays returns a copy: changing it must not move deadlines.
	hs := BuiltinHolidays()
	hs[0].Date = Date{}
	if BuiltinHolidays()[0].Date.IsZero() {
		t.Error("BuiltinHolidays exposes the package's table")
	}
}
