package thai

import (
	"testing"
	"time"
)

func TestBEYear(t *testing.T) {
	if BEYear(2026) != 2569 || CEYear(2569) != 2026 || BEYear(CEYear(2500)) != 2500 {
		t.Error("BE/CE conversion is off")
	}
}

func TestFormatDate(t *testing.T) {
	bkk := time.FixedZone("ICT", 7*3600)
	tm := time.Date(2026, time.November, 22, 14, 5, 0, 0, bkk)
	tests := []struct{ got, want string }{
		{FormatDate(tm), "22 พ.ย. 2569"},
		{FormatDateLong(tm), "22 พฤศจิกายน 2569"},
		{FormatDateFull(tm), "วันอาทิตย์ที่ 22 พฤศจิกายน พ.ศ. 2569"},
		{FormatDateTime(tm), "22 พ.ย. 2569 14:05 น."},
		{FormatDate(time.Date(2023, time.January, 1, 0, 0, 0, 0, bkk)), "1 ม.ค. 2566"},
		{FormatDateTime(time.Date(2024, time.February, 29, 9, 7, 0, 0, bkk)), "29 ก.พ. 2567 09:07 น."},
		// The caller's location decides the calendar day: 20:00 UTC is
		// already the next day in Bangkok.
		{FormatDate(time.Date(2026, time.December, 31, 20, 0, 0, 0, time.UTC).In(bkk)), "1 ม.ค. 2570"},
		{ToThaiDigits(FormatDate(tm)), "๒๒ พ.ย. ๒๕๖๙"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func TestNames(t *testing.T) {
	if MonthName(time.May) != "พฤษภาคม" || MonthAbbr(time.December) != "ธ.ค." || WeekdayName(time.Thursday) != "พฤหัสบดี" {
		t.Error("wrong name")
	}
	if MonthName(0) != "" || MonthAbbr(13) != "" || WeekdayName(7) != "" {
		t.Error("out-of-range input should give an empty name")
	}
	// Every month and weekday name must itself segment as one dictionary
	// word, or search for a date written in words would not work.
	sg := Default()
	for m := time.January; m <= time.December; m++ {
		if !sg.Contains(MonthName(m)) {
			t.Errorf("dictionary lacks month %s", MonthName(m))
		}
	}
}
