package traffy

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

const (
	apiHeader    = "ticket_id,type,organization,comment,photo,photo_after,coords,address,subdistrict,district,province,timestamp,state,star,count_reopen,status,type_id,message_id\r\n"
	exportHeader = "\ufeffticket_id,type,organization,comment,coords,photo,photo_after,address,subdistrict,district,province,timestamp,state,star,count_reopen,last_activity\n"
	bom          = "\ufeff"
)

// A valid row of each format, by column name. Tests override single columns.
var (
	apiDefaults = map[string]string{
		"ticket_id": "2022-TEST01", "type": "{ถนน}", "organization": "กรุงเทพมหานคร",
		"comment": "ถนนเป็นหลุม", "photo": "https://example.org/p.jpg", "photo_after": "",
		"coords": "100.52000,13.75000", "address": "1 ถนนตัวอย่าง แขวงวังใหม่ เขตปทุมวัน",
		"subdistrict": "วังใหม่", "district": "ปทุมวัน", "province": "กรุงเทพมหานคร",
		"timestamp": "2022-05-29 10:09:48.912192+00", "state": "เสร็จสิ้น", "star": "5",
		"count_reopen": "", "status": "finish", "type_id": "12", "message_id": "36727",
	}
	exportDefaults = map[string]string{
		"ticket_id": "2023-TEST01", "type": "{ร้องเรียน}", "organization": "เขตหนองจอก",
		"comment": "กลิ่นรบกวน", "coords": "100.87281,13.81565", "photo": "https://example.org/q.jpg",
		"photo_after": "", "address": "13 ถนนตัวอย่าง แขวงกระทุ่มราย เขต หนองจอก",
		"subdistrict": "กระทุ่มราย", "district": "หนองจอก", "province": "จังหวัดกรุงเทพมหานคร",
		"timestamp": "2023-05-12 13:27:54.482138+00", "state": "รอรับเรื่อง", "star": "",
		"count_reopen": "0", "last_activity": "2023-05-12 13:27:54.471831+00",
	}
)

