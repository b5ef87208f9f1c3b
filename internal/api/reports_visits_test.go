package api_test

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/rongtook/rongtook/internal/app"
	"github.com/rongtook/rongtook/internal/auth"
)

func TestStatisticsAndPublicStats(t *testing.T) {
	e := onSQLite(t)
	e.clock.t = time.Date(2026, 11, 20, 2, 0, 0, 0, time.UTC)
	r1 := e.createCase(with(newCaseBody(), "forward_to", "D1038"))
	b := newCaseBody()
	b["channel"], b["category_code"] = "line", 4
	e.createCase(b)
	e.clock.Advance(3 * time.Hour)
	e.expect(e.act(r1, "acknowledge", "coord1038", nil), http.StatusOK)
	e.clock.Advance(24 * time.Hour)
	st := e.expect(e.call("GET", "/api/v1/reports/stats?from=2026-11-01&to=2026-11-30", "executive", nil), http.StatusOK).json(t)
	if st["total"].(float64) != 2 || st["time_to_acknowledge"].(map[string]any)["median_hours"].(float64) != 3 {
		t.Errorf("stats: %v", st)
	}
	if ch := st["by_channel"].([]any); len(ch) != 2 {
		t.Errorf("by channel: %v", ch)
	}
	own := e.expect(e.call("GET", "/api/v1/reports/stats?from=2026-11-01&to=2026-11-30", "officer1038", nil), http.StatusOK).json(t)
	if own["total"].(float64) != 1 {
		t.Errorf("unit staff see %v cases, want their unit's 1", own["total"])
	}
	e.expect(e.call("GET", "/api/v1/reports/stats?from=2026-11-30&to=2026-11-01", "executive", nil), http.StatusBadRequest)
	// The public page needs no login and shows no person and no unit.
	pub := e.expect(e.call("GET", "/api/v1/public/stats?from=2026-11-01&to=2026-11-30", "", nil), http.StatusOK)
	body := string(pub.body)
	if !strings.Contains(body, `"total":2`) || strings.Contains(body, "สมศรี") || strings.Contains(body, "0812345678") || strings.Contains(body, "by_unit") {
		t.Errorf("public stats: %s", body)
	}
}

func TestMonthlyReportFormats(t *testing.T) {
	e := onSQLite(t)
	e.clock.t = time.Date(2026, 10, 5, 3, 0, 0, 0, time.UTC)
	e.createCase(with(newCaseBody(), "forward_to", "D1038"))
	e.clock.t = time.Date(2026, 11, 3, 3, 0, 0, 0, time.UTC)
	e.expect(e.call("PUT", "/api/v1/reports/monthly/D1038/2569-10", "officer1038", map[string]any{"notable_cases": "x"}), http.StatusForbidden)
	e.expect(e.call("PUT", "/api/v1/reports/monthly/D1038/2569-10", "head1038", map[string]any{"notable_cases": "ถนนลาดพร้าวทรุด", "obstacles": "งบประมาณไม่พอ"}), http.StatusOK)
	j := e.expect(e.call("GET", "/api/v1/reports/monthly?unit=D1038&period=2569-10", "head1038", nil), http.StatusOK).json(t)
	if j["received"].(float64) != 1 || j["state"] != "submitted" || j["pending_at_end"].(float64) != 1 {
		t.Errorf("monthly: %v", j)
	}
	h := e.expect(e.call("GET", "/api/v1/reports/monthly?unit=D1038&period=2569-10&format=html", "head1038", nil), http.StatusOK)
	page := string(h.body)
	for _, want := range []string{"ตุลาคม 2569", "สำนักงานเขตลาดพร้าว", "ถนนลาดพร้าวทรุด", "งบประมาณไม่พอ", "@page { size: A4", `lang="th"`} {
		if !strings.Contains(page, want) {
			t.Errorf("HTML report lacks %q", want)
		}
	}
	x := e.expect(e.call("GET", "/api/v1/reports/monthly?unit=D1038&period=2569-10&format=xlsx", "executive", nil), http.StatusOK)
	f, err := excelize.OpenReader(bytes.NewReader(x.body))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("summary")
	if len(rows) < 4 || rows[3][0] != "รับเรื่องในเดือน" || rows[3][1] != "1" {
		t.Errorf("xlsx summary: %v", rows)
	}
	e.expect(e.call("GET", "/api/v1/reports/monthly?unit=D1038&period=2569-Q1", "executive", nil), http.StatusBadRequest)
	e.expect(e.call("GET", "/api/v1/reports/monthly?unit=D1001&period=2569-10", "head1038", nil), http.StatusForbidden)
	status := e.expect(e.call("GET", "/api/v1/reports/monthly-status?period=2569-10", "executive", nil), http.StatusOK).json(t)
	if status["missing"].(float64) != 49 || len(status["reports"].([]any)) != 50 {
		t.Errorf("status: missing %v", status["missing"])
	}
}

