package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/rongtook/rongtook/internal/apperr"
)

type accessJSON struct {
	UserID   int64     `json:"user_id"`
	Username string    `json:"username"`
	CaseID   int64     `json:"case_id,omitempty"`
	Purpose  string    `json:"purpose"`
	At       time.Time `json:"at"`
}

// citizenAccessLog lists who read a citizen's personal data, for audits.
func (s *Server) citizenAccessLog(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.writeError(w, r, apperr.NotFound("citizen"))
		return
	}
	log, err := s.app.AccessLog(r.Context(), principal(r), id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := make([]accessJSON, 0, len(log))
	for _, e := range log {
		out = append(out, accessJSON{UserID: e.UserID, Username: e.Username, CaseID: e.CaseID, Purpose: e.Purpose, At: e.At})
	}
	writeJSON(w, http.StatusOK, map[string]any{"entries": out})
}