// row writes one CSV row for header (either constant above) from defaults with some
// columns replaced. It uses encoding/csv's writer, so quoting is done independently of
// the code under test.
func row(header string, defaults, override map[string]string) string {
	cols := strings.Split(strings.TrimSpace(strings.TrimPrefix(header, bom)), ",")
	fields := make([]string, len(cols))
	for i, c := range cols {
		v, ok := override[c]
		if !ok {
			v = defaults[c]
		}
		fields[i] = v
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.Write(fields); err != nil {
		panic(err)
	}
	w.Flush()
	return b.String()
}

func apiRow(override map[string]string) string { return row(apiHeader, apiDefaults, override) }
func exportRow(override map[string]string) string {
	return row(exportHeader, exportDefaults, override)
}

// result is what one Read returned, reduced to what the tests compare.
type result struct {
	line   int    // Record.Line or RowError.Line
	ticket string // Record.TicketID or RowError.TicketID
	code   string // "" for a record
}

func readAll(t *testing.T, input string) []result {
	t.Helper()
	r, err := NewReader(strings.NewReader(input))
	if err != nil {
		t.Fatalf("NewReader: %v", err)
	}
	var out []result
	for range 1000 { // a bound, so a Reader that never ends fails instead of hanging
		rec, err := r.Read()
		if err == io.EOF {
			return out
		}
		var re *RowError
		switch {
		case errors.As(err, &re):
			out = append(out, result{re.Line, re.TicketID, re.Code})
		case err != nil:
			t.Fatalf("Read: unexpected fatal error %v", err)
		default:
			out = append(out, result{rec.Line, rec.TicketID, ""})
		}
	}
	t.Fatal("Reader did not reach EOF")
	return nil
}

func TestReaderFullRecords(t *testing.T) {
	tests := []struct {
		name   string
		input  string
		format Format
		want   Record
	}{{
		name:   "search API dump, CRLF, no BOM",
		input:  apiHeader + strings.ReplaceAll(apiRow(map[string]string{"type": "{น้ำท่วม,ถนน}", "star": "4", "count_reopen": "2", "photo_after": "https://example.org/after.jpg"}), "\n", "\r\n"),
		format: FormatSearchAPI,
		want: Record{
			Line: 2, TicketID: "2022-TEST01", Types: []string{"น้ำท่วม", "ถนน"},
			Organizations: []string{"กรุงเทพมหานคร"}, Comment: "ถนนเป็นหลุม",
			Photo: "https://example.org/p.jpg", PhotoAfter: "https://example.org/after.jpg",
			HasLocation: true, Lon: 100.52, Lat: 13.75,
			Address: "1 ถนนตัวอย่าง แขวงวังใหม่ เขตปทุมวัน", Subdistrict: "วังใหม่",
			District: "ปทุมวัน", Province: "กรุงเทพมหานคร",
			Timestamp: time.Date(2022, 5, 29, 10, 9, 48, 912192000, time.UTC),
			State:     StateFinished, Star: 4, ReopenCount: 2,
			Status: "finish", TypeID: "12", MessageID: "36727",
		},
	}, {
		name: "2023 export with BOM, several organizations, multi-line comment",
		input: exportHeader + exportRow(map[string]string{
			"organization": "เขตหนองจอก,ฝ่ายเทศกิจ เขตหนองจอก",
			"comment":      "บรรทัดแรก\nบรรทัดสอง, มี \"คำพูด\"",
		}),
		format: FormatExport,
		want: Record{
			Line: 2, TicketID: "2023-TEST01", Types: []string{"ร้องเรียน"},
			Organizations: []string{"เขตหนองจอก", "ฝ่ายเทศกิจ เขตหนองจอก"},
			Comment:       "บรรทัดแรก\nบรรทัดสอง, มี \"คำพูด\"",
			Photo:         "https://example.org/q.jpg",
			HasLocation:   true, Lon: 100.87281, Lat: 13.81565,
			Address: "13 ถนนตัวอย่าง แขวงกระทุ่มราย เขต หนองจอก", Subdistrict: "กระทุ่มราย",
			District: "หนองจอก", Province: "จังหวัดกรุงเทพมหานคร",
			Timestamp:    time.Date(2023, 5, 12, 13, 27, 54, 482138000, time.UTC),
			State:        StatePending,
			LastActivity: time.Date(2023, 5, 12, 13, 27, 54, 471831000, time.UTC),
		},
	}, {
		name:   "export header without BOM, empty coords and types",
		input:  strings.TrimPrefix(exportHeader, bom) + exportRow(map[string]string{"coords": "", "type": "{}", "organization": ""}),
		format: FormatExport,
		want: Record{
			Line: 2, TicketID: "2023-TEST01", Comment: "กลิ่นรบกวน",
			Photo:   "https://example.org/q.jpg",
			Address: "13 ถนนตัวอย่าง แขวงกระทุ่มราย เขต หนองจอก", Subdistrict: "กระทุ่มราย",
			District: "หนองจอก", Province: "จังหวัดกรุงเทพมหานคร",
			Timestamp:    time.Date(2023, 5, 12, 13, 27, 54, 482138000, time.UTC),
			State:        StatePending,
			LastActivity: time.Date(2023, 5, 12, 13, 27, 54, 471831000, time.UTC),
		},
	}, {
		name:   "search API header with BOM",
		input:  bom + apiHeader + apiRow(map[string]string{"type": "", "star": ""}),
		format: FormatSearchAPI,
		want: Record{
			Line: 2, TicketID: "2022-TEST01", Organizations: []string{"กรุงเทพมหานคร"},
			Comment: "ถนนเป็นหลุม", Photo: "https://example.org/p.jpg",
			HasLocation: true, Lon: 100.52, Lat: 13.75,
			Address: "1 ถนนตัวอย่าง แขวงวังใหม่ เขตปทุมวัน", Subdistrict: "วังใหม่",
			District: "ปทุมวัน", Province: "กรุงเทพมหานคร",
			Timestamp: time.Date(2022, 5, 29, 10, 9, 48, 912192000, time.UTC),
			State:     StateFinished, Status: "finish", TypeID: "12", MessageID: "36727",
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := NewReader(strings.NewReader(tt.input))
			if err != nil {
				t.Fatalf("NewReader: %v", err)
			}
			if r.Format() != tt.format {
				t.Errorf("Format() = %v, want %v", r.Format(), tt.format)
			}
			got, err := r.Read()
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Read() =\n%#v\nwant\n%#v", got, tt.want)
			}
			if _, err := r.Read(); err != io.EOF {
				t.Errorf("second Read() error = %v, want io.EOF", err)
			}
		})
	}
}

