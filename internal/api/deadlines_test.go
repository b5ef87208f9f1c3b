package api_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/rongtook/rongtook/internal/cases"
)

// TestDeadlinesOnCases: a case reaching Lat Phrao on Friday 3 April 2026 at 17:00, before the
// Chakri Day holiday, owes its acknowledgement by the end of Tuesday; on Wednesday it is
// overdue in lists; an admin's extra day off moves the deadline.
func TestDeadlinesOnCases(t *testing.T) {
	e := onSQLite(t)
	bkk := cases.Bangkok()
	e.clock.t = time.Date(2026, 4, 3, 17, 0, 0, 0, bkk)
	receipt := e.createCase(with(newCaseBody(), "forward_to", "D1038"))
	c := e.expect(e.call("GET", "/api/v1/cases/"+receipt, "coord1038", nil), http.StatusOK).json(t)
	if c["next_due_at"] != "2026-04-07T17:00:00Z" { // Wednesday 00:00 in Bangkok
		t.Errorf("next_due_at = %v", c["next_due_at"])
	}
	clocks := c["deadlines"].(map[string]any)["clocks"].([]any)
	var kinds []string
	for _, k := range clocks {
		m := k.(map[string]any)
		kinds = append(kinds, m["kind"].(string)+":"+m["state"].(string)+":"+m["due"].(string))
	}
	want := "acknowledge:running:2026-04-07T17:00:00Z first_progress:running:2026-04-09T17:00:00Z checkpoint:running:2026-04-16T17:00:00Z" // the 15th is Songkran: due the next working day
	if strings.Join(kinds, " ") != want {
		t.Errorf("clocks:\n%s\nwant:\n%s", strings.Join(kinds, " "), want)
	}
	e.createCase(newCaseBody()) // stays at the centre: no deadline

	e.clock.t = time.Date(2026, 4, 8, 9, 0, 0, 0, bkk)
	list := func(q string) []string {
		t.Helper()
		var out []string
		for _, c := range e.expect(e.call("GET", "/api/v1/cases?"+q, "supervisor", nil), http.StatusOK).json(t)["cases"].([]any) {
			out = append(out, c.(map[string]any)["receipt"].(string))
		}
		return out
	}
	if got := list("overdue=true"); len(got) != 1 || got[0] != receipt {
		t.Errorf("overdue list: %v", got)
	}
	if got := list("sort=due"); len(got) != 1 {
		t.Errorf("due order lists only cases that owe something: %v", got)
	}
	// A special day off on Tuesday 7 April moves the acknowledgement to the end of Wednesday.
	e.expect(e.call("POST", "/api/v1/holidays", "coord1038", map[string]any{"date": "2026-04-07", "name_th": "วันหยุดพิเศษ"}), http.StatusForbidden)
	e.expect(e.call("POST", "/api/v1/holidays", "admin", map[string]any{"date": "7/4/2569", "name_th": "วันหยุดพิเศษ"}), http.StatusBadRequest)
	e.expect(e.call("POST", "/api/v1/holidays", "admin", map[string]any{"date": "2026-04-07", "name_th": "วันหยุดพิเศษ", "name_en": "Special holiday"}), http.StatusCreated)
	if got := list("overdue=true"); len(got) != 0 {
		t.Errorf("still overdue after the extra holiday: %v", got)
	}
	c = e.expect(e.call("GET", "/api/v1/cases/"+receipt, "coord1038", nil), http.StatusOK).json(t)
	if c["next_due_at"] != "2026-04-08T17:00:00Z" {
		t.Errorf("after the holiday, next_due_at = %v", c["next_due_at"])
	}
	hols := e.expect(e.call("GET", "/api/v1/holidays?year=2026", "operator", nil), http.StatusOK).json(t)["holidays"].([]any)
	found := false
	for _, h := range hols {
		m := h.(map[string]any)
		found = found || (m["date"] == "2026-04-07" && m["built_in"] == false)
	}
	if !found || len(hols) < 15 {
		t.Errorf("holidays of 2026: %d, added one found: %v", len(hols), found)
	}
	// Waiting for the citizen pauses the clocks; the acknowledgement itself stops its clock.
	e.expect(e.act(receipt, "acknowledge", "coord1038", nil), http.StatusOK)
	e.expect(e.act(receipt, "await_citizen", "coord1038", map[string]any{}), http.StatusBadRequest)
	r := e.expect(e.act(receipt, "await_citizen", "coord1038", map[string]any{"reason": "รอภาพถ่ายเพิ่มเติมจากผู้ร้อง"}), http.StatusOK)
	if r.json(t)["case"].(map[string]any)["waiting_citizen"] != true {
		t.Error("not waiting")
	}
	e.expect(e.act(receipt, "await_citizen", "coord1038", map[string]any{"reason": "again"}), http.StatusUnprocessableEntity)
	e.expect(e.act(receipt, "resume", "coord1038", nil), http.StatusOK)

	// Targets: an admin gives D1038 two days to acknowledge.
	target := map[string]any{"unit_code": "D1038", "ack_working_days": 2, "first_progress_working_days": 5, "best_ack_minutes": 60, "best_result_minutes": 1440, "checkpoint_days": []int{15, 30}}
	e.expect(e.call("PUT", "/api/v1/sla-targets", "supervisor", target), http.StatusForbidden)
	bad := map[string]any{"unit_code": "D1038", "ack_working_days": -1, "first_progress_working_days": 5, "best_ack_minutes": 60, "best_result_minutes": 1440, "checkpoint_days": []int{15, 30}}
	e.expect(e.call("PUT", "/api/v1/sla-targets", "admin", bad), http.StatusBadRequest)
	e.expect(e.call("PUT", "/api/v1/sla-targets", "admin", target), http.StatusOK)
	ts := e.expect(e.call("GET", "/api/v1/sla-targets", "operator", nil), http.StatusOK).json(t)
	if len(ts["overrides"].([]any)) != 1 || ts["default"].(map[string]any)["ack_working_days"].(float64) != 1 {
		t.Errorf("targets: %v", ts)
	}
	e.expect(e.call("DELETE", "/api/v1/sla-targets?unit=D1038", "admin", nil), http.StatusNoContent)
	e.expect(e.call("DELETE", "/api/v1/holidays/2026-04-07", "admin", nil), http.StatusNoContent)
}

