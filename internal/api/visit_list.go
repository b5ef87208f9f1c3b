package api

import "net/http"

// visitList lists the governor's field visits, newest first.
func (s *Server) visitList(w http.ResponseWriter, r *http.Request) {
	vs, err := s.app.Visits(r.Context(), principal(r))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := make([]visitJSON, 0, len(vs))
	for _, v := range vs {
		out = append(out, s.visitOut(v, nil))
	}
	writeJSON(w, http.StatusOK, map[string]any{"visits": out})
}
