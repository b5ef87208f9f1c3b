package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/rongtook/rongtook/internal/store"
	"github.com/rongtook/rongtook/internal/store/sqlite"
	"github.com/rongtook/rongtook/internal/store/storetest"
)

// open gives each contract test a new database file.
func open(t *testing.T) store.Store {
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "rongtook.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestContract(t *testing.T)         { storetest.Run(t, open) }
func TestSearchContract(t *testing.T)   { storetest.RunSearch(t, open) }
func TestChannelsContract(t *testing.T) { storetest.RunChannels(t, open) }
