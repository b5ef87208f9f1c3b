package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
)

// Open finishes opening a database for the SQLite and PostgreSQL packages: it applies the
// embedded migrations (one folder per database) with goose, wraps the database, and brings
// derived data up to date (search terms of cases written before search existed). On error
// the database is closed.
func Open(ctx context.Context, db *sql.DB, d Dialect, dialect goose.Dialect, migrations fs.FS, opts ...goose.ProviderOption) (*DB, error) {
	fail := func(err error) (*DB, error) {
		db.Close()
		return nil, err
	}
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return fail(err)
	}
	p, err := goose.NewProvider(dialect, db, sub, opts...)
	if err != nil {
		return fail(fmt.Errorf("migrations: %w", err))
	}
	if _, err := p.Up(ctx); err != nil {
		return fail(fmt.Errorf("migrate %s: %w", d.Name, err))
	}
	s := New(db, d)
	if _, err := s.ReindexSearch(ctx); err != nil {
		return fail(err)
	}
	return s, nil
}
