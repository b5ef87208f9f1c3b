package api

import (
	"errors"
	"net/http"

	"github.com/rongtook/rongtook/internal/apperr"
)

var errPanic = errors.New("handler panicked")

type errorBody struct {
	Error errorJSON `json:"error"`
}

type errorJSON struct {
	Code      string `json:"code"`
	Message   string `json:"message"`
	MessageTH string `json:"message_th"`
	Field     string `json:"field,omitempty"`
}

var statusOf = map[apperr.Kind]int{
	apperr.KindInternal:        http.StatusInternalServerError,
	apperr.KindInvalid:         http.StatusBadRequest,
	apperr.KindUnauthenticated: http.StatusUnauthorized,
	apperr.KindForbidden:       http.StatusForbidden,
	apperr.KindNotFound:        http.StatusNotFound,
	apperr.KindConflict:        http.StatusConflict,
	apperr.KindRule:            http.StatusUnprocessableEntity,
	apperr.KindRateLimited:     http.StatusTooManyRequests,
}

// writeError is the one place where errors become responses. Internal causes are logged
// and replaced by a generic message.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	e := apperr.As(err)
	status := statusOf[e.Kind]
	if e.Kind == apperr.KindInternal {
		s.log.ErrorContext(r.Context(), "internal error", "method", r.Method, "path", r.URL.Path, "err", err)
		e = apperr.Internal(nil)
	}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="rongtook"`)
	}
	if status == http.StatusTooManyRequests {
		w.Header().Set("Retry-After", "900")
	}
	writeJSON(w, status, errorBody{Error: errorJSON{Code: e.Code, Message: e.Message, MessageTH: e.MessageTH, Field: e.Field}})
}

func notFoundRoute() error {
	return &apperr.Error{Kind: apperr.KindNotFound, Code: "no_such_endpoint", Message: "no such endpoint", MessageTH: "ไม่พบบริการที่เรียก"}
}
