package search_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/rongtook/rongtook/internal/search"
)

func BenchmarkProbe(b *testing.B) {
	s := benchStore(b, "sqlite")
	qs := queries(b, 40)
	db := s.SQL()
	ctx := context.Background()
	for _, q := range qs[:15] {
		terms := search.QueryTerms(q)
		m := `"` + strings.Join(terms, `" "`) + `"`
		var n int
		t := time.Now()
		db.QueryRowContext(ctx, `SELECT COUNT(*) FROM cases_fts WHERE cases_fts MATCH ?`, m).Scan(&n)
		t1 := time.Since(t)
		t = time.Now()
		rows, _ := db.QueryContext(ctx, `SELECT rowid FROM cases_fts WHERE cases_fts MATCH ? ORDER BY rowid DESC LIMIT 1000`, m)
		k := 0
		for rows.Next() {
			k++
		}
		rows.Close()
		t2 := time.Since(t)
		t = time.Now()
		rows, _ = db.QueryContext(ctx, `SELECT rowid, bm25(cases_fts) FROM cases_fts WHERE cases_fts MATCH ? ORDER BY rowid DESC LIMIT 1000`, m)
		for rows.Next() {
		}
		rows.Close()
		t3 := time.Since(t)
		t = time.Now()
		rows, _ = db.QueryContext(ctx, `SELECT rowid FROM cases_fts WHERE cases_fts MATCH ? LIMIT 1000`, m)
		for rows.Next() {
		}
		rows.Close()
		t4 := time.Since(t)
		b.Logf("%-30s n=%7d count %6.1fms desc1000 %6.1fms +bm25 %6.1fms asc1000 %6.1fms", q, n, ms(t1), ms(t2), ms(t3), ms(t4))
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
