package api_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"strconv"
	"strings"
	"testing"
)

func TestAuthentication(t *testing.T) {
	e := onSQLite(t)
	for name, hdr := range map[string]string{"none": "", "bad token": "Bearer rtk_nope", "basic": "Basic dXNlcjpwYXNz", "empty bearer": "Bearer "} {
		req, _ := http.NewRequest("GET", e.srv.URL+"/api/v1/cases", nil)
		if hdr != "" {
			req.Header.Set("Authorization", hdr)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusUnauthorized || !strings.Contains(string(body), `"code":"unauthenticated"`) {
			t.Errorf("%s: %d %s", name, res.StatusCode, body)
		}
	}
	// A token revoked through the API stops working at once.
	created := e.expect(e.call("POST", "/api/v1/tokens", "operator", map[string]any{"name": "laptop"}), http.StatusCreated).json(t)
	secret := created["token"].(string)
	e.tokens["laptop"] = secret
	e.expect(e.call("GET", "/api/v1/me", "laptop", nil), http.StatusOK)
	list := e.expect(e.call("GET", "/api/v1/tokens", "operator", nil), http.StatusOK)
	if strings.Contains(string(list.body), secret) {
		t.Error("token list shows a secret")
	}
	e.expect(e.call("DELETE", "/api/v1/tokens/"+itoa(created["id"]), "officer1001", nil), http.StatusNotFound) // not theirs
	e.expect(e.call("DELETE", "/api/v1/tokens/"+itoa(created["id"]), "operator", nil), http.StatusNoContent)
	e.expect(e.call("GET", "/api/v1/me", "laptop", nil), http.StatusUnauthorized)
}

func itoa(v any) string {
	f, _ := v.(float64)
	return strconv.FormatInt(int64(f), 10)
}

func TestSessionLoginLogoutAndLimits(t *testing.T) {
	e := onSQLite(t)
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	post := func(path, body string, headers ...string) *http.Response {
		req, _ := http.NewRequest("POST", e.srv.URL+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		for i := 0; i+1 < len(headers); i += 2 {
			req.Header.Set(headers[i], headers[i+1])
		}
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res
	}
	get := func(path string) int {
		res, err := client.Get(e.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if res := post("/api/v1/session", `{"username":"coord1038","password":"wrong password"}`); res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("wrong password: %d", res.StatusCode)
	}
	res := post("/api/v1/session", `{"username":"coord1038","password":"correct horse battery"}`)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("login: %d", res.StatusCode)
	}
	var cookie *http.Cookie
	for _, c := range res.Cookies() {
		if c.Name == "rongtook_session" {
			cookie = c
		}
	}
	if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode {
		t.Fatalf("session cookie: %+v", cookie)
	}
	if s := get("/api/v1/me"); s != http.StatusOK {
		t.Errorf("me with session: %d", s)
	}
	// A cross-site form post riding on the cookie is refused.
	receipt := e.createCase(with(newCaseBody(), "forward_to", "D1038"))
	if res := post("/api/v1/cases/"+receipt+"/actions/acknowledge", `{}`, "Sec-Fetch-Site", "cross-site"); res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site POST: %d, want 403", res.StatusCode)
	}
	if res := post("/api/v1/cases/"+receipt+"/actions/acknowledge", `{}`, "Sec-Fetch-Site", "same-origin"); res.StatusCode != http.StatusOK {
		t.Errorf("same-origin POST: %d, want 200", res.StatusCode)
	}
	req, _ := http.NewRequest("DELETE", e.srv.URL+"/api/v1/session", nil)
	if res, err := client.Do(req); err != nil || res.StatusCode != http.StatusNoContent {
		t.Fatalf("logout: %v %v", res, err)
	}
	if s := get("/api/v1/me"); s != http.StatusUnauthorized {
		t.Errorf("me after logout: %d", s)
	}
	// Five failures lock the name for the window, even with the right password.
	for range 4 {
		post("/api/v1/session", `{"username":"coord1038","password":"guess"}`)
	}
	if res := post("/api/v1/session", `{"username":"coord1038","password":"correct horse battery"}`); res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
		t.Errorf("after 5 failures: %d", res.StatusCode)
	}
}

