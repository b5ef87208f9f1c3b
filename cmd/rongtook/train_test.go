package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/rongtook/rongtook/internal/sharedtest"
)

// TestTrainOnImportedTraffy imports the Traffy sample, trains the suggester with a holdout,
// and asks a server on the same data for suggestions.
func TestTrainOnImportedTraffy(t *testing.T) {
	sample := sharedtest.File(t, "traffy/sample10k.csv")
	data := t.TempDir()
	env := map[string]string{"RONGTOOK_LOG_LEVEL": "error"}
	if r := runCLI(t, env, "", "train", "--data", data); r.code != 1 || !strings.Contains(r.stderr, "too_few_cases") {
		t.Errorf("train on an empty database: %+v", r)
	}
	if r := runCLI(t, env, "", "train", "--data", data, "--holdout", "0.9"); r.code != 2 {
		t.Errorf("holdout 0.9: %+v", r)
	}
	if r := runCLI(t, env, "", "import", "traffy", sample, "--data", data); r.code != 0 {
		t.Fatalf("import: %+v", r)
	}
	r := runCLI(t, env, "", "train", "--data", data, "--holdout", "0.2")
	if r.code != 0 {
		t.Fatalf("train: %+v", r)
	}
	var res struct {
		Cases, Tested, Categories int
		Accuracy                  struct{ Top1, Top3 float64 }
	}
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil {
		t.Fatalf("train printed %q", r.stdout)
	}
	t.Logf("train --holdout 0.2 on the imported sample: %s", r.stdout)
	if res.Cases < 7000 || res.Tested < 1500 || res.Categories < 10 || res.Accuracy.Top1 < 0.7 || res.Accuracy.Top3 < 0.9 {
		t.Errorf("train result %+v", res)
	}

	if r := runCLI(t, env, "correct horse battery\n", "user", "create", "--data", data, "--username", "op", "--role", "operator", "--unit", "CENTRE", "--password-stdin"); r.code != 0 {
		t.Fatal(r)
	}
	tok := strings.TrimSpace(runCLI(t, env, "", "token", "create", "--data", data, "--username", "op").stdout)
	base := serve(t, env, "--data", data, "--jobs=false")
	body, _ := json.Marshal(map[string]any{"description": "ท่อระบายน้ำอุดตัน น้ำเน่าส่งกลิ่นเหม็น", "lat": 13.7946, "lon": 100.6086})
	req, _ := http.NewRequest("POST", base+"/api/v1/suggest", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		Categories []struct {
			Category struct{ Code int }
			Score    float64
		}
		UnitCode string `json:"unit_code"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != 200 {
		t.Fatalf("suggest: %d %v", resp.StatusCode, err)
	}
	if len(out.Categories) != 3 || out.Categories[0].Category.Code != 5 || out.UnitCode == "" {
		t.Errorf("suggest: %+v", out)
	}
}
