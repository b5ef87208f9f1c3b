// Package sharedtest finds the project's shared test data (../shared/data beside the
// repository) for tests and benchmarks. The data is never copied into the repository.
//
// When the data is missing the test is skipped with a plain message, except in CI
// (CI=true), where a missing data set is a failure: CI must never count a skip as a pass.
package sharedtest

import (
	"os"
	"path/filepath"
	"testing"
)

// DataDir returns the absolute path of the shared data folder. RONGTOOK_SHARED_DATA
// overrides the search; otherwise it is ../shared/data next to the module root.
func DataDir(tb testing.TB) string {
	tb.Helper()
	if dir := os.Getenv("RONGTOOK_SHARED_DATA"); dir != "" {
		return requireDir(tb, dir)
	}
	root, err := moduleRoot()
	if err != nil {
		unavailable(tb, "cannot find the module root: "+err.Error())
	}
	return requireDir(tb, filepath.Join(filepath.Dir(root), "shared", "data"))
}

// File returns the path of one file under the shared data folder, skipping (or failing in
// CI) when it is absent.
func File(tb testing.TB, rel string) string {
	tb.Helper()
	p := filepath.Join(DataDir(tb), filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		unavailable(tb, "shared data file missing: "+p)
	}
	return p
}

// Unavailable skips the test with reason, or fails it when running in CI.
func Unavailable(tb testing.TB, reason string) {
	tb.Helper()
	unavailable(tb, reason)
}

func requireDir(tb testing.TB, dir string) string {
	tb.Helper()
	abs, err := filepath.Abs(dir)
	if err == nil {
		if fi, serr := os.Stat(abs); serr == nil && fi.IsDir() {
			return abs
		}
	}
	unavailable(tb, "shared data folder not found at "+dir)
	return ""
}

func unavailable(tb testing.TB, reason string) {
	tb.Helper()
	if os.Getenv("CI") == "true" {
		tb.Fatalf("SKIP is a failure in CI: %s", reason)
	}
	tb.Skipf("SKIPPED (not a pass): %s", reason)
}

func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}