func TestFieldVisits(t *testing.T) {
	e := onSQLite(t)
	ctx := context.Background()
	if _, err := e.app.CreateUserSystem(ctx, app.NewUser{Username: "gov", Role: auth.RoleOfficer, UnitCode: "GOV", Password: "correct horse battery"}); err != nil {
		t.Fatal(err)
	}
	tok, _ := e.app.IssueToken(ctx, "gov", "test")
	e.tokens["gov"] = tok
	visit := map[string]any{"number": 15, "date": "2022-11-12", "district_code": 1004, "title": "ผู้ว่าฯ พบประชาชนเขตบางรัก"}
	e.expect(e.call("POST", "/api/v1/visits", "officer1038", visit), http.StatusForbidden)
	v := e.expect(e.call("POST", "/api/v1/visits", "gov", visit), http.StatusCreated).json(t)
	e.expect(e.call("POST", "/api/v1/visits", "gov", visit), http.StatusConflict)
	id := itoa(v["id"])
	ms := v["milestones"].([]any)
	if len(ms) != 6 || ms[4].(map[string]any)["due_date"] != "2023-05-12" {
		t.Errorf("milestones: %v", ms)
	}
	receipt := e.createCase(with(newCaseBody(), "channel", "field_visit"))
	e.expect(e.call("POST", "/api/v1/visits/"+id+"/cases", "gov", map[string]any{"receipt": receipt}), http.StatusOK)
	v = e.expect(e.call("PUT", "/api/v1/visits/"+id+"/milestones/3/1", "gov", map[string]any{"date": "2022-11-20", "note": "แจ้งสำนักงานเขตบางรักแล้ว"}), http.StatusOK).json(t)
	for _, m := range v["milestones"].([]any) {
		mm := m.(map[string]any)
		if mm["step"].(float64) == 4 && mm["due_date"] != "2023-02-20" {
			t.Errorf("follow-up due %v, want three months after the notice", mm["due_date"])
		}
	}
	e.expect(e.call("POST", "/api/v1/visits/"+id+"/notes", "gov", map[string]any{"date": "2022-11-29", "progress_percent": 120, "text": "x"}), http.StatusBadRequest)
	e.expect(e.call("POST", "/api/v1/visits/"+id+"/notes", "gov", map[string]any{"date": "2022-11-29", "progress_percent": 25, "text": "ครั้งที่ 15 วันที่ 12 พ.ย. 65 เขตบางรัก จำนวน 1 เรื่อง"}), http.StatusCreated)
	got := e.expect(e.call("GET", "/api/v1/visits/"+id, "executive", nil), http.StatusOK).json(t)
	if got["progress_percent"].(float64) != 25 || len(got["progress_notes"].([]any)) != 1 || got["cases"].([]any)[0] != receipt || got["district_name_th"] != "บางรัก" {
		t.Errorf("visit: %v", got)
	}
	e.expect(e.call("GET", "/api/v1/visits/999", "gov", nil), http.StatusNotFound)
	e.expect(e.call("PUT", "/api/v1/visits/"+id+"/milestones/9/1", "gov", map[string]any{"date": "2022-11-20"}), http.StatusNotFound)
	if l := e.expect(e.call("GET", "/api/v1/visits", "gov", nil), http.StatusOK).json(t)["visits"].([]any); len(l) != 1 {
		t.Errorf("visits: %v", l)
	}
}