func TestAdministration(t *testing.T) {
	e := onSQLite(t)
	newUser := map[string]any{"username": "somchai", "display_name": "สมชาย", "role": "officer", "unit_code": "D1001", "password": "รหัสผ่านภาษาไทยยาวมาก"}
	e.expect(e.call("POST", "/api/v1/users", "supervisor", newUser), http.StatusForbidden)
	e.expect(e.call("POST", "/api/v1/users", "admin", newUser), http.StatusCreated)
	e.expect(e.call("POST", "/api/v1/users", "admin", newUser), http.StatusConflict)
	for field, bad := range map[string]any{"role": "king", "unit_code": "NOWHERE", "password": "short", "username": "Bad Name!"} {
		u := map[string]any{"username": "x" + field, "role": "officer", "unit_code": "D1001", "password": "long enough password"}
		u[field] = bad
		r := e.expect(e.call("POST", "/api/v1/users", "admin", u), http.StatusBadRequest)
		if got := r.errorOf(t)["field"]; got != field {
			t.Errorf("bad %s: field %v", field, got)
		}
	}
	op := map[string]any{"username": "op2", "role": "operator", "unit_code": "D1001", "password": "long enough password"}
	e.expect(e.call("POST", "/api/v1/users", "admin", op), http.StatusBadRequest)
	users := e.expect(e.call("GET", "/api/v1/users", "head1001", nil), http.StatusOK).json(t)["users"].([]any)
	for _, u := range users {
		if u.(map[string]any)["unit_code"] != "D1001" {
			t.Errorf("head of D1001 sees %v", u)
		}
	}
	e.expect(e.call("GET", "/api/v1/users", "officer1001", nil), http.StatusForbidden)

	// Routing: the default sends roads to the district's works section; an admin can change it.
	route := e.expect(e.call("GET", "/api/v1/routing?category=6&district=1038", "operator", nil), http.StatusOK).json(t)
	if route["unit_code"] != "D1038" || route["section_code"] != "WORKS" {
		t.Errorf("default route: %v", route)
	}
	rule := map[string]any{"unit_code": "BPW", "section_code": "ROADS"}
	e.expect(e.call("PUT", "/api/v1/routing-rules/6/1038", "supervisor", rule), http.StatusForbidden)
	e.expect(e.call("PUT", "/api/v1/routing-rules/6/1038", "admin", map[string]any{"unit_code": "BPW", "section_code": "NOPE"}), http.StatusBadRequest)
	e.expect(e.call("PUT", "/api/v1/routing-rules/6/1038", "admin", rule), http.StatusOK)
	c := e.expect(e.call("POST", "/api/v1/cases", "operator", with(newCaseBody(), "auto_route", true)), http.StatusCreated).json(t)
	if c["unit_code"] != "BPW" || c["status"] != "forwarded" || c["section_code"] != "ROADS" {
		t.Errorf("auto-routed case: unit %v status %v", c["unit_code"], c["status"])
	}
	e.expect(e.call("DELETE", "/api/v1/routing-rules/6/1038", "admin", nil), http.StatusNoContent)
	e.expect(e.call("DELETE", "/api/v1/routing-rules/6/1038", "admin", nil), http.StatusNotFound)

	// Coordinators: the unit's head sets them; another unit's staff cannot.
	coord := map[string]any{"title": "นาง", "first_name": "สมหญิง", "last_name": "รักงาน", "position": "นักจัดการงานทั่วไป", "section": "ฝ่ายปกครอง",
		"office_phone": "02 513 0000", "mobile_phone": "089-000-1111", "line_id": "somying.lp", "line_display_name": "สมหญิง ลาดพร้าว"}
	e.expect(e.call("PUT", "/api/v1/units/D1038/coordinators/best", "head1001", coord), http.StatusForbidden)
	e.expect(e.call("PUT", "/api/v1/units/D1038/coordinators/urgent", "head1038", coord), http.StatusBadRequest)
	e.expect(e.call("PUT", "/api/v1/units/D1038/coordinators/best", "head1038", coord), http.StatusOK)
	list := e.expect(e.call("GET", "/api/v1/units/D1038/coordinators", "operator", nil), http.StatusOK).json(t)["coordinators"].([]any)
	if len(list) != 1 || list[0].(map[string]any)["line_id"] != "somying.lp" {
		t.Errorf("coordinators: %v", list)
	}
	e.expect(e.call("GET", "/api/v1/units/NOWHERE/coordinators", "operator", nil), http.StatusNotFound)

	units := e.expect(e.call("GET", "/api/v1/units", "operator", nil), http.StatusOK).json(t)["units"].([]any)
	districts := 0
	for _, u := range units {
		m := u.(map[string]any)
		if m["type"] == "district" {
			districts++
			if m["code"] != "D"+itoa(m["district_code"]) {
				t.Errorf("unit %v has district %v", m["code"], m["district_code"])
			}
		}
	}
	if districts != 50 {
		t.Errorf("%d district offices", districts)
	}
	ref := e.expect(e.call("GET", "/api/v1/reference", "operator", nil), http.StatusOK).json(t)
	if len(ref["categories"].([]any)) != 23 || len(ref["districts"].([]any)) != 50 {
		t.Errorf("reference: %d categories, %d districts", len(ref["categories"].([]any)), len(ref["districts"].([]any)))
	}
}

func TestHealthAndErrors(t *testing.T) {
	e := onSQLite(t)
	e.expect(e.call("GET", "/healthz", "", nil), http.StatusOK)
	e.expect(e.call("GET", "/readyz", "", nil), http.StatusOK)
	r := e.expect(e.call("GET", "/api/v1/nothing-here", "operator", nil), http.StatusNotFound)
	r.errorOf(t)
	e.expect(e.act("2569-000001", "dance", "operator", nil), http.StatusNotFound)
	e.expect(e.call("GET", "/api/v1/cases/not-a-receipt", "operator", nil), http.StatusNotFound)
	// A broken database gives 500 with nothing internal in the body, and readiness fails.
	e.store.Close()
	r = e.expect(e.call("GET", "/api/v1/cases", "operator", nil), http.StatusInternalServerError)
	if m := r.errorOf(t); m["code"] != "internal" || strings.Contains(strings.ToLower(string(r.body)), "sql") {
		t.Errorf("500 body leaks: %s", r.body)
	}
	e.expect(e.call("GET", "/readyz", "", nil), http.StatusServiceUnavailable)
}
