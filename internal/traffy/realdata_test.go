package traffy

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"maps"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rongtook/rongtook/internal/sharedtest"
)

// Facts about the shared data files, found by reading them (see the package report):
//
// sample10k.csv: 10,000 rows on 15,110 lines; 1,435 comments span lines. None is
// rejected; 11 carry a warning: 9 pins far from Bangkok (Betong, Phuket, Ayutthaya, Ubon
// Ratchathani, Ratchaburi, Phetchaburi, St. Louis, Surat Thani, Nakhon Phanom), kept
// without a location, and 2 rows with an empty state, inferred from the status column
// (finish → finished, report → pending).
//
// 2023-05.csv: 1,000 rows on 3,036 lines; comments and 31 addresses span lines. 12 rows
// are rejected for want of a ticket_id (drafts, with an empty comment); 3 pins in Phayao
// and Yasothon are kept without a location, with a warning.
var realFiles = []struct {
	rel        string
	format     Format
	rows       int
	good       int
	badByCode  map[string]int
	warnByCode map[string]int
}{
	{"traffy/sample10k.csv", FormatSearchAPI, 10000, 10000,
		map[string]int{}, map[string]int{CodeCoordsOutOfArea: 9, CodeMissingState: 2}},
	{"traffy/2023-05.csv", FormatExport, 1000, 988,
		map[string]int{CodeMissingTicketID: 12}, map[string]int{CodeCoordsOutOfArea: 3}},
}

// oracle re-derives, without the package's code, which rows of a file are good and what is
// in them: encoding/csv for the tokens, regular expressions and a hand-written box test
// for the rules. It is written for these two files, not as a second parser.
type oracle struct {
	rows       int
	good       int
	goodIDs    map[string]bool
	badByCode  map[string]int
	warnByCode map[string]int
	states     map[string]State // good rows whose state cell is empty: the state to infer
	byDistrict map[string]int   // district column of the good rows, as written
	byCode     map[int]int      // good rows whose district column is an official name
}

var (
	oracleType  = regexp.MustCompile(`^(\{[^{}"\\]*\})?$`)
	oracleCoord = regexp.MustCompile(`^(-?[0-9]+\.[0-9]+),(-?[0-9]+\.[0-9]+)$`)
	oracleTime  = regexp.MustCompile(`^20[0-9]{2}-[01][0-9]-[0-3][0-9] [0-2][0-9]:[0-5][0-9]:[0-5][0-9](\.[0-9]{1,6})?\+00$`)
	oracleStar  = regexp.MustCompile(`^[1-5]?$`)
	oracleCount = regexp.MustCompile(`^[0-9]*$`)
	oracleState = map[string]bool{"รอรับเรื่อง": true, "กำลังดำเนินการ": true, "ส่งต่อ": true, "ส่งต่อ(ใหม่)": true, "เสร็จสิ้น": true, "ไม่เกี่ยวข้อง": true}
)

func buildOracle(t *testing.T, data []byte) oracle {
	t.Helper()
	officialCode := map[string]int{}
	for _, r := range referenceFile(t, "districts.csv") {
		code, _ := strconv.Atoi(r[0])
		officialCode[r[1]] = code
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))).ReadAll()
	if err != nil {
		t.Fatalf("oracle: %v", err)
	}
	col := map[string]int{}
	for i, name := range rows[0] {
		col[name] = i
	}
	o := oracle{rows: len(rows) - 1, goodIDs: map[string]bool{}, badByCode: map[string]int{},
		warnByCode: map[string]int{}, states: map[string]State{}, byDistrict: map[string]int{}, byCode: map[int]int{}}
	fromStatus := map[string]State{"finish": StateFinished, "inprogress": StateInProgress, "report": StatePending, "": StatePending}
	for _, r := range rows[1:] {
		get := func(name string) string {
			if i, ok := col[name]; ok {
				return r[i]
			}
			return ""
		}
		code := ""
		var warnings []string
		coords := oracleCoord.FindStringSubmatch(get("coords"))
		switch {
		case get("ticket_id") == "":
			code = CodeMissingTicketID
		case !oracleType.MatchString(get("type")):
			code = CodeInvalidTypes
		case get("coords") != "" && coords == nil:
			code = CodeInvalidCoords
		case coords != nil:
			lon, _ := strconv.ParseFloat(coords[1], 64)
			lat, _ := strconv.ParseFloat(coords[2], 64)
			if lon < 100.2 || lon > 101.0 || lat < 13.4 || lat > 14.2 {
				warnings = append(warnings, CodeCoordsOutOfArea)
			}
		}
		if code == "" {
			switch {
			case !oracleTime.MatchString(get("timestamp")):
				code = CodeInvalidTimestamp
			case get("state") == "":
				warnings = append(warnings, CodeMissingState)
				o.states[get("ticket_id")] = fromStatus[get("status")]
			case !oracleState[get("state")]:
				code = CodeUnknownState
			}
		}
		if code == "" {
			switch {
			case !oracleStar.MatchString(get("star")):
				code = CodeInvalidStar
			case !oracleCount.MatchString(get("count_reopen")):
				code = CodeInvalidReopenCount
			case get("last_activity") != "" && !oracleTime.MatchString(get("last_activity")):
				code = CodeInvalidLastActivity
			}
		}
		if code != "" {
			o.badByCode[code]++
			delete(o.states, get("ticket_id"))
			continue
		}
		for _, w := range warnings {
			o.warnByCode[w]++
		}
		o.good++
		o.goodIDs[get("ticket_id")] = true
		o.byDistrict[get("district")]++
		if c, ok := officialCode[get("district")]; ok {
			o.byCode[c]++
		}
	}
	return o
}

