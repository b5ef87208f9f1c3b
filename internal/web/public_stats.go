package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/rongtook/rongtook/internal/app"
	"github.com/rongtook/rongtook/internal/cases"
	"github.com/rongtook/rongtook/internal/thai"
)

type row struct {
	Name  string
	Count int
}

// publicStats is the portal's statistics page: what the city received and how it is doing,
// counts only — no case, no person. ?from=&to= choose the period (default the last 30 days).
func (s *Server) publicStats(w http.ResponseWriter, r *http.Request) {
	loc := cases.Bangkok()
	today := s.app.Now().In(loc)
	from, to := r.URL.Query().Get("from"), r.URL.Query().Get("to")
	if to == "" {
		to = today.Format("2006-01-02")
	}
	if from == "" {
		from = today.AddDate(0, 0, -29).Format("2006-01-02")
	}
	st, err := s.app.PublicStatistics(r.Context(), from, to)
	if err != nil {
		http.Error(w, "ช่วงวันที่ไม่ถูกต้อง (invalid dates)", http.StatusBadRequest)
		return
	}
	ref := s.app.Reference()
	name := func(kind, key string) string {
		n, _ := strconv.Atoi(key)
		switch kind {
		case "category":
			return ref.CategoryTH(key)
		case "district":
			if d, ok := ref.District(n); ok {
				return d.NameTH
			}
			return "ไม่ระบุเขต"
		case "status":
			return cases.StatusTH(cases.Status(key))
		case "channel":
			return ref.ChannelTH(key)
		}
		return key
	}
	rows := func(kind string, cs []app.Count) []row {
		out := make([]row, 0, len(cs))
		for _, c := range cs {
			out = append(out, row{name(kind, c.Key), c.Count})
		}
		return out
	}
	hours := func(p *float64) string {
		if p == nil {
			return "–"
		}
		if *p < 48 {
			return strconv.FormatFloat(*p, 'f', 1, 64) + " ชั่วโมง"
		}
		return strconv.FormatFloat(*p/24, 'f', 1, 64) + " วัน"
	}
	s.render(w, r, "public_stats.html", map[string]any{
		"From": thai.FormatDateLong(st.From.In(loc)), "To": thai.FormatDateLong(st.To.In(loc).Add(-time.Nanosecond)),
		"Total": st.Total, "Pending": st.PendingNow,
		"Categories": rows("category", st.ByCategory), "Districts": rows("district", st.ByDistrict),
		"Channels": rows("channel", st.ByChannel), "Statuses": rows("status", st.ByStatus),
		"AckMedian": hours(st.ToAcknowledge.Median), "AckP90": hours(st.ToAcknowledge.P90),
		"FinishMedian": hours(st.ToFinish.Median), "FinishP90": hours(st.ToFinish.P90),
	})
}
