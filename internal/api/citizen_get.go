package api

import (
	"net/http"
	"strconv"

	"github.com/rongtook/rongtook/internal/apperr"
)

// citizenGet returns a citizen's profile; the read is written to the access log with the
// ?purpose= the caller gives (for example the receipt number being handled).
func (s *Server) citizenGet(w http.ResponseWriter, r *http.Request) {
	id, purpose, err := citizenRead(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	c, err := s.app.Citizen(r.Context(), principal(r), id, purpose)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, citizenOut(c))
}

// citizenRead reads the citizen id of the path and the ?purpose= that the access log records.
func citizenRead(r *http.Request) (int64, string, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return 0, "", apperr.NotFound("citizen")
	}
	purpose := r.URL.Query().Get("purpose")
	if len(purpose) > 200 {
		return 0, "", apperr.Invalid("purpose", "too_long", "purpose is longer than 200 bytes", "เหตุผลการเข้าถึงยาวเกินไป")
	}
	return id, purpose, nil
}