func TestReaderColumnOrder(t *testing.T) {
	// Columns shuffled, names in mixed case with spaces, one unknown column.
	input := " STATE ,extra,coords,Ticket_ID,timestamp,type,organization,comment,photo,photo_after,address,subdistrict,district,province,star,count_reopen,last_activity\n" +
		"กำลังดำเนินการ,ignored,\"100.6,13.8\",2023-ABCDEF,2023-05-12 13:27:54+00,{ถนน},org,c,p,,a,s,บางรัก,กรุงเทพมหานคร,3,1,\n"
	r, err := NewReader(strings.NewReader(input))
	if err != nil {
		t.Fatalf("NewReader: %v", err)
	}
	if r.Format() != FormatExport {
		t.Errorf("Format() = %v, want export", r.Format())
	}
	rec, err := r.Read()
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	if rec.TicketID != "2023-ABCDEF" || rec.State != StateInProgress || rec.Lon != 100.6 || rec.Lat != 13.8 ||
		rec.District != "บางรัก" || rec.Star != 3 || rec.ReopenCount != 1 || !rec.LastActivity.IsZero() {
		t.Errorf("columns mapped wrongly: %#v", rec)
	}
}

func TestReaderLineNumbers(t *testing.T) {
	input := apiHeader + // line 1
		apiRow(map[string]string{"ticket_id": "2022-AAAAAA"}) + // line 2
		apiRow(map[string]string{"ticket_id": "2022-BBBBBB", "comment": "หนึ่ง\r\nสอง\nสาม"}) + // lines 3–5
		apiRow(map[string]string{"ticket_id": "2022-CCCCCC", "state": "??"}) + // line 6
		"\n" + // line 7: blank lines between rows are skipped
		apiRow(map[string]string{"ticket_id": "2022-DDDDDD", "address": "ที่อยู่\n\nยาว"}) + // lines 8–10
		apiRow(map[string]string{"ticket_id": "2022-EEEEEE"}) // line 11
	got := readAll(t, input)
	want := []result{
		{2, "2022-AAAAAA", ""},
		{3, "2022-BBBBBB", ""},
		{6, "2022-CCCCCC", CodeUnknownState},
		{8, "2022-DDDDDD", ""},
		{11, "2022-EEEEEE", ""},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v\nwant %v", got, want)
	}
}

