package thai

import (
	"strconv"
	"testing"
)

func TestDigits(t *testing.T) {
	tests := []struct{ arabic, thai string }{
		{"0123456789", "๐๑๒๓๔๕๖๗๘๙"},
		{"ซอย 5/1 โทร 02-123-4567", "ซอย ๕/๑ โทร ๐๒-๑๒๓-๔๕๖๗"},
		{"ไม่มีตัวเลข", "ไม่มีตัวเลข"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := ToThaiDigits(tt.arabic); got != tt.thai {
			t.Errorf("ToThaiDigits(%q) = %q, want %q", tt.arabic, got, tt.thai)
		}
		if got := ToArabicDigits(tt.thai); got != tt.arabic {
			t.Errorf("ToArabicDigits(%q) = %q, want %q", tt.thai, got, tt.arabic)
		}
	}
	if got := ToArabicDigits("พ.ศ. ๒๕๖๙ (2569)"); got != "พ.ศ. 2569 (2569)" {
		t.Errorf("mixed digits: %q", got)
	}
	if n, err := strconv.Atoi(ToArabicDigits("๑๒๓")); err != nil || n != 123 {
		t.Errorf("Atoi after ToArabicDigits = %d, %v", n, err)
	}
	if n := testing.AllocsPerRun(100, func() { ToArabicDigits("ไม่มีเลขไทย 123"); ToThaiDigits("ไม่มี") }); n != 0 {
		t.Errorf("unchanged strings allocate %v times", n)
	}
}
