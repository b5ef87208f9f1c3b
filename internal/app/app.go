// Package app is the application layer: every use case of the system (take in a case, act
// on it, read it, manage accounts and reference data) with its authorisation, validation
// and side records (timeline, access log). The HTTP API and the CLI are thin edges over it.
package app

import (
	"log/slog"
	"time"

	"github.com/rongtook/rongtook/internal/auth"
	"github.com/rongtook/rongtook/internal/reference"
	"github.com/rongtook/rongtook/internal/store"
)

// App holds the dependencies of the use cases. Its zero value is not usable; build it with New.
type App struct {
	store  store.Store
	ref    *reference.Data
	clock  func() time.Time
	log    *slog.Logger
	hasher auth.Hasher
	// SessionTTL is how long a web-console login lasts.
	SessionTTL time.Duration
	// suggest holds the category suggester once loaded.
	suggest suggesterCache
}

// Option configures an App.
type Option func(*App)

// WithClock injects the clock (tests run months in milliseconds).
func WithClock(now func() time.Time) Option { return func(a *App) { a.clock = now } }

// WithHasher sets the password hashing parameters (tests use cheap ones).
func WithHasher(h auth.Hasher) Option { return func(a *App) { a.hasher = h } }

// WithLogger sets the logger.
func WithLogger(l *slog.Logger) Option { return func(a *App) { a.log = l } }

// New builds the application over a store and the reference data.
func New(st store.Store, ref *reference.Data, opts ...Option) *App {
	a := &App{
		store:      st,
		ref:        ref,
		clock:      time.Now,
		log:        slog.Default(),
		hasher:     auth.Hasher{P: auth.DefaultParams},
		SessionTTL: 12 * time.Hour,
	}
	for _, o := range opts {
		o(a)
	}
	return a
}

// now is the injected clock at the storage's precision (microseconds, UTC), so that what is
// stored reads back equal.
func (a *App) now() time.Time { return a.clock().UTC().Truncate(time.Microsecond) }

// Now is the application's clock, for edges that compare times (overdue flags).
func (a *App) Now() time.Time { return a.now() }

// Store exposes the store to edges that need plain reads (health checks).
func (a *App) Store() store.Store { return a.store }

// Reference returns the built-in reference data.
func (a *App) Reference() *reference.Data { return a.ref }
