package api

import (
	"net/http"

	"github.com/rongtook/rongtook/internal/apperr"
)

// routingResolve answers where a case of ?category= in ?district= would go now.
func (s *Server) routingResolve(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("category") == "" {
		s.writeError(w, r, apperr.Invalid("category", "required", "category is required", "กรุณาระบุประเภทเรื่อง"))
		return
	}
	cat, err := intParam(q.Get("category"), "category", 1, 23)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	dist, err := intParam(q.Get("district"), "district", 1001, 1050)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	t, err := s.app.Route(r.Context(), cat, dist)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, t)
}
