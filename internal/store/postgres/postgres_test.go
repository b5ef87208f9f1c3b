package postgres_test

import (
	"context"
	"testing"

	"github.com/rongtook/rongtook/internal/store"
	"github.com/rongtook/rongtook/internal/store/postgres"
	"github.com/rongtook/rongtook/internal/store/postgres/pgtest"
	"github.com/rongtook/rongtook/internal/store/storetest"
)

// open gives each contract test a new database on the real server.
func open(t *testing.T) store.Store {
	s, err := postgres.Open(context.Background(), pgtest.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestContract(t *testing.T)         { storetest.Run(t, open) }
func TestSearchContract(t *testing.T)   { storetest.RunSearch(t, open) }
func TestChannelsContract(t *testing.T) { storetest.RunChannels(t, open) }
