package api

import (
	"net/http"

	"github.com/rongtook/rongtook/internal/apperr"
)

// lineWebhook is LINE's webhook (POST /channels/line/{channel}/webhook), served by the
// handler the server was given (internal/channels/line); 404 when LINE is not configured.
func (s *Server) lineWebhook(w http.ResponseWriter, r *http.Request) {
	if s.LineWebhook == nil {
		s.writeError(w, r, apperr.NotFound("resource"))
		return
	}
	s.LineWebhook.ServeHTTP(w, r)
}

// facebookVerify is the page webhook's GET verify-token handshake.
func (s *Server) facebookVerify(w http.ResponseWriter, r *http.Request) { s.facebookWebhook(w, r) }

// facebookWebhook is the page's webhook: GET is the verify-token handshake, POST the
// events (internal/channels/facebook); 404 when Facebook is not configured.
func (s *Server) facebookWebhook(w http.ResponseWriter, r *http.Request) {
	if s.FacebookWebhook == nil {
		s.writeError(w, r, apperr.NotFound("resource"))
		return
	}
	s.FacebookWebhook.ServeHTTP(w, r)
}

// lineWebhookBody documents the body LINE posts (the handler keeps the raw bytes).
type lineWebhookBody struct {
	Destination string           `json:"destination"`
	Events      []map[string]any `json:"events"`
}

// facebookWebhookBody documents the body Facebook posts.
type facebookWebhookBody struct {
	Object string           `json:"object"`
	Entry  []map[string]any `json:"entry"`
}
