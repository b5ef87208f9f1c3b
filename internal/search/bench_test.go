package search_test

// Benchmarks of search and duplicate detection on 1,000,000 generated cases, on SQLite and
// PostgreSQL. They run only with -bench (go test ./internal/search/ -run '^$' -bench .) and
// build their dataset once into a cache that later runs reuse:
//
//   - SQLite: a database file under os.TempDir()/rongtook-bench-search-<version>/
//   - PostgreSQL: a database rongtook_bench_search_<version> on RONGTOOK_TEST_POSTGRES (or
//     the local server)
//
// Change benchVersion when the dataset or the schema changes, to rebuild.
//
// The dataset recombines the real Traffy Fondue comments of ../shared/data/traffy/
// sample10k.csv: each generated case takes the category, the point (moved by up to about
// 250 m), the district and the first half of the words of one real ticket, and the second
// half of the words of another ticket of the same category; it is created at a random time
// over two years, and 30 % of the cases are open (new, forwarded or in progress), the rest
// completed. The text therefore has the vocabulary, word frequencies and lengths of real
// complaints, the points the density of real ones.

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rongtook/rongtook/internal/cases"
	"github.com/rongtook/rongtook/internal/reference"
	"github.com/rongtook/rongtook/internal/search"
	"github.com/rongtook/rongtook/internal/sharedtest"
	"github.com/rongtook/rongtook/internal/store"
	"github.com/rongtook/rongtook/internal/store/postgres"
	"github.com/rongtook/rongtook/internal/store/postgres/pgtest"
	"github.com/rongtook/rongtook/internal/store/sqlite"
	"github.com/rongtook/rongtook/internal/store/sqlstore"
	"github.com/rongtook/rongtook/internal/thai"
	"github.com/rongtook/rongtook/internal/traffy"
)

const (
	benchVersion = "v1"
	benchCases   = 1_000_000
	benchSeed    = 20261122
)

// benchNow is the time the benchmark's cases are recent to.
var benchNow = time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)

type seedTicket struct {
	category int
	district int
	lat, lon float64
	tokens   []string
	address  string
}

