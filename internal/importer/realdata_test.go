package importer

import (
	"bytes"
	"context"
	"encoding/csv"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/rongtook/rongtook/internal/cases"
	"github.com/rongtook/rongtook/internal/geo"
	"github.com/rongtook/rongtook/internal/reference"
	"github.com/rongtook/rongtook/internal/sharedtest"
	"github.com/rongtook/rongtook/internal/store/postgres"
	"github.com/rongtook/rongtook/internal/store/postgres/pgtest"
	"github.com/rongtook/rongtook/internal/store/sqlstore"
	"github.com/rongtook/rongtook/internal/traffy"
)

// expected is what importing a file must give, computed from the raw file by a method of
// its own: encoding/csv for the tokens, the spec's tables (districts.csv, traffy_types.csv)
// for the mapping, and plain string tests for the few rules that matter here. It shares no
// code with the importer or package traffy, so a mapping bug shows as a difference.
type expected struct {
	rows          int
	rejectedLines []int // rows without a ticket id: the only kind of bad row in the shared files
	warned        int   // good rows the importer must flag
	byDistrict    map[int]int
	byCategory    map[int]int
	byStatus      map[cases.Status]int
}

// specTable reads a table under ../shared/spec/reference, without its header.
func specTable(t testing.TB, name string) [][]string {
	t.Helper()
	p := filepath.Join(filepath.Dir(sharedtest.DataDir(t)), "spec", "reference", name)
	f, err := os.Open(p)
	if err != nil {
		sharedtest.Unavailable(t, "reference table missing: "+p)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	return rows[1:]
}

// expect computes the expected outcome of importing data. With ix, rows whose district
// column is not an official name are placed by their point, as the importer must do when
// given boundaries; geo has tests of its own.
func expect(t testing.TB, data []byte, ix *geo.Index) expected {
	t.Helper()
	official := map[string]int{}
	for _, r := range specTable(t, "districts.csv") { // code,name_th,name_en
		code, _ := strconv.Atoi(r[0])
		official[r[1]] = code
	}
	category := map[string]int{}
	for _, r := range specTable(t, "traffy_types.csv") { // traffy_type,category,kind,note
		category[r[0]], _ = strconv.Atoi(r[1])
	}
	statusOf := map[string]cases.Status{
		"รอรับเรื่อง": cases.StatusForwarded, "ส่งต่อ": cases.StatusForwarded, "ส่งต่อ(ใหม่)": cases.StatusForwarded,
		"กำลังดำเนินการ": cases.StatusInProgress, "เสร็จสิ้น": cases.StatusCompleted, "ไม่เกี่ยวข้อง": cases.StatusTerminated,
		// An empty state is read from the search API's own status column.
		"finish": cases.StatusCompleted, "inprogress": cases.StatusInProgress, "report": cases.StatusForwarded,
	}

	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))))
	header, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, name := range header {
		col[name] = i
	}
	e := expected{byDistrict: map[int]int{}, byCategory: map[int]int{}, byStatus: map[cases.Status]int{}}
	for {
		rec, err := r.Read()
		if err != nil {
			break
		}
		line, _ := r.FieldPos(0)
		get := func(name string) string {
			if i, ok := col[name]; ok {
				return rec[i]
			}
			return ""
		}
		e.rows++
		if get("ticket_id") == "" {
			e.rejectedLines = append(e.rejectedLines, line)
			continue
		}
		warned := false

		var lat, lon float64
		hasPoint := false
		if lonS, latS, ok := strings.Cut(get("coords"), ","); ok {
			lon, _ = strconv.ParseFloat(lonS, 64)
			lat, _ = strconv.ParseFloat(latS, 64)
			// The reader's box; everything inside it is also within rongtook's.
			hasPoint = lat >= 13.4 && lat <= 14.2 && lon >= 100.2 && lon <= 101.0
			warned = warned || !hasPoint
		}
		district, ok := official[get("district")]
		if !ok && ix != nil && hasPoint {
			district, ok = ix.DistrictAt(lat, lon)
		}
		if !ok {
			district = 0
			warned = warned || get("district") != ""
		}
		e.byDistrict[district]++

		cat := 23
		types := strings.Split(strings.Trim(get("type"), "{}"), ",")
		for _, ty := range types {
			if c := category[strings.Trim(ty, `"`)]; c != 0 && c != 23 {
				cat = c
				break
			}
		}
		e.byCategory[cat]++

		state := get("state")
		if state == "" {
			state = get("status")
			warned = true
		}
		st, ok := statusOf[state]
		if !ok {
			st = cases.StatusForwarded // pending
		}
		e.byStatus[st]++
		if warned {
			e.warned++
		}
	}
	return e
}

