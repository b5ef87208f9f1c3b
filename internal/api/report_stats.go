package api

import (
	"net/http"

	"github.com/rongtook/rongtook/internal/app"
)

// StatsJSON is the statistics of a period as the API and the public page show them.
type StatsJSON struct {
	From          string        `json:"from"`
	To            string        `json:"to"`
	Total         int           `json:"total"`
	PendingNow    int           `json:"pending_now"`
	OverdueNow    int           `json:"overdue_now"`
	ByCategory    []app.Count   `json:"by_category"`
	ByDistrict    []app.Count   `json:"by_district"`
	ByUnit        []app.Count   `json:"by_unit"`
	ByChannel     []app.Count   `json:"by_channel"`
	ByStatus      []app.Count   `json:"by_status"`
	ToAcknowledge app.Durations `json:"time_to_acknowledge"`
	ToFinish      app.Durations `json:"time_to_finish"`
}

func statsOut(st app.Stats) StatsJSON {
	nz := func(c []app.Count) []app.Count {
		if c == nil {
			return []app.Count{}
		}
		return c
	}
	return StatsJSON{From: st.From.In(bangkok).Format("2006-01-02"), To: st.To.In(bangkok).AddDate(0, 0, -1).Format("2006-01-02"),
		Total: st.Total, PendingNow: st.PendingNow, OverdueNow: st.OverdueNow, ByCategory: nz(st.ByCategory), ByDistrict: nz(st.ByDistrict),
		ByUnit: nz(st.ByUnit), ByChannel: nz(st.ByChannel), ByStatus: nz(st.ByStatus), ToAcknowledge: st.ToAcknowledge, ToFinish: st.ToFinish}
}

// defaultRange fills ?from=&to= with the last 30 days.
func (s *Server) defaultRange(r *http.Request) (string, string) {
	q := r.URL.Query()
	from, to := q.Get("from"), q.Get("to")
	today := s.app.Now().In(bangkok)
	if to == "" {
		to = today.Format("2006-01-02")
	}
	if from == "" {
		from = today.AddDate(0, 0, -29).Format("2006-01-02")
	}
	return from, to
}

// reportStats counts the cases received ?from= ?to= (dates, inclusive) by category, district,
// unit, channel and status, with median and 90th-percentile times to acknowledge and finish.
func (s *Server) reportStats(w http.ResponseWriter, r *http.Request) {
	from, to := s.defaultRange(r)
	st, err := s.app.Statistics(r.Context(), principal(r), from, to)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, statsOut(st))
}
