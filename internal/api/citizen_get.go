package api

import (
	"net/http"
	"strconv"

	"github.com/rongtook/rongtook/internal/apperr"
)

// citizenGet returns a citizen's profile; the read is written to the access log with the
// ?purpose= the caller gives (for example the receipt number being handled).
func (s *Server) citizenGet(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.writeError(w, r, apperr.NotFound("citizen"))
		return
	}
	purpose := r.URL.Query().Get("purpose")
	if len(purpose) > 200 {
		s.writeError(w, r, apperr.Invalid("purpose", "too_long", "purpose is longer than 200 bytes", "เหตุผลการเข้าถึงยาวเกินไป"))
		return
	}
	c, err := s.app.Citizen(r.Context(), principal(r), id, purpose)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, citizenOut(c))
}
