package api

import (
	"net/http"
	"time"

	"github.com/rongtook/rongtook/internal/store"
)

type tokenJSON struct {
	ID        int64      `json:"id"`
	Name      string     `json:"name"`
	CreatedAt time.Time  `json:"created_at"`
	ExpiresAt *time.Time `json:"expires_at,omitempty"`
	RevokedAt *time.Time `json:"revoked_at,omitempty"`
	Token     string     `json:"token,omitempty"` // only when just created
}

func tokenOut(t store.Token) tokenJSON {
	return tokenJSON{ID: t.ID, Name: t.Name, CreatedAt: t.CreatedAt, ExpiresAt: t.ExpiresAt, RevokedAt: t.RevokedAt}
}

// tokenList lists the caller's tokens; their secrets are never shown again.
func (s *Server) tokenList(w http.ResponseWriter, r *http.Request) {
	toks, err := s.app.Tokens(r.Context(), principal(r))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := make([]tokenJSON, 0, len(toks))
	for _, t := range toks {
		out = append(out, tokenOut(t))
	}
	writeJSON(w, http.StatusOK, map[string]any{"tokens": out})
}
