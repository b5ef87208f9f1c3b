package importer

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/rongtook/rongtook/internal/cases"
	"github.com/rongtook/rongtook/internal/geo"
	"github.com/rongtook/rongtook/internal/reference"
	"github.com/rongtook/rongtook/internal/store"
	"github.com/rongtook/rongtook/internal/store/sqlite"
	"github.com/rongtook/rongtook/internal/store/sqlstore"
	"github.com/rongtook/rongtook/internal/traffy"
)

// The two Traffy layouts, and a valid row of each by column name; tests override columns.
const (
	exportHeader = "\ufeffticket_id,type,organization,comment,coords,photo,photo_after,address,subdistrict,district,province,timestamp,state,star,count_reopen,last_activity\n"
	apiHeader    = "ticket_id,type,organization,comment,photo,photo_after,coords,address,subdistrict,district,province,timestamp,state,star,count_reopen,status,type_id,message_id\r\n"
)

var (
	exportDefaults = map[string]string{
		"ticket_id": "2023-TEST01", "type": "{ถนน}", "organization": "เขตบางรัก", "comment": "ถนนเป็นหลุม โทร 080-000-0000",
		"coords": "100.52900,13.72600", "photo": "https://example.org/before.jpg", "photo_after": "",
		"address": "1 ถนนสีลม แขวงสีลม เขตบางรัก", "subdistrict": "สีลม", "district": "บางรัก", "province": "กรุงเทพมหานคร",
		"timestamp": "2023-05-12 03:00:00+00", "state": "รอรับเรื่อง", "star": "", "count_reopen": "0",
		"last_activity": "2023-05-14 08:30:00+00",
	}
	apiDefaults = map[string]string{
		"ticket_id": "2022-TEST01", "type": "{ถนน}", "organization": "กรุงเทพมหานคร", "comment": "ถนนเป็นหลุม",
		"photo": "https://example.org/p.jpg", "photo_after": "", "coords": "100.52900,13.72600", "address": "ที่อยู่",
		"subdistrict": "สีลม", "district": "บางรัก", "province": "กรุงเทพมหานคร", "timestamp": "2022-05-29 10:09:48.912192+00",
		"state": "เสร็จสิ้น", "star": "", "count_reopen": "", "status": "finish", "type_id": "", "message_id": "1",
	}
)

var (
	filed = time.Date(2023, 5, 12, 3, 0, 0, 0, time.UTC)  // exportDefaults' timestamp
	later = time.Date(2023, 5, 14, 8, 30, 0, 0, time.UTC) // exportDefaults' last_activity
)

// csvRow writes one row for header from defaults with some columns replaced, through
// encoding/csv so that quoting does not depend on the code under test.
func csvRow(header string, defaults, override map[string]string) string {
	cols := strings.Split(strings.TrimSpace(strings.TrimPrefix(header, "\ufeff")), ",")
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

func exportRow(o map[string]string) string { return csvRow(exportHeader, exportDefaults, o) }
func apiRow(o map[string]string) string    { return csvRow(apiHeader, apiDefaults, o) }

// openStore opens a fresh SQLite store with the reference data in place.
func openStore(t testing.TB) *sqlstore.DB {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "rongtook.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.SyncReference(ctx, reference.MustLoad()); err != nil {
		t.Fatal(err)
	}
	return st
}

// run imports input into st, collecting the issues.
func run(t *testing.T, st Sink, input string, opts Options) (Summary, []Issue) {
	t.Helper()
	var issues []Issue
	opts.OnIssue = func(is Issue) { issues = append(issues, is) }
	sum, err := Traffy(context.Background(), strings.NewReader(input), st, opts)
	if err != nil {
		t.Fatalf("Traffy: %v", err)
	}
	return sum, issues
}

