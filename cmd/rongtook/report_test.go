package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rongtook/rongtook/internal/app"
	"github.com/rongtook/rongtook/internal/auth"
	"github.com/rongtook/rongtook/internal/cases"
	"github.com/rongtook/rongtook/internal/reference"
	"github.com/rongtook/rongtook/internal/store/sqlite"
)

// seedOctober puts two cases into a fresh data folder: one Bang Rak case acknowledged in time,
// one never acknowledged, both received in October 2026.
func seedOctober(t *testing.T) string {
	t.Helper()
	data := t.TempDir()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(data, "rongtook.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ref := reference.MustLoad()
	if err := st.SyncReference(ctx, ref); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 10, 5, 10, 0, 0, 0, cases.Bangkok())
	a := app.New(st, ref, app.WithClock(func() time.Time { return now }), app.WithHasher(auth.Hasher{P: auth.TestParams}))
	op, err := a.CreateUserSystem(ctx, app.NewUser{Username: "op", Role: auth.RoleOperator, UnitCode: "CENTRE", Password: "long enough password"})
	if err != nil {
		t.Fatal(err)
	}
	co, err := a.CreateUserSystem(ctx, app.NewUser{Username: "co", Role: auth.RoleCoordinator, UnitCode: "D1004", Password: "long enough password"})
	if err != nil {
		t.Fatal(err)
	}
	var receipts []string
	for range 2 {
		c, _, err := a.CreateCase(ctx, auth.PrincipalOf(op), app.NewCase{Draft: cases.Draft{Channel: "hotline", CategoryCode: 4, Description: "ขยะ"}, ForwardTo: "D1004"})
		if err != nil {
			t.Fatal(err)
		}
		receipts = append(receipts, c.Receipt)
	}
	now = now.Add(2 * time.Hour)
	if _, _, err := a.Act(ctx, auth.PrincipalOf(co), receipts[0], cases.Command{Action: cases.ActAcknowledge}, nil); err != nil {
		t.Fatal(err)
	}
	return data
}

func TestReportSLACommand(t *testing.T) {
	data := seedOctober(t)
	env := map[string]string{"RONGTOOK_LOG_LEVEL": "error"}
	r := runCLI(t, env, "", "report", "sla", "--data", data, "--period", "2569-10", "--unit", "D1004", "--format", "csv")
	if r.code != 0 {
		t.Fatalf("report sla: %+v", r)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[1], "D1004,2,1,2,50.0,") {
		t.Errorf("csv:\n%s", r.stdout)
	}
	r = runCLI(t, env, "", "report", "sla", "--data", data, "--period", "2569-10", "--format", "json")
	var out struct {
		Units []struct {
			UnitCode string `json:"unit_code"`
			Received int    `json:"received"`
		} `json:"units"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || len(out.Units) != 1 || out.Units[0].Received != 2 {
		t.Errorf("json: %s (%v)", r.stdout, err)
	}
	if r := runCLI(t, env, "", "report", "sla", "--data", data, "--period", "2569-10", "--format", "xml"); r.code != 2 {
		t.Errorf("bad format: %+v", r)
	}
	if r := runCLI(t, env, "", "report", "sla", "--data", data, "--period", "Q1"); r.code != 1 || !strings.Contains(r.stderr, "invalid_period") {
		t.Errorf("bad period: %+v", r)
	}
	r = runCLI(t, env, "", "report", "backlog", "--data", data, "--from", "2026-10-01", "--to", "2026-10-31", "--by", "month", "--format", "csv")
	if r.code != 0 || !strings.Contains(r.stdout, "2026-10-31,,2,") {
		t.Errorf("backlog: %+v", r)
	}
	r = runCLI(t, env, "", "holiday", "add", "--data", data, "--date", "2026-12-30", "--name-th", "วันหยุดพิเศษ")
	if r.code != 0 {
		t.Errorf("holiday add: %+v", r)
	}
	if r := runCLI(t, env, "", "holiday", "list", "--data", data); !strings.Contains(r.stdout, "2026-12-30\tspecial\tวันหยุดพิเศษ") {
		t.Errorf("holiday list: %+v", r)
	}
	if r := runCLI(t, env, "", "holiday", "add", "--data", data, "--date", "30/12/2569", "--name-th", "x"); r.code != 1 || !strings.Contains(r.stderr, "invalid_date") {
		t.Errorf("bad date: %+v", r)
	}
}
