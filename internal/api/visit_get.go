package api

import (
	"net/http"
	"strconv"

	"github.com/rongtook/rongtook/internal/apperr"
)

func visitID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return 0, apperr.NotFound("resource")
	}
	return id, nil
}

// visitGet returns a visit with its milestones, dated progress notes and cases.
func (s *Server) visitGet(w http.ResponseWriter, r *http.Request) {
	id, err := visitID(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	v, receipts, err := s.app.Visit(r.Context(), principal(r), id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.visitOut(v, receipts))
}