// imported reads back one imported case with its timeline and attachments.
func imported(t *testing.T, st *sqlstore.DB, ticket string) (cases.Case, []cases.Event, []store.Attachment) {
	t.Helper()
	ctx := context.Background()
	c, err := st.CaseBySource(ctx, TraffySource, ticket)
	if err != nil {
		t.Fatalf("case %s: %v", ticket, err)
	}
	evs, err := st.Events(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	atts, err := st.Attachments(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	return c, evs, atts
}

func count(t *testing.T, st *sqlstore.DB, query string) int {
	t.Helper()
	var n int
	if err := st.SQL().QueryRow(query).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func codes(issues []Issue) []string {
	var out []string
	for _, is := range issues {
		out = append(out, is.Code)
	}
	return out
}

func TestTraffyMapping(t *testing.T) {
	long := strings.Repeat("ก", cases.MaxDescription+5)
	tests := []struct {
		name     string
		row      string // one data row, export layout unless it is apiRow(...)
		opts     Options
		check    func(t *testing.T, c cases.Case, atts []store.Attachment)
		warnings []string
	}{{
		name: "all fields",
		row: exportRow(map[string]string{"type": "{ความปลอดภัย,ทางเท้า}", "organization": "เขตบางรัก,ฝ่ายโยธา เขตบางรัก",
			"star": "4", "count_reopen": "2", "photo_after": "https://example.org/after.jpg"}),
		check: func(t *testing.T, c cases.Case, atts []store.Attachment) {
			want := cases.Location{Address: "1 ถนนสีลม แขวงสีลม เขตบางรัก", DistrictCode: 1004}
			if c.Location.Lat == nil || *c.Location.Lat != 13.726 || *c.Location.Lon != 100.529 {
				t.Errorf("point = %v, %v", c.Location.Lat, c.Location.Lon)
			}
			c.Location.Lat, c.Location.Lon = nil, nil
			if c.Location != want {
				t.Errorf("location = %+v, want %+v", c.Location, want)
			}
			if c.Channel != "traffy" || c.Kind != "complaint" || c.CategoryCode != 12 || c.Description != "ถนนเป็นหลุม โทร 080-000-0000" ||
				c.Source != "traffy" || c.SourceRef != "2023-TEST01" || c.Rating != 4 || c.ReopenCount != 2 || c.CitizenID != 0 || c.Anonymous {
				t.Errorf("case = %+v", c)
			}
			if c.UnitCode != "D1004" || c.SectionCode != reference.SecWorks {
				t.Errorf("unit = %s/%s, want D1004/WORKS (named by the organization)", c.UnitCode, c.SectionCode)
			}
			want2 := []store.Attachment{{Kind: "photo", URL: "https://example.org/before.jpg"}, {Kind: "photo_after", URL: "https://example.org/after.jpg"}}
			for i := range atts {
				atts[i].ID, atts[i].CaseID, atts[i].CreatedAt = 0, 0, time.Time{}
			}
			if !reflect.DeepEqual(atts, want2) {
				t.Errorf("attachments = %+v, want %+v", atts, want2)
			}
		},
	}, {
		name: "empty comment: the types' names",
		row:  exportRow(map[string]string{"comment": "  ", "type": "{ถนน,ทางเท้า}"}),
		check: func(t *testing.T, c cases.Case, _ []store.Attachment) {
			if c.Description != "ถนน, ทางเท้า" {
				t.Errorf("description = %q", c.Description)
			}
		},
	}, {
		name: "empty comment and no types: the category's name",
		row:  exportRow(map[string]string{"comment": "", "type": "{}"}),
		check: func(t *testing.T, c cases.Case, _ []store.Attachment) {
			if c.CategoryCode != 23 || c.Description != "เรื่องร้องทุกข์ประเภทอื่น ๆ" {
				t.Errorf("category %d, description %q", c.CategoryCode, c.Description)
			}
		},
	}, {
		name: "suggestion",
		row:  exportRow(map[string]string{"type": "{เสนอแนะ,คลอง}"}),
		check: func(t *testing.T, c cases.Case, _ []store.Attachment) {
			if c.Kind != "suggestion" || c.CategoryCode != 11 {
				t.Errorf("kind %s, category %d", c.Kind, c.CategoryCode)
			}
		},
	}, {
		name: "organization names an abbreviated section",
		row:  exportRow(map[string]string{"type": "{น้ำท่วม}", "organization": "เขตจตุจักร,ฝ่ายรักษาความสะอาดฯ เขตจตุจักร", "district": "จตุจักร"}),
		check: func(t *testing.T, c cases.Case, _ []store.Attachment) {
			if c.UnitCode != "D1030" || c.SectionCode != reference.SecCleansing {
				t.Errorf("unit = %s/%s, want D1030/CLEAN", c.UnitCode, c.SectionCode)
			}
		},
	}, {
		name: "organization names another district office: the case's district wins",
		row:  exportRow(map[string]string{"organization": "ฝ่ายเทศกิจ เขตปทุมวัน", "district": "บางรัก"}),
		check: func(t *testing.T, c cases.Case, _ []store.Attachment) {
			// The section named belongs to another office; roads go to WORKS by the rules.
			if c.UnitCode != "D1004" || c.SectionCode != reference.SecWorks || c.Location.DistrictCode != 1004 {
				t.Errorf("unit = %s/%s district %d, want D1004/WORKS in 1004", c.UnitCode, c.SectionCode, c.Location.DistrictCode)
			}
		},
	}, {
		name: "organization names an office, district column empty",
		row:  exportRow(map[string]string{"organization": "เขตหนองจอก", "district": ""}),
		check: func(t *testing.T, c cases.Case, _ []store.Attachment) {
			if c.UnitCode != "D1003" || c.Location.DistrictCode != 0 {
				t.Errorf("unit %s, district %d; want D1003 and no district", c.UnitCode, c.Location.DistrictCode)
			}
		},
	}, {
		name: "district column names the district: its office, even for flooding",
		row:  apiRow(map[string]string{"type": "{น้ำท่วม}", "district": "เขตบางเเค"}),
		check: func(t *testing.T, c cases.Case, _ []store.Attachment) {
			if c.UnitCode != "D1040" || c.SectionCode != "" || c.Location.DistrictCode != 1040 {
				t.Errorf("unit = %s/%q district %d, want D1040 with no section (the rules send flooding to BDS)", c.UnitCode, c.SectionCode, c.Location.DistrictCode)
			}
		},
	}, {
		name: "no district office named: the routing rules",
		row:  apiRow(map[string]string{"type": "{น้ำท่วม}", "district": "เมืองนนทบุรี"}),
		check: func(t *testing.T, c cases.Case, _ []store.Attachment) {
			if c.UnitCode != reference.BureauDrainage || c.SectionCode != "FLOOD" || c.Location.DistrictCode != 0 {
				t.Errorf("unit = %s/%s district %d, want BDS/FLOOD", c.UnitCode, c.SectionCode, c.Location.DistrictCode)
			}
		},
		warnings: []string{CodeUnknownDistrict},
	}, {
		name: "no unit can be found: the centre",
		row:  apiRow(map[string]string{"district": ""}),
		check: func(t *testing.T, c cases.Case, _ []store.Attachment) {
			// Roads go to the district office of the case's district, which is unknown.
			if c.UnitCode != reference.CentreCode {
				t.Errorf("unit = %s, want CENTRE", c.UnitCode)
			}
		},
	}, {
		name: "district from the point when the column names none",
		row:  apiRow(map[string]string{"district": "เมืองนนทบุรี", "coords": "100.52,13.72"}),
		opts: Options{Districts: square(t, 1004, 100.5, 13.7), Rules: []reference.RoutingRule{
			{CategoryCode: 6, DistrictCode: 1004, UnitCode: reference.BureauPublicWorks, SectionCode: "ROADS"}}},
		check: func(t *testing.T, c cases.Case, _ []store.Attachment) {
			// Placed by the point, so routed by the rules given (not the district office).
			if c.Location.DistrictCode != 1004 || c.UnitCode != reference.BureauPublicWorks || c.SectionCode != "ROADS" {
				t.Errorf("district %d unit %s/%s, want 1004 and BPW/ROADS from Options.Rules", c.Location.DistrictCode, c.UnitCode, c.SectionCode)
			}
		},
	}, {
		name: "point outside the boundaries: no district",
		row:  apiRow(map[string]string{"district": "เมืองนนทบุรี", "coords": "100.6,13.9"}),
		opts: Options{Districts: square(t, 1004, 100.5, 13.7)},
		check: func(t *testing.T, c cases.Case, _ []store.Attachment) {
			if c.Location.DistrictCode != 0 || c.Location.Lat == nil {
				t.Errorf("location %+v, want the point and no district", c.Location)
			}
		},
		warnings: []string{CodeUnknownDistrict},
	}, {
		name: "point far from Bangkok: kept without it",
		row:  apiRow(map[string]string{"coords": "98.38,7.88"}),
		check: func(t *testing.T, c cases.Case, _ []store.Attachment) {
			if c.Location.Lat != nil || c.Location.Lon != nil || c.Location.DistrictCode != 1004 {
				t.Errorf("location %+v, want no point, district 1004", c.Location)
			}
		},
		warnings: []string{traffy.CodeCoordsOutOfArea},
	}, {
		name: "empty state with status finish",
		row:  apiRow(map[string]string{"state": "", "status": "finish"}),
		check: func(t *testing.T, c cases.Case, _ []store.Attachment) {
			if c.Status != cases.StatusCompleted {
				t.Errorf("status %s, want completed", c.Status)
			}
		},
		warnings: []string{traffy.CodeMissingState},
	}, {
		name: "photo link that is not a web link",
		row:  exportRow(map[string]string{"photo": "javascript:alert(1)", "photo_after": "https://example.org/a.jpg"}),
		check: func(t *testing.T, _ cases.Case, atts []store.Attachment) {
			if len(atts) != 1 || atts[0].Kind != "photo_after" {
				t.Errorf("attachments %+v, want only photo_after", atts)
			}
		},
		warnings: []string{CodeInvalidLink},
	}, {
		name: "overlong comment is shortened",
		row:  exportRow(map[string]string{"comment": long}),
		check: func(t *testing.T, c cases.Case, _ []store.Attachment) {
			if n := utf8.RuneCountInString(c.Description); n != cases.MaxDescription || !strings.HasSuffix(c.Description, "…") {
				t.Errorf("description has %d characters", n)
			}
		},
		warnings: []string{CodeTruncated},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := openStore(t)
			header := exportHeader
			if strings.HasPrefix(tt.row, "2022-") {
				header = apiHeader
			}
			sum, issues := run(t, st, header+tt.row, tt.opts)
			if got := codes(issues); !reflect.DeepEqual(got, tt.warnings) {
				t.Errorf("issues %v, want warnings %v", issues, tt.warnings)
			}
			for _, is := range issues {
				if !is.Warning || is.Line != 2 || strings.Contains(is.String(), "080-000-0000") {
					t.Errorf("issue %+v", is)
				}
			}
			want := Counts{Rows: 1, Created: 1}
			if len(tt.warnings) > 0 {
				want = Counts{Rows: 1, Warned: 1}
			}
			if sum.Counts != want {
				t.Errorf("counts %+v, want %+v", sum.Counts, want)
			}
			ticket := exportDefaults["ticket_id"]
			if header == apiHeader {
				ticket = apiDefaults["ticket_id"]
			}
			c, _, atts := imported(t, st, ticket)
			tt.check(t, c, atts)
		})
	}
}

// square is a district index with one district: a 0.1° square from (lon, lat).
func square(t *testing.T, code int, lon, lat float64) *geo.Index {
	t.Helper()
	gj := fmt.Sprintf(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"amp_code":%d},
		"geometry":{"type":"Polygon","coordinates":[[[%[2]g,%[3]g],[%[4]g,%[3]g],[%[4]g,%[5]g],[%[2]g,%[5]g],[%[2]g,%[3]g]]]}}]}`,
		code, lon, lat, lon+0.1, lat+0.1)
	ix, err := geo.Load(strings.NewReader(gj))
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

// step is what a test expects of one event.
type step struct {
	typ  cases.EventType
	to   cases.Status
	at   time.Time
	unit string // ActorUnit
}

func TestTraffyTimeline(t *testing.T) {
	early := filed.Add(-time.Second) // last_activity a moment before the timestamp
	tests := []struct {
		name         string
		state        string
		lastActivity string
		want         []step
		result       *cases.Result
		termination  *cases.Termination
	}{{
		name: "pending", state: "รอรับเรื่อง",
		want: []step{{cases.EventImported, cases.StatusNew, filed, ""}, {cases.EventForwarded, cases.StatusForwarded, filed, ""}},
	}, {
		name: "forwarded again", state: "ส่งต่อ(ใหม่)",
		want: []step{{cases.EventImported, cases.StatusNew, filed, ""}, {cases.EventForwarded, cases.StatusForwarded, filed, ""}},
	}, {
		name: "in progress", state: "กำลังดำเนินการ",
		want: []step{{cases.EventImported, cases.StatusNew, filed, ""}, {cases.EventForwarded, cases.StatusForwarded, filed, ""},
			{cases.EventAcknowledged, cases.StatusAcknowledged, later, "D1004"}, {cases.EventProgress, cases.StatusInProgress, later, "D1004"}},
	}, {
		name: "finished", state: "เสร็จสิ้น",
		want: []step{{cases.EventImported, cases.StatusNew, filed, ""}, {cases.EventForwarded, cases.StatusForwarded, filed, ""},
			{cases.EventAcknowledged, cases.StatusAcknowledged, later, "D1004"}, {cases.EventResultProposed, cases.StatusAwaitingApproval, later, "D1004"},
			{cases.EventApproved, cases.StatusCompleted, later, "D1004"}},
		result: &cases.Result{Type: "fixed", Text: "ดำเนินการแล้วเสร็จ (ตามสถานะใน Traffy Fondue)"},
	}, {
		name: "finished without last_activity: all at the timestamp", state: "เสร็จสิ้น", lastActivity: "-",
		want: []step{{cases.EventImported, cases.StatusNew, filed, ""}, {cases.EventForwarded, cases.StatusForwarded, filed, ""},
			{cases.EventAcknowledged, cases.StatusAcknowledged, filed, "D1004"}, {cases.EventResultProposed, cases.StatusAwaitingApproval, filed, "D1004"},
			{cases.EventApproved, cases.StatusCompleted, filed, "D1004"}},
		result: &cases.Result{Type: "fixed", Text: "ดำเนินการแล้วเสร็จ (ตามสถานะใน Traffy Fondue)"},
	}, {
		name: "last_activity before the timestamp: never earlier than filing", state: "กำลังดำเนินการ", lastActivity: early.Format("2006-01-02 15:04:05-07"),
		want: []step{{cases.EventImported, cases.StatusNew, filed, ""}, {cases.EventForwarded, cases.StatusForwarded, filed, ""},
			{cases.EventAcknowledged, cases.StatusAcknowledged, filed, "D1004"}, {cases.EventProgress, cases.StatusInProgress, filed, "D1004"}},
	}, {
		name: "irrelevant", state: "ไม่เกี่ยวข้อง",
		want: []step{{cases.EventImported, cases.StatusNew, filed, ""}, {cases.EventForwarded, cases.StatusForwarded, filed, ""},
			{cases.EventTerminated, cases.StatusTerminated, later, "D1004"}},
		termination: &cases.Termination{Reason: "outside_authority", Text: "ไม่เกี่ยวข้อง (ตามสถานะใน Traffy Fondue)"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := openStore(t)
			o := map[string]string{"state": tt.state}
			switch tt.lastActivity {
			case "":
			case "-":
				o["last_activity"] = ""
			default:
				o["last_activity"] = tt.lastActivity
			}
			run(t, st, exportHeader+exportRow(o), Options{})
			c, evs, _ := imported(t, st, "2023-TEST01")

			var got []step
			prev := cases.Status("")
			for i, ev := range evs {
				got = append(got, step{ev.Type, ev.ToStatus, ev.At, ev.ActorUnit})
				if ev.FromStatus != prev {
					t.Errorf("event %d %s from %q, previous event left %q", i+1, ev.Type, ev.FromStatus, prev)
				}
				prev = ev.ToStatus
				if ev.ActorID != 0 || ev.ActorName != "Traffy Fondue (นำเข้า)" || ev.Seq != i+1 {
					t.Errorf("event %d: actor %d %q seq %d", i+1, ev.ActorID, ev.ActorName, ev.Seq)
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("timeline\n got %v\nwant %v", got, tt.want)
			}
			if len(evs) < 2 {
				t.Fatal("timeline too short")
			}
			if !strings.Contains(evs[0].Text, "2023-TEST01") || !evs[0].Public {
				t.Errorf("imported event text %q public %v: must name the ticket", evs[0].Text, evs[0].Public)
			}
			if evs[1].UnitCode != "D1004" || evs[1].SectionCode != reference.SecWorks || evs[1].Reason == "" {
				t.Errorf("forwarded event to %s/%s, reason %q", evs[1].UnitCode, evs[1].SectionCode, evs[1].Reason)
			}

			// The case agrees with its last event.
			last := evs[len(evs)-1]
			if c.Status != last.ToStatus || !c.UpdatedAt.Equal(last.At) || !c.CreatedAt.Equal(filed) || c.UnitCode != "D1004" {
				t.Errorf("case status %s updated %v created %v unit %s; last event %s at %v", c.Status, c.UpdatedAt, c.CreatedAt, c.UnitCode, last.ToStatus, last.At)
			}
			if c.ReachedUnitAt == nil || !c.ReachedUnitAt.Equal(filed) {
				t.Errorf("reached unit at %v, want %v", c.ReachedUnitAt, filed)
			}
			acked := findEvent(evs, cases.EventAcknowledged)
			if (acked == nil) != (c.AcknowledgedAt == nil) || acked != nil && !c.AcknowledgedAt.Equal(acked.At) {
				t.Errorf("acknowledged at %v, event %v", c.AcknowledgedAt, acked)
			}
			if c.Status.Closed() != (c.ClosedAt != nil) || c.ClosedAt != nil && !c.ClosedAt.Equal(last.At) {
				t.Errorf("closed at %v for a %s case whose last event is at %v", c.ClosedAt, c.Status, last.At)
			}
			if !reflect.DeepEqual(c.Result, tt.result) || !reflect.DeepEqual(c.Termination, tt.termination) {
				t.Errorf("result %+v termination %+v; want %+v, %+v", c.Result, c.Termination, tt.result, tt.termination)
			}
			if tt.result != nil && !reflect.DeepEqual(last.Result, tt.result) {
				t.Errorf("approved event carries result %+v", last.Result)
			}
			if tt.termination != nil && last.Reason != tt.termination.Reason {
				t.Errorf("terminated event reason %q", last.Reason)
			}
		})
	}
}

func findEvent(evs []cases.Event, typ cases.EventType) *cases.Event {
	for i := range evs {
		if evs[i].Type == typ {
			return &evs[i]
		}
	}
	return nil
}

// TestTraffyBadRows feeds a file with every kind of bad row among good ones: each bad row
// is reported at its line with its code, and every good row is imported.
func TestTraffyBadRows(t *testing.T) {
	row := func(id string, o map[string]string) string {
		m := map[string]string{"ticket_id": id}
		maps.Copy(m, o)
		return exportRow(m)
	}
	input := exportHeader + // line 1
		row("GOOD01", nil) + // 2
		row("", nil) + // 3: no ticket id
		row("BADTS1", map[string]string{"timestamp": "12/05/2566"}) + // 4
		row("GOOD02", map[string]string{"comment": "สอง\nบรรทัด"}) + // 5–6
		row("GOOD01", nil) + // 7: repeats line 2
		`BROKEN,{},org,he said "no",` + "\n" + // 8: bare quote
		"SHORT1,{ถนน}\n" + // 9: two columns
		row("BADST1", map[string]string{"state": "ปิดงาน"}) + // 10
		row("WARN01", map[string]string{"state": "", "coords": "-90.4,38.6"}) + // 11: two warnings
		row("BADSTR", map[string]string{"star": "9"}) + // 12
		row("GOOD03", nil) // 13
	st := openStore(t)
	sum, issues := run(t, st, input, Options{BatchSize: 2})

	type got struct {
		line    int
		code    string
		warning bool
	}
	var list []got
	for _, is := range issues {
		list = append(list, got{is.Line, is.Code, is.Warning})
		if is.Reason == "" || is.ReasonTH == "" {
			t.Errorf("issue without reasons: %+v", is)
		}
	}
	want := []got{
		{3, traffy.CodeMissingTicketID, false},
		{4, traffy.CodeInvalidTimestamp, false},
		{7, CodeDuplicateTicket, false},
		{8, traffy.CodeMalformedCSV, false},
		{9, traffy.CodeFieldCount, false},
		{10, traffy.CodeUnknownState, false},
		{11, traffy.CodeCoordsOutOfArea, true},
		{11, traffy.CodeMissingState, true},
		{12, traffy.CodeInvalidStar, false},
	}
	if !reflect.DeepEqual(list, want) {
		t.Errorf("issues\n got %v\nwant %v", list, want)
	}
	if wantSum := (Counts{Rows: 11, Created: 3, Warned: 1, Rejected: 7}); sum.Counts != wantSum {
		t.Errorf("counts %+v, want %+v", sum.Counts, wantSum)
	}
	wantCodes := map[string]int{traffy.CodeMissingTicketID: 1, traffy.CodeInvalidTimestamp: 1, CodeDuplicateTicket: 1,
		traffy.CodeMalformedCSV: 1, traffy.CodeFieldCount: 1, traffy.CodeUnknownState: 1, traffy.CodeCoordsOutOfArea: 1,
		traffy.CodeMissingState: 1, traffy.CodeInvalidStar: 1}
	if !maps.Equal(sum.Codes, wantCodes) {
		t.Errorf("codes %v, want %v", sum.Codes, wantCodes)
	}
	if sum.Format != "export" {
		t.Errorf("format %q", sum.Format)
	}
	if n := count(t, st, `SELECT COUNT(*) FROM cases`); n != 4 {
		t.Errorf("%d cases stored, want 4", n)
	}
	if c, _, _ := imported(t, st, "GOOD02"); c.Description != "สอง\nบรรทัด" {
		t.Errorf("multi-line comment = %q", c.Description)
	}
	if is := issues[2].String(); !strings.HasPrefix(is, "line 7: duplicate_ticket_id: ") || !strings.Contains(is, "line 2") {
		t.Errorf("duplicate reported as %q", is)
	}
}

func TestTraffyTwiceAddsNothing(t *testing.T) {
	input := exportHeader
	for i := range 7 {
		input += exportRow(map[string]string{"ticket_id": fmt.Sprintf("T%05d", i), "state": []string{"รอรับเรื่อง", "เสร็จสิ้น"}[i%2]})
	}
	input += exportRow(map[string]string{"ticket_id": "WARN", "coords": "0,0"})
	st := openStore(t)
	first, _ := run(t, st, input, Options{BatchSize: 3})
	events := count(t, st, `SELECT COUNT(*) FROM case_events`)
	atts := count(t, st, `SELECT COUNT(*) FROM attachments`)
	second, issues := run(t, st, input, Options{BatchSize: 3})
	if want := (Counts{Rows: 8, Created: 7, Warned: 1}); first.Counts != want {
		t.Errorf("first run %+v, want %+v", first.Counts, want)
	}
	if want := (Counts{Rows: 8, Skipped: 8}); second.Counts != want {
		t.Errorf("second run %+v, want %+v", second.Counts, want)
	}
	// The file still has its flaw; the second run says so again.
	if got := codes(issues); !reflect.DeepEqual(got, []string{traffy.CodeCoordsOutOfArea}) {
		t.Errorf("second run issues %v", got)
	}
	if n := count(t, st, `SELECT COUNT(*) FROM cases`); n != 8 {
		t.Errorf("%d cases after two runs, want 8", n)
	}
	if n := count(t, st, `SELECT COUNT(*) FROM case_events`); n != events {
		t.Errorf("%d events after the second run, %d after the first", n, events)
	}
	if n := count(t, st, `SELECT COUNT(*) FROM attachments`); n != atts {
		t.Errorf("%d attachments after the second run, %d after the first", n, atts)
	}
	// A later export that overlaps the first adds only what is new.
	third, _ := run(t, st, input+exportRow(map[string]string{"ticket_id": "NEW"}), Options{})
	if want := (Counts{Rows: 9, Created: 1, Skipped: 8}); third.Counts != want {
		t.Errorf("overlapping run %+v, want %+v", third.Counts, want)
	}
}

// fakeSink stores in memory and refuses the batches that hold a refused ticket.
type fakeSink struct {
	refuse  map[string]bool
	all     bool // refuse everything
	stored  map[string]bool
	batches []int // sizes of the batches offered
}

func (f *fakeSink) ImportCases(ctx context.Context, batch []store.NewCase) ([]bool, error) {
	f.batches = append(f.batches, len(batch))
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for _, n := range batch {
		if f.all || f.refuse[n.Case.SourceRef] {
			return nil, errors.New("constraint failed")
		}
	}
	if f.stored == nil {
		f.stored = map[string]bool{}
	}
	out := make([]bool, len(batch))
	for i, n := range batch {
		out[i] = !f.stored[n.Case.SourceRef]
		f.stored[n.Case.SourceRef] = true
	}
	return out, nil
}

func TestTraffyStoreFailures(t *testing.T) {
	input := exportHeader
	for i := range 7 {
		input += exportRow(map[string]string{"ticket_id": fmt.Sprintf("T%d", i)})
	}

	t.Run("one case refused", func(t *testing.T) {
		sink := &fakeSink{refuse: map[string]bool{"T4": true}}
		sum, issues := run(t, sink, input, Options{BatchSize: 3})
		if want := (Counts{Rows: 7, Created: 6, Rejected: 1}); sum.Counts != want {
			t.Errorf("counts %+v, want %+v", sum.Counts, want)
		}
		if len(issues) != 1 || issues[0].Code != CodeStoreFailed || issues[0].Line != 6 || issues[0].TicketID != "T4" ||
			!strings.Contains(issues[0].Reason, "constraint failed") {
			t.Errorf("issues %+v", issues)
		}
		if len(sink.stored) != 6 || sink.stored["T4"] {
			t.Errorf("stored %v", sink.stored)
		}
		// Batches of 3, 3 and 1; the failed middle batch retried one by one.
		if want := []int{3, 3, 1, 1, 1, 1}; !reflect.DeepEqual(sink.batches, want) {
			t.Errorf("batches offered %v, want %v", sink.batches, want)
		}
	})
	t.Run("store down", func(t *testing.T) {
		sink := &fakeSink{all: true}
		sum, err := Traffy(context.Background(), strings.NewReader(input), sink, Options{BatchSize: 3})
		if err == nil || !strings.Contains(err.Error(), "constraint failed") || !strings.Contains(err.Error(), "line 2") {
			t.Errorf("error %v, want the store's, naming the first line of the batch", err)
		}
		// Reading runs one batch ahead of storing, so it stops within one batch of the
		// failure: at most 6 of the 7 rows are read, none imported.
		if sum.Rows < 3 || sum.Rows > 6 || sum.Imported() != 0 {
			t.Errorf("summary after a failed store %+v", sum.Counts)
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := Traffy(ctx, strings.NewReader(input), &fakeSink{}, Options{})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("error %v, want context.Canceled", err)
		}
	})
	t.Run("not a Traffy file", func(t *testing.T) {
		_, err := Traffy(context.Background(), strings.NewReader("a,b\n1,2\n"), &fakeSink{}, Options{})
		if !errors.Is(err, traffy.ErrHeader) {
			t.Errorf("error %v, want traffy.ErrHeader", err)
		}
	})
}

func TestTraffyProgressAndClock(t *testing.T) {
	input := exportHeader
	for i := range 5 {
		input += exportRow(map[string]string{"ticket_id": fmt.Sprintf("T%d", i)})
	}
	var got []Progress
	tick := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { tick = tick.Add(time.Second); return tick }
	sum, err := Traffy(context.Background(), strings.NewReader(input), &fakeSink{},
		Options{BatchSize: 2, Now: clock, OnProgress: func(p Progress) { got = append(got, p) }})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 4 { // after batches of 2, 2, 1, and at the end
		t.Fatalf("%d progress reports, want 4: %+v", len(got), got)
	}
	if got[0].Created != 2 || got[1].Created != 4 {
		t.Errorf("progress %+v", got)
	}
	if end := got[len(got)-1]; end.Counts != sum.Counts || end.BytesRead != int64(len(input)) {
		t.Errorf("last progress %+v, want the summary's counts and %d bytes", end, len(input))
	}
	if sum.Elapsed != time.Second || sum.RowsPerSecond() != 5 {
		t.Errorf("elapsed %v, %v rows/s by the injected clock", sum.Elapsed, sum.RowsPerSecond())
	}
}

func TestIssueString(t *testing.T) {
	tests := []struct {
		is   Issue
		want string
	}{
		{Issue{Line: 123, Code: "invalid_coords", Field: "coords", Reason: `coords "x" is not "lon,lat"`, ReasonTH: "พิกัดไม่ถูกต้อง", TicketID: "2022-AB"},
			`line 123: invalid_coords: coords "x" is not "lon,lat" (ticket 2022-AB) — พิกัดไม่ถูกต้อง`},
		{Issue{Line: 9, Code: "field_count", Reason: "row has 2 columns"},
			`line 9: field_count: row has 2 columns`},
		{Issue{Line: 4, Code: "text_truncated", Field: "comment", Reason: "too long", Warning: true},
			`line 4: text_truncated (warning): comment: too long`},
	}
	for _, tt := range tests {
		if got := tt.is.String(); got != tt.want {
			t.Errorf("String() = %q\nwant       %q", got, tt.want)
		}
	}
}
