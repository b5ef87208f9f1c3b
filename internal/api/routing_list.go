package api

import (
	"net/http"

	"github.com/rongtook/rongtook/internal/reference"
)

func (s *Server) routingList(w http.ResponseWriter, r *http.Request) {
	rules, err := s.app.RoutingRules(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if rules == nil {
		rules = []reference.RoutingRule{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"rules": rules})
}
