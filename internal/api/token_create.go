package api

import "net/http"

type tokenCreateRequest struct {
	Name string `json:"name"`
}

// tokenCreate issues a bearer token for the caller; the secret is shown this once.
func (s *Server) tokenCreate(w http.ResponseWriter, r *http.Request) {
	var in tokenCreateRequest
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	secret, t, err := s.app.IssueOwnToken(r.Context(), principal(r), in.Name)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := tokenOut(t)
	out.Token = secret
	writeJSON(w, http.StatusCreated, out)
}