func loadSeed(tb testing.TB) (map[int][]seedTicket, []int) {
	f, err := os.Open(sharedtest.File(tb, "traffy/sample10k.csv"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	r, err := traffy.NewReader(f)
	if err != nil {
		tb.Fatal(err)
	}
	byCat := map[int][]seedTicket{}
	for rec, err := range r.All() {
		if err != nil || rec.Comment == "" || !rec.HasLocation || !reference.NearBangkok(rec.Lat, rec.Lon) {
			continue
		}
		cat, _ := rec.Category()
		d, _ := rec.DistrictCode()
		var toks []string
		for _, t := range thai.Default().Tokens(rec.Comment) {
			toks = append(toks, t.Text)
		}
		byCat[cat] = append(byCat[cat], seedTicket{cat, d, rec.Lat, rec.Lon, toks, rec.Address})
	}
	var cats []int
	for c, ts := range byCat {
		for range ts {
			cats = append(cats, c) // categories weighted by how often they occur
		}
	}
	slices.Sort(cats)
	return byCat, cats
}

// generator makes the benchmark's cases deterministically.
type generator struct {
	byCat map[int][]seedTicket
	cats  []int
	rng   *rand.Rand
}

func (g *generator) next(i int) cases.Case {
	cat := g.cats[g.rng.IntN(len(g.cats))]
	ts := g.byCat[cat]
	a, b := ts[g.rng.IntN(len(ts))], ts[g.rng.IntN(len(ts))]
	desc := strings.Join(a.tokens[:(len(a.tokens)+1)/2], "") + strings.Join(b.tokens[len(b.tokens)/2:], "")
	if len([]rune(desc)) > 2000 {
		desc = string([]rune(desc)[:2000])
	}
	// Up to ~250 m from the real point.
	lat := a.lat + (g.rng.Float64()-0.5)*0.0045
	lon := a.lon + (g.rng.Float64()-0.5)*0.0045
	at := benchNow.Add(-time.Duration(g.rng.Int64N(int64(2 * 365 * 24 * time.Hour)))).Truncate(time.Microsecond)
	status := cases.StatusCompleted
	switch x := g.rng.IntN(10); {
	case x == 0:
		status = cases.StatusNew
	case x == 1:
		status = cases.StatusForwarded
	case x == 2:
		status = cases.StatusInProgress
	}
	unit := "CENTRE"
	if a.district != 0 {
		unit = fmt.Sprintf("D%d", a.district)
	}
	c := cases.Case{
		Receipt: cases.FormatReceipt(2566+i/500000, int64(i%500000+1)), Channel: "traffy", Kind: "complaint", CategoryCode: cat,
		Description: desc, Location: cases.Location{Lat: &lat, Lon: &lon, Address: a.address, DistrictCode: a.district},
		UnitCode: unit, Status: status, CreatedAt: at, UpdatedAt: at,
	}
	return c
}

// benchStore opens the cached dataset of a dialect, building it first if needed.
func benchStore(b *testing.B, dialect string) *sqlstore.DB {
	b.Helper()
	ctx := context.Background()
	var s *sqlstore.DB
	var err error
	switch dialect {
	case "sqlite":
		dir := filepath.Join(os.TempDir(), "rongtook-bench-search-"+benchVersion)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			b.Fatal(err)
		}
		s, err = sqlite.Open(ctx, filepath.Join(dir, "rongtook.db"))
	case "postgres":
		s, err = postgres.Open(ctx, benchPostgres(b))
	}
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	var n int
	_ = s.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM models WHERE name = 'bench_dataset_complete'`).Scan(&n)
	if n == 0 {
		build(b, s)
	}
	return s
}

// benchPostgres returns the URL of the benchmark's database, creating it if missing.
func benchPostgres(b *testing.B) string {
	admin := os.Getenv("RONGTOOK_TEST_POSTGRES")
	if admin == "" {
		admin = pgtest.DefaultURL
	}
	db, err := sql.Open("pgx", admin)
	if err != nil {
		b.Skip(err)
	}
	defer db.Close()
	if err := db.Ping(); err != nil {
		sharedtest.Unavailable(b, "PostgreSQL: "+err.Error())
	}
	name := "rongtook_bench_search_" + benchVersion
	var exists int
	_ = db.QueryRow(`SELECT COUNT(*) FROM pg_database WHERE datname = $1`, name).Scan(&exists)
	if exists == 0 {
		if _, err := db.Exec(`CREATE DATABASE ` + name + ` ENCODING 'UTF8' TEMPLATE template0`); err != nil {
			b.Fatal(err)
		}
	}
	u, _ := url.Parse(admin)
	u.Path = "/" + name
	return u.String()
}

// build fills an empty store with the dataset (direct multi-row INSERTs: the timelines are
// not needed to search).
func build(b *testing.B, s *sqlstore.DB) {
	ctx := context.Background()
	start := time.Now()
	if err := s.SyncReference(ctx, reference.MustLoad()); err != nil {
		b.Fatal(err)
	}
	db := s.SQL()
	if _, err := db.ExecContext(ctx, `DELETE FROM cases`); err != nil {
		b.Fatal(err)
	}
	byCat, cats := loadSeed(b)
	g := &generator{byCat: byCat, cats: cats, rng: rand.New(rand.NewPCG(benchSeed, 1))}
	pg := s.Dialect() == "postgres"
	const cols = 14
	const rows = 500
	ph := func(n int) string {
		if pg {
			return "$" + strconv.Itoa(n)
		}
		return "?"
	}
	var q strings.Builder
	q.WriteString(`INSERT INTO cases (receipt, channel, kind, category_code, description, lat, lon, address, district_code, unit_code,
		status, created_at, updated_at, search_text) VALUES `)
	for r := range rows {
		if r > 0 {
			q.WriteString(", ")
		}
		q.WriteString("(")
		for c := range cols {
			if c > 0 {
				q.WriteString(", ")
			}
			q.WriteString(ph(r*cols + c + 1))
		}
		q.WriteString(")")
	}
	stmt := q.String()
	tm := func(t time.Time) any {
		if pg {
			return t
		}
		return t.UTC().Format(sqlstore.TimeLayout)
	}
	for i := 0; i < benchCases; {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			b.Fatal(err)
		}
		for k := 0; k < 20 && i < benchCases; k++ {
			args := make([]any, 0, rows*cols)
			for range rows {
				c := g.next(i)
				i++
				var d any
				if c.Location.DistrictCode != 0 {
					d = c.Location.DistrictCode
				}
				args = append(args, c.Receipt, c.Channel, c.Kind, c.CategoryCode, c.Description, *c.Location.Lat, *c.Location.Lon,
					c.Location.Address, d, c.UnitCode, string(c.Status), tm(c.CreatedAt), tm(c.UpdatedAt), store.SearchText(c))
			}
			if _, err := tx.ExecContext(ctx, stmt, args...); err != nil {
				b.Fatalf("insert: %v", err)
			}
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
		if i%100000 == 0 {
			b.Logf("%s: %d cases, %s", s.Dialect(), i, time.Since(start).Round(time.Second))
		}
	}
	if pg {
		if _, err := db.ExecContext(ctx, `VACUUM ANALYZE cases`); err != nil {
			b.Fatal(err)
		}
	} else {
		for _, st := range []string{`INSERT INTO cases_fts(cases_fts) VALUES ('optimize')`, `ANALYZE`} {
			if _, err := db.ExecContext(ctx, st); err != nil {
				b.Fatal(err)
			}
		}
	}
	if err := s.PutModel(ctx, store.Model{Name: "bench_dataset_complete", Data: []byte(benchVersion), TrainedAt: time.Now()}); err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: built %d cases in %s", s.Dialect(), benchCases, time.Since(start).Round(time.Second))
}

// queries returns two-word Thai queries as staff type them: two words of more than one
// character, from the text of generated cases (so common words come up as often as they
// occur).
func queries(b *testing.B, n int) []string {
	byCat, cats := loadSeed(b)
	g := &generator{byCat: byCat, cats: cats, rng: rand.New(rand.NewPCG(benchSeed+1, 2))}
	var out []string
	for i := 0; len(out) < n; i++ {
		c := g.next(i)
		var words []string
		for _, t := range thai.Default().Terms(c.Description) {
			if r := []rune(t); len(r) > 1 && thai.Default().Contains(t) && !slices.Contains(words, t) {
				words = append(words, t)
			}
		}
		if len(words) < 2 {
			continue
		}
		j := g.rng.IntN(len(words) - 1)
		out = append(out, words[j]+" "+words[j+1])
	}
	return out
}

// percentiles reports the median and 95th percentile of the durations.
func percentiles(b *testing.B, ds []time.Duration) {
	slices.Sort(ds)
	p := func(q float64) float64 {
		i := int(math.Ceil(q*float64(len(ds)))) - 1
		return float64(ds[max(i, 0)].Microseconds()) / 1000
	}
	b.ReportMetric(p(0.5), "p50-ms")
	b.ReportMetric(p(0.95), "p95-ms")
	b.ReportMetric(p(0.99), "p99-ms")
}

// BenchmarkSearchTwoWords lists the first page (50) of the cases containing two Thai words,
// best first, as a centre supervisor (who sees every case) and as the staff of the district
// office with the most cases (who see only their unit's: a search whose matches are
// spread thin).
func BenchmarkSearchTwoWords(b *testing.B) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		for _, who := range []struct {
			name string
			vis  store.Visibility
		}{
			{"", store.Visibility{ConfidentialAll: true}},
			{"/district", store.Visibility{OwnUnit: "D1030"}},
		} {
			b.Run(dialect+who.name, func(b *testing.B) {
				s := benchStore(b, dialect)
				qs := queries(b, 500)
				ctx := context.Background()
				var ds []time.Duration
				found := 0
				b.ResetTimer()
				for i := 0; b.Loop(); i++ {
					t := time.Now()
					p, err := s.ListCases(ctx, store.CaseFilter{Query: qs[i%len(qs)], Limit: 50, Visibility: who.vis})
					ds = append(ds, time.Since(t))
					if err != nil {
						b.Fatal(err)
					}
					found += len(p.Cases)
				}
				b.ReportMetric(float64(found)/float64(len(ds)), "cases/query")
				percentiles(b, ds)
			})
		}
	}
}

// BenchmarkDuplicates runs the duplicate check of a new report: the open cases of its and
// related categories in the box of the largest radius, plus scoring.
func BenchmarkDuplicates(b *testing.B) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		b.Run(dialect, func(b *testing.B) {
			s := benchStore(b, dialect)
			byCat, cats := loadSeed(b)
			g := &generator{byCat: byCat, cats: cats, rng: rand.New(rand.NewPCG(benchSeed+2, 3))}
			reports := make([]cases.Case, 500)
			for i := range reports {
				reports[i] = g.next(i)
			}
			ctx := context.Background()
			var ds []time.Duration
			offered := 0
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				r := reports[i%len(reports)]
				t := time.Now()
				q := store.NearbyQuery{Categories: search.Categories(r.CategoryCode), Limit: 200, HasPoint: true,
					Visibility: store.Visibility{ConfidentialAll: true}}
				window := time.Duration(0)
				for _, c := range q.Categories {
					window = max(window, search.RuleFor(c).Window)
				}
				q.Since = benchNow.Add(-window)
				q.MinLat, q.MaxLat, q.MinLon, q.MaxLon = search.Box(*r.Location.Lat, *r.Location.Lon, search.MaxRadius(r.CategoryCode))
				found, err := s.NearbyOpenCases(ctx, q)
				if err != nil {
					b.Fatal(err)
				}
				fs := make([]search.Found, len(found))
				for k, f := range found {
					fs[k] = search.Found{Case: f.Case, Terms: f.Terms}
				}
				cands := search.Rank(search.Report{CategoryCode: r.CategoryCode, Description: r.Description, Lat: r.Location.Lat, Lon: r.Location.Lon}, fs, benchNow, 10)
				ds = append(ds, time.Since(t))
				offered += len(cands)
			}
			b.ReportMetric(float64(offered)/float64(len(ds)), "offered/report")
			percentiles(b, ds)
		})
	}
}
