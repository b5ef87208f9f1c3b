package api

import (
	"net/http"

	"github.com/rongtook/rongtook/internal/store"
)

type slaTargetRequest struct {
	UnitCode          string `json:"unit_code"`
	CategoryCode      int    `json:"category_code"`
	AckDays           int    `json:"ack_working_days"`
	FirstProgressDays int    `json:"first_progress_working_days"`
	BESTAckMinutes    int    `json:"best_ack_minutes"`
	BESTResultMinutes int    `json:"best_result_minutes"`
	CheckpointDays    []int  `json:"checkpoint_days"`
}

// slaTargetPut sets the deadlines for a unit, a category or both; open cases follow.
func (s *Server) slaTargetPut(w http.ResponseWriter, r *http.Request) {
	var in slaTargetRequest
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	t := store.SLATarget(in)
	if err := s.app.PutSLATarget(r.Context(), principal(r), t); err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, t)
}
