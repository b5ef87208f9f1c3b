package importer

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/rongtook/rongtook/internal/reference"
	"github.com/rongtook/rongtook/internal/sharedtest"
	"github.com/rongtook/rongtook/internal/store"
	"github.com/rongtook/rongtook/internal/store/sqlite"
)

// BenchmarkImportTraffy imports sample10k.csv into a fresh SQLite store per iteration and
// reports rows per second; issue 6 asks for at least 5,000. Opening and migrating the
// store is outside the timer: the figure is the import alone.
//
//	go test ./internal/importer/ -run '^$' -bench ImportTraffy -count 5
func BenchmarkImportTraffy(b *testing.B) {
	data, err := os.ReadFile(sharedtest.File(b, "traffy/sample10k.csv"))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	ref := reference.MustLoad()
	dir := b.TempDir()
	rows, n := 0, 0
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		n++
		st, err := sqlite.Open(ctx, filepath.Join(dir, strconv.Itoa(n)+".db"))
		if err != nil {
			b.Fatal(err)
		}
		if err := st.SyncReference(ctx, ref); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		sum, err := Traffy(ctx, bytes.NewReader(data), st, Options{Reference: ref})
		if err != nil {
			b.Fatal(err)
		}
		if sum.Imported() != 10000 {
			b.Fatalf("imported %d cases, want 10000: %+v", sum.Imported(), sum)
		}
		rows += sum.Rows
		b.StopTimer()
		st.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
}

// discard is a Sink that stores nothing and reports every case as new.
type discard struct{}

func (discard) ImportCases(_ context.Context, batch []store.NewCase) ([]bool, error) {
	created := make([]bool, len(batch))
	for i := range created {
		created[i] = true
	}
	return created, nil
}

// BenchmarkImportTraffyNoStore is BenchmarkImportTraffy without a database: reading,
// checking and mapping sample10k.csv to cases and timelines. The difference between the
// two is the store's share.
func BenchmarkImportTraffyNoStore(b *testing.B) {
	data, err := os.ReadFile(sharedtest.File(b, "traffy/sample10k.csv"))
	if err != nil {
		b.Fatal(err)
	}
	ref := reference.MustLoad()
	rows := 0
	b.ReportAllocs()
	for b.Loop() {
		sum, err := Traffy(context.Background(), bytes.NewReader(data), discard{}, Options{Reference: ref})
		if err != nil {
			b.Fatal(err)
		}
		rows += sum.Rows
	}
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
}
