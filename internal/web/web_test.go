package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rongtook/rongtook/internal/app"
	"github.com/rongtook/rongtook/internal/auth"
	"github.com/rongtook/rongtook/internal/cases"
	"github.com/rongtook/rongtook/internal/reference"
	"github.com/rongtook/rongtook/internal/store/sqlite"
	"github.com/rongtook/rongtook/internal/web"
)

func TestPublicStatsPage(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "r.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ref := reference.MustLoad()
	if err := st.SyncReference(ctx, ref); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC)
	a := app.New(st, ref, app.WithClock(func() time.Time { return now }), app.WithHasher(auth.Hasher{P: auth.TestParams}),
		app.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	u, err := a.CreateUserSystem(ctx, app.NewUser{Username: "op", Role: auth.RoleOperator, UnitCode: "CENTRE", Password: "long enough password"})
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = a.CreateCase(ctx, auth.PrincipalOf(u), app.NewCase{
		Draft:   cases.Draft{Channel: "hotline", CategoryCode: 6, Description: "ถนนพัง โทร 0812345678", Location: cases.Location{DistrictCode: 1004}},
		Citizen: &app.CitizenInput{Name: "สมศรี มีสุข", Phone: "0812345678"}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(web.New(a, slog.New(slog.NewTextHandler(io.Discard, nil))).Handler())
	defer srv.Close()
	res, err := http.Get(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	page := string(body)
	if res.StatusCode != 200 || res.Request.URL.Path != "/stats" {
		t.Fatalf("GET / → %d %s", res.StatusCode, res.Request.URL.Path)
	}
	for _, want := range []string{`lang="th"`, "สถิติเรื่องราวร้องทุกข์", "ถนน", "บางรัก", "สายด่วน 1555", "เรื่องใหม่"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	for _, secret := range []string{"สมศรี", "0812345678", "ถนนพัง"} {
		if strings.Contains(page, secret) {
			t.Errorf("public page shows %q", secret)
		}
	}
	res, _ = http.Get(srv.URL + "/stats?from=bad")
	if res.StatusCode != http.StatusBadRequest {
		t.Errorf("bad dates: %d", res.StatusCode)
	}
}
