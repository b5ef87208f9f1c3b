// Package outbox delivers the messages the system writes to its outbox table: pushes to
// citizens and coordinators over LINE, replies on Facebook, internal notices. Workers
// claim due messages (several servers may run them against one database; each message is
// claimed by one), send each with an idempotency key derived from the message id, back off
// exponentially after a failure, and give up after MaxAttempts, leaving the message dead for
// an admin to retry. A worker that dies mid-send loses its claim when the lease ends and
// the message is sent again with the same key, which the receiving API uses to drop the
// repeat: delivered once, never lost.
package outbox

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/rongtook/rongtook/internal/store"
)

// Sender delivers messages of one channel. retryKey is the same on every attempt of a
// message.
type Sender interface {
	Send(ctx context.Context, m store.OutboxMessage, retryKey string) error
}

// SenderFunc adapts a function to Sender.
type SenderFunc func(ctx context.Context, m store.OutboxMessage, retryKey string) error

func (f SenderFunc) Send(ctx context.Context, m store.OutboxMessage, retryKey string) error {
	return f(ctx, m, retryKey)
}

// Permanent marks an error that retrying cannot fix (a refused recipient, a bad request):
// the message goes dead at once.
type Permanent struct{ Err error }

func (p Permanent) Error() string { return "permanent: " + p.Err.Error() }
func (p Permanent) Unwrap() error { return p.Err }

// namespace makes retry keys of this system distinct from any other UUIDv5 space.
var namespace = uuid.MustParse("6f1c3b52-6a55-4c8e-9d0e-2f7f2a0b1555")

// RetryKey is the idempotency key of a message: a UUID derived from its id, so that every
// attempt, by any server, carries the same key (LINE's X-Line-Retry-Key wants a UUID).
func RetryKey(m store.OutboxMessage) string {
	return uuid.NewSHA1(namespace, fmt.Appendf(nil, "outbox:%d:%s", m.ID, m.DedupeKey)).String()
}

// Config tunes a Worker. Zero values take the defaults.
type Config struct {
	Holder      string        // names this worker in claims (host:pid)
	Lease       time.Duration // how long a claim lasts (default 1 minute)
	MaxAttempts int           // attempts before a message is dead (default 8)
	BaseBackoff time.Duration // delay after the first failure, doubled each time (default 30 s)
	MaxBackoff  time.Duration // (default 1 hour)
	Batch       int           // messages claimed at once (default 20)
	Poll        time.Duration // how often to look for due messages (default 1 s)
	// Rate is the most messages per second sent on each channel (default 20; LINE allows
	// more, Facebook less). Burst is how many may go at once (default Rate).
	Rate  map[string]float64
	Burst int
	Clock func() time.Time
}

// Worker delivers outbox messages.
type Worker struct {
	st      store.Store
	senders map[string]Sender
	cfg     Config
	log     *slog.Logger
	mu      sync.Mutex
	buckets map[string]*bucket
	wake    chan struct{}
}

// New builds a worker over the senders by channel. Messages of channels without a sender
// are left for a worker that has one.
func New(st store.Store, senders map[string]Sender, cfg Config, log *slog.Logger) *Worker {
	if cfg.Lease <= 0 {
		cfg.Lease = time.Minute
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = 8
	}
	if cfg.BaseBackoff <= 0 {
		cfg.BaseBackoff = 30 * time.Second
	}
	if cfg.MaxBackoff <= 0 {
		cfg.MaxBackoff = time.Hour
	}
	if cfg.Batch <= 0 {
		cfg.Batch = 20
	}
	if cfg.Poll <= 0 {
		cfg.Poll = time.Second
	}
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	if cfg.Holder == "" {
		cfg.Holder = uuid.NewString()
	}
	if log == nil {
		log = slog.Default()
	}
	return &Worker{st: st, senders: senders, cfg: cfg, log: log, buckets: map[string]*bucket{}, wake: make(chan struct{}, 1)}
}