func TestReaderRowErrors(t *testing.T) {
	const comment = "โทร 080-000-0000 ด่วน" // must never appear in an error
	tests := []struct {
		name     string
		export   bool // use the 2023 export format instead of the search-API dump
		override map[string]string
		field    string
		code     string
	}{
		{"empty ticket", false, map[string]string{"ticket_id": ""}, "ticket_id", CodeMissingTicketID},
		{"blank ticket", false, map[string]string{"ticket_id": "  "}, "ticket_id", CodeMissingTicketID},
		{"type without braces", false, map[string]string{"type": "ถนน"}, "type", CodeInvalidTypes},
		{"nested type array", false, map[string]string{"type": "{{ถนน}}"}, "type", CodeInvalidTypes},
		{"coords text", false, map[string]string{"coords": "ไม่ทราบ"}, "coords", CodeInvalidCoords},
		{"coords one number", false, map[string]string{"coords": "100.5"}, "coords", CodeInvalidCoords},
		{"coords three numbers", false, map[string]string{"coords": "100.5,13.7,2"}, "coords", CodeInvalidCoords},
		{"coords NaN", false, map[string]string{"coords": "NaN,NaN"}, "coords", CodeInvalidCoords},
		{"coords Inf", false, map[string]string{"coords": "Inf,13.7"}, "coords", CodeInvalidCoords},
		{"empty timestamp", false, map[string]string{"timestamp": ""}, "timestamp", CodeInvalidTimestamp},
		{"timestamp without offset", false, map[string]string{"timestamp": "2022-05-29 10:09:48"}, "timestamp", CodeInvalidTimestamp},
		{"timestamp month 13", false, map[string]string{"timestamp": "2022-13-29 10:09:48+00"}, "timestamp", CodeInvalidTimestamp},
		{"timestamp Thai date", false, map[string]string{"timestamp": "29/05/2565 10:09"}, "timestamp", CodeInvalidTimestamp},
		{"unknown state", false, map[string]string{"state": "ปิดเรื่อง"}, "state", CodeUnknownState},
		{"state word that starts with ส่งต่อ", false, map[string]string{"state": "ส่งต่อกัน"}, "state", CodeUnknownState},
		{"star 0", false, map[string]string{"star": "0"}, "star", CodeInvalidStar},
		{"star 6", false, map[string]string{"star": "6"}, "star", CodeInvalidStar},
		{"star fraction", false, map[string]string{"star": "4.5"}, "star", CodeInvalidStar},
		{"star word", false, map[string]string{"star": "ห้า"}, "star", CodeInvalidStar},
		{"negative reopen", false, map[string]string{"count_reopen": "-1"}, "count_reopen", CodeInvalidReopenCount},
		{"reopen word", false, map[string]string{"count_reopen": "x"}, "count_reopen", CodeInvalidReopenCount},
		{"bad last_activity", true, map[string]string{"last_activity": "เมื่อวาน"}, "last_activity", CodeInvalidLastActivity},
		{"TIS-620 comment", false, map[string]string{"comment": "\xb6\xb9\xb9"}, "comment", CodeInvalidEncoding},
		{"first failure wins", false, map[string]string{"coords": "x", "state": "", "star": "9"}, "coords", CodeInvalidCoords},
		{"error after a warning", false, map[string]string{"coords": "0,0", "state": "", "star": "9"}, "star", CodeInvalidStar},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			header, mk, id := apiHeader, apiRow, "2022-TEST01"
			if tt.export {
				header, mk, id = exportHeader, exportRow, "2023-TEST01"
			}
			bad := map[string]string{"comment": comment}
			for k, v := range tt.override {
				bad[k] = v
			}
			input := header + mk(nil) + mk(bad) + mk(map[string]string{"ticket_id": "AFTER"})
			r, err := NewReader(strings.NewReader(input))
			if err != nil {
				t.Fatalf("NewReader: %v", err)
			}
			if _, err := r.Read(); err != nil {
				t.Fatalf("good row before: %v", err)
			}
			rec, err := r.Read()
			var re *RowError
			if !errors.As(err, &re) {
				t.Fatalf("bad row: got record %v, error %v; want *RowError", rec, err)
			}
			wantID := strings.TrimSpace(bad["ticket_id"])
			if _, set := tt.override["ticket_id"]; !set {
				wantID = id
			}
			if re.Line != 3 || re.Field != tt.field || re.Code != tt.code || re.TicketID != wantID {
				t.Errorf("got line %d field %q code %q ticket %q; want line 3 field %q code %q ticket %q",
					re.Line, re.Field, re.Code, re.TicketID, tt.field, tt.code, wantID)
			}
			if re.Reason == "" || re.ReasonTH == "" {
				t.Errorf("empty reason: %+v", re)
			}
			for _, s := range []string{re.Error(), re.Reason, re.ReasonTH} {
				if strings.Contains(s, "080-000-0000") {
					t.Errorf("error message leaks the comment: %s", s)
				}
			}
			if !reflect.DeepEqual(rec, Record{}) {
				t.Errorf("record returned with a RowError is not zero: %#v", rec)
			}
			if next, err := r.Read(); err != nil || next.TicketID != "AFTER" {
				t.Errorf("row after the bad one: %v, %v; want ticket AFTER", next, err)
			}
		})
	}
}

