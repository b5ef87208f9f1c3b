package api

import (
	"net/http"
	"strconv"

	"github.com/rongtook/rongtook/internal/apperr"
)

// outboxRetry puts a dead message back in line, its attempts reset; it is sent with the
// same idempotency key as before.
func (s *Server) outboxRetry(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.writeError(w, r, apperr.NotFound("outbox message"))
		return
	}
	m, err := s.app.RetryOutbox(r.Context(), principal(r), id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, m)
}
