// Package sqlstore implements store.Store over database/sql for both SQLite and PostgreSQL.
// The SQL is written once, in the subset both databases share, with ? placeholders; a
// Dialect supplies what differs (placeholders, how times are bound, error classification).
// internal/store/sqlite and internal/store/postgres open the connections and own the schema.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rongtook/rongtook/internal/apperr"
)

// Dialect is what differs between the databases.
type Dialect struct {
	Name string
	// Numbered placeholders ($1, $2, …) instead of ?.
	Numbered bool
	// TimeAsText binds times as fixed-width UTC text (SQLite); otherwise as time.Time.
	TimeAsText bool
	// IsUniqueViolation reports a unique-constraint error.
	IsUniqueViolation func(error) bool
	// ForUpdate is appended to a SELECT that must lock the row it reads (PostgreSQL); SQLite
	// needs nothing, its write transactions lock the whole database.
	ForUpdate string
	// BeginWrite starts a transaction that will write (SQLite takes the write lock at once
	// to avoid deadlocks between readers upgrading to writers).
	BeginWrite func(ctx context.Context, db *sql.DB) (*sql.Tx, error)
}

// DB is a store.Store on one database.
type DB struct {
	db    *sql.DB
	d     Dialect
	stmts sync.Map // query → *sql.Stmt, for the large bulk statements (see prepared)
}

// New wraps an open database. The caller has applied the migrations.
func New(db *sql.DB, d Dialect) *DB {
	if d.BeginWrite == nil {
		d.BeginWrite = func(ctx context.Context, db *sql.DB) (*sql.Tx, error) { return db.BeginTx(ctx, nil) }
	}
	return &DB{db: db, d: d}
}

// SQL returns the underlying database, for tools and tests.
func (s *DB) SQL() *sql.DB { return s.db }

func (s *DB) Close() error {
	s.stmts.Range(func(_, st any) bool { st.(*sql.Stmt).Close(); return true })
	return s.db.Close()
}
func (s *DB) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }
func (s *DB) Dialect() string                { return s.d.Name }

// TimeLayout is how SQLite stores times: fixed width so that text order is time order.
const TimeLayout = "2006-01-02T15:04:05.000000Z"

// prepared returns the statement for q (in ? form), prepared once for the database. Bulk
// inserts of thousands of parameters cost more to parse than to run.
func (s *DB) prepared(ctx context.Context, q string) (*sql.Stmt, error) {
	if st, ok := s.stmts.Load(q); ok {
		return st.(*sql.Stmt), nil
	}
	st, err := s.db.PrepareContext(ctx, s.rebind(q))
	if err != nil {
		return nil, err
	}
	if prev, loaded := s.stmts.LoadOrStore(q, st); loaded {
		st.Close()
		return prev.(*sql.Stmt), nil
	}
	return st, nil
}

// rebind turns ? placeholders into $n for PostgreSQL. Queries in this package never contain
// a literal question mark.
func (s *DB) rebind(q string) string {
	if !s.d.Numbered {
		return q
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

// t binds a time.
func (s *DB) t(t time.Time) any {
	if s.d.TimeAsText {
		return t.UTC().Format(TimeLayout)
	}
	return t.UTC()
}

// tp binds an optional time.
func (s *DB) tp(t *time.Time) any {
	if t == nil || t.IsZero() {
		return nil
	}
	return s.t(*t)
}

// queryer is what both *sql.DB and *sql.Tx offer.
type queryer interface {
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

func (s *DB) exec(ctx context.Context, x queryer, q string, args ...any) (sql.Result, error) {
	return x.ExecContext(ctx, s.rebind(q), args...)
}

func (s *DB) query(ctx context.Context, x queryer, q string, args ...any) (*sql.Rows, error) {
	return x.QueryContext(ctx, s.rebind(q), args...)
}

func (s *DB) row(ctx context.Context, x queryer, q string, args ...any) *sql.Row {
	return x.QueryRowContext(ctx, s.rebind(q), args...)
}

// inTx runs fn in a write transaction, committing when it returns nil.
func (s *DB) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.d.BeginWrite(ctx, s.db)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// notFound maps sql.ErrNoRows to a not-found error for what.
func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return apperr.NotFound(what)
	}
	return err
}

// timeCol scans a time stored either way.
type timeCol struct{ t *time.Time }

func (c timeCol) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*c.t = time.Time{}
	case time.Time:
		*c.t = v.UTC()
	case string:
		return c.parse(v)
	case []byte:
		return c.parse(string(v))
	default:
		return fmt.Errorf("cannot scan %T into a time", src)
	}
	return nil
}

func (c timeCol) parse(s string) error {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return fmt.Errorf("time %q: %w", s, err)
	}
	*c.t = t.UTC()
	return nil
}

// optTime scans a nullable time into a pointer.
type optTime struct{ p **time.Time }

func (c optTime) Scan(src any) error {
	if src == nil {
		*c.p = nil
		return nil
	}
	var t time.Time
	if err := (timeCol{&t}).Scan(src); err != nil {
		return err
	}
	*c.p = &t
	return nil
}

// nullZero binds 0 / "" as NULL.
func nullInt(v int64) any {
	if v == 0 {
		return nil
	}
	return v
}

func nullStr(v string) any {
	if v == "" {
		return nil
	}
	return v
}

// SQLExec runs a statement as is. It exists for administrative tools and for the contract
// test that proves the timeline cannot be rewritten even by hand.
func (s *DB) SQLExec(ctx context.Context, stmt string) error {
	_, err := s.db.ExecContext(ctx, stmt)
	return err
}
