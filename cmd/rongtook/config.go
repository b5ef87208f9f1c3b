package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/rongtook/rongtook/internal/app"
	"github.com/rongtook/rongtook/internal/reference"
	"github.com/rongtook/rongtook/internal/store"
	"github.com/rongtook/rongtook/internal/store/postgres"
	"github.com/rongtook/rongtook/internal/store/sqlite"
)

// version is set at build time with -ldflags "-X main.version=…"; otherwise the module's
// build information is used.
var version = ""

func versionString() string {
	v := version
	if v == "" {
		if bi, ok := debug.ReadBuildInfo(); ok {
			v = bi.Main.Version
			for _, s := range bi.Settings {
				if s.Key == "vcs.revision" && len(s.Value) >= 12 {
					v += " " + s.Value[:12]
				}
			}
		}
	}
	if v == "" {
		v = "(devel)"
	}
	return "rongtook " + v
}

// dbFlags are the flags every command that touches the database shares.
type dbFlags struct {
	data string
}

func (f *dbFlags) register(fs *flag.FlagSet, env environment) {
	def := env.getenv("RONGTOOK_DATA")
	if def == "" {
		def = "./data"
	}
	fs.StringVar(&f.data, "data", def, "folder of the embedded SQLite database (ignored with RONGTOOK_DATABASE_URL)")
}

// open opens the store the environment selects, migrated and with reference data in place.
func (f *dbFlags) open(ctx context.Context, env environment, log *slog.Logger) (store.Store, *reference.Data, error) {
	ref, err := reference.Load()
	if err != nil {
		return nil, nil, err
	}
	var st store.Store
	if dsn := env.getenv("RONGTOOK_DATABASE_URL"); dsn != "" {
		if !strings.HasPrefix(dsn, "postgres://") && !strings.HasPrefix(dsn, "postgresql://") {
			return nil, nil, usageError("RONGTOOK_DATABASE_URL must start with postgres:// or postgresql://", "RONGTOOK_DATABASE_URL ต้องขึ้นต้นด้วย postgres:// หรือ postgresql://")
		}
		st, err = postgres.Open(ctx, dsn)
		log.Info("database", "kind", "postgres")
	} else {
		path := filepath.Join(f.data, "rongtook.db")
		st, err = sqlite.Open(ctx, path)
		log.Info("database", "kind", "sqlite", "path", path)
	}
	if err != nil {
		return nil, nil, err
	}
	if err := st.SyncReference(ctx, ref); err != nil {
		st.Close()
		return nil, nil, fmt.Errorf("reference data: %w", err)
	}
	return st, ref, nil
}

func newLogger(env environment, w io.Writer) *slog.Logger {
	level := slog.LevelInfo
	_ = level.UnmarshalText([]byte(env.getenv("RONGTOOK_LOG_LEVEL")))
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}

func newApp(st store.Store, ref *reference.Data, log *slog.Logger) *app.App {
	return app.New(st, ref, app.WithLogger(log))
}

// openApp opens the store for a one-shot command and builds the application over it; the
// caller closes the store.
func (f *dbFlags) openApp(ctx context.Context, env environment) (*app.App, store.Store, error) {
	log := newLogger(env, env.stderr)
	st, ref, err := f.open(ctx, env, log)
	if err != nil {
		return nil, nil, err
	}
	return newApp(st, ref, log), st, nil
}

// parse parses flags, turning flag errors into usage errors and rejecting stray arguments.
func parse(fs *flag.FlagSet, args []string) error {
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		return usageError(err.Error(), "ตัวเลือกไม่ถูกต้อง: "+err.Error())
	}
	if fs.NArg() > 0 {
		return usageError("unexpected argument "+fs.Arg(0), "มีอาร์กิวเมนต์เกิน: "+fs.Arg(0))
	}
	return nil
}