func TestReaderAcceptedValues(t *testing.T) {
	tests := []struct {
		name     string
		override map[string]string
		check    func(Record) bool
	}{
		{"empty coords: no location", map[string]string{"coords": ""},
			func(r Record) bool { return !r.HasLocation && r.Lon == 0 && r.Lat == 0 }},
		{"coords with spaces", map[string]string{"coords": " 100.5 , 13.7 "},
			func(r Record) bool { return r.HasLocation && r.Lon == 100.5 && r.Lat == 13.7 }},
		{"coords on the box edge", map[string]string{"coords": "101.0,13.4"},
			func(r Record) bool { return r.HasLocation && r.Lon == 101 && r.Lat == 13.4 }},
		{"star empty", map[string]string{"star": ""}, func(r Record) bool { return r.Star == 0 }},
		{"star 1", map[string]string{"star": "1"}, func(r Record) bool { return r.Star == 1 }},
		{"reopen empty", map[string]string{"count_reopen": ""}, func(r Record) bool { return r.ReopenCount == 0 }},
		{"reopen 7", map[string]string{"count_reopen": "7"}, func(r Record) bool { return r.ReopenCount == 7 }},
		{"state ส่งต่อ(ใหม่)", map[string]string{"state": "ส่งต่อ(ใหม่)"}, func(r Record) bool { return r.State == StateForwarded }},
		{"state ส่งต่อ", map[string]string{"state": "ส่งต่อ"}, func(r Record) bool { return r.State == StateForwarded }},
		{"state ไม่เกี่ยวข้อง", map[string]string{"state": "ไม่เกี่ยวข้อง"}, func(r Record) bool { return r.State == StateIrrelevant }},
		{"timestamp whole seconds, +07", map[string]string{"timestamp": "2022-05-29 17:09:48+07"},
			func(r Record) bool { return r.Timestamp.Equal(time.Date(2022, 5, 29, 10, 9, 48, 0, time.UTC)) }},
		{"timestamp two fraction digits", map[string]string{"timestamp": "2022-05-29 10:09:48.91+00"},
			func(r Record) bool { return r.Timestamp.Equal(time.Date(2022, 5, 29, 10, 9, 48, 910000000, time.UTC)) }},
		{"timestamp +07:00", map[string]string{"timestamp": "2022-05-29 17:09:48.5+07:00"},
			func(r Record) bool { return r.Timestamp.Equal(time.Date(2022, 5, 29, 10, 9, 48, 500000000, time.UTC)) }},
		{"timestamp RFC 3339", map[string]string{"timestamp": "2022-05-29T10:09:48Z"},
			func(r Record) bool { return r.Timestamp.Equal(time.Date(2022, 5, 29, 10, 9, 48, 0, time.UTC)) }},
		{"timestamp is UTC", map[string]string{"timestamp": "2022-05-29 17:09:48+07"},
			func(r Record) bool { return r.Timestamp.Location() == time.UTC }},
		{"quoted type elements", map[string]string{"type": `{"ถนน","ทาง,เท้า"}`},
			func(r Record) bool {
				return reflect.DeepEqual(r.Types, []string{"ถนน", "ทาง,เท้า"})
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := NewReader(strings.NewReader(apiHeader + apiRow(tt.override)))
			if err != nil {
				t.Fatalf("NewReader: %v", err)
			}
			rec, err := r.Read()
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			if !tt.check(rec) {
				t.Errorf("unexpected record %#v", rec)
			}
		})
	}
}

