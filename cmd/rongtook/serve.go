package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/rongtook/rongtook/internal/api"
	"github.com/rongtook/rongtook/internal/auth"
	"github.com/rongtook/rongtook/internal/demo"
	"github.com/rongtook/rongtook/internal/escalation"
	"github.com/rongtook/rongtook/internal/web"
)

func cmdServe(ctx context.Context, env environment, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	var db dbFlags
	db.register(fs, env)
	addrDef := env.getenv("RONGTOOK_ADDR")
	if addrDef == "" {
		addrDef = "127.0.0.1:8080"
	}
	addr := fs.String("addr", addrDef, "address to listen on")
	loadDemo := fs.Bool("demo", false, "also load demo accounts and about 200 demo cases (idempotent)")
	jobs := fs.Bool("jobs", true, "run the background jobs (deadline reminders); several servers may run them at once")
	if err := parse(fs, args); err != nil {
		return err
	}
	log := newLogger(env, env.stderr)
	st, ref, err := db.open(ctx, env, log)
	if err != nil {
		return err
	}
	defer st.Close()
	if *loadDemo {
		sum, err := demo.Load(ctx, st, ref, auth.Hasher{P: auth.DefaultParams}, time.Now())
		if err != nil {
			return fmt.Errorf("demo data: %w", err)
		}
		log.Info("demo data loaded", "new_users", sum.Users, "new_cases", sum.Cases, "password", demo.Password)
	}
	a := newApp(st, ref, log)
	srv := api.New(a, log)
	srv.SecureCookies = env.getenv("RONGTOOK_SECURE_COOKIES") == "true"
	if err := startChannels(ctx, env, a, st, srv, log, *jobs); err != nil {
		return err
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return usageError(fmt.Sprintf("cannot listen on %s: %v", *addr, err), fmt.Sprintf("เปิดพอร์ต %s ไม่ได้: %v", *addr, err))
	}
	hs := &http.Server{
		Handler:           routes(srv.Handler(), web.New(a, log).Handler()),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
	}
	if *jobs {
		host, _ := os.Hostname()
		job := escalation.New(a, escalation.Config{Holder: fmt.Sprintf("%s:%d", host, os.Getpid())}, log)
		go func() {
			if err := job.Run(ctx); err != nil && !errors.Is(err, context.Canceled) {
				log.Error("escalation job stopped", "err", err)
			}
		}()
		go runTrainer(ctx, a, st, fmt.Sprintf("%s:%d", host, os.Getpid()), log)
	}
	log.Info("listening", "url", "http://"+ln.Addr().String())
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// routes puts the pages people open in a browser beside the API: the web handler answers
// "/" and "/stats", the API everything else (its own 404 included).
func routes(apiHandler, webHandler http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/", apiHandler)
	mux.Handle("GET /{$}", webHandler)
	mux.Handle("GET /stats", webHandler)
	return mux
}
