package api

import (
	"net/http"

	"github.com/rongtook/rongtook/internal/auth"
)

type userJSON struct {
	ID          int64  `json:"id"`
	Username    string `json:"username"`
	DisplayName string `json:"display_name"`
	Role        string `json:"role"`
	UnitCode    string `json:"unit_code"`
	Disabled    bool   `json:"disabled,omitempty"`
}

func userOut(p auth.Principal) userJSON {
	return userJSON{ID: p.UserID, Username: p.Username, DisplayName: p.Name, Role: string(p.Role), UnitCode: p.Unit}
}

func (s *Server) meGet(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, userOut(principal(r)))
}