// Wake makes a running worker look for messages now (after a webhook wrote some).
func (w *Worker) Wake() {
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

func (w *Worker) now() time.Time { return w.cfg.Clock().UTC().Truncate(time.Microsecond) }

// Run delivers until ctx ends.
func (w *Worker) Run(ctx context.Context) error {
	t := time.NewTicker(w.cfg.Poll)
	defer t.Stop()
	for {
		for {
			n, err := w.RunOnce(ctx)
			if err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				w.log.Error("outbox", "err", err)
				break
			}
			if n < w.cfg.Batch {
				break
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		case <-w.wake:
		}
	}
}

func (w *Worker) channels() []string {
	out := make([]string, 0, len(w.senders))
	for c := range w.senders {
		out = append(out, c)
	}
	return out
}

// RunOnce claims one batch of due messages and delivers it, returning how many it claimed.
func (w *Worker) RunOnce(ctx context.Context) (int, error) {
	if len(w.senders) == 0 {
		return 0, nil
	}
	msgs, err := w.st.ClaimOutbox(ctx, w.cfg.Holder, w.channels(), w.now(), w.cfg.Lease, w.cfg.Batch)
	if err != nil {
		return 0, err
	}
	for _, m := range msgs {
		if err := w.deliver(ctx, m); err != nil {
			return len(msgs), err
		}
	}
	return len(msgs), nil
}

func (w *Worker) deliver(ctx context.Context, m store.OutboxMessage) error {
	if err := w.bucket(m.Channel).wait(ctx); err != nil {
		return err
	}
	sendCtx, cancel := context.WithTimeout(ctx, w.cfg.Lease/2)
	err := w.senders[m.Channel].Send(sendCtx, m, RetryKey(m))
	cancel()
	now := w.now()
	if err == nil {
		ok, err := w.st.CompleteOutbox(ctx, m.ID, w.cfg.Holder, now)
		if err != nil {
			return err
		}
		if !ok {
			w.log.Warn("outbox: claim lost before completion (sent again by another worker with the same key)", "id", m.ID)
		}
		return nil
	}
	if ctx.Err() != nil {
		return ctx.Err() // shutting down: the claim lapses and the message is sent again
	}
	var perm Permanent
	dead := errors.As(err, &perm) || m.Attempts >= w.cfg.MaxAttempts
	next := now.Add(w.backoff(m.Attempts))
	w.log.Warn("outbox: delivery failed", "id", m.ID, "channel", m.Channel, "attempt", m.Attempts, "dead", dead, "err", err)
	return w.st.FailOutbox(ctx, m.ID, w.cfg.Holder, err.Error(), next, dead)
}

// backoff is the delay after the n-th failed attempt: base·2^(n-1), capped, with up to
// 20 % jitter so that many failed messages do not come back at the same instant.
func (w *Worker) backoff(n int) time.Duration {
	d := w.cfg.BaseBackoff
	for i := 1; i < n && d < w.cfg.MaxBackoff; i++ {
		d *= 2
	}
	if d > w.cfg.MaxBackoff {
		d = w.cfg.MaxBackoff
	}
	return d + time.Duration(rand.Int64N(int64(d)/5+1))
}

func (w *Worker) bucket(channel string) *bucket {
	w.mu.Lock()
	defer w.mu.Unlock()
	b, ok := w.buckets[channel]
	if !ok {
		rate := w.cfg.Rate[channel]
		if rate <= 0 {
			rate = 20
		}
		burst := w.cfg.Burst
		if burst <= 0 {
			burst = max(1, int(rate))
		}
		b = &bucket{rate: rate, burst: float64(burst), tokens: float64(burst), last: time.Now()}
		w.buckets[channel] = b
	}
	return b
}

// bucket is a token bucket: the per-channel rate limit. It runs on the wall clock, not the
// injected one, because it paces real requests.
type bucket struct {
	mu     sync.Mutex
	rate   float64
	burst  float64
	tokens float64
	last   time.Time
}

func (b *bucket) wait(ctx context.Context) error {
	for {
		b.mu.Lock()
		now := time.Now()
		b.tokens = min(b.burst, b.tokens+now.Sub(b.last).Seconds()*b.rate)
		b.last = now
		if b.tokens >= 1 {
			b.tokens--
			b.mu.Unlock()
			return nil
		}
		need := time.Duration((1 - b.tokens) / b.rate * float64(time.Second))
		b.mu.Unlock()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(need):
		}
	}
}
