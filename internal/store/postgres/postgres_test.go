package postgres_test

import (
	"context"
	"strings"
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

// TestNamePrefixUsesAnIndex checks that finding citizens by the beginning of a name can be
// served by the index on names under the database's collation (not "C" here): with a plain
// B-tree PostgreSQL cannot turn LIKE 'prefix%' into a range and scans every profile.
func TestNamePrefixUsesAnIndex(t *testing.T) {
	ctx := context.Background()
	s, err := postgres.Open(ctx, pgtest.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	conn, err := s.SQL().Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// The table is empty: forbid the sequential scan to see whether an index can serve the
	// condition at all.
	if _, err := conn.ExecContext(ctx, `SET enable_seqscan = off`); err != nil {
		t.Fatal(err)
	}
	rows, err := conn.QueryContext(ctx, `EXPLAIN SELECT id FROM citizens c
		WHERE c.merged_into IS NULL AND c.name <> '' AND c.name LIKE $1 ESCAPE '\'`, "สมชาย%")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan strings.Builder
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		plan.WriteString(line + "\n")
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(plan.String(), "citizens_by_name") || !strings.Contains(plan.String(), "~>=~") {
		t.Errorf("the name prefix is not an index range:\n%s", plan.String())
	}
}
