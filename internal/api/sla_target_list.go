package api

import (
	"net/http"

	"github.com/rongtook/rongtook/internal/sla"
	"github.com/rongtook/rongtook/internal/store"
)

// slaTargetList returns the default deadlines and the overrides per unit and category.
func (s *Server) slaTargetList(w http.ResponseWriter, r *http.Request) {
	list, err := s.app.SLATargets(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if list == nil {
		list = []store.SLATarget{}
	}
	d := sla.DefaultTargets()
	def := store.SLATarget{AckDays: d.AckWorkingDays, FirstProgressDays: d.FirstProgressWorkingDays,
		BESTAckMinutes: int(d.BESTAck.Minutes()), BESTResultMinutes: int(d.BESTResult.Minutes()), CheckpointDays: d.CheckpointDays}
	writeJSON(w, http.StatusOK, map[string]any{"default": def, "overrides": list})
}
