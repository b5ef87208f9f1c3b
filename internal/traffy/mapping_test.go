package traffy

import (
	"bytes"
	"encoding/csv"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rongtook/rongtook/internal/sharedtest"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		types    []string
		category int
		kind     Kind
	}{
		{nil, CategoryOther, KindComplaint},
		{[]string{}, CategoryOther, KindComplaint},
		{[]string{"ถนน"}, 6, KindComplaint},
		{[]string{"น้ำท่วม", "ถนน", "ความปลอดภัย"}, 8, KindComplaint},
		{[]string{"ความปลอดภัย", "ถนน"}, 6, KindComplaint},               // generic first: skipped
		{[]string{"ร้องเรียน", "คนจรจัด"}, CategoryOther, KindComplaint}, // only generic
		{[]string{"ไม่มีในตาราง", "สายไฟ"}, 7, KindComplaint},            // unknown ignored
		{[]string{"ไม่มีในตาราง"}, CategoryOther, KindComplaint},
		{[]string{"เสนอแนะ"}, CategoryOther, KindSuggestion},
		{[]string{"ถนน", "เสนอแนะ"}, 6, KindSuggestion},
		{[]string{"สอบถาม", "เสนอแนะ", "คลอง"}, 11, KindInquiry},
		{[]string{"PM2.5"}, 18, KindComplaint},
		{[]string{"สัตว์จรจัด"}, 1, KindComplaint},
		{[]string{"ป้ายจราจร"}, 3, KindComplaint},
	}
	for _, tt := range tests {
		c, k := Classify(tt.types)
		if c != tt.category || k != tt.kind {
			t.Errorf("Classify(%q) = %d, %s; want %d, %s", tt.types, c, k, tt.category, tt.kind)
		}
	}
	if c, k := (Record{Types: []string{"ทางเท้า"}}).Category(); c != 12 || k != KindComplaint {
		t.Errorf("Record.Category() = %d, %s; want 12, complaint", c, k)
	}
}

func TestDistrictCode(t *testing.T) {
	tests := []struct {
		name string
		code int // 0: not found
	}{
		{"บางรัก", 1004},
		{"เขตบางรัก", 1004},
		{"เขต บางรัก", 1004},
		{" บางรัก ", 1004},
		{"\u200bคลองสามวา", 1046},
		{"ภาษีเจริญ\u200b", 1022},
		{":บางกะปิ", 1006},
		{"บางเเค", 1040}, // เ typed twice for แ
		{"เขตบางเเค", 1040},
		{"สาธร", 1028},
		{"ราษฏร์บูรณะ", 1024},
		{"เขตตราษฎร์บูรณะ", 1024},
		{"จัตุจักร", 1030},
		{"บางกอกน้อบ", 1020},
		{"ลาดกะบัง", 1011},
		{"ป้อมปราบ", 1008},
		{"Bang Rak", 1004},
		{"BANGRAK", 1004},
		{"Khet Bang Rak", 1004},
		{"Pom Prap Sattru Phai district", 1008},
		{"", 0},
		{"เขต", 0},
		{"เมืองนนทบุรี", 0}, // Nonthaburi: Traffy receives some, they are not Bangkok
		{"บางพลี", 0},
		{"บาง", 0},
	}
	for _, tt := range tests {
		code, ok := DistrictCode(tt.name)
		if code != tt.code || ok != (tt.code != 0) {
			t.Errorf("DistrictCode(%q) = %d, %v; want %d", tt.name, code, ok, tt.code)
		}
	}
	if code, ok := (Record{District: "ดุสิต"}).DistrictCode(); code != 1002 || !ok {
		t.Errorf("Record.DistrictCode() = %d, %v; want 1002", code, ok)
	}
}

func TestDistrictTableIsConsistent(t *testing.T) {
	all := Districts()
	if len(all) != 50 {
		t.Fatalf("Districts() has %d entries, want 50", len(all))
	}
	for i, d := range all {
		if d.Code != 1001+i {
			t.Errorf("Districts()[%d].Code = %d, want %d", i, d.Code, 1001+i)
		}
		for _, form := range []string{d.NameTH, "เขต" + d.NameTH, d.NameEN} {
			if code, ok := DistrictCode(form); !ok || code != d.Code {
				t.Errorf("DistrictCode(%q) = %d, %v; want %d", form, code, ok, d.Code)
			}
		}
		if got, ok := LookupDistrict(d.Code); !ok || got != d {
			t.Errorf("LookupDistrict(%d) = %v, %v", d.Code, got, ok)
		}
	}
	for alias, code := range districtAliases {
		if _, ok := LookupDistrict(code); !ok {
			t.Errorf("alias %q points to unknown code %d", alias, code)
		}
		for _, d := range all {
			if d.NameTH == alias {
				t.Errorf("alias %q is the official name of %d", alias, d.Code)
			}
		}
	}
	for _, code := range []int{0, 1000, 1051} {
		if _, ok := LookupDistrict(code); ok {
			t.Errorf("LookupDistrict(%d) found a district", code)
		}
	}
	all[0].NameTH = "changed"
	if d, _ := LookupDistrict(1001); d.NameTH != "พระนคร" {
		t.Error("Districts() exposes the package's table")
	}
}

