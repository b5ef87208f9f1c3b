package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestCaseLifecycle walks a case from intake to completion with the right people, checks
// that the wrong role or unit is refused at each step, and reads the timeline back.
func TestCaseLifecycle(t *testing.T) {
	forEachStore(t, func(t *testing.T, e *env) {
		receipt := e.createCase(newCaseBody())
		if !strings.HasPrefix(receipt, "2569-") {
			t.Errorf("receipt %q is not in the Buddhist year 2569", receipt)
		}
		type step struct {
			user, action string
			body         any
			status       int
			wantStatus   string
		}
		steps := []step{
			{"officer1038", "forward", map[string]any{"unit_code": "D1038"}, http.StatusForbidden, ""}, // not the centre's officer
			{"supervisor", "forward", map[string]any{}, http.StatusBadRequest, ""},                     // no unit
			{"supervisor", "forward", map[string]any{"unit_code": "D9999"}, http.StatusBadRequest, ""}, // no such unit
			{"supervisor", "approve", nil, http.StatusForbidden, ""},
			{"supervisor", "forward", map[string]any{"unit_code": "D1038", "section_code": "WORKS", "reason": "ถนนในเขตลาดพร้าว"}, http.StatusOK, "forwarded"},
			{"coord1001", "acknowledge", nil, http.StatusForbidden, ""},                                      // another district
			{"coord1038", "approve", nil, http.StatusForbidden, ""},                                          // coordinators do not approve
			{"coord1038", "progress", map[string]any{"text": "รับทราบ"}, http.StatusUnprocessableEntity, ""}, // not acknowledged yet
			{"coord1038", "acknowledge", nil, http.StatusOK, "acknowledged"},
			{"coord1038", "assign", map[string]any{"section_code": "NOPE"}, http.StatusBadRequest, ""},
			{"coord1038", "assign", map[string]any{"section_code": "WORKS"}, http.StatusOK, "acknowledged"},
			{"officer1038", "progress", map[string]any{}, http.StatusBadRequest, ""}, // text missing
			{"officer1038", "progress", map[string]any{"text": "ลงพื้นที่ตรวจสอบแล้ว", "public": true}, http.StatusOK, "in_progress"},
			{"officer1038", "propose_result", map[string]any{"result_type": "law_prevents", "text": "x"}, http.StatusBadRequest, ""}, // law missing
			{"officer1038", "propose_result", map[string]any{"result_type": "fixed", "text": "ซ่อมผิวถนนเรียบร้อยแล้ว"}, http.StatusOK, "awaiting_approval"},
			{"officer1038", "approve", nil, http.StatusForbidden, ""},
			{"head1001", "approve", nil, http.StatusForbidden, ""},
			{"executive", "approve", nil, http.StatusForbidden, ""},
			{"head1038", "approve", nil, http.StatusOK, "completed"},
			{"head1038", "approve", nil, http.StatusUnprocessableEntity, ""},
		}
		for i, s := range steps {
			e.clock.Advance(time.Hour)
			r := e.act(receipt, s.action, s.user, s.body)
			if r.status != s.status {
				t.Fatalf("step %d (%s %s): status %d, want %d: %s", i, s.user, s.action, r.status, s.status, r.body)
			}
			if s.status != http.StatusOK {
				r.errorOf(t)
				continue
			}
			c := r.json(t)["case"].(map[string]any)
			if c["status"] != s.wantStatus {
				t.Fatalf("step %d: status %v, want %s", i, c["status"], s.wantStatus)
			}
		}
		r := e.expect(e.call("GET", "/api/v1/cases/"+receipt+"/events", "head1038", nil), http.StatusOK)
		var got []string
		for _, ev := range r.json(t)["events"].([]any) {
			m := ev.(map[string]any)
			got = append(got, fmt.Sprintf("%s by %s at %s", m["type"], m["actor_name"], m["at"]))
		}
		want := []string{
			"created by คุณ operator at 2026-11-20T02:00:00Z",
			"forwarded by คุณ supervisor at 2026-11-20T07:00:00Z",
			"acknowledged by คุณ coord1038 at 2026-11-20T11:00:00Z",
			"assigned by คุณ coord1038 at 2026-11-20T13:00:00Z",
			"progress by คุณ officer1038 at 2026-11-20T15:00:00Z",
			"result_proposed by คุณ officer1038 at 2026-11-20T17:00:00Z",
			"approved by คุณ head1038 at 2026-11-20T21:00:00Z",
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("timeline:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		c := e.expect(e.call("GET", "/api/v1/cases/"+receipt, "operator", nil), http.StatusOK).json(t)
		if res := c["result"].(map[string]any); res["type"] != "fixed" || c["version"].(float64) != 7 {
			t.Errorf("final case: %v", c)
		}
	})
}

func TestIdempotencyKey(t *testing.T) {
	forEachStore(t, func(t *testing.T, e *env) {
		first := e.expect(e.call("POST", "/api/v1/cases", "operator", newCaseBody(), "Idempotency-Key", "call-42"), http.StatusCreated)
		again := e.expect(e.call("POST", "/api/v1/cases", "operator", newCaseBody(), "Idempotency-Key", "call-42"), http.StatusOK)
		if a, b := first.json(t)["receipt"], again.json(t)["receipt"]; a != b {
			t.Errorf("replay gave %v, first gave %v", b, a)
		}
		if again.header.Get("Idempotent-Replayed") != "true" {
			t.Error("replay not marked Idempotent-Replayed")
		}
		other := newCaseBody()
		other["description"] = "อีกเรื่องหนึ่ง"
		r := e.expect(e.call("POST", "/api/v1/cases", "operator", other, "Idempotency-Key", "call-42"), http.StatusUnprocessableEntity)
		if code := r.errorOf(t)["code"]; code != "idempotency_key_reused" {
			t.Errorf("code %v", code)
		}
		if n := e.caseCount(); n != 1 {
			t.Errorf("%d cases, want 1", n)
		}
	})
}

func TestConfidentialCaseIsInvisibleOutside(t *testing.T) {
	forEachStore(t, func(t *testing.T, e *env) {
		body := newCaseBody()
		body["confidential"] = true
		body["forward_to"] = "D1038"
		receipt := e.createCase(body)
		for _, user := range []string{"officer1001", "head1001", "executive", "admin", "operator"} {
			for _, path := range []string{"/api/v1/cases/" + receipt, "/api/v1/cases/" + receipt + "/events"} {
				r := e.expect(e.call("GET", path, user, nil), http.StatusNotFound)
				if strings.Contains(string(r.body), "ลาดพร้าว") {
					t.Errorf("%s sees case text in a 404", user)
				}
			}
			e.expect(e.act(receipt, "note", user, map[string]any{"text": "x"}), http.StatusNotFound)
			list := e.expect(e.call("GET", "/api/v1/cases", user, nil), http.StatusOK).json(t)
			if n := len(list["cases"].([]any)); n != 0 {
				t.Errorf("%s lists %d cases, want 0", user, n)
			}
		}
		for _, user := range []string{"officer1038", "supervisor"} {
			e.expect(e.call("GET", "/api/v1/cases/"+receipt, user, nil), http.StatusOK)
		}
		// An ordinary case of another unit is refused, not hidden.
		plain := e.createCase(newCaseBody())
		e.expect(e.call("GET", "/api/v1/cases/"+plain, "officer1001", nil), http.StatusForbidden)
	})
}

func TestBadInputIsRejectedAndNothingWritten(t *testing.T) {
	forEachStore(t, func(t *testing.T, e *env) {
		with := func(key string, v any) map[string]any {
			b := newCaseBody()
			b[key] = v
			return b
		}
		withLoc := func(lat, lon any) map[string]any {
			return with("location", map[string]any{"lat": lat, "lon": lon})
		}
		cases := []struct {
			name  string
			body  any
			field string
			code  string
		}{
			{"unknown category", with("category_code", 99), "category_code", "unknown_category"},
			{"no category", with("category_code", 0), "category_code", "required"},
			{"point in Chiang Mai", withLoc(18.79, 98.98), "location.lat", "outside_bangkok"},
			{"point in the sea east", withLoc(13.75, 102.5), "location.lon", "outside_bangkok"},
			{"lat without lon", with("location", map[string]any{"lat": 13.75}), "location.lon", "required"},
			{"empty description", with("description", "   "), "description", "required"},
			{"100 KB description", with("description", strings.Repeat("ก", 100*1024/3)), "description", "too_long"},
			{"unknown channel", with("channel", "pigeon"), "channel", "unknown_channel"},
			{"unknown district", with("location", map[string]any{"district_code": 1100}), "location.district_code", "unknown_district"},
			{"bad phone", with("citizen", map[string]any{"phone": "call me"}), "citizen.phone", "invalid_phone"},
			{"category as string", `{"channel":"hotline","category_code":"6","description":"x"}`, "category_code", "wrong_type"},
			{"lat as string", `{"channel":"hotline","category_code":6,"description":"x","location":{"lat":"13.7","lon":100.5}}`, "location.lat", "wrong_type"},
			{"unknown field", `{"channel":"hotline","category_code":6,"description":"x","colour":"red"}`, "colour", "unknown_field"},
			{"malformed JSON", `{"channel":"hotline",`, "", "malformed_json"},
			{"not an object", `[1,2,3]`, "body", "wrong_type"},
			{"empty body", ``, "", "empty_body"},
			{"two objects", `{"channel":"hotline"}{"channel":"web"}`, "", "malformed_json"},
			{"unknown route target", with("forward_to", "NOWHERE"), "forward_to", "unknown_unit"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				r := e.expect(e.call("POST", "/api/v1/cases", "operator", tc.body), http.StatusBadRequest)
				got := r.errorOf(t)
				field, _ := got["field"].(string)
				if field != tc.field || got["code"] != tc.code {
					t.Errorf("field %q code %v, want field %q code %s (%s)", field, got["code"], tc.field, tc.code, r.body)
				}
			})
		}
		if n := e.caseCount(); n != 0 {
			t.Errorf("bad input wrote %d cases", n)
		}
	})
}

// TestStaleWriteLoses shows that of two officers acting on the version they both read, the
// second gets 409 and the timeline keeps only the first.
func TestStaleWriteLoses(t *testing.T) {
	forEachStore(t, func(t *testing.T, e *env) {
		receipt := e.createCase(with(newCaseBody(), "forward_to", "D1038"))
		c := e.expect(e.call("GET", "/api/v1/cases/"+receipt, "coord1038", nil), http.StatusOK)
		etag := c.header.Get("ETag")
		e.expect(e.act(receipt, "acknowledge", "coord1038", nil), http.StatusOK)
		r := e.call("POST", "/api/v1/cases/"+receipt+"/actions/note", "officer1038", map[string]any{"text": "เห็นเรื่องนี้"}, "If-Match", etag)
		e.expect(r, http.StatusConflict)
		if r.errorOf(t)["code"] != "version_conflict" {
			t.Errorf("code: %s", r.body)
		}
		// Racing requests: each carries the version it read; exactly one wins.
		v := e.expect(e.call("GET", "/api/v1/cases/"+receipt, "coord1038", nil), http.StatusOK).json(t)["version"].(float64)
		var wg sync.WaitGroup
		statuses := make([]int, 4)
		for i := range statuses {
			wg.Add(1)
			go func() {
				defer wg.Done()
				statuses[i] = e.act(receipt, "progress", "officer1038", map[string]any{"text": fmt.Sprintf("รายงาน %d", i), "if_version": int(v)}).status
			}()
		}
		wg.Wait()
		ok := 0
		for _, s := range statuses {
			switch s {
			case http.StatusOK:
				ok++
			case http.StatusConflict:
			default:
				t.Errorf("status %d", s)
			}
		}
		if ok != 1 {
			t.Errorf("%d of the racing writes won: %v", ok, statuses)
		}
	})
}

func with(m map[string]any, k string, v any) map[string]any { m[k] = v; return m }

func TestListFiltersAndValidation(t *testing.T) {
	e := onSQLite(t)
	e.createCase(newCaseBody())
	b := newCaseBody()
	b["channel"], b["best"], b["category_code"] = "line", true, 9
	e.createCase(b)
	count := func(q string) int {
		t.Helper()
		r := e.expect(e.call("GET", "/api/v1/cases?"+q, "supervisor", nil), http.StatusOK)
		return len(r.json(t)["cases"].([]any))
	}
	for q, want := range map[string]int{"": 2, "channel=line": 1, "best=true": 1, "category=6": 1, "status=new": 2, "status=completed": 0,
		"district=1038": 2, "created_from=2026-11-20": 2, "created_to=2026-11-19": 0, "limit=1": 1} {
		if got := count(q); got != want {
			t.Errorf("?%s: %d cases, want %d", q, got, want)
		}
	}
	for q, field := range map[string]string{"status=lost": "status", "district=99": "district", "best=maybe": "best", "limit=0": "limit",
		"created_from=yesterday": "created_from", "colour=red": "colour", "cursor=%21%21": "cursor"} {
		r := e.expect(e.call("GET", "/api/v1/cases?"+q, "supervisor", nil), http.StatusBadRequest)
		if got := r.errorOf(t)["field"]; got != field {
			t.Errorf("?%s: field %v, want %s", q, got, field)
		}
	}
	// Pages follow the cursor to the end.
	r := e.expect(e.call("GET", "/api/v1/cases?limit=1", "supervisor", nil), http.StatusOK).json(t)
	next := r["next_cursor"].(string)
	r2 := e.expect(e.call("GET", "/api/v1/cases?limit=1&cursor="+next, "supervisor", nil), http.StatusOK).json(t)
	if r2["next_cursor"] != "" || r["cases"].([]any)[0].(map[string]any)["receipt"] == r2["cases"].([]any)[0].(map[string]any)["receipt"] {
		t.Errorf("pages: %v / %v", r, r2)
	}
}

// TestPersonalData: staff who need the citizen see them and the read is logged; executives
// see no personal data.
func TestPersonalDataAndAccessLog(t *testing.T) {
	e := onSQLite(t)
	receipt := e.createCase(newCaseBody())
	c := e.expect(e.call("GET", "/api/v1/cases/"+receipt, "operator", nil), http.StatusOK).json(t)
	cit := c["citizen"].(map[string]any)
	if cit["phone"] != "0812345678" || cit["name"] != "สมศรี มีสุข" {
		t.Errorf("citizen: %v", cit)
	}
	ex := e.expect(e.call("GET", "/api/v1/cases/"+receipt, "executive", nil), http.StatusOK)
	if strings.Contains(string(ex.body), "0812345678") || strings.Contains(string(ex.body), "สมศรี") {
		t.Errorf("executive sees personal data: %s", ex.body)
	}
	id := int(cit["id"].(float64))
	e.expect(e.call("GET", fmt.Sprintf("/api/v1/citizens/%d?purpose=callback", id), "operator", nil), http.StatusOK)
	e.expect(e.call("GET", fmt.Sprintf("/api/v1/citizens/%d", id), "executive", nil), http.StatusForbidden)
	e.expect(e.call("GET", fmt.Sprintf("/api/v1/citizens/%d/access-log", id), "operator", nil), http.StatusForbidden)
	log := e.expect(e.call("GET", fmt.Sprintf("/api/v1/citizens/%d/access-log", id), "supervisor", nil), http.StatusOK).json(t)
	var got []string
	for _, x := range log["entries"].([]any) {
		m := x.(map[string]any)
		got = append(got, fmt.Sprintf("%s:%s", m["username"], m["purpose"]))
	}
	if strings.Join(got, ",") != "operator:callback,operator:case_view" {
		t.Errorf("access log: %v", got)
	}
	// The same phone number finds the same profile.
	again := e.createCase(newCaseBody())
	c2 := e.expect(e.call("GET", "/api/v1/cases/"+again, "operator", nil), http.StatusOK).json(t)
	if c2["citizen_id"] != c["citizen_id"] {
		t.Errorf("second report by the same phone made a new profile: %v vs %v", c2["citizen_id"], c["citizen_id"])
	}
}
