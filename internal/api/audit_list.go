package api

import (
	"net/http"

	"github.com/rongtook/rongtook/internal/store"
)

// auditList lists audited acts (exports and the like), newest first.
func (s *Server) auditList(w http.ResponseWriter, r *http.Request) {
	limit, err := intParam(r.URL.Query().Get("limit"), "limit", 1, 1000)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	list, err := s.app.AuditLog(r.Context(), principal(r), limit)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if list == nil {
		list = []store.AuditEntry{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"entries": list})
}