// groupCounts runs a "SELECT key, COUNT(*) … GROUP BY key" query.
func groupCounts[K comparable](t *testing.T, st *sqlstore.DB, query string) map[K]int {
	t.Helper()
	rows, err := st.SQL().Query(query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[K]int{}
	for rows.Next() {
		var k K
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			t.Fatal(err)
		}
		out[k] = n
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// checkStored compares the cases in st with what the file says.
func checkStored(t *testing.T, st *sqlstore.DB, want expected) {
	t.Helper()
	if got := groupCounts[int](t, st, `SELECT COALESCE(district_code, 0), COUNT(*) FROM cases GROUP BY 1`); !maps.Equal(got, want.byDistrict) {
		t.Errorf("cases by district differ from the file:\nstore %v\nfile  %v", got, want.byDistrict)
	}
	if got := groupCounts[int](t, st, `SELECT category_code, COUNT(*) FROM cases GROUP BY 1`); !maps.Equal(got, want.byCategory) {
		t.Errorf("cases by category differ from the file:\nstore %v\nfile  %v", got, want.byCategory)
	}
	if got := groupCounts[cases.Status](t, st, `SELECT status, COUNT(*) FROM cases GROUP BY 1`); !maps.Equal(got, want.byStatus) {
		t.Errorf("cases by status differ from the file:\nstore %v\nfile  %v", got, want.byStatus)
	}
	// Every case's status is the one its last event left it in.
	var mismatched int
	if err := st.SQL().QueryRow(`SELECT COUNT(*) FROM cases c JOIN case_events e ON e.case_id = c.id
		WHERE e.seq = (SELECT MAX(seq) FROM case_events WHERE case_id = c.id) AND (e.to_status <> c.status OR e.at <> c.updated_at)`).Scan(&mismatched); err != nil {
		t.Fatal(err)
	}
	if mismatched != 0 {
		t.Errorf("%d cases disagree with their last event", mismatched)
	}
}

func readShared(t testing.TB, rel string) []byte {
	t.Helper()
	data, err := os.ReadFile(sharedtest.File(t, rel))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestRealSample10kSQLite is issue 6's acceptance check: sample10k.csv imported twice
// gives its 10,000 cases once, with counts by district and category equal to the file's.
func TestRealSample10kSQLite(t *testing.T) {
	t.Parallel()
	data := readShared(t, "traffy/sample10k.csv")
	want := expect(t, data, nil)
	if want.rows != 10000 || len(want.rejectedLines) != 0 {
		t.Fatalf("the file has changed: %d rows, %d without ticket id", want.rows, len(want.rejectedLines))
	}
	st := openStore(t)
	ctx := context.Background()
	ref := reference.MustLoad()
	for round, wantCounts := range []Counts{
		{Rows: 10000, Created: 10000 - want.warned, Warned: want.warned},
		{Rows: 10000, Skipped: 10000},
	} {
		sum, err := Traffy(ctx, bytes.NewReader(data), st, Options{Reference: ref, Rules: ref.Routing})
		if err != nil {
			t.Fatalf("round %d: %v", round+1, err)
		}
		if sum.Counts != wantCounts {
			t.Errorf("round %d: %+v, want %+v", round+1, sum.Counts, wantCounts)
		}
		// The flaws of the sample, as found by reading it (see internal/traffy).
		if sum.Codes[traffy.CodeCoordsOutOfArea] != 9 || sum.Codes[traffy.CodeMissingState] != 2 {
			t.Errorf("round %d: issues by code %v", round+1, sum.Codes)
		}
	}
	if n := count(t, st, `SELECT COUNT(*) FROM cases`); n != 10000 {
		t.Errorf("%d cases after two imports, want 10000", n)
	}
	if n := count(t, st, `SELECT COUNT(DISTINCT source_ref) FROM cases WHERE source = 'traffy'`); n != 10000 {
		t.Errorf("%d distinct ticket ids, want 10000", n)
	}
	checkStored(t, st, want)
}

// TestRealExport2023 imports the 2023 export: its good rows are imported and the bad ones
// listed by line.
func TestRealExport2023(t *testing.T) {
	t.Parallel()
	data := readShared(t, "traffy/2023-05.csv")
	want := expect(t, data, nil)
	st := openStore(t)
	var rejected []int
	sum, err := Traffy(context.Background(), bytes.NewReader(data), st, Options{OnIssue: func(is Issue) {
		if !is.Warning {
			rejected = append(rejected, is.Line)
			if is.Code != traffy.CodeMissingTicketID {
				t.Errorf("unexpected rejection %s", is)
			}
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(want.rejectedLines) != 12 || !slices.Equal(rejected, want.rejectedLines) {
		t.Errorf("rejected lines %v, want %v", rejected, want.rejectedLines)
	}
	wantCounts := Counts{Rows: 1000, Created: 1000 - 12 - want.warned, Warned: want.warned, Rejected: 12}
	if sum.Counts != wantCounts || sum.Format != "export" {
		t.Errorf("summary %+v (%s), want %+v", sum.Counts, sum.Format, wantCounts)
	}
	checkStored(t, st, want)
}

// TestRealSample10kPostgres runs the same import on PostgreSQL, with the district
// boundaries loaded, once in full; a slice of the file imported again checks that skipping
// works there too.
func TestRealSample10kPostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 10,000 cases into PostgreSQL")
	}
	t.Parallel()
	data := readShared(t, "traffy/sample10k.csv")
	ix, err := geo.LoadFile(sharedtest.File(t, "bangkok_districts_50.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	want := expect(t, data, ix)
	ctx := context.Background()
	st, err := postgres.Open(ctx, pgtest.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ref := reference.MustLoad()
	if err := st.SyncReference(ctx, ref); err != nil {
		t.Fatal(err)
	}
	sum, err := Traffy(ctx, bytes.NewReader(data), st, Options{Reference: ref, Districts: ix})
	if err != nil {
		t.Fatal(err)
	}
	if want := (Counts{Rows: 10000, Created: 10000 - want.warned, Warned: want.warned}); sum.Counts != want {
		t.Errorf("summary %+v, want %+v", sum.Counts, want)
	}
	// With boundaries, rows whose district column names another province are placed by
	// their point when it lies in Bangkok.
	if want.byDistrict[0] >= 43 {
		t.Errorf("boundaries placed none of the 43 rows without a Bangkok district: %d left", want.byDistrict[0])
	}
	t.Logf("PostgreSQL: %d rows in %v (%.0f rows/s)", sum.Rows, sum.Elapsed, sum.RowsPerSecond())
	checkStored(t, st, want)

	// The first thousand rows again: nothing new.
	lines := strings.SplitAfter(string(data), "\n")
	cut := 1000
	for !regexp.MustCompile(`^2022-[0-9A-Z]{6},`).MatchString(lines[cut]) {
		cut++
	}
	again, err := Traffy(ctx, strings.NewReader(strings.Join(lines[:cut], "")), st, Options{Reference: ref, Districts: ix})
	if err != nil {
		t.Fatal(err)
	}
	if again.Imported() != 0 || again.Skipped != again.Rows || again.Rows < 500 {
		t.Errorf("second import of the first %d lines: %+v", cut, again.Counts)
	}
	if n := count(t, st, `SELECT COUNT(*) FROM cases`); n != 10000 {
		t.Errorf("%d cases, want 10000", n)
	}
}
