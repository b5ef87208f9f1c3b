package outbox_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rongtook/rongtook/internal/channels/line"
	"github.com/rongtook/rongtook/internal/channels/line/linetest"
	"github.com/rongtook/rongtook/internal/outbox"
	"github.com/rongtook/rongtook/internal/reference"
	"github.com/rongtook/rongtook/internal/store"
	"github.com/rongtook/rongtook/internal/store/postgres"
	"github.com/rongtook/rongtook/internal/store/postgres/pgtest"
	"github.com/rongtook/rongtook/internal/store/sqlite"
	"github.com/rongtook/rongtook/internal/store/sqlstore"
)

var t0 = time.Date(2025, 11, 24, 3, 0, 0, 0, time.UTC) // in the past: workers on the real clock find the messages due

func openSQLite(t *testing.T) (*sqlstore.DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "outbox.db")
	st, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.SyncReference(context.Background(), reference.MustLoad()); err != nil {
		t.Fatal(err)
	}
	return st, path
}

func openPostgres(t *testing.T, dsn string) *sqlstore.DB {
	t.Helper()
	st, err := postgres.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func enqueue(t *testing.T, st store.Store, channel string, n int) []store.OutboxMessage {
	t.Helper()
	msgs := make([]store.OutboxMessage, n)
	for i := range msgs {
		msgs[i] = store.OutboxMessage{DedupeKey: fmt.Sprintf("test:%d", i), Kind: "test", Channel: channel,
			Recipient: fmt.Sprintf("line:U%032d", i), Text: fmt.Sprintf("ข้อความที่ %d", i), CreatedAt: t0}
	}
	added, err := st.EnqueueOutbox(context.Background(), msgs)
	if err != nil || added != n {
		t.Fatalf("enqueue: added %d of %d (%v)", added, n, err)
	}
	// Enqueueing again adds nothing: the dedupe key holds.
	if again, err := st.EnqueueOutbox(context.Background(), msgs); err != nil || again != 0 {
		t.Fatalf("enqueue again added %d (%v)", again, err)
	}
	out, err := st.Outbox(context.Background(), store.OutboxFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func count(t *testing.T, st store.Store, status string) int {
	t.Helper()
	msgs, err := st.Outbox(context.Background(), store.OutboxFilter{Status: status, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	return len(msgs)
}

func TestBackoffDeadLetterAndRetry(t *testing.T) {
	st, _ := openSQLite(t)
	ctx := context.Background()
	now := t0
	clock := func() time.Time { return now }
	var calls atomic.Int32
	fail := true
	var keys []string
	sender := outbox.SenderFunc(func(ctx context.Context, m store.OutboxMessage, key string) error {
		calls.Add(1)
		keys = append(keys, key)
		if fail {
			return errors.New("503 from the far side")
		}
		return nil
	})
	w := outbox.New(st, map[string]outbox.Sender{"test": sender}, outbox.Config{Holder: "w1", Clock: clock, MaxAttempts: 3, BaseBackoff: time.Minute}, slog.New(slog.DiscardHandler))
	enqueue(t, st, "test", 1)

	run := func() int {
		n, err := w.RunOnce(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if run() != 1 || calls.Load() != 1 {
		t.Fatal("first attempt not made")
	}
	// Backing off: not due again at once, nor before the first delay.
	if run() != 0 {
		t.Fatal("a failed message was claimed again at once")
	}
	now = now.Add(59 * time.Second)
	if run() != 0 {
		t.Fatal("claimed again before the backoff (1 minute)")
	}
	now = now.Add(13 * time.Second) // past 1 min + 20 % jitter
	if run() != 1 {
		t.Fatal("not retried after the backoff")
	}
	m, _ := st.Outbox(ctx, store.OutboxFilter{Limit: 1})
	if d := m[0].NextAttemptAt.Sub(now); d < 2*time.Minute || d > 2*time.Minute+25*time.Second {
		t.Fatalf("second backoff %v, want about 2 minutes (doubling)", d)
	}
	now = now.Add(3 * time.Minute)
	if run() != 1 {
		t.Fatal("third attempt not made")
	}
	if count(t, st, "dead") != 1 {
		t.Fatal("after 3 failed attempts the message is not dead")
	}
	now = now.Add(24 * time.Hour)
	if run() != 0 {
		t.Fatal("a dead message was attempted again")
	}
	// An admin retries it: pending again, delivered, with the same idempotency key.
	r, err := st.RetryOutbox(ctx, m[0].ID, now)
	if err != nil || r.Status != "pending" || r.Attempts != 0 {
		t.Fatalf("retry: %+v %v", r, err)
	}
	if _, err := st.RetryOutbox(ctx, m[0].ID, now); err == nil {
		t.Fatal("retrying a pending message must fail")
	}
	fail = false
	if run() != 1 || count(t, st, "sent") != 1 {
		t.Fatal("the retried message was not sent")
	}
	for _, k := range keys {
		if k != keys[0] {
			t.Fatalf("retry keys differ between attempts: %v", keys)
		}
	}
	if len(keys) != 4 {
		t.Fatalf("%d attempts, want 4", len(keys))
	}
}

func TestPermanentErrorIsDeadAtOnce(t *testing.T) {
	st, _ := openSQLite(t)
	w := outbox.New(st, map[string]outbox.Sender{"test": outbox.SenderFunc(func(context.Context, store.OutboxMessage, string) error {
		return outbox.Permanent{Err: errors.New("400 bad recipient")}
	})}, outbox.Config{Clock: func() time.Time { return t0 }}, slog.New(slog.DiscardHandler))
	enqueue(t, st, "test", 1)
	if _, err := w.RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	if count(t, st, "dead") != 1 {
		t.Fatal("a permanent failure must go dead at once")
	}
}

func TestRateLimitPerChannel(t *testing.T) {
	st, _ := openSQLite(t)
	var n atomic.Int32
	w := outbox.New(st, map[string]outbox.Sender{"test": outbox.SenderFunc(func(context.Context, store.OutboxMessage, string) error {
		n.Add(1)
		return nil
	})}, outbox.Config{Clock: func() time.Time { return t0 }, Rate: map[string]float64{"test": 50}, Burst: 1}, slog.New(slog.DiscardHandler))
	enqueue(t, st, "test", 20)
	start := time.Now()
	for n.Load() < 20 {
		if _, err := w.RunOnce(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	// 20 messages at 50/s with a burst of 1 take at least 19/50 s.
	if took := time.Since(start); took < 350*time.Millisecond {
		t.Fatalf("20 messages at 50 per second took %v", took)
	}
}

// TestSeveralServersDeliverEachOnce runs four workers, each on its own connection pool as
// separate servers would, against one PostgreSQL database: every message reaches LINE
// exactly once — not even a repeat that LINE would drop.
func TestSeveralServersDeliverEachOnce(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	first := openPostgres(t, dsn)
	if err := first.SyncReference(context.Background(), reference.MustLoad()); err != nil {
		t.Fatal(err)
	}
	fake := linetest.New()
	defer fake.Close()
	cfg := line.Config{Accounts: map[string]line.Account{"1555": {Name: "1555", Secret: "s", Token: "t"}}, Endpoint: fake.URL}
	msgs := enqueue(t, first, "line", 200)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var wg sync.WaitGroup
	for i := range 4 {
		st := openPostgres(t, dsn)
		w := outbox.New(st, map[string]outbox.Sender{"line": &line.Sender{Config: cfg}},
			outbox.Config{Holder: fmt.Sprintf("server%d", i), Batch: 5, Poll: 10 * time.Millisecond, Rate: map[string]float64{"line": 10000}}, slog.New(slog.DiscardHandler))
		wg.Add(1)
		go func() { defer wg.Done(); w.Run(ctx) }()
	}
	deadline := time.Now().Add(30 * time.Second)
	for count(t, first, "sent") < 200 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	wg.Wait()
	if got := count(t, first, "sent"); got != 200 {
		t.Fatalf("%d of 200 sent", got)
	}
	received := fake.Received()
	for _, m := range msgs {
		if n := received[outbox.RetryKey(m)]; n != 1 {
			t.Errorf("message %d reached LINE %d times, want 1", m.ID, n)
		}
	}
}

// The crash test: a child process (this test binary, re-run) delivers; the parent kills it
// with SIGKILL in the middle, starts another, and checks that the fake LINE accepted every
// message exactly once.

const childEnv = "RONGTOOK_OUTBOX_CHILD"

// TestMain turns the test binary into the delivery worker when TestCrashDeliversEveryMessageOnce
// starts it as a child process to kill; otherwise it runs the tests.
func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		runChildWorker()
		return
	}
	os.Exit(m.Run())
}

func runChildWorker() {
	ctx := context.Background()
	var st *sqlstore.DB
	var err error
	if dsn := os.Getenv(childEnv + "_DSN"); dsn != "" {
		st, err = postgres.Open(ctx, dsn)
	} else {
		st, err = sqlite.Open(ctx, os.Getenv(childEnv+"_DB"))
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	cfg := line.Config{Accounts: map[string]line.Account{"1555": {Name: "1555", Secret: "s", Token: "t"}}, Endpoint: os.Getenv(childEnv + "_LINE")}
	w := outbox.New(st, map[string]outbox.Sender{"line": &line.Sender{Config: cfg}},
		outbox.Config{Holder: fmt.Sprintf("child-%d", os.Getpid()), Lease: time.Second, Batch: 5, Poll: 20 * time.Millisecond,
			Rate: map[string]float64{"line": 10000}}, slog.New(slog.DiscardHandler))
	w.Run(ctx) // until killed
}

func TestCrashDeliversEveryMessageOnce(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		st, path := openSQLite(t)
		crashTest(t, st, childEnv+"_DB="+path)
	})
	t.Run("postgres", func(t *testing.T) {
		dsn := pgtest.NewDatabase(t)
		st := openPostgres(t, dsn)
		if err := st.SyncReference(context.Background(), reference.MustLoad()); err != nil {
			t.Fatal(err)
		}
		crashTest(t, st, childEnv+"_DSN="+dsn)
	})
}

func crashTest(t *testing.T, st store.Store, dbEnv string) {
	const n = 60
	fake := linetest.New()
	defer fake.Close()
	fake.Delay = 15 * time.Millisecond // each push takes a while, so that the kill lands mid-delivery
	msgs := enqueue(t, st, "line", n)

	start := func() *exec.Cmd {
		cmd := exec.Command(os.Args[0])
		cmd.Env = append(os.Environ(), childEnv+"=1", dbEnv, childEnv+"_LINE="+fake.URL)
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
	child := start()
	deadline := time.Now().Add(30 * time.Second)
	for accepted() < n/3 && time.Now().Before(deadline) {
		time.Sleep(2 * time.Millisecond)
	}
	if err := child.Process.Kill(); err != nil { // SIGKILL: no cleanup, claims left behind
		t.Fatal(err)
	}
	child.Wait()
	before := accepted()
	sent := count(t, st, "sent")
	if before == 0 {
		t.Fatal("the child delivered nothing before it was killed")
	}
	if sent >= n {
		t.Fatalf("the child finished before it was killed (%d sent); the test proves nothing", sent)
	}
	t.Logf("killed after LINE accepted %d and the database recorded %d as sent", before, sent)

	child = start()
	defer func() { child.Process.Kill(); child.Wait() }()
	deadline = time.Now().Add(60 * time.Second)
	for count(t, st, "sent") < n && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if got := count(t, st, "sent"); got != n {
		t.Fatalf("after the restart %d of %d are sent", got, n)
	}
	keys := make([]string, len(msgs))
	for i, m := range msgs {
		keys[i] = outbox.RetryKey(m)
	}
	repeats := fake.CheckExactlyOnce(t, keys)
	t.Logf("%d deliveries were repeated after the crash and dropped by their retry key", repeats)
}
