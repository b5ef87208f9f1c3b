package api

import (
	"net/http"

	"github.com/rongtook/rongtook/internal/app"
	"github.com/rongtook/rongtook/internal/auth"
)

type userCreateRequest struct {
	Username    string `json:"username"`
	DisplayName string `json:"display_name"`
	Role        string `json:"role"`
	UnitCode    string `json:"unit_code"`
	Password    string `json:"password"`
}

func (s *Server) userCreate(w http.ResponseWriter, r *http.Request) {
	var in userCreateRequest
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	u, err := s.app.CreateUser(r.Context(), principal(r), app.NewUser{Username: in.Username, DisplayName: in.DisplayName,
		Role: auth.Role(in.Role), UnitCode: in.UnitCode, Password: in.Password})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, userOut(auth.PrincipalOf(u)))
}
