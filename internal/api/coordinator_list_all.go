package api

import "net/http"

// coordinatorListAll is the whole registry, for the centre's contact sheet.
func (s *Server) coordinatorListAll(w http.ResponseWriter, r *http.Request) {
	s.writeCoordinators(w, r, "")
}
