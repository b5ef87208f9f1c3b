package cases

import (
	"fmt"
	"regexp"
	"time"
)

// Receipt numbers (เลขที่รับแจ้ง) are the Buddhist-era year of receipt in Bangkok time, a
// hyphen and a six-digit sequence that restarts each year: 2569-000123. They are short
// enough to read out on the telephone, sort in the order cases arrived, and the year tells a
// citizen at once which case they mean. The sequence is issued by the store inside the
// transaction that creates the case, so a number is never issued twice and never reused; a
// year past 999,999 cases grows to seven digits without breaking the pattern.

var receiptPattern = regexp.MustCompile(`^\d{4}-\d{6,7}$`)

var bangkok = mustLoadLocation("Asia/Bangkok")

func mustLoadLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		// Bangkok has had no daylight saving since 1920; a fixed zone is exact for our dates.
		return time.FixedZone("ICT", 7*3600)
	}
	return loc
}

// Bangkok returns the Asia/Bangkok location.
func Bangkok() *time.Location { return bangkok }

// ReceiptYear is the Buddhist-era year in Bangkok at t, under which a case received at t is
// numbered.
func ReceiptYear(t time.Time) int { return t.In(bangkok).Year() + 543 }

// FormatReceipt builds a receipt number from a Buddhist-era year and a sequence.
func FormatReceipt(beYear int, seq int64) string { return fmt.Sprintf("%04d-%06d", beYear, seq) }

// ValidReceipt reports whether s has the shape of a receipt number.
func ValidReceipt(s string) bool { return receiptPattern.MatchString(s) }
