package sla

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// cpString renders checkpoints as "nominal>dueDay" for compact comparison.
func cpString(cps []Checkpoint) string {
	var b strings.Builder
	for i, c := range cps {
		if i > 0 {
			b.WriteByte(' ')
		}
		if c.DueDay == c.Date {
			b.WriteString(c.Date.String())
		} else {
			fmt.Fprintf(&b, "%s>%s", c.Date, c.DueDay)
		}
		if !c.Due.Equal(c.DueDay.End()) {
			fmt.Fprintf(&b, "(bad Due %v)", c.Due)
		}
	}
	return b.String()
}

func TestCheckpoints(t *testing.T) {
	cal := DefaultCalendar()
	tests := []struct {
		name     string
		from, to time.Time
		days     []int
		want     string
	}{
		{
			name: "first quarter 2026, February ends on a Saturday",
			from: bkk(2026, 1, 1, 0, 0), to: bkk(2026, 3, 31, 0, 0),
			want: "2026-01-15 2026-01-30 2026-02-15>2026-02-16 2026-02-28>2026-03-02 2026-03-15>2026-03-16 2026-03-30",
		},
		{
			name: "leap February 2028",
			from: bkk(2028, 2, 1, 0, 0), to: bkk(2028, 3, 1, 0, 0),
			want: "2028-02-15 2028-02-29",
		},
		{
			name: "30 May 2026 is Saturday and 1 June a holiday",
			from: bkk(2026, 5, 16, 0, 0), to: bkk(2026, 5, 31, 0, 0),
			want: "2026-05-30>2026-06-02",
		},
		{
			name: "from is exclusive by day, to inclusive",
			from: bkk(2026, 1, 15, 23, 0), to: bkk(2026, 2, 15, 0, 0),
			want: "2026-01-30 2026-02-15>2026-02-16",
		},
		{
			name: "empty range",
			from: bkk(2026, 1, 16, 0, 0), to: bkk(2026, 1, 29, 23, 59),
			want: "",
		},
		{
			name: "day 31 means the last day of every month",
			from: bkk(2026, 1, 31, 0, 0), to: bkk(2026, 5, 1, 0, 0),
			days: []int{31},
			want: "2026-02-28>2026-03-02 2026-03-31 2026-04-30",
		},
		{
			name: "29 and 30 collapse in February",
			from: bkk(2027, 2, 1, 0, 0), to: bkk(2027, 3, 31, 0, 0),
			days: []int{30, 29},
			want: "2027-02-28>2027-03-01 2027-03-29 2027-03-30",
		},
		{
			name: "checkpoints moving to the same working day merge",
			from: bkk(2026, 11, 27, 0, 0), to: bkk(2026, 11, 30, 0, 0),
			days: []int{28, 29, 30},
			want: "2026-11-28>2026-11-30",
		},
		{
			name: "out-of-range days are ignored",
			from: bkk(2026, 1, 1, 0, 0), to: bkk(2026, 1, 31, 0, 0),
			days: []int{0, 15, 40},
			want: "2026-01-15",
		},
		{
			name: "no days: no checkpoints",
			from: bkk(2026, 1, 1, 0, 0), to: bkk(2026, 12, 31, 0, 0),
			days: []int{0},
			want: "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := cpString(cal.Checkpoints(tt.from, tt.to, tt.days))
			if got != tt.want {
				t.Errorf("Checkpoints\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}
