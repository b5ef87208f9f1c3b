package thai

import (
	"strconv"
	"time"
)

// BEOffset is the difference between a Buddhist-era year and the Common-era
// year: 2026 CE is 2569 BE. (Since 1941 the Thai year starts on 1 January,
// so the offset is the same all year.)
const BEOffset = 543

// BEYear returns the Buddhist-era year of a Common-era year.
func BEYear(ce int) int { return ce + BEOffset }

// CEYear returns the Common-era year of a Buddhist-era year.
func CEYear(be int) int { return be - BEOffset }

var (
	monthNames = [12]string{
		"มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
		"กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
	}
	monthAbbrs = [12]string{
		"ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
		"ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
	}
	weekdayNames = [7]string{"อาทิตย์", "จันทร์", "อังคาร", "พุธ", "พฤหัสบดี", "ศุกร์", "เสาร์"}
)

// MonthName returns the full Thai name of m ("พฤศจิกายน"), or "" if m is
// out of range.
func MonthName(m time.Month) string {
	if m < time.January || m > time.December {
		return ""
	}
	return monthNames[m-1]
}

// MonthAbbr returns the standard Thai abbreviation of m ("พ.ย."), or "" if m
// is out of range.
func MonthAbbr(m time.Month) string {
	if m < time.January || m > time.December {
		return ""
	}
	return monthAbbrs[m-1]
}

// WeekdayName returns the Thai name of d without the "วัน" prefix ("อาทิตย์"),
// or "" if d is out of range.
func WeekdayName(d time.Weekday) string {
	if d < time.Sunday || d > time.Saturday {
		return ""
	}
	return weekdayNames[d]
}

// The formatters below use t as it is: convert it to Asia/Bangkok first
// (t.In(loc)) when it should show Bangkok's calendar day. Days are not padded
// and years are Buddhist-era, as Thai readers expect.

// FormatDate formats t the short Thai way: "22 พ.ย. 2569".
func FormatDate(t time.Time) string {
	y, m, d := t.Date()
	return string(appendDate(make([]byte, 0, 32), d, monthAbbrs[m-1], y))
}

// FormatDateLong formats t with the full month name: "22 พฤศจิกายน 2569".
func FormatDateLong(t time.Time) string {
	y, m, d := t.Date()
	return string(appendDate(make([]byte, 0, 48), d, monthNames[m-1], y))
}

// FormatDateFull formats t as official letters head it:
// "วันอาทิตย์ที่ 22 พฤศจิกายน พ.ศ. 2569".
func FormatDateFull(t time.Time) string {
	y, m, d := t.Date()
	b := make([]byte, 0, 96)
	b = append(b, "วัน"...)
	b = append(b, weekdayNames[t.Weekday()]...)
	b = append(b, "ที่ "...)
	b = strconv.AppendInt(b, int64(d), 10)
	b = append(b, ' ')
	b = append(b, monthNames[m-1]...)
	b = append(b, " พ.ศ. "...)
	b = strconv.AppendInt(b, int64(BEYear(y)), 10)
	return string(b)
}

// FormatDateTime formats t with the time of day on the 24-hour clock:
// "22 พ.ย. 2569 14:05 น." (น. stands for นาฬิกา, o'clock).
func FormatDateTime(t time.Time) string {
	y, m, d := t.Date()
	b := appendDate(make([]byte, 0, 48), d, monthAbbrs[m-1], y)
	b = append(b, ' ')
	b = appendTwo(b, t.Hour())
	b = append(b, ':')
	b = appendTwo(b, t.Minute())
	b = append(b, " น."...)
	return string(b)
}

func appendDate(b []byte, day int, month string, ceYear int) []byte {
	b = strconv.AppendInt(b, int64(day), 10)
	b = append(b, ' ')
	b = append(b, month...)
	b = append(b, ' ')
	return strconv.AppendInt(b, int64(BEYear(ceYear)), 10)
}

func appendTwo(b []byte, n int) []byte {
	return append(b, byte('0'+n/10), byte('0'+n%10))
}
