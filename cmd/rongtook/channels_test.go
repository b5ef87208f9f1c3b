package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rongtook/rongtook/internal/channels/line/linetest"
	"github.com/rongtook/rongtook/internal/outbox"
	"github.com/rongtook/rongtook/internal/store"
	"github.com/rongtook/rongtook/internal/store/sqlite"
)

const serveChildEnv = "RONGTOOK_TEST_SERVE_CHILD"

// TestServeChildProcess is `rongtook serve` run as a child process of
// TestKilledServerDeliversEveryMessageOnce (the test binary re-run); on its own it skips.
// TestMain turns the test binary into `rongtook` itself when TestKilledServerDeliversEveryMessageOnce
// starts it as a server to kill; otherwise it runs the tests.
func TestMain(m *testing.M) {
	if args := os.Getenv(serveChildEnv); args != "" {
		os.Exit(run(context.Background(), strings.Fields(args), strings.NewReader(""), os.Stdout, os.Stderr, os.Getenv))
	}
	os.Exit(m.Run())
}

// TestKilledServerDeliversEveryMessageOnce kills a running server with SIGKILL while it is
// pushing messages to LINE, starts it again, and checks that the fake LINE API accepted
// every message exactly once.
func TestKilledServerDeliversEveryMessageOnce(t *testing.T) {
	const n = 60
	data := t.TempDir()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(data, "rongtook.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if r := runCLI(t, map[string]string{"RONGTOOK_LOG_LEVEL": "error"}, "", "migrate", "--data", data); r.code != 0 {
		t.Fatalf("migrate: %+v", r)
	}
	// Messages as the status changes and the escalation job write them: pushes to citizens
	// and coordinators.
	past := time.Now().Add(-time.Hour).UTC()
	var msgs []store.OutboxMessage
	for i := range n {
		msgs = append(msgs, store.OutboxMessage{DedupeKey: fmt.Sprintf("kill:%d", i), Kind: "status", Channel: "line",
			Recipient: fmt.Sprintf("line:U%032d", i), Text: fmt.Sprintf("เรื่องที่ %d: ดำเนินการแล้ว", i), CreatedAt: past})
	}
	if added, err := st.EnqueueOutbox(ctx, msgs); err != nil || added != n {
		t.Fatalf("enqueue %d: %v", added, err)
	}
	msgs, err = st.Outbox(ctx, store.OutboxFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	fake := linetest.New()
	defer fake.Close()
	fake.Token = "token-1555"
	fake.Delay = 15 * time.Millisecond

	start := func() *exec.Cmd {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close()
		cmd := exec.Command(os.Args[0])
		cmd.Env = append(os.Environ(),
			serveChildEnv+"=serve --addr "+addr+" --data "+data,
			"RONGTOOK_LOG_LEVEL=error",
			"RONGTOOK_LINE_CHANNELS=1555", "RONGTOOK_LINE_1555_SECRET=secret", "RONGTOOK_LINE_1555_TOKEN=token-1555",
			"RONGTOOK_LINE_API="+fake.URL, "RONGTOOK_OUTBOX_LEASE=2s")
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd
	}
	accepted := func() int {
		total := 0
		for _, v := range fake.Accepted() {
			total += v
		}
		return total
	}
	sent := func() int {
		l, err := st.Outbox(ctx, store.OutboxFilter{Status: "sent", Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		return len(l)
	}

	server := start()
	deadline := time.Now().Add(60 * time.Second)
	for accepted() < n/3 && time.Now().Before(deadline) {
		time.Sleep(2 * time.Millisecond)
	}
	if err := server.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	server.Wait()
	if before := accepted(); before == 0 || sent() >= n {
		t.Fatalf("killed with %d accepted and %d sent: the kill must land mid-delivery", before, sent())
	}
	t.Logf("killed after LINE accepted %d; the database had %d as sent", accepted(), sent())

	server = start()
	defer func() { server.Process.Kill(); server.Wait() }()
	deadline = time.Now().Add(90 * time.Second)
	for sent() < n && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if got := sent(); got != n {
		t.Fatalf("after the restart %d of %d sent", got, n)
	}
	keys := make([]string, len(msgs))
	for i, m := range msgs {
		keys[i] = outbox.RetryKey(m)
	}
	repeats := fake.CheckExactlyOnce(t, keys)
	t.Logf("%d pushes were repeated after the kill and dropped by their X-Line-Retry-Key", repeats)
}
