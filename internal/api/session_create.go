package api

import (
	"net/http"
)

type loginRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

// sessionCreate logs in to the web console: a session cookie, HttpOnly and SameSite=Lax.
// Its lifetime is relative (Max-Age) so that a client's clock does not matter; the server
// enforces the same expiry on its side.
func (s *Server) sessionCreate(w http.ResponseWriter, r *http.Request) {
	var in loginRequest
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	id, _, p, err := s.app.Login(r.Context(), in.Username, in.Password)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: id, Path: "/", MaxAge: int(s.app.SessionTTL.Seconds()), HttpOnly: true, Secure: s.SecureCookies, SameSite: http.SameSiteLaxMode})
	writeJSON(w, http.StatusOK, userOut(p))
}
