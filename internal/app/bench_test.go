package app_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/rongtook/rongtook/internal/app"
	"github.com/rongtook/rongtook/internal/auth"
	"github.com/rongtook/rongtook/internal/cases"
	"github.com/rongtook/rongtook/internal/reference"
	"github.com/rongtook/rongtook/internal/store"
	"github.com/rongtook/rongtook/internal/store/postgres"
	"github.com/rongtook/rongtook/internal/store/postgres/pgtest"
	"github.com/rongtook/rongtook/internal/store/sqlite"
)

// benchCases is the dataset of the reporting benchmarks: 10,000 cases received over fiscal
// year 2569 (1 Oct 2025 – 30 Sep 2026) across the 50 district offices, each with a timeline:
// intake, forwarding, acknowledgement (2–40 hours later), a progress report every 9–20 days,
// and for four in five a result approved 2–150 days after intake: 113,252 events in all.
const benchCases = 10000

var fyStart = time.Date(2025, 10, 1, 0, 0, 0, 0, cases.Bangkok())

// seedYear fills st with the benchmark dataset; deterministic, so runs compare.
func seedYear(tb testing.TB, st store.Store) (events int) {
	tb.Helper()
	ctx := context.Background()
	if err := st.SyncReference(ctx, reference.MustLoad()); err != nil {
		tb.Fatal(err)
	}
	var batch []store.NewCase
	flush := func() {
		if _, err := st.ImportCases(ctx, batch); err != nil {
			tb.Fatal(err)
		}
		batch = batch[:0]
	}
	year := 365 * 24 * time.Hour
	for i := range benchCases {
		at := fyStart.Add(time.Duration(i) * year / benchCases).UTC()
		unit := reference.DistrictUnitCode(1001 + i%50)
		c := cases.Case{Channel: "hotline", Kind: "complaint", CategoryCode: 1 + i%23, Description: "benchmark",
			Location: cases.Location{DistrictCode: 1001 + i%50}, UnitCode: unit, Status: cases.StatusInProgress,
			CreatedAt: at, UpdatedAt: at, Source: "bench", SourceRef: fmt.Sprint(i)}
		evs := []cases.Event{
			{Type: cases.EventCreated, At: at, UnitCode: "CENTRE", ToStatus: cases.StatusNew},
			{Type: cases.EventForwarded, At: at.Add(time.Hour), UnitCode: unit, ToStatus: cases.StatusForwarded},
		}
		t := at.Add(time.Duration(2+i%39) * time.Hour)
		evs = append(evs, cases.Event{Type: cases.EventAcknowledged, At: t, ActorUnit: unit, UnitCode: unit, ToStatus: cases.StatusAcknowledged})
		end := at.Add(time.Duration(2+(i*7)%149) * 24 * time.Hour)
		closes := i%5 != 0
		for t = t.Add(time.Duration(9+i%12) * 24 * time.Hour); t.Before(end) || (!closes && t.Before(fyStart.Add(year))); t = t.Add(time.Duration(9+i%12) * 24 * time.Hour) {
			evs = append(evs, cases.Event{Type: cases.EventProgress, At: t, ActorUnit: unit, UnitCode: unit, ToStatus: cases.StatusInProgress})
		}
		if closes {
			evs = append(evs,
				cases.Event{Type: cases.EventResultProposed, At: end, ActorUnit: unit, UnitCode: unit, ToStatus: cases.StatusAwaitingApproval},
				cases.Event{Type: cases.EventApproved, At: end.Add(time.Hour), ActorUnit: unit, UnitCode: unit, ToStatus: cases.StatusCompleted})
			closed := end.Add(time.Hour)
			c.Status, c.ClosedAt = cases.StatusCompleted, &closed
		}
		events += len(evs)
		batch = append(batch, store.NewCase{Case: c, Events: evs})
		if len(batch) == 500 {
			flush()
		}
	}
	flush()
	return events
}

func benchApp(st store.Store) *app.App {
	now := fyStart.AddDate(1, 0, 0)
	return app.New(st, reference.MustLoad(), app.WithClock(func() time.Time { return now }),
		app.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
}

var execReader = auth.Principal{Username: "bench", Role: auth.RoleExecutive, Unit: "GOV"}

func benchReports(b *testing.B, st store.Store) {
	events := seedYear(b, st)
	a := benchApp(st)
	ctx := context.Background()
	b.Run("SuccessLevelQuarterAllUnits", func(b *testing.B) {
		b.ReportMetric(float64(events), "events")
		for b.Loop() {
			rep, err := a.SuccessLevel(ctx, execReader, "2569-Q2", "")
			if err != nil || len(rep.Units) != 50 {
				b.Fatalf("%d units, %v", len(rep.Units), err)
			}
		}
	})
	b.Run("BacklogYearDailyByUnit", func(b *testing.B) {
		for b.Loop() {
			bl, err := a.Backlog(ctx, execReader, app.BacklogQuery{From: "2025-10-01", To: "2026-09-30", By: "day", Group: "unit"})
			if err != nil || len(bl.Points) < 365 {
				b.Fatalf("%d points, %v", len(bl.Points), err)
			}
		}
	})
}

// BenchmarkReportsSQLite: go test -run '^$' -bench Reports -benchtime 5x -count 5 ./internal/app/
func BenchmarkReportsSQLite(b *testing.B) {
	st, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	benchReports(b, st)
}

func BenchmarkReportsPostgres(b *testing.B) {
	st, err := postgres.Open(context.Background(), pgtest.NewDatabase(b))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	benchReports(b, st)
}
