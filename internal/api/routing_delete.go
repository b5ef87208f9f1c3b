package api

import "net/http"

func (s *Server) routingDelete(w http.ResponseWriter, r *http.Request) {
	cat, dist, err := routingKey(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.app.DeleteRoutingRule(r.Context(), principal(r), cat, dist); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
