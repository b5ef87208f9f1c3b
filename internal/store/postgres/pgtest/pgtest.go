// Package pgtest gives tests a fresh PostgreSQL database on the real server. The server is
// RONGTOOK_TEST_POSTGRES (a postgres:// URL of a role that may create databases), by default
// the local one on 127.0.0.1:5432. Without a server the test is skipped with a plain message,
// and in CI (CI=true) it fails: a skip there would hide an untested store.
package pgtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver

	"github.com/rongtook/rongtook/internal/sharedtest"
)

// DefaultURL is the local test server (trust authentication).
const DefaultURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// NewDatabase creates an empty database for the test and drops it when the test ends. It
// returns the database's URL.
func NewDatabase(tb testing.TB) string {
	tb.Helper()
	admin := os.Getenv("RONGTOOK_TEST_POSTGRES")
	if admin == "" {
		admin = DefaultURL
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	db, err := sql.Open("pgx", admin)
	if err != nil {
		sharedtest.Unavailable(tb, "PostgreSQL: "+err.Error())
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		sharedtest.Unavailable(tb, "PostgreSQL not reachable at "+redact(admin)+": "+err.Error())
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "rongtook_test_" + hex.EncodeToString(b)
	if _, err := db.ExecContext(ctx, `CREATE DATABASE `+name+` ENCODING 'UTF8' TEMPLATE template0`); err != nil {
		db.Close()
		tb.Fatalf("create test database: %v", err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := db.ExecContext(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`); err != nil {
			tb.Logf("drop test database %s: %v", name, err)
		}
		db.Close()
	})
	u, err := url.Parse(admin)
	if err != nil {
		tb.Fatalf("RONGTOOK_TEST_POSTGRES: %v", err)
	}
	u.Path = "/" + name
	return u.String()
}

func redact(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(unparseable URL)"
	}
	return u.Redacted()
}