// TestReaderWarnings covers the flaws the Reader works around: the row is kept, the faulty
// value dropped or inferred, and a Warning says so.
func TestReaderWarnings(t *testing.T) {
	const comment = "โทร 080-000-0000 ด่วน" // must never appear in a warning
	tests := []struct {
		name     string
		export   bool // use the 2023 export format instead of the search-API dump
		override map[string]string
		want     []string // warning codes, in order
		mention  string   // text the first warning's Reason must contain
		check    func(Record) bool
	}{
		{"coords in the USA", false, map[string]string{"coords": "-90.43568,38.62674"},
			[]string{CodeCoordsOutOfArea}, "without a location", func(r Record) bool { return !r.HasLocation && r.Lat == 0 && r.Lon == 0 }},
		{"coords lat,lon swapped", false, map[string]string{"coords": "13.75,100.52"},
			[]string{CodeCoordsOutOfArea}, "wrong order", func(r Record) bool { return !r.HasLocation }},
		{"coords just north of box", false, map[string]string{"coords": "100.6489,14.31951"},
			[]string{CodeCoordsOutOfArea}, "14.2", func(r Record) bool { return !r.HasLocation }},
		{"coords 0,0", false, map[string]string{"coords": "0,0"},
			[]string{CodeCoordsOutOfArea}, `"0,0"`, func(r Record) bool { return !r.HasLocation }},
		{"empty state, status finish", false, map[string]string{"state": "", "status": "finish"},
			[]string{CodeMissingState}, "finished", func(r Record) bool { return r.State == StateFinished }},
		{"empty state, status inprogress", false, map[string]string{"state": " ", "status": "inprogress"},
			[]string{CodeMissingState}, "in_progress", func(r Record) bool { return r.State == StateInProgress }},
		{"empty state, status report", false, map[string]string{"state": "", "status": "report"},
			[]string{CodeMissingState}, "pending", func(r Record) bool { return r.State == StatePending }},
		{"empty state, status names a state", false, map[string]string{"state": "", "status": "ไม่เกี่ยวข้อง"},
			[]string{CodeMissingState}, "irrelevant", func(r Record) bool { return r.State == StateIrrelevant }},
		{"empty state, unknown status", false, map[string]string{"state": "", "status": "??"},
			[]string{CodeMissingState}, "no hint", func(r Record) bool { return r.State == StatePending }},
		{"empty state, export has no status", true, map[string]string{"state": ""},
			[]string{CodeMissingState}, "pending", func(r Record) bool { return r.State == StatePending }},
		{"two warnings, in column order", false, map[string]string{"state": "", "status": "finish", "coords": "0,0"},
			[]string{CodeCoordsOutOfArea, CodeMissingState}, "outside", func(r Record) bool { return r.State == StateFinished && !r.HasLocation }},
		{"no warning", false, nil, nil, "", func(r Record) bool { return r.HasLocation && r.State == StateFinished }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			header, mk := apiHeader, apiRow
			if tt.export {
				header, mk = exportHeader, exportRow
			}
			row := map[string]string{"comment": comment}
			for k, v := range tt.override {
				row[k] = v
			}
			r, err := NewReader(strings.NewReader(header + mk(row) + mk(map[string]string{"ticket_id": "AFTER"})))
			if err != nil {
				t.Fatalf("NewReader: %v", err)
			}
			rec, err := r.Read()
			if err != nil {
				t.Fatalf("Read: %v; want a record with warnings", err)
			}
			var codes []string
			for _, w := range rec.Warnings {
				codes = append(codes, w.Code)
				if w.Field == "" || w.Reason == "" || w.ReasonTH == "" {
					t.Errorf("incomplete warning %+v", w)
				}
				for _, s := range []string{w.String(), w.Reason, w.ReasonTH} {
					if strings.Contains(s, "080-000-0000") {
						t.Errorf("warning leaks the comment: %s", s)
					}
				}
			}
			if !reflect.DeepEqual(codes, tt.want) {
				t.Errorf("warning codes = %v, want %v", codes, tt.want)
			}
			if tt.mention != "" && len(rec.Warnings) > 0 && !strings.Contains(rec.Warnings[0].Reason, tt.mention) {
				t.Errorf("warning %q does not mention %q", rec.Warnings[0].Reason, tt.mention)
			}
			if !tt.check(rec) {
				t.Errorf("unexpected record %#v", rec)
			}
			if next, err := r.Read(); err != nil || next.TicketID != "AFTER" || next.Warnings != nil {
				t.Errorf("row after: %v, %v, warnings %v; want ticket AFTER without warnings", next, err, next.Warnings)
			}
		})
	}
}

