// Package api is rongtook's JSON API under /api/v1: one handler per file, each a thin edge
// that decodes input, calls the application layer and encodes the answer. Errors are mapped
// to a status and a safe message in one place (errors.go).
package api

import (
	"context"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/rongtook/rongtook/internal/app"
	"github.com/rongtook/rongtook/internal/auth"
)

// Server serves the API.
type Server struct {
	app *app.App
	log *slog.Logger
	// SecureCookies marks session cookies Secure (set behind TLS).
	SecureCookies bool
	ready         func(context.Context) error
	// LineWebhook and FacebookWebhook serve the channels' webhooks (internal/channels);
	// nil when the channel is not configured.
	LineWebhook, FacebookWebhook http.Handler
}

// New builds the API server.
func New(a *app.App, log *slog.Logger) *Server {
	return &Server{app: a, log: log, ready: func(ctx context.Context) error { return a.Store().Ping(ctx) }}
}

// route is one endpoint. The table is the single source of truth for the mux and for the
// test that keeps the OpenAPI document in step.
type route struct {
	method, pattern string
	handler         func(*Server, http.ResponseWriter, *http.Request)
	public          bool // no authentication
}

var routes = []route{
	{"GET", "/healthz", (*Server).health, true},
	{"GET", "/readyz", (*Server).readiness, true},
	{"GET", "/api/v1/openapi.json", (*Server).openAPI, true},
	{"POST", "/api/v1/session", (*Server).sessionCreate, true},
	{"DELETE", "/api/v1/session", (*Server).sessionDelete, true},
	{"GET", "/api/v1/me", (*Server).meGet, false},
	{"GET", "/api/v1/reference", (*Server).referenceGet, false},
	{"GET", "/api/v1/units", (*Server).unitList, false},
	{"GET", "/api/v1/units/{code}/coordinators", (*Server).coordinatorList, false},
	{"PUT", "/api/v1/units/{code}/coordinators/{kind}", (*Server).coordinatorPut, false},
	{"GET", "/api/v1/coordinators", (*Server).coordinatorListAll, false},
	{"GET", "/api/v1/routing-rules", (*Server).routingList, false},
	{"PUT", "/api/v1/routing-rules/{category}/{district}", (*Server).routingPut, false},
	{"DELETE", "/api/v1/routing-rules/{category}/{district}", (*Server).routingDelete, false},
	{"GET", "/api/v1/routing", (*Server).routingResolve, false},
	{"GET", "/api/v1/users", (*Server).userList, false},
	{"POST", "/api/v1/users", (*Server).userCreate, false},
	{"GET", "/api/v1/tokens", (*Server).tokenList, false},
	{"POST", "/api/v1/tokens", (*Server).tokenCreate, false},
	{"DELETE", "/api/v1/tokens/{id}", (*Server).tokenRevoke, false},
	{"POST", "/api/v1/cases", (*Server).caseCreate, false},
	{"GET", "/api/v1/cases", (*Server).caseList, false},
	{"GET", "/api/v1/cases/export", (*Server).caseExport, false},
	{"POST", "/api/v1/cases/duplicates", (*Server).caseDuplicates, false},
	{"POST", "/api/v1/suggest", (*Server).suggest, false},
	{"GET", "/api/v1/reports/repeats", (*Server).reportRepeats, false},
	{"GET", "/api/v1/cases/{receipt}", (*Server).caseGet, false},
	{"GET", "/api/v1/cases/{receipt}/events", (*Server).caseEvents, false},
	{"POST", "/api/v1/cases/{receipt}/actions/{action}", (*Server).caseAction, false},
	{"GET", "/api/v1/citizens/{id}", (*Server).citizenGet, false},
	{"GET", "/api/v1/citizens/{id}/access-log", (*Server).citizenAccessLog, false},
	{"GET", "/api/v1/citizens", (*Server).citizenFind, false},
	{"GET", "/api/v1/citizens/{id}/profile", (*Server).citizenProfile, false},
	{"POST", "/api/v1/citizens/{id}/merge", (*Server).citizenMerge, false},
	{"GET", "/api/v1/conversations", (*Server).conversationList, false},
	{"GET", "/api/v1/conversations/{id}", (*Server).conversationGet, false},
	{"POST", "/api/v1/conversations/{id}/assign", (*Server).conversationAssign, false},
	{"POST", "/api/v1/conversations/{id}/tags", (*Server).conversationTag, false},
	{"POST", "/api/v1/conversations/{id}/reply", (*Server).conversationReply, false},
	{"POST", "/api/v1/conversations/{id}/case", (*Server).conversationCase, false},
	{"POST", "/channels/line/{channel}/webhook", (*Server).lineWebhook, true},
	{"GET", "/channels/facebook/webhook", (*Server).facebookVerify, true},
	{"POST", "/channels/facebook/webhook", (*Server).facebookWebhook, true},
	{"GET", "/api/v1/holidays", (*Server).holidayList, false},
	{"POST", "/api/v1/holidays", (*Server).holidayCreate, false},
	{"DELETE", "/api/v1/holidays/{date}", (*Server).holidayDelete, false},
	{"GET", "/api/v1/sla-targets", (*Server).slaTargetList, false},
	{"PUT", "/api/v1/sla-targets", (*Server).slaTargetPut, false},
	{"DELETE", "/api/v1/sla-targets", (*Server).slaTargetDelete, false},
	{"GET", "/api/v1/outbox", (*Server).outboxList, false},
	{"POST", "/api/v1/outbox/{id}/retry", (*Server).outboxRetry, false},
	{"GET", "/api/v1/audit-log", (*Server).auditList, false},
	{"GET", "/api/v1/reports/stats", (*Server).reportStats, false},
	{"GET", "/api/v1/reports/channels", (*Server).reportChannels, false},
	{"GET", "/api/v1/reports/monthly", (*Server).reportMonthly, false},
	{"PUT", "/api/v1/reports/monthly/{unit}/{period}", (*Server).reportMonthlySubmit, false},
	{"GET", "/api/v1/reports/monthly-status", (*Server).reportMonthlyStatus, false},
	{"GET", "/api/v1/public/stats", (*Server).publicStats, true},
	{"GET", "/api/v1/visits", (*Server).visitList, false},
	{"POST", "/api/v1/visits", (*Server).visitCreate, false},
	{"GET", "/api/v1/visits/{id}", (*Server).visitGet, false},
	{"PUT", "/api/v1/visits/{id}/milestones/{step}/{round}", (*Server).visitMilestonePut, false},
	{"POST", "/api/v1/visits/{id}/notes", (*Server).visitNoteCreate, false},
	{"POST", "/api/v1/visits/{id}/cases", (*Server).visitCaseAdd, false},
	{"GET", "/api/v1/reports/sla", (*Server).reportSLA, false},
	{"GET", "/api/v1/reports/backlog", (*Server).reportBacklog, false},
}

// Handler returns the HTTP handler with every route and the common middleware.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	for _, r := range routes {
		handle := r.handler
		h := http.Handler(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) { handle(s, w, req) }))
		if !r.public {
			h = s.authenticate(h)
		}
		mux.Handle(r.method+" "+r.pattern, h)
	}
	mux.Handle("/api/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.writeError(w, r, notFoundRoute())
	}))
	// Cookie sessions make the API reachable from browsers; refuse cross-origin state changes.
	cop := http.NewCrossOriginProtection()
	return s.recover(s.logRequests(cop.Handler(mux)))
}

type principalKey struct{}

func withPrincipal(ctx context.Context, p auth.Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// principal returns the authenticated user; authenticate guarantees one on private routes.
func principal(r *http.Request) auth.Principal {
	p, _ := r.Context().Value(principalKey{}).(auth.Principal)
	return p
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r)
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "http", slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.Int("status", sw.status), slog.Duration("took", time.Since(start)))
	})
}

func (s *Server) recover(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.ErrorContext(r.Context(), "panic", "value", v, "stack", string(debug.Stack()))
				s.writeError(w, r, errPanic)
			}
		}()
		next.ServeHTTP(w, r)
	})
}
