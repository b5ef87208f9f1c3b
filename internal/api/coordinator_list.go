package api

import (
	"net/http"

	"github.com/rongtook/rongtook/internal/store"
)

func (s *Server) coordinatorList(w http.ResponseWriter, r *http.Request) {
	s.writeCoordinators(w, r, r.PathValue("code"))
}

func (s *Server) writeCoordinators(w http.ResponseWriter, r *http.Request, unit string) {
	list, err := s.app.Coordinators(r.Context(), unit)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if list == nil {
		list = []store.Coordinator{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"coordinators": list})
}