func TestReportsAndOutboxAPI(t *testing.T) {
	e := onSQLite(t)
	e.clock.t = time.Date(2026, 10, 5, 3, 0, 0, 0, time.UTC)
	e.createCase(with(newCaseBody(), "forward_to", "D1038"))
	e.clock.t = time.Date(2026, 11, 22, 3, 0, 0, 0, time.UTC)
	rep := e.expect(e.call("GET", "/api/v1/reports/sla?period=2569-10", "executive", nil), http.StatusOK).json(t)
	units := rep["units"].([]any)
	if len(units) != 1 {
		t.Fatalf("units: %v", units)
	}
	u := units[0].(map[string]any)
	ack := u["acknowledged_within_target"].(map[string]any)
	if u["unit_code"] != "D1038" || u["received"].(float64) != 1 || ack["due"].(float64) != 1 || ack["met"].(float64) != 0 || u["overall_percent"].(float64) != 0 {
		t.Errorf("report row: %v", u)
	}
	e.expect(e.call("GET", "/api/v1/reports/sla?period=Q1", "executive", nil), http.StatusBadRequest)
	e.expect(e.call("GET", "/api/v1/reports/sla?period=2569-10&unit=D1038", "coord1001", nil), http.StatusForbidden)
	e.expect(e.call("GET", "/api/v1/reports/sla?period=2569-10", "coord1038", nil), http.StatusOK)
	bl := e.expect(e.call("GET", "/api/v1/reports/backlog?from=2026-10-01&to=2026-10-31&by=month", "executive", nil), http.StatusOK).json(t)
	pts := bl["points"].([]any)
	last := pts[len(pts)-1].(map[string]any)
	if last["date"] != "2026-10-31" || last["pending"].(float64) != 1 || bl["baseline"].(float64) != 5785 {
		t.Errorf("backlog: %v", bl)
	}
	e.expect(e.call("GET", "/api/v1/reports/backlog?from=2026-10-31&to=2026-10-01", "executive", nil), http.StatusBadRequest)
	e.expect(e.call("GET", "/api/v1/outbox", "officer1038", nil), http.StatusForbidden)
	e.expect(e.call("GET", "/api/v1/outbox?status=pending", "supervisor", nil), http.StatusOK)
	e.expect(e.call("GET", "/api/v1/outbox?unit=D1001", "head1038", nil), http.StatusForbidden)
}
