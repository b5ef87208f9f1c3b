package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rongtook/rongtook/internal/app"
	"github.com/rongtook/rongtook/internal/auth"
	"github.com/rongtook/rongtook/internal/reference"
	"github.com/rongtook/rongtook/internal/store"
	"github.com/rongtook/rongtook/internal/store/sqlite"
)

// TestImportCasesRoundTrip exports the cases of one installation and imports them into a
// fresh one, twice: the second import adds nothing, and a broken row is reported by line.
func TestImportCasesRoundTrip(t *testing.T) {
	src := seedOctober(t)
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(src, "rongtook.db"))
	if err != nil {
		t.Fatal(err)
	}
	ref := reference.MustLoad()
	a := app.New(st, ref, app.WithClock(func() time.Time { return time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC) }))
	var buf strings.Builder
	exec := auth.Principal{UserID: 1, Role: auth.RoleExecutive, Unit: "GOV"}
	if err := a.ExportCases(ctx, exec, store.CaseFilter{}, "csv", false, &buf); err != nil {
		t.Fatal(err)
	}
	st.Close()
	lines := strings.Split(strings.TrimRight(buf.String(), "\r\n"), "\r\n")
	// A third row with a broken receipt number.
	broken := strings.Replace(lines[1], "2569-", "25x9-", 1)
	file := filepath.Join(t.TempDir(), "export.csv")
	if err := os.WriteFile(file, []byte(strings.Join(append(lines, broken), "\r\n")+"\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	dst := t.TempDir()
	env := map[string]string{"RONGTOOK_LOG_LEVEL": "error"}
	r := runCLI(t, env, "", "import", "cases", file, "--data", dst)
	if r.code != 0 || !strings.Contains(r.stdout, "created\t2") || !strings.Contains(r.stdout, "rejected\t1") || !strings.Contains(r.stderr, "line 4: receipt") {
		t.Fatalf("first import: %+v", r)
	}
	r = runCLI(t, env, "", "import", "cases", "--data", dst, file)
	if r.code != 0 || !strings.Contains(r.stdout, "created\t0") || !strings.Contains(r.stdout, "already imported\t2") {
		t.Errorf("second import: %+v", r)
	}
	if r := runCLI(t, env, "", "import", "cases", "--data", dst, filepath.Join(t.TempDir(), "none.csv")); r.code != 1 {
		t.Errorf("missing file: %+v", r)
	}
}
