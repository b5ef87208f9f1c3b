package api

import "net/http"

// slaTargetDelete removes the override named by ?unit= and ?category= (either may be empty).
func (s *Server) slaTargetDelete(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	cat, err := intParam(q.Get("category"), "category", 1, 23)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.app.DeleteSLATarget(r.Context(), principal(r), q.Get("unit"), cat); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