func TestParseState(t *testing.T) {
	tests := []struct {
		in   string
		want State
		ok   bool
	}{
		{"รอรับเรื่อง", StatePending, true},
		{"กำลังดำเนินการ", StateInProgress, true},
		{"ส่งต่อ", StateForwarded, true},
		{"ส่งต่อ(ใหม่)", StateForwarded, true},
		{"ส่งต่อ (ใหม่)", StateForwarded, true},
		{"เสร็จสิ้น", StateFinished, true},
		{" ไม่เกี่ยวข้อง ", StateIrrelevant, true},
		{"in_progress", StateInProgress, true},
		{"finished", StateFinished, true},
		{"", StateUnknown, false},
		{"unknown", StateUnknown, false},
		{"ส่งต่อให้", StateUnknown, false},
		{"เสร็จ", StateUnknown, false},
	}
	for _, tt := range tests {
		got, ok := ParseState(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseState(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
	for st := StatePending; st <= StateIrrelevant; st++ {
		if back, ok := ParseState(st.Thai()); !ok || back != st {
			t.Errorf("ParseState(%v.Thai()) = %v", st, back)
		}
		if back, ok := ParseState(st.String()); !ok || back != st {
			t.Errorf("ParseState(%q) = %v", st.String(), back)
		}
	}
	if s := State(200).String(); s != "unknown" {
		t.Errorf("State(200).String() = %q", s)
	}
}

func TestCaseStatus(t *testing.T) {
	want := map[State]CaseStatus{
		StatePending:    CaseForwarded,
		StateInProgress: CaseInProgress,
		StateForwarded:  CaseForwarded,
		StateFinished:   CaseCompleted,
		StateIrrelevant: CaseTerminated,
		StateUnknown:    "",
	}
	for st, cs := range want {
		if got := st.CaseStatus(); got != cs {
			t.Errorf("%v.CaseStatus() = %q, want %q", st, got, cs)
		}
	}
}

func TestRecordHidesPersonalData(t *testing.T) {
	rec := Record{
		Line: 7, TicketID: "2022-ABCDEF", Comment: "โทร 080-000-0000", Address: "99/9 ซอยลับ",
		Photo: "https://example.org/face.jpg", State: StatePending,
		Timestamp: time.Date(2022, 5, 29, 10, 0, 0, 0, time.UTC),
	}
	var buf bytes.Buffer
	slog.New(slog.NewTextHandler(&buf, nil)).Info("read", "rec", rec)
	for _, out := range []string{rec.String(), buf.String()} {
		if !strings.Contains(out, "2022-ABCDEF") {
			t.Errorf("output does not identify the ticket: %s", out)
		}
		for _, secret := range []string{"080-000-0000", "ซอยลับ", "face.jpg"} {
			if strings.Contains(out, secret) {
				t.Errorf("output leaks %q: %s", secret, out)
			}
		}
	}
}

// referenceFile locates spec/reference/<name>, which sits beside the shared data folder.
func referenceFile(t *testing.T, name string) [][]string {
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

func TestTypeTableMatchesSpec(t *testing.T) {
	rows := referenceFile(t, "traffy_types.csv")
	if len(rows) != len(traffyTypes) {
		t.Errorf("spec has %d types, the package %d", len(rows), len(traffyTypes))
	}
	for _, r := range rows { // traffy_type,category,kind,note
		cat, _ := strconv.Atoi(r[1])
		info, ok := LookupType(r[0])
		if !ok || info.Category != cat || string(info.Kind) != r[2] {
			t.Errorf("type %q: package has %+v (found %v), spec says %s/%s", r[0], info, ok, r[1], r[2])
		}
	}
}

func TestDistrictTableMatchesSpec(t *testing.T) {
	rows := referenceFile(t, "districts.csv")
	if len(rows) != len(districts) {
		t.Errorf("spec has %d districts, the package %d", len(rows), len(districts))
	}
	for _, r := range rows { // code,name_th,name_en
		code, _ := strconv.Atoi(r[0])
		d, ok := LookupDistrict(code)
		if !ok || d.NameTH != r[1] || d.NameEN != r[2] {
			t.Errorf("district %s: package has %+v, spec says %s / %s", r[0], d, r[1], r[2])
		}
	}
}

func TestCategoriesWithinSpec(t *testing.T) {
	rows := referenceFile(t, "categories.csv")
	known := map[int]bool{}
	for _, r := range rows {
		c, _ := strconv.Atoi(r[0])
		known[c] = true
	}
	if !known[CategoryOther] {
		t.Errorf("CategoryOther %d is not in categories.csv", CategoryOther)
	}
	for name, info := range traffyTypes {
		if !known[info.Category] {
			t.Errorf("type %q maps to category %d, not in categories.csv", name, info.Category)
		}
	}
}
