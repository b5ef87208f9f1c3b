package api

import "net/http"

func (s *Server) unitList(w http.ResponseWriter, r *http.Request) {
	units, err := s.app.Units(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"units": units})
}
