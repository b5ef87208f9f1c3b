package api

import "net/http"

type monthlySubmitRequest struct {
	Notable   string `json:"notable_cases"`
	Obstacles string `json:"obstacles"`
}

// reportMonthlySubmit submits a district's monthly report with its notable cases and
// obstacles; the figures are computed, not typed.
func (s *Server) reportMonthlySubmit(w http.ResponseWriter, r *http.Request) {
	var in monthlySubmitRequest
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	sub, err := s.app.SubmitMonthlyReport(r.Context(), principal(r), r.PathValue("unit"), r.PathValue("period"), in.Notable, in.Obstacles)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, sub)
}
