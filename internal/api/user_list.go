package api

import (
	"net/http"

	"github.com/rongtook/rongtook/internal/auth"
)

func (s *Server) userList(w http.ResponseWriter, r *http.Request) {
	users, err := s.app.Users(r.Context(), principal(r))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := make([]userJSON, 0, len(users))
	for _, u := range users {
		j := userOut(auth.PrincipalOf(u))
		j.Disabled = u.Disabled
		out = append(out, j)
	}
	writeJSON(w, http.StatusOK, map[string]any{"users": out})
}
