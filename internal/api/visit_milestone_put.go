package api

import (
	"net/http"
	"strconv"

	"github.com/rongtook/rongtook/internal/apperr"
)

type milestoneRequest struct {
	Date string `json:"date"`
	Note string `json:"note"`
}

// visitMilestonePut marks step {step} (round {round}) of a visit done on a date.
func (s *Server) visitMilestonePut(w http.ResponseWriter, r *http.Request) {
	id, err := visitID(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	step, err1 := strconv.Atoi(r.PathValue("step"))
	round, err2 := strconv.Atoi(r.PathValue("round"))
	if err1 != nil || err2 != nil {
		s.writeError(w, r, apperr.NotFound("resource"))
		return
	}
	var in milestoneRequest
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	v, err := s.app.CompleteMilestone(r.Context(), principal(r), id, step, round, in.Date, in.Note)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.visitOut(v, nil))
}
