package api_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/rongtook/rongtook/internal/app"
	"github.com/rongtook/rongtook/internal/store"
)

func receiptsOf(t *testing.T, r response) []string {
	t.Helper()
	var out []string
	for _, c := range r.json(t)["cases"].([]any) {
		out = append(out, c.(map[string]any)["receipt"].(string))
	}
	return out
}

func TestSearchAPI(t *testing.T) {
	forEachStore(t, func(t *testing.T, e *env) {
		drain := newCaseBody()
		drain["category_code"] = 5
		drain["description"] = "มีท่อระบายน้ำอุดตันหน้าตลาดทำให้น้ำขังทุกครั้งที่ฝนตก"
		drain["citizen"] = map[string]any{"name": "สมชาย", "phone": "089-999-0000"}
		a := e.createCase(drain)
		b := e.createCase(newCaseBody())
		e.expect(e.act(b, "forward", "operator", map[string]any{"unit_code": "D1001"}), 200)

		list := func(user, q string, extra ...string) response {
			t.Helper()
			return e.expect(e.call("GET", "/api/v1/cases?q="+url.QueryEscape(q)+strings.Join(extra, ""), user, nil), http.StatusOK)
		}
		// A word from the middle of the sentence, with where it is and a marked snippet.
		r := list("supervisor", "ตลาด")
		if got := receiptsOf(t, r); len(got) != 1 || got[0] != a {
			t.Fatalf("ตลาด = %v, want [%s]", got, a)
		}
		c := r.json(t)["cases"].([]any)[0].(map[string]any)
		hit := c["search"].(map[string]any)
		spans := hit["description"].([]any)
		desc := drain["description"].(string)
		if len(spans) != 1 {
			t.Fatalf("spans %v", spans)
		}
		sp := spans[0].(map[string]any)
		if w := desc[int(sp["start"].(float64)):int(sp["end"].(float64))]; w != "ตลาด" {
			t.Errorf("highlight covers %q", w)
		}
		if s := hit["snippet"].(string); !strings.Contains(s, "«ตลาด»") {
			t.Errorf("snippet %q", s)
		}
		// Filters and visibility combine with the words.
		if got := receiptsOf(t, list("supervisor", "หลุม", "&unit=D1001")); len(got) != 1 || got[0] != b {
			t.Errorf("หลุม in D1001 = %v", got)
		}
		if got := receiptsOf(t, list("supervisor", "หลุม", "&unit=D1038")); len(got) != 0 {
			t.Errorf("หลุม in D1038 = %v", got)
		}
		if got := receiptsOf(t, list("coord1038", "หลุม")); len(got) != 0 {
			t.Errorf("D1038 sees another unit's case: %v", got)
		}
		// A receipt number and a phone number find their case at once.
		if got := receiptsOf(t, list("operator", b)); len(got) != 1 || got[0] != b {
			t.Errorf("receipt search = %v", got)
		}
		if got := receiptsOf(t, list("operator", "0899990000")); len(got) != 1 || got[0] != a {
			t.Errorf("phone search = %v", got)
		}
		// So does a citizen's full name.
		if got := receiptsOf(t, list("operator", "สมศรี มีสุข")); len(got) != 1 || got[0] != b {
			t.Errorf("name search = %v", got)
		}
		// The executive sees no personal data, so a phone number is only text to them.
		if got := receiptsOf(t, list("executive", "0899990000")); len(got) != 0 {
			t.Errorf("executive phone search = %v", got)
		}
		if got := receiptsOf(t, list("executive", "สมศรี มีสุข")); len(got) != 0 {
			t.Errorf("executive name search = %v", got)
		}
	})
}