// ticketLines maps each ticket id to the physical line that begins with it, by scanning
// lines: a record starts on the line whose first column is its ticket id. Ids are
// "2022-6XH9DR" in the 2022 dump; 294 rows of the 2023 export have bare ids like "R4FJVG".
func ticketLines(t *testing.T, data []byte) (byID map[string]int, lines []string) {
	t.Helper()
	startsRecord := regexp.MustCompile(`^(?:\x{feff})?((?:20[0-9]{2}-)?[0-9A-Z]{6}),`)
	byID = map[string]int{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		lines = append(lines, sc.Text())
		if m := startsRecord.FindStringSubmatch(sc.Text()); m != nil {
			byID[m[1]] = n
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return byID, lines
}

func TestRealFiles(t *testing.T) {
	for _, f := range realFiles {
		t.Run(f.rel, func(t *testing.T) {
			data, err := os.ReadFile(sharedtest.File(t, f.rel))
			if err != nil {
				t.Fatal(err)
			}
			want := buildOracle(t, data)
			lineOf, lines := ticketLines(t, data)

			r, err := NewReader(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("NewReader: %v", err)
			}
			if r.Format() != f.format {
				t.Errorf("Format() = %v, want %v", r.Format(), f.format)
			}
			var (
				rows, good, spanning int
				badByCode            = map[string]int{}
				warnByCode           = map[string]int{}
				byDistrict           = map[string]int{}
				byCode               = map[int]int{}
				goodIDs              = map[string]bool{}
			)
			checkLine := func(id string, line int) {
				if id == "" {
					// Rows without an id start with the comma before the second column.
					if line < 1 || line > len(lines) || !strings.HasPrefix(lines[line-1], ",") {
						t.Errorf("row without ticket_id reported at line %d, which does not start a row", line)
					}
				} else if lineOf[id] != line {
					t.Errorf("ticket %s reported at line %d, it starts at line %d", id, line, lineOf[id])
				}
			}
			for rec, err := range r.All() {
				rows++
				var re *RowError
				if errors.As(err, &re) {
					badByCode[re.Code]++
					checkLine(re.TicketID, re.Line)
					continue
				}
				if err != nil {
					t.Fatalf("fatal: %v", err)
				}
				good++
				goodIDs[rec.TicketID] = true
				inferred := false
				for _, w := range rec.Warnings {
					warnByCode[w.Code]++
					inferred = inferred || w.Code == CodeMissingState
				}
				if st, ok := want.states[rec.TicketID]; ok != inferred || ok && st != rec.State {
					t.Errorf("line %d (%s): state %v, inferred %v; oracle: %v, %v", rec.Line, rec.TicketID, rec.State, inferred, st, ok)
				}
				byDistrict[rec.District]++
				if c, ok := rec.DistrictCode(); ok {
					byCode[c]++
				}
				checkLine(rec.TicketID, rec.Line)
				if rec.Line > rows+1 {
					spanning++ // an earlier row spans lines, so lines and rows part ways
				}
				checkRecordInvariants(t, f.format, rec)
			}

			if rows != f.rows || want.rows != f.rows {
				t.Errorf("rows: reader %d, oracle %d, expected %d", rows, want.rows, f.rows)
			}
			if good != f.good || want.good != f.good {
				t.Errorf("good rows: reader %d, oracle %d, expected %d", good, want.good, f.good)
			}
			if !maps.Equal(badByCode, f.badByCode) || !maps.Equal(want.badByCode, f.badByCode) {
				t.Errorf("rejected rows by code: reader %v, oracle %v, expected %v", badByCode, want.badByCode, f.badByCode)
			}
			if !maps.Equal(warnByCode, f.warnByCode) || !maps.Equal(want.warnByCode, f.warnByCode) {
				t.Errorf("warnings by code: reader %v, oracle %v, expected %v", warnByCode, want.warnByCode, f.warnByCode)
			}
			if !maps.Equal(goodIDs, want.goodIDs) {
				t.Errorf("good ticket ids differ: reader %d, oracle %d", len(goodIDs), len(want.goodIDs))
			}
			if !maps.Equal(byDistrict, want.byDistrict) {
				for d := range maps.Keys(want.byDistrict) {
					if byDistrict[d] != want.byDistrict[d] {
						t.Errorf("district %q: reader %d, file %d", d, byDistrict[d], want.byDistrict[d])
					}
				}
				t.Errorf("counts by district differ (%d vs %d districts)", len(byDistrict), len(want.byDistrict))
			}
			if !maps.Equal(byCode, want.byCode) {
				t.Errorf("counts by district code differ:\nreader %v\nfile   %v", byCode, want.byCode)
			}
			if len(byCode) != 50 {
				t.Errorf("%d of the 50 districts seen, want all", len(byCode))
			}
			if spanning == 0 {
				t.Error("no record starts later than its row number: multi-line fields not exercised")
			}
		})
	}
}

// checkRecordInvariants checks what the package documents about every good Record.
func checkRecordInvariants(t *testing.T, format Format, rec Record) {
	t.Helper()
	bad := func(what string) { t.Errorf("line %d (%s): %s", rec.Line, rec.TicketID, what) }
	if rec.State == StateUnknown || rec.State.CaseStatus() == "" {
		bad("no state")
	}
	if rec.HasLocation && !(rec.Lat >= 13.4 && rec.Lat <= 14.2 && rec.Lon >= 100.2 && rec.Lon <= 101.0) {
		bad("location outside the box")
	}
	if rec.Timestamp.Year() < 2021 || rec.Timestamp.Location() != time.UTC {
		bad("timestamp " + rec.Timestamp.String())
	}
	if rec.Star < 0 || rec.Star > 5 || rec.ReopenCount < 0 {
		bad("star or reopen count out of range")
	}
	if !strings.HasPrefix(rec.Photo, "https://") {
		bad("photo is not a link")
	}
	if cat, _ := rec.Category(); cat < 1 || cat > 23 {
		bad("category out of range")
	}
	switch format {
	case FormatSearchAPI:
		if rec.MessageID == "" || rec.Status == "" || !rec.LastActivity.IsZero() {
			bad("search-API columns")
		}
	case FormatExport:
		if rec.LastActivity.IsZero() || rec.MessageID != "" {
			bad("export columns")
		}
	}
}

// TestRealFileSurvivesDamage splices broken rows into the real file: the reader must report
// each at its line and still read every good row after them.
func TestRealFileSurvivesDamage(t *testing.T) {
	data, err := os.ReadFile(sharedtest.File(t, "traffy/sample10k.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	// Splice the damage in just before the first record that starts after line 1000, so
	// that no quoted comment is cut in two.
	startsRecord := regexp.MustCompile(`^2022-[0-9A-Z]{6},`)
	cut := 1000
	for !startsRecord.MatchString(lines[cut]) {
		cut++
	}
	damage := "2022-BROKEN,{},x,he said \"no\",p,,\"100.5,13.7\",a,s,d,p,2022-05-29 10:09:48+00,เสร็จสิ้น,,,finish,1,2\r\n" + // bare quote
		"2022-SHORT1,{ถนน}\r\n" // two columns
	head := strings.Join(lines[:cut], "")
	tail := strings.Join(lines[cut:], "")
	input := head + damage + tail

	full := realFiles[0].good // sample10k.csv
	got := map[string]int{}
	r, err := NewReader(strings.NewReader(input))
	if err != nil {
		t.Fatal(err)
	}
	good := 0
	for _, err := range r.All() {
		var re *RowError
		switch {
		case errors.As(err, &re):
			got[re.Code]++
			if re.Code == CodeMalformedCSV && re.Line != cut+1 {
				t.Errorf("malformed row reported at line %d, want %d", re.Line, cut+1)
			}
			if re.Code == CodeFieldCount && re.Line != cut+2 {
				t.Errorf("short row reported at line %d, want %d", re.Line, cut+2)
			}
		case err != nil:
			t.Fatal(err)
		default:
			good++
		}
	}
	if good != full || got[CodeMalformedCSV] != 1 || got[CodeFieldCount] != 1 {
		t.Errorf("after damage: %d good (want %d), errors %v", good, full, got)
	}
}

// BenchmarkReader parses sample10k.csv from memory and reports rows per second; the
// importer as a whole must manage 5,000 rows/s, so the parser should be far above that.
func BenchmarkReader(b *testing.B) {
	data, err := os.ReadFile(sharedtest.File(b, "traffy/sample10k.csv"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	rows := 0
	for b.Loop() {
		r, err := NewReader(bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		for {
			_, err := r.Read()
			if err == io.EOF {
				break
			}
			var re *RowError
			if err != nil && !errors.As(err, &re) {
				b.Fatal(err)
			}
			rows++
		}
	}
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
}