func TestReaderBrokenCSV(t *testing.T) {
	good := func(id string) string { return apiRow(map[string]string{"ticket_id": id}) }
	tests := []struct {
		name  string
		input string
		want  []result
	}{{
		name:  "bare quote in an unquoted field",
		input: apiHeader + good("A") + `B,{},org,he said "hi",p,,"100.5,13.7",a,s,d,p,2022-05-29 10:09:48+00,เสร็จสิ้น,,,finish,1,2` + "\n" + good("C"),
		want:  []result{{2, "A", ""}, {3, "", CodeMalformedCSV}, {4, "C", ""}},
	}, {
		name:  "text after a closing quote",
		input: apiHeader + good("A") + `B,{},org,"quoted"tail,p,,"100.5,13.7",a,s,d,p,2022-05-29 10:09:48+00,เสร็จสิ้น,,,finish,1,2` + "\n" + good("C"),
		want:  []result{{2, "A", ""}, {3, "", CodeMalformedCSV}, {4, "C", ""}},
	}, {
		name:  "unterminated quote at the end of the file",
		input: apiHeader + good("A") + good("B") + `C,{},org,"never closed` + "\nmore text\n",
		want:  []result{{2, "A", ""}, {3, "B", ""}, {4, "", CodeMalformedCSV}},
	}, {
		// The open quote swallows the next row up to its first quote; reading resumes on
		// the line after the one where the damage shows.
		name:  "unterminated quote in the middle",
		input: apiHeader + good("A") + `B,{},org,"never closed,p` + "\n" + good("C") + good("D"),
		want:  []result{{2, "A", ""}, {3, "", CodeMalformedCSV}, {5, "D", ""}},
	}, {
		name:  "too few columns",
		input: apiHeader + good("A") + "B,{},org\n" + good("C"),
		want:  []result{{2, "A", ""}, {3, "", CodeFieldCount}, {4, "C", ""}},
	}, {
		name:  "too many columns",
		input: apiHeader + strings.TrimSuffix(good("A"), "\n") + ",extra\n" + good("C"),
		want:  []result{{2, "", CodeFieldCount}, {3, "C", ""}},
	}, {
		name:  "header only",
		input: apiHeader,
		want:  nil,
	}, {
		name:  "no newline at the end",
		input: apiHeader + strings.TrimSuffix(good("A"), "\n"),
		want:  []result{{2, "A", ""}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := readAll(t, tt.input); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %v\nwant %v", got, tt.want)
			}
		})
	}
}

