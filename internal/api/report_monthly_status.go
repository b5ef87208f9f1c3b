package api

import "net/http"

// reportMonthlyStatus shows, for ?period=2569-10, every district's monthly report: its
// figures, when it was due and whether it is in, late or missing.
func (s *Server) reportMonthlyStatus(w http.ResponseWriter, r *http.Request) {
	reps, err := s.app.MonthlySubmissions(r.Context(), principal(r), r.URL.Query().Get("period"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := make([]MonthlyJSON, 0, len(reps))
	missing := 0
	for _, rep := range reps {
		out = append(out, s.monthlyOut(rep))
		if rep.State == "missing" {
			missing++
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"reports": out, "missing": missing})
}
