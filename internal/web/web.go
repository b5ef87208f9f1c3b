// Package web serves the pages people open in a browser. For now that is the public
// statistics page of the citizens' portal; the staff console will live here too, one
// handler per file, templates embedded.
package web

import (
	"embed"
	"html/template"
	"log/slog"
	"net/http"

	"github.com/rongtook/rongtook/internal/app"
)

//go:embed templates/*.html
var templates embed.FS

// Server serves the web pages.
type Server struct {
	app  *app.App
	log  *slog.Logger
	tmpl *template.Template
}

// New builds the web server.
func New(a *app.App, log *slog.Logger) *Server {
	return &Server{app: a, log: log, tmpl: template.Must(template.New("").Funcs(funcs).ParseFS(templates, "templates/*.html"))}
}

// Handler returns the pages: "/" leads to the public statistics at "/stats".
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/stats", http.StatusFound) })
	mux.HandleFunc("GET /stats", s.publicStats)
	return mux
}

var funcs = template.FuncMap{
	"pct": func(part, whole int) float64 {
		if whole == 0 {
			return 0
		}
		return 100 * float64(part) / float64(whole)
	},
}

func (s *Server) render(w http.ResponseWriter, r *http.Request, name string, data any) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	if err := s.tmpl.ExecuteTemplate(w, name, data); err != nil {
		s.log.ErrorContext(r.Context(), "render", "template", name, "err", err)
	}
}