func TestNewReaderHeaderErrors(t *testing.T) {
	api := strings.TrimSpace(apiHeader)
	tests := []struct {
		name, input, mention string
	}{
		{"empty input", "", "empty"},
		{"only a BOM", bom, "empty"},
		{"not Traffy", "a,b,c\n1,2,3\n", "ticket_id"},
		{"missing coords", strings.Replace(api, "coords,", "", 1) + "\n", "coords"},
		{"duplicate column", api + ",state\n", "twice"},
		{"neither format", strings.Replace(api, ",status,type_id,message_id", "", 1) + "\n", "last_activity"},
		{"broken header", "ticket_id,\"type\n", "line 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := NewReader(strings.NewReader(tt.input))
			if !errors.Is(err, ErrHeader) {
				t.Fatalf("NewReader() = %v, %v; want ErrHeader", r, err)
			}
			if !strings.Contains(err.Error(), tt.mention) {
				t.Errorf("error %q does not mention %q", err, tt.mention)
			}
		})
	}
}

func TestReaderIOErrorIsFatalAndSticky(t *testing.T) {
	boom := errors.New("disk on fire")
	src := io.MultiReader(strings.NewReader(apiHeader+apiRow(nil)), iotest.ErrReader(boom))
	r, err := NewReader(src)
	if err != nil {
		t.Fatalf("NewReader: %v", err)
	}
	if _, err := r.Read(); err != nil {
		t.Fatalf("first Read: %v", err)
	}
	for i := range 2 {
		if _, err := r.Read(); !errors.Is(err, boom) {
			t.Errorf("Read #%d after failure = %v, want %v", i+2, err, boom)
		}
	}
	// All must yield the fatal error once and stop.
	n := 0
	for _, err := range r.All() {
		n++
		if !errors.Is(err, boom) {
			t.Errorf("All yielded %v, want %v", err, boom)
		}
	}
	if n != 1 {
		t.Errorf("All yielded %d times after a fatal error, want 1", n)
	}

	if _, err := NewReader(iotest.ErrReader(boom)); !errors.Is(err, boom) || errors.Is(err, ErrHeader) {
		t.Errorf("NewReader on a failing reader = %v, want %v (not ErrHeader)", err, boom)
	}
}

func TestReaderAll(t *testing.T) {
	input := apiHeader + apiRow(map[string]string{"ticket_id": "A"}) +
		apiRow(map[string]string{"ticket_id": "B", "star": "9"}) +
		apiRow(map[string]string{"ticket_id": "C"})
	r, err := NewReader(strings.NewReader(input))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for rec, err := range r.All() {
		var re *RowError
		switch {
		case errors.As(err, &re):
			ids = append(ids, "!"+re.TicketID)
		case err != nil:
			t.Fatal(err)
		default:
			ids = append(ids, rec.TicketID)
		}
	}
	if want := []string{"A", "!B", "C"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("All yielded %v, want %v", ids, want)
	}

	// Breaking out of the loop leaves the Reader on the next row.
	r, _ = NewReader(strings.NewReader(input))
	for range r.All() {
		break
	}
	if _, err := r.Read(); err == nil {
		t.Error("after breaking at A, Read should return B's RowError")
	}
}

func TestRowErrorMessage(t *testing.T) {
	e := &RowError{Line: 12, TicketID: "2022-X", Field: "coords", Reason: "bad", Code: CodeInvalidCoords}
	if got, want := e.Error(), "traffy: line 12 (ticket 2022-X): coords: bad [invalid_coords]"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	e = &RowError{Line: 3, Reason: "broken", Code: CodeMalformedCSV}
	if got, want := e.Error(), "traffy: line 3: broken [malformed_csv]"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestReaderInvalidUTF8TicketID(t *testing.T) {
	r, err := NewReader(strings.NewReader(apiHeader + apiRow(map[string]string{"ticket_id": "2022-\xff"})))
	if err != nil {
		t.Fatal(err)
	}
	_, err = r.Read()
	var re *RowError
	if !errors.As(err, &re) || re.Code != CodeInvalidEncoding || re.Field != "ticket_id" || re.TicketID != "" {
		t.Errorf("Read() error = %#v; want invalid_encoding on ticket_id with no TicketID", err)
	}
}
