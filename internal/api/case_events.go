package api

import "net/http"

// caseEvents returns the case's timeline, oldest first.
func (s *Server) caseEvents(w http.ResponseWriter, r *http.Request) {
	evs, err := s.app.Events(r.Context(), principal(r), r.PathValue("receipt"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := make([]eventJSON, 0, len(evs))
	for _, e := range evs {
		out = append(out, eventOut(e))
	}
	writeJSON(w, http.StatusOK, map[string]any{"events": out})
}
