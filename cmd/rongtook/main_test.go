package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

type result struct {
	code           int
	stdout, stderr string
}

func runCLI(t *testing.T, env map[string]string, stdin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(stdin), &out, &errb, func(k string) string { return env[k] })
	return result{code, out.String(), errb.String()}
}

func TestUserAndTokenCommands(t *testing.T) {
	data := t.TempDir()
	env := map[string]string{"RONGTOOK_LOG_LEVEL": "error"}
	r := runCLI(t, env, "correct horse battery\n", "user create", "--data", data)
	if r.code != 2 || !strings.Contains(r.stderr, "unknown command") {
		t.Errorf("quoted subcommand: %+v", r)
	}
	r = runCLI(t, env, "", "user", "create", "--data", data, "--username", "somchai", "--role", "officer", "--unit", "D1001")
	if r.code != 2 || !strings.Contains(r.stderr, "--password-stdin") {
		t.Errorf("without --password-stdin: %+v", r)
	}
	r = runCLI(t, env, "short\n", "user", "create", "--data", data, "--username", "somchai", "--role", "officer", "--unit", "D1001", "--password-stdin")
	if r.code != 1 || !strings.Contains(r.stderr, "password_too_short") || !strings.Contains(r.stderr, "รหัสผ่าน") {
		t.Errorf("short password: %+v", r)
	}
	r = runCLI(t, env, "correct horse battery\n", "user", "create", "--data", data, "--username", "somchai", "--role", "officer", "--unit", "D1001", "--password-stdin")
	if r.code != 0 {
		t.Fatalf("user create: %+v", r)
	}
	r = runCLI(t, env, "", "token", "create", "--data", data, "--username", "somchai")
	tok := strings.TrimSpace(r.stdout)
	if r.code != 0 || !strings.HasPrefix(tok, "rtk_") || strings.Count(r.stdout, "\n") != 1 {
		t.Fatalf("token create printed %q (%+v)", r.stdout, r)
	}
	r = runCLI(t, env, "", "token", "create", "--data", data, "--username", "nobody")
	if r.code != 1 || !strings.Contains(r.stderr, "not_found") {
		t.Errorf("token for a missing user: %+v", r)
	}
	// The token works against a server on the same data folder.
	base := serve(t, env, "--data", data)
	req, _ := http.NewRequest("GET", base+"/api/v1/me", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(body), `"username":"somchai"`) {
		t.Errorf("me: %d %s", res.StatusCode, body)
	}
}

func TestServeDemoIsIdempotent(t *testing.T) {
	data := t.TempDir()
	env := map[string]string{"RONGTOOK_LOG_LEVEL": "error"}
	for round := range 2 {
		base := serve(t, env, "--data", data, "--demo")
		res, err := http.Get(base + "/healthz")
		if err != nil || res.StatusCode != 200 {
			t.Fatalf("round %d healthz: %v %v", round, res, err)
		}
		res.Body.Close()
	}
	tok := strings.TrimSpace(runCLI(t, env, "", "token", "create", "--data", data, "--username", "supervisor").stdout)
	base := serve(t, env, "--data", data)
	total, statuses, next := 0, map[string]bool{}, ""
	for {
		req, _ := http.NewRequest("GET", base+"/api/v1/cases?limit=200&cursor="+next, nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var page struct {
			Cases []struct {
				Status string `json:"status"`
			} `json:"cases"`
			Next string `json:"next_cursor"`
		}
		decodeJSON(t, res.Body, &page)
		res.Body.Close()
		total += len(page.Cases)
		for _, c := range page.Cases {
			statuses[c.Status] = true
		}
		if next = page.Next; next == "" {
			break
		}
	}
	if total != 200 {
		t.Errorf("after two --demo starts: %d cases, want 200", total)
	}
	for _, st := range []string{"new", "forwarded", "acknowledged", "in_progress", "completed", "terminated", "returned"} {
		if !statuses[st] {
			t.Errorf("no demo case is %s", st)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	env := map[string]string{}
	for _, args := range [][]string{{}, {"fly"}, {"serve", "--port", "80"}, {"serve", "extra"}, {"token"}, {"token", "delete"}} {
		if r := runCLI(t, env, "", args...); r.code != 2 {
			t.Errorf("%v: exit %d, want 2 (%s)", args, r.code, r.stderr)
		}
	}
	r := runCLI(t, map[string]string{"RONGTOOK_DATABASE_URL": "mysql://x"}, "", "migrate", "--data", t.TempDir())
	if r.code != 2 || !strings.Contains(r.stderr, "postgres://") {
		t.Errorf("bad database URL: %+v", r)
	}
	if r := runCLI(t, env, "", "version"); r.code != 0 || !strings.HasPrefix(r.stdout, "rongtook ") {
		t.Errorf("version: %+v", r)
	}
	if r := runCLI(t, env, "", "migrate", "--data", filepath.Join(t.TempDir(), "new")); r.code != 0 || !strings.Contains(r.stdout, "sqlite") {
		t.Errorf("migrate: %+v", r)
	}
}

// serve starts `rongtook serve` on a free port until the test ends and returns its URL.
func serve(t *testing.T, env map[string]string, args ...string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan result, 1)
	go func() {
		var out, errb bytes.Buffer
		code := run(ctx, append([]string{"serve", "--addr", addr}, args...), strings.NewReader(""), &out, &errb, func(k string) string { return env[k] })
		done <- result{code, out.String(), errb.String()}
	}()
	base := "http://" + addr
	deadline := time.Now().Add(60 * time.Second)
	for {
		res, err := http.Get(base + "/healthz")
		if err == nil {
			res.Body.Close()
			break
		}
		select {
		case r := <-done:
			t.Fatalf("serve exited: %+v", r)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("server did not start: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Cleanup(func() {
		cancel()
		if r := <-done; r.code != 0 {
			t.Errorf("serve exited %d: %s", r.code, r.stderr)
		}
	})
	return base
}

func decodeJSON(t *testing.T, r io.Reader, v any) {
	t.Helper()
	b, _ := io.ReadAll(r)
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
}