func TestDuplicatesAtIntake(t *testing.T) {
	forEachStore(t, func(t *testing.T, e *env) {
		first := e.createCase(newCaseBody())
		// The same pothole reported by someone else 20 m away.
		near := newCaseBody()
		near["description"] = "หลุมลึกบนถนนหน้าซอยลาดพร้าว 101"
		near["location"] = map[string]any{"lat": 13.7946 + 0.00018, "lon": 100.6086, "address": "ลาดพร้าว 101", "district_code": 1038}
		near["citizen"] = map[string]any{"name": "สมปอง", "phone": "086-111-2222"}
		r := e.expect(e.call("POST", "/api/v1/cases/duplicates", "operator", near), http.StatusOK)
		dups := r.json(t)["duplicates"].([]any)
		if len(dups) != 1 {
			t.Fatalf("20 m away: %s", r.body)
		}
		d := dups[0].(map[string]any)
		if d["receipt"] != first || d["score"].(float64) < 0.5 || d["distance_m"].(float64) > 25 {
			t.Errorf("candidate %v", d)
		}
		if rs := d["reasons"].([]any); len(rs) < 2 || rs[0] != "same_category" || rs[1] != "nearby" {
			t.Errorf("reasons %v", rs)
		}
		// 2 km away is another pothole.
		far := newCaseBody()
		far["location"] = map[string]any{"lat": 13.7946 + 0.018, "lon": 100.6086, "district_code": 1038}
		far["citizen"] = map[string]any{"name": "สมปอง", "phone": "086-111-2222"}
		r = e.expect(e.call("POST", "/api/v1/cases/duplicates", "operator", far), http.StatusOK)
		if dups := r.json(t)["duplicates"].([]any); len(dups) != 0 {
			t.Errorf("2 km away offered: %s", r.body)
		}
		// 100 m away is too far for a road defect, near enough for a flooded soi.
		flood := func(lat float64) map[string]any {
			b := newCaseBody()
			b["category_code"] = 8
			b["description"] = "น้ำท่วมขังในซอย"
			b["location"] = map[string]any{"lat": lat, "lon": 100.6086, "district_code": 1038}
			delete(b, "citizen")
			b["anonymous"] = true
			return b
		}
		road100 := newCaseBody()
		road100["location"] = map[string]any{"lat": 13.7946 + 0.0009, "lon": 100.6086, "district_code": 1038}
		delete(road100, "citizen")
		r = e.expect(e.call("POST", "/api/v1/cases/duplicates", "operator", road100), http.StatusOK)
		if dups := r.json(t)["duplicates"].([]any); len(dups) != 0 {
			t.Errorf("a road defect 100 m away offered: %s", r.body)
		}
		e.createCase(flood(13.7946))
		r = e.expect(e.call("POST", "/api/v1/cases/duplicates", "operator", flood(13.7946+0.0018)), http.StatusOK)
		if dups := r.json(t)["duplicates"].([]any); len(dups) != 1 {
			t.Errorf("a flooded soi 200 m away not offered: %s", r.body)
		}
		// The same citizen's open cases come too, wherever they are; and the answer to taking
		// in a case carries the candidates.
		mine := newCaseBody()
		mine["category_code"] = 17
		mine["description"] = "เจ้าหน้าที่พูดจาไม่สุภาพ"
		delete(mine, "location")
		r = e.expect(e.call("POST", "/api/v1/cases", "operator", mine), http.StatusCreated)
		pd, _ := r.json(t)["possible_duplicates"].([]any)
		if len(pd) != 1 || pd[0].(map[string]any)["receipt"] != first || pd[0].(map[string]any)["reasons"].([]any)[0] != "same_citizen" {
			t.Errorf("possible_duplicates %s", r.body)
		}
		// Closed cases are not offered.
		e.expect(e.act(first, "terminate", "supervisor", map[string]any{"termination_reason": "withdrawn"}), 200)
		r = e.expect(e.call("POST", "/api/v1/cases/duplicates", "operator", near), http.StatusOK)
		if dups := r.json(t)["duplicates"].([]any); len(dups) != 0 {
			t.Errorf("closed case offered: %s", r.body)
		}
	})
}

