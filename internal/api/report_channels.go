package api

import "net/http"

// reportChannels is the social channels' statistics for ?from= ?to=: conversations by tag,
// answered share, people, and cases.
func (s *Server) reportChannels(w http.ResponseWriter, r *http.Request) {
	from, to := s.defaultRange(r)
	list, err := s.app.ChannelStatistics(r.Context(), principal(r), from, to)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"from": from, "to": to, "channels": list})
}
