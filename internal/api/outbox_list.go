package api

import (
	"net/http"

	"github.com/rongtook/rongtook/internal/store"
)

// outboxList lists reminders and other messages waiting to leave (?status=pending|sent|dead,
// ?unit=), newest first.
func (s *Server) outboxList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit, err := intParam(q.Get("limit"), "limit", 1, 1000)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	msgs, err := s.app.Outbox(r.Context(), principal(r), store.OutboxFilter{Status: q.Get("status"), UnitCode: q.Get("unit"), Limit: limit})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if msgs == nil {
		msgs = []store.OutboxMessage{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"messages": msgs})
}
