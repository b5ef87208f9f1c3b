package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"time"

	"github.com/rongtook/rongtook/internal/api"
	"github.com/rongtook/rongtook/internal/app"
	"github.com/rongtook/rongtook/internal/channels/facebook"
	"github.com/rongtook/rongtook/internal/channels/line"
	"github.com/rongtook/rongtook/internal/outbox"
	"github.com/rongtook/rongtook/internal/store"
)

// startChannels wires the LINE and Facebook webhooks into the API server and, with jobs,
// starts the event processors and the outbox delivery worker. Configuration comes from the
// environment (secrets never from flags or files in the repository):
//
//	RONGTOOK_LINE_CHANNELS, RONGTOOK_LINE_<NAME>_SECRET, RONGTOOK_LINE_<NAME>_TOKEN, RONGTOOK_LINE_API
//	RONGTOOK_FACEBOOK_APP_SECRET, _VERIFY_TOKEN, _PAGE_TOKEN, _PAGE_ID, _GRAPH_URL
//	RONGTOOK_OUTBOX_MAX_ATTEMPTS (default 8), RONGTOOK_OUTBOX_LEASE (default 1m)
func startChannels(ctx context.Context, env environment, a *app.App, st store.Store, srv *api.Server, log *slog.Logger, jobs bool) error {
	lineCfg, err := line.FromEnv(env.getenv)
	if err != nil {
		return usageError(err.Error(), "ตั้งค่า LINE ไม่ครบ: "+err.Error())
	}
	fbCfg := facebook.FromEnv(env.getenv)
	host, _ := os.Hostname()
	holder := fmt.Sprintf("%s:%d", host, os.Getpid())
	// Internal notices (channel "internal") are read in the system (GET /outbox) and have no
	// sender: they stay as the escalation job wrote them.
	senders := map[string]outbox.Sender{}
	cfg := outbox.Config{Holder: holder, Rate: map[string]float64{"line": 100, "facebook": 5}}
	if v := env.getenv("RONGTOOK_OUTBOX_MAX_ATTEMPTS"); v != "" {
		if cfg.MaxAttempts, err = strconv.Atoi(v); err != nil || cfg.MaxAttempts < 1 {
			return usageError("RONGTOOK_OUTBOX_MAX_ATTEMPTS must be a positive number", "RONGTOOK_OUTBOX_MAX_ATTEMPTS ต้องเป็นจำนวนบวก")
		}
	}
	if v := env.getenv("RONGTOOK_OUTBOX_LEASE"); v != "" {
		if cfg.Lease, err = time.ParseDuration(v); err != nil || cfg.Lease < time.Second {
			return usageError("RONGTOOK_OUTBOX_LEASE must be a duration of at least 1s", "RONGTOOK_OUTBOX_LEASE ต้องเป็นระยะเวลาอย่างน้อย 1s")
		}
	}
	if lineCfg.Enabled() {
		senders["line"] = &line.Sender{Config: lineCfg}
	}
	if fbCfg.Enabled() {
		senders["facebook"] = &facebook.Sender{Config: fbCfg}
	}
	worker := outbox.New(st, senders, cfg, log)
	run := func(name string, fn func(context.Context) error) {
		go func() {
			if err := fn(ctx); err != nil && !errors.Is(err, context.Canceled) {
				log.Error(name+" stopped", "err", err)
			}
		}()
	}
	if lineCfg.Enabled() {
		proc := &line.Processor{App: a, Store: st, Config: lineCfg, Log: log, Notify: worker.Wake}
		srv.LineWebhook = &line.Webhook{Config: lineCfg, Store: st, Clock: time.Now, Log: log, Wake: proc.Wake}
		if jobs {
			run("line processor", proc.Run)
		}
		log.Info("LINE channels", "count", len(lineCfg.Accounts))
	}
	if fbCfg.Enabled() {
		proc := &facebook.Processor{App: a, Store: st, Config: fbCfg, Log: log}
		srv.FacebookWebhook = &facebook.Webhook{Config: fbCfg, Store: st, Clock: time.Now, Log: log}
		if jobs {
			run("facebook processor", func(ctx context.Context) error { return proc.Run(ctx, time.Second) })
		}
	}
	if jobs {
		run("outbox", worker.Run)
	}
	return nil
}
