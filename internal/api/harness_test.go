package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rongtook/rongtook/internal/api"
	"github.com/rongtook/rongtook/internal/app"
	"github.com/rongtook/rongtook/internal/auth"
	"github.com/rongtook/rongtook/internal/reference"
	"github.com/rongtook/rongtook/internal/store"
	"github.com/rongtook/rongtook/internal/store/postgres"
	"github.com/rongtook/rongtook/internal/store/postgres/pgtest"
	"github.com/rongtook/rongtook/internal/store/sqlite"
)

// backends are the stores every end-to-end test runs on.
var backends = []struct {
	name string
	open func(t *testing.T) store.Store
}{
	{"sqlite", func(t *testing.T) store.Store {
		s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "rongtook.db"))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}},
	{"postgres", func(t *testing.T) store.Store {
		s, err := postgres.Open(context.Background(), pgtest.NewDatabase(t))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}},
}

// forEachStore runs fn against a fresh server on each store.
func forEachStore(t *testing.T, fn func(t *testing.T, e *env)) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) { fn(t, newEnv(t, b.open(t))) })
	}
}

// onSQLite runs fn against a fresh server on SQLite only, for behaviour that lives above the
// store (the contract suite already holds the stores to the same behaviour).
func onSQLite(t *testing.T) *env { return newEnv(t, backends[0].open(t)) }

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time          { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

type env struct {
	t      *testing.T
	store  store.Store
	app    *app.App
	srv    *httptest.Server
	clock  *clock
	tokens map[string]string // username → bearer token
}

func newEnv(t *testing.T, st store.Store) *env {
	t.Helper()
	ctx := context.Background()
	ref := reference.MustLoad()
	if err := st.SyncReference(ctx, ref); err != nil {
		t.Fatal(err)
	}
	clk := &clock{t: time.Date(2026, 11, 20, 2, 0, 0, 0, time.UTC)}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a := app.New(st, ref, app.WithClock(clk.Now), app.WithHasher(auth.Hasher{P: auth.TestParams}), app.WithLogger(log))
	srv := httptest.NewServer(api.New(a, log).Handler())
	t.Cleanup(func() { srv.Close(); st.Close() })
	e := &env{t: t, store: st, app: a, srv: srv, clock: clk, tokens: map[string]string{}}
	for _, u := range []struct {
		name string
		role auth.Role
		unit string
	}{
		{"operator", auth.RoleOperator, "CENTRE"},
		{"supervisor", auth.RoleSupervisor, "CENTRE"},
		{"admin", auth.RoleAdmin, "CENTRE"},
		{"executive", auth.RoleExecutive, "GOV"},
		{"coord1038", auth.RoleCoordinator, "D1038"},
		{"officer1038", auth.RoleOfficer, "D1038"},
		{"head1038", auth.RoleHead, "D1038"},
		{"coord1001", auth.RoleCoordinator, "D1001"},
		{"officer1001", auth.RoleOfficer, "D1001"},
		{"head1001", auth.RoleHead, "D1001"},
	} {
		if _, err := a.CreateUserSystem(ctx, app.NewUser{Username: u.name, DisplayName: "คุณ " + u.name, Role: u.role, UnitCode: u.unit, Password: "correct horse battery"}); err != nil {
			t.Fatalf("user %s: %v", u.name, err)
		}
		tok, err := a.IssueToken(ctx, u.name, "test")
		if err != nil {
			t.Fatal(err)
		}
		e.tokens[u.name] = tok
	}
	return e
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("response is not a JSON object (%d): %s", r.status, r.body)
	}
	return m
}

// errorOf returns the error object of an error response.
func (r response) errorOf(t *testing.T) map[string]any {
	t.Helper()
	m := r.json(t)
	e, ok := m["error"].(map[string]any)
	if !ok {
		t.Fatalf("no error object in %s", r.body)
	}
	for _, k := range []string{"code", "message", "message_th"} {
		if s, _ := e[k].(string); s == "" {
			t.Errorf("error without %s: %s", k, r.body)
		}
	}
	return e
}

// call sends a request as user (or anonymously when user is ""). body may be a string (sent
// as is) or a value (sent as JSON).
func (e *env) call(method, path, user string, body any, headers ...string) response {
	e.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		buf, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		rd = bytes.NewReader(buf)
	}
	req, err := http.NewRequest(method, e.srv.URL+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if user != "" {
		req.Header.Set("Authorization", "Bearer "+e.tokens[user])
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{status: res.StatusCode, header: res.Header, body: b}
}

func (e *env) expect(r response, status int) response {
	e.t.Helper()
	if r.status != status {
		e.t.Fatalf("status %d, want %d: %s", r.status, status, r.body)
	}
	return r
}

func newCaseBody() map[string]any {
	return map[string]any{
		"channel": "hotline", "category_code": 6, "description": "ถนนเป็นหลุมลึกหน้าซอยลาดพร้าว 101 รถล้มหลายคัน",
		"location": map[string]any{"lat": 13.7946, "lon": 100.6086, "address": "ซอยลาดพร้าว 101", "district_code": 1038},
		"citizen":  map[string]any{"name": "สมศรี มีสุข", "phone": "081-234-5678"},
	}
}

// createCase takes in a case as the operator and returns its receipt number.
func (e *env) createCase(body map[string]any) string {
	e.t.Helper()
	r := e.expect(e.call("POST", "/api/v1/cases", "operator", body), http.StatusCreated)
	return r.json(e.t)["receipt"].(string)
}

func (e *env) act(receipt, action, user string, body any) response {
	e.t.Helper()
	return e.call("POST", "/api/v1/cases/"+receipt+"/actions/"+action, user, body)
}

// caseCount is how many cases a centre supervisor (who sees all) can list.
func (e *env) caseCount() int {
	e.t.Helper()
	r := e.expect(e.call("GET", "/api/v1/cases?limit=200", "supervisor", nil), http.StatusOK)
	return len(r.json(e.t)["cases"].([]any))
}
