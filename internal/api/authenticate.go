package api

import (
	"net/http"
	"strings"

	"github.com/rongtook/rongtook/internal/apperr"
	"github.com/rongtook/rongtook/internal/auth"
)

// SessionCookie is the web console's session cookie.
const SessionCookie = "rongtook_session"

// authenticate resolves the bearer token, or else the session cookie, to a principal. No
// private route runs without one.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var (
			p   auth.Principal
			err error
		)
		if h := r.Header.Get("Authorization"); h != "" {
			scheme, tok, ok := strings.Cut(h, " ")
			if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(tok) == "" {
				s.writeError(w, r, apperr.Unauthenticated("use Authorization: Bearer <token>", "กรุณาส่ง Authorization: Bearer <token>"))
				return
			}
			p, err = s.app.Authenticate(r.Context(), strings.TrimSpace(tok))
		} else if c, cerr := r.Cookie(SessionCookie); cerr == nil && c.Value != "" {
			p, err = s.app.AuthenticateSession(r.Context(), c.Value)
		} else {
			err = apperr.Unauthenticated("authentication required", "กรุณาเข้าสู่ระบบ")
		}
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		next.ServeHTTP(w, r.WithContext(withPrincipal(r.Context(), p)))
	})
}
