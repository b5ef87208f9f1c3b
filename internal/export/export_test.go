package export_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/rongtook/rongtook/internal/cases"
	"github.com/rongtook/rongtook/internal/export"
	"github.com/rongtook/rongtook/internal/reference"
	"github.com/rongtook/rongtook/internal/store"
)

func sample() []export.Row {
	lat, lon := 13.7279, 100.5241
	closed := time.Date(2026, 11, 21, 3, 0, 0, 0, time.UTC)
	return []export.Row{
		{Case: cases.Case{Receipt: "2569-000123", Channel: "hotline", Kind: "complaint", CategoryCode: 6, Status: cases.StatusCompleted,
			Description: "ถนนสีลมเป็นหลุม โทร 081-234-5678 หรือ somchai@example.org", Location: cases.Location{Lat: &lat, Lon: &lon, Address: "ถนนสีลม", DistrictCode: 1004},
			UnitCode: "D1004", SectionCode: "WORKS", CreatedAt: time.Date(2026, 11, 20, 2, 30, 0, 0, time.UTC), ClosedAt: &closed, Rating: 5,
			Result: &cases.Result{Type: "fixed", Text: "ซ่อมแล้ว"}},
			Citizen: &store.Citizen{Name: "สมชาย ใจดี", Phone: "0812345678"}},
		{Case: cases.Case{Receipt: "2569-000124", Channel: "line", Kind: "complaint", CategoryCode: 4, Status: cases.StatusForwarded,
			Description: "=HYPERLINK(\"http://evil\")", UnitCode: "D1001", CreatedAt: time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC),
			Source: "traffy", SourceRef: "2022-6XH9DR"}},
	}
}

func TestCSVOpensAsUTF8WithThaiIntact(t *testing.T) {
	ref := reference.MustLoad()
	var buf bytes.Buffer
	if err := export.CSV(&buf, ref, sample(), export.Options{Personal: true}); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	if !bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}) {
		t.Fatal("no UTF-8 byte-order mark")
	}
	recs, err := csv.NewReader(bytes.NewReader(b[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	head := recs[0]
	col := func(row []string, name string) string {
		for i, h := range head {
			if h == name {
				return row[i]
			}
		}
		t.Fatalf("no column %s", name)
		return ""
	}
	r1 := recs[1]
	checks := map[string]string{"receipt": "2569-000123", "created_at": "2026-11-20 09:30:00", "category_th": "ถนน", "district_th": "บางรัก",
		"status_th": "ดำเนินการแล้วเสร็จ", "citizen_name": "สมชาย ใจดี", "citizen_phone": "0812345678", "rating": "5"}
	for name, want := range checks {
		if got := col(r1, name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if got := col(recs[2], "description"); got != `'=HYPERLINK("http://evil")` {
		t.Errorf("formula not defused: %q", got)
	}
	// Without the right to personal data, there are no personal columns.
	buf.Reset()
	if err := export.CSV(&buf, ref, sample(), export.Options{}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "citizen_") || strings.Contains(buf.String(), "สมชาย ใจดี") {
		t.Error("personal data in a non-personal export")
	}
	// Public output masks contacts typed in the text.
	buf.Reset()
	if err := export.CSV(&buf, ref, sample(), export.Options{Personal: true, Public: true}); err != nil {
		t.Fatal(err)
	}
	if s := buf.String(); strings.Contains(s, "081-234-5678") || strings.Contains(s, "somchai@") || !strings.Contains(s, "[เบอร์โทร]") {
		t.Errorf("public export leaks: %s", s)
	}
}

func TestXLSXHasTheColumns(t *testing.T) {
	var buf bytes.Buffer
	if err := export.XLSX(&buf, reference.MustLoad(), sample(), export.Options{}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("cases")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || strings.Join(rows[0], ",") != strings.Join(export.CaseColumns, ",") {
		t.Fatalf("header %v, %d rows", rows[0], len(rows))
	}
	if rows[1][0] != "2569-000123" || rows[1][5] != "ถนน" || rows[1][12] != sample()[0].Case.Description {
		t.Errorf("row 1: %v", rows[1])
	}
}

func TestRoundTrip(t *testing.T) {
	ref := reference.MustLoad()
	var buf bytes.Buffer
	in := sample()
	in[1].Case.Description = "ขยะล้นถังหน้าตลาด" // the formula row would not pass intake validation
	if err := export.CSV(&buf, ref, in, export.Options{}); err != nil {
		t.Fatal(err)
	}
	r, err := export.NewReader(&buf, ref)
	if err != nil {
		t.Fatal(err)
	}
	var got []store.NewCase
	for {
		n, _, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, n)
	}
	if len(got) != 2 {
		t.Fatalf("%d cases", len(got))
	}
	a := got[0].Case
	if a.Source != "rongtook" || a.SourceRef != "2569-000123" || a.Location.DistrictCode != 1004 || *a.Location.Lat != 13.7279 ||
		a.Result.Type != "fixed" || a.Rating != 5 || !a.CreatedAt.Equal(in[0].Case.CreatedAt) || a.ClosedAt == nil || a.Status != cases.StatusCompleted {
		t.Errorf("case 1: %+v", a)
	}
	if b := got[1].Case; b.Source != "traffy" || b.SourceRef != "2022-6XH9DR" {
		t.Errorf("case 2 source: %s %s", b.Source, b.SourceRef)
	}
}

func TestReaderRejectsBadRows(t *testing.T) {
	ref := reference.MustLoad()
	head := strings.Join(export.CaseColumns, ",")
	good := "2569-000001,2026-11-20 09:30:00,hotline,complaint,6,,new,,1004,,CENTRE,,ถนนพัง,,,,false,false,,0,,,,,,"
	file := head + "\n" + good + "\n" + strings.Replace(good, "2569-000001", "bad", 1) + "\n" + strings.Replace(good, ",6,", ",99,", 1) + "\n"
	if _, err := export.NewReader(strings.NewReader("a,b\n1,2\n"), ref); !errors.Is(err, export.ErrHeader) {
		t.Errorf("foreign header: %v", err)
	}
	r, err := export.NewReader(strings.NewReader(file), ref)
	if err != nil {
		t.Fatal(err)
	}
	var lines []int
	ok := 0
	for {
		_, line, err := r.Read()
		if err == io.EOF {
			break
		}
		var re *export.RowError
		if errors.As(err, &re) {
			lines = append(lines, re.Line)
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		ok++
		_ = line
	}
	if ok != 1 || len(lines) != 2 || lines[0] != 3 || lines[1] != 4 {
		t.Errorf("ok %d, bad lines %v", ok, lines)
	}
}