func TestLinkDuplicate(t *testing.T) {
	e := onSQLite(t)
	orig := e.createCase(newCaseBody())
	second := newCaseBody()
	second["citizen"] = map[string]any{"name": "สมปอง", "phone": "086-111-2222"}
	second["channel"] = "line"
	dup := e.createCase(second)

	e.expect(e.act(dup, "link_duplicate", "coord1001", map[string]any{"of": orig}), http.StatusForbidden)
	e.expect(e.act(dup, "link_duplicate", "operator", map[string]any{"of": "2569-999999"}), http.StatusBadRequest)
	e.expect(e.act(dup, "unlink_duplicate", "operator", map[string]any{"of": orig}), http.StatusUnprocessableEntity)
	r := e.expect(e.act(dup, "link_duplicate", "operator", map[string]any{"of": orig}), http.StatusOK)
	c := r.json(t)["case"].(map[string]any)
	if c["status"] != "terminated" || c["termination"].(map[string]any)["reason"] != "duplicate" {
		t.Errorf("duplicate after link: %v", c)
	}
	// A case linked to another cannot be an original, nor linked twice.
	third := e.createCase(newCaseBody())
	e.expect(e.act(third, "link_duplicate", "operator", map[string]any{"of": dup}), http.StatusUnprocessableEntity)
	e.expect(e.act(dup, "link_duplicate", "operator", map[string]any{"of": orig}), http.StatusUnprocessableEntity)

	// The original's timeline shows it; the duplicate's citizen is told on their channel.
	evs := e.expect(e.call("GET", "/api/v1/cases/"+orig+"/events", "operator", nil), 200)
	if !strings.Contains(string(evs.body), `"type":"duplicate_linked"`) || !strings.Contains(string(evs.body), dup) {
		t.Errorf("original's timeline: %s", evs.body)
	}
	ctx := context.Background()
	dc, _ := e.store.CaseByReceipt(ctx, dup)
	msgs, err := e.store.Outbox(ctx, store.OutboxFilter{CaseID: dc.ID})
	if err != nil {
		t.Fatal(err)
	}
	var told bool
	for _, m := range msgs {
		// The citizen has no LINE identity: the centre is asked to pass it on.
		if m.Kind == "duplicate_linked" && m.Channel == "internal" && strings.Contains(m.Text, orig) && strings.HasPrefix(m.Recipient, "citizen:") {
			told = true
		}
	}
	if !told {
		t.Errorf("citizen not told: %+v", msgs)
	}
	// Repeat complaints are counted per unit, category and month.
	rep := e.expect(e.call("GET", "/api/v1/reports/repeats?from=2026-11-01&to=2026-12-01", "supervisor", nil), 200).json(t)
	if rep["total"].(float64) != 1 {
		t.Errorf("repeats %v", rep)
	}
	row := rep["rows"].([]any)[0].(map[string]any)
	if row["month"] != "2026-11" || row["category_code"].(float64) != 6 || row["count"].(float64) != 1 {
		t.Errorf("repeat row %v", row)
	}
	if rep := e.expect(e.call("GET", "/api/v1/reports/repeats?from=2026-11-01&to=2026-12-01", "coord1001", nil), 200).json(t); rep["total"].(float64) != 0 {
		t.Errorf("another unit's repeats shown: %v", rep)
	}
	// Undo: the duplicate reopens and is no longer counted.
	e.expect(e.act(dup, "unlink_duplicate", "operator", map[string]any{"of": third}), http.StatusBadRequest)
	r = e.expect(e.act(dup, "unlink_duplicate", "operator", map[string]any{"of": orig}), http.StatusOK)
	if st := r.json(t)["case"].(map[string]any)["status"]; st != "forwarded" && st != "new" {
		t.Errorf("after unlink: %v", st)
	}
	if rep := e.expect(e.call("GET", "/api/v1/reports/repeats?from=2026-11-01&to=2026-12-01", "supervisor", nil), 200).json(t); rep["total"].(float64) != 0 {
		t.Errorf("undone link still counted: %v", rep)
	}
	evs = e.expect(e.call("GET", "/api/v1/cases/"+orig+"/events", "operator", nil), 200)
	if !strings.Contains(string(evs.body), `"type":"duplicate_unlinked"`) {
		t.Errorf("original's timeline after undo: %s", evs.body)
	}
	// Linked again, the duplicate's citizen follows the original: when it closes, they are told.
	e.expect(e.act(dup, "link_duplicate", "operator", map[string]any{"of": orig}), http.StatusOK)
	e.expect(e.act(orig, "terminate", "supervisor", map[string]any{"termination_reason": "outside_authority"}), http.StatusOK)
	msgs, _ = e.store.Outbox(ctx, store.OutboxFilter{CaseID: dc.ID})
	kinds := map[string]int{}
	for _, m := range msgs {
		kinds[m.Kind]++
		if m.Kind == "original_closed" && (!strings.Contains(m.Text, orig) || m.Recipient != "citizen:"+fmt.Sprint(dc.CitizenID)) {
			t.Errorf("follower message %+v", m)
		}
	}
	if kinds["duplicate_linked"] != 2 || kinds["duplicate_unlinked"] != 1 || kinds["original_closed"] != 1 {
		t.Errorf("messages to the duplicate's citizen: %v", kinds)
	}
}

