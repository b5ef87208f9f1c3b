package api

import (
	"net/http"

	"github.com/rongtook/rongtook/internal/app"
)

// publicStats is the citizens' view of the city's figures: counts only, no case, no person,
// no unit's internal detail; anyone may read it.
func (s *Server) publicStats(w http.ResponseWriter, r *http.Request) {
	from, to := s.defaultRange(r)
	st, err := s.app.PublicStatistics(r.Context(), from, to)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := statsOut(st)
	w.Header().Set("Cache-Control", "public, max-age=300")
	writeJSON(w, http.StatusOK, publicStatsJSON{From: out.From, To: out.To, Total: out.Total, PendingNow: out.PendingNow,
		ByCategory: out.ByCategory, ByDistrict: out.ByDistrict, ByChannel: out.ByChannel, ByStatus: out.ByStatus,
		ToAcknowledge: out.ToAcknowledge, ToFinish: out.ToFinish})
}

type publicStatsJSON struct {
	From          string        `json:"from"`
	To            string        `json:"to"`
	Total         int           `json:"total"`
	PendingNow    int           `json:"pending_now"`
	ByCategory    []app.Count   `json:"by_category"`
	ByDistrict    []app.Count   `json:"by_district"`
	ByChannel     []app.Count   `json:"by_channel"`
	ByStatus      []app.Count   `json:"by_status"`
	ToAcknowledge app.Durations `json:"time_to_acknowledge"`
	ToFinish      app.Durations `json:"time_to_finish"`
}
