package api

import (
	"net/http"

	"github.com/rongtook/rongtook/internal/reference"
)

func (s *Server) unitList(w http.ResponseWriter, r *http.Request) {
	units, err := s.app.Units(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if units == nil {
		units = []reference.Unit{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"units": units})
}
