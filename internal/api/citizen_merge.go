package api

import (
	"net/http"
	"strconv"

	"github.com/rongtook/rongtook/internal/apperr"
)

type citizenMergeRequest struct {
	From int64 `json:"from"`
}

// citizenMerge merges the profile {from} into {id}: one person found under two profiles
// (a phone call and a LINE chat). Centre supervisors only.
func (s *Server) citizenMerge(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.writeError(w, r, apperr.NotFound("citizen"))
		return
	}
	var in citizenMergeRequest
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	p, err := s.app.MergeCitizens(r.Context(), principal(r), id, in.From)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.profileOut(p))
}