func TestSuggestAfterTraining(t *testing.T) {
	e := onSQLite(t)
	e.expect(e.call("POST", "/api/v1/suggest", "operator", map[string]any{"description": "ถนนเป็นหลุม"}), http.StatusUnprocessableEntity)
	for i, spec := range []struct {
		cat  int
		desc string
	}{
		{6, "ถนนเป็นหลุมลึก"}, {6, "ถนนชำรุดเป็นหลุมบ่อ"}, {6, "ผิวถนนแตกเป็นหลุม"},
		{5, "ท่อระบายน้ำอุดตัน"}, {5, "ท่อระบายน้ำส่งกลิ่นเหม็น อุดตัน"}, {5, "ฝาท่อระบายน้ำหาย"},
		{7, "ไฟฟ้าส่องสว่างดับ"}, {7, "ไฟทางดับทั้งซอย"}, {7, "เสาไฟฟ้าดับมืดมาก"},
		{4, "ขยะกองหน้าบ้านไม่มีคนเก็บ"},
	} {
		b := newCaseBody()
		b["category_code"], b["description"] = spec.cat, spec.desc
		b["citizen"] = map[string]any{"name": "ผู้แจ้ง", "phone": fmt.Sprintf("08100000%02d", i)}
		e.createCase(b)
	}
	res, err := e.app.Train(context.Background(), app.TrainOptions{})
	if err != nil || res.Cases != 10 || res.Categories != 4 {
		t.Fatalf("train: %+v %v", res, err)
	}
	r := e.expect(e.call("POST", "/api/v1/suggest", "operator", map[string]any{"description": "ท่อระบายน้ำหน้าบ้านอุดตัน", "lat": 13.7946, "lon": 100.6086}), 200).json(t)
	cats := r["categories"].([]any)
	if len(cats) != 3 {
		t.Fatalf("suggest %v", r)
	}
	top := cats[0].(map[string]any)
	if top["category"].(map[string]any)["code"].(float64) != 5 || top["score"].(float64) <= cats[1].(map[string]any)["score"].(float64) {
		t.Errorf("top suggestion %v", r)
	}
	// The point lies where the cases learned from were: district 1038, whose drains the
	// routing rules send to its district office.
	if r["district_code"].(float64) != 1038 || r["unit_code"] != "D1038" {
		t.Errorf("routing %v", r)
	}
	e.expect(e.call("POST", "/api/v1/suggest", "operator", map[string]any{"description": "x", "lat": 1.0, "lon": 2.0}), http.StatusBadRequest)
}
