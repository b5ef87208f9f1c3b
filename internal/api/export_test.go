package api_test

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestExports(t *testing.T) {
	e := onSQLite(t)
	e.createCase(newCaseBody())
	b := newCaseBody()
	b["channel"], b["description"] = "line", "ขยะล้นถังที่ตลาดลาดพร้าว"
	e.createCase(b)

	r := e.expect(e.call("GET", "/api/v1/cases/export?format=csv&personal=true", "operator", nil), http.StatusOK)
	if ct := r.header.Get("Content-Type"); ct != "text/csv; charset=utf-8" || !strings.Contains(r.header.Get("Content-Disposition"), ".csv") {
		t.Errorf("headers: %s / %s", ct, r.header.Get("Content-Disposition"))
	}
	if !bytes.HasPrefix(r.body, []byte("\xef\xbb\xbf")) {
		t.Fatal("CSV without a UTF-8 BOM")
	}
	recs, err := csv.NewReader(bytes.NewReader(r.body[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 3 || recs[0][0] != "receipt" || recs[0][len(recs[0])-2] != "citizen_phone" {
		t.Fatalf("csv: %v", recs)
	}
	if !strings.Contains(string(r.body), "ขยะล้นถังที่ตลาดลาดพร้าว") || !strings.Contains(string(r.body), "0812345678") {
		t.Errorf("Thai text or phone missing: %s", r.body)
	}
	// Filters apply; executives get no personal data and cannot ask for it.
	r = e.expect(e.call("GET", "/api/v1/cases/export?channel=line", "executive", nil), http.StatusOK)
	if strings.Count(string(r.body), "\n") != 2 || strings.Contains(string(r.body), "0812345678") || strings.Contains(string(r.body), "citizen_") {
		t.Errorf("executive export: %s", r.body)
	}
	e.expect(e.call("GET", "/api/v1/cases/export?personal=true", "executive", nil), http.StatusForbidden)
	e.expect(e.call("GET", "/api/v1/cases/export?format=pdf", "operator", nil), http.StatusBadRequest)

	r = e.expect(e.call("GET", "/api/v1/cases/export?format=xlsx", "operator", nil), http.StatusOK)
	f, err := excelize.OpenReader(bytes.NewReader(r.body))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("cases")
	if err != nil || len(rows) != 3 || rows[0][0] != "receipt" || rows[0][5] != "category_th" {
		t.Errorf("xlsx rows: %v %v", rows, err)
	}
	// Each export is audited; the personal one also wrote access-log rows.
	audit := e.expect(e.call("GET", "/api/v1/audit-log", "supervisor", nil), http.StatusOK).json(t)["entries"].([]any)
	if len(audit) != 3 || !strings.Contains(audit[2].(map[string]any)["detail"].(string), "personal=true") {
		t.Errorf("audit: %v", audit)
	}
	e.expect(e.call("GET", "/api/v1/audit-log", "operator", nil), http.StatusForbidden)
	c := e.expect(e.call("GET", "/api/v1/cases?limit=1", "operator", nil), http.StatusOK).json(t)["cases"].([]any)[0].(map[string]any)
	log := e.expect(e.call("GET", "/api/v1/citizens/"+itoa(c["citizen_id"])+"/access-log", "supervisor", nil), http.StatusOK).json(t)["entries"].([]any)
	exports := 0
	for _, x := range log {
		if x.(map[string]any)["purpose"] == "export" {
			exports++
		}
	}
	if exports != 2 { // both cases belong to the same caller's profile
		t.Errorf("access log export rows: %d (%v)", exports, log)
	}
}
