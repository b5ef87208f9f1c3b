package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// A small 2023-format export with broken rows among good ones (line numbers on the right).
const traffyExport = "\ufeffticket_id,type,organization,comment,coords,photo,photo_after,address,subdistrict,district,province,timestamp,state,star,count_reopen,last_activity\n" + // 1
	`2023-AAAAAA,{ถนน},เขตบางรัก,ถนนเป็นหลุม,"100.529,13.726",https://example.org/a.jpg,,ที่อยู่,สีลม,บางรัก,กรุงเทพมหานคร,2023-05-12 03:00:00+00,เสร็จสิ้น,5,0,2023-05-14 08:30:00+00` + "\n" + // 2
	`,{},เขตบางบอน,,"100.39,13.64",https://example.org/b.jpg,,,บางบอนใต้,บางบอน,กรุงเทพมหานคร,2023-05-12 13:26:11+00,รอรับเรื่อง,,0,2023-05-12 13:26:11+00` + "\n" + // 3
	`2023-CCCCCC,{ถนน},เขตบางรัก,พิกัดเสีย,"ไม่ทราบ",https://example.org/c.jpg,,,สีลม,บางรัก,กรุงเทพมหานคร,2023-05-12 03:00:00+00,รอรับเรื่อง,,0,2023-05-12 03:00:00+00` + "\n" + // 4
	`2023-DDDDDD,{น้ำท่วม},,"น้ำท่วม` + "\n" + `หลายบรรทัด","100.52,13.72",https://example.org/d.jpg,,,,เมืองนนทบุรี,นนทบุรี,2023-05-12 03:00:00+00,,,0,2023-05-12 03:00:00+00` + "\n" + // 5–6
	"2023-EEEEEE,{ถนน}\n" // 7

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// summaryCount reads one row of the summary table, e.g. "created  1".
func summaryCount(t *testing.T, stdout, label string) string {
	t.Helper()
	m := regexp.MustCompile(`(?m)^  ` + regexp.QuoteMeta(label) + ` +([0-9]+) `).FindStringSubmatch(stdout)
	if m == nil {
		t.Fatalf("no %q row in the summary:\n%s", label, stdout)
	}
	return m[1]
}

func TestImportTraffyCommand(t *testing.T) {
	env := map[string]string{"RONGTOOK_LOG_LEVEL": "error"}
	data := t.TempDir()
	file := writeFile(t, "export.csv", traffyExport)

	r := runCLI(t, env, "", "import", "traffy", file, "--data", data)
	if r.code != 0 {
		t.Fatalf("import: %+v", r)
	}
	for _, want := range []string{
		"line 3: missing_ticket_id: ",
		"line 4: invalid_coords: ",
		"line 5: missing_state (warning): ",
		"line 5: unknown_district (warning): ",
		"line 7: field_count: ",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if strings.Contains(r.stderr, "\r") || strings.Contains(r.stderr, "หลายบรรทัด") || strings.Contains(r.stderr, "ถนนเป็นหลุม") {
		t.Errorf("stderr holds a progress bar or a comment:\n%q", r.stderr)
	}
	for label, want := range map[string]string{"created": "1", "created with warnings": "1", "already imported (skipped)": "0", "rejected": "3", "rows read": "5"} {
		if got := summaryCount(t, r.stdout, label); got != want {
			t.Errorf("first run %s = %s, want %s", label, got, want)
		}
	}
	if !strings.Contains(r.stdout, "export format") || !strings.Contains(r.stdout, "missing_ticket_id") {
		t.Errorf("summary:\n%s", r.stdout)
	}

	// Again, with the flags before the file: nothing is added twice.
	r = runCLI(t, env, "", "import", "traffy", "--data", data, "--batch", "1", file)
	if r.code != 0 {
		t.Fatalf("second import: %+v", r)
	}
	for label, want := range map[string]string{"created": "0", "created with warnings": "0", "already imported (skipped)": "2", "rejected": "3"} {
		if got := summaryCount(t, r.stdout, label); got != want {
			t.Errorf("second run %s = %s, want %s", label, got, want)
		}
	}
}

func TestImportTraffyBoundaries(t *testing.T) {
	env := map[string]string{"RONGTOOK_LOG_LEVEL": "error"}
	// One district, 1004, around the point of line 5 (100.52, 13.72).
	boundaries := writeFile(t, "districts.geojson", `{"type":"FeatureCollection","features":[{"type":"Feature",
		"properties":{"amp_code":"1004"},"geometry":{"type":"Polygon","coordinates":[[[100.5,13.7],[100.6,13.7],[100.6,13.8],[100.5,13.8],[100.5,13.7]]]}}]}`)
	r := runCLI(t, env, "", "import", "traffy", writeFile(t, "export.csv", traffyExport), "--data", t.TempDir(), "--boundaries", boundaries)
	if r.code != 0 {
		t.Fatalf("import: %+v", r)
	}
	if strings.Contains(r.stderr, "unknown_district") || !strings.Contains(r.stderr, "line 5: missing_state (warning)") {
		t.Errorf("with boundaries the point places line 5:\n%s", r.stderr)
	}
}

func TestImportErrors(t *testing.T) {
	env := map[string]string{"RONGTOOK_LOG_LEVEL": "error"}
	data := t.TempDir()
	good := writeFile(t, "export.csv", traffyExport)
	tests := []struct {
		name    string
		args    []string
		code    int
		mention string
	}{
		{"no kind", []string{"import"}, 2, "missing subcommand"},
		{"unknown kind", []string{"import", "nyc311", good}, 2, `unknown subcommand "nyc311"`},
		{"no file", []string{"import", "traffy", "--data", data}, 2, "missing FILE.csv"},
		{"two files", []string{"import", "traffy", good, good}, 2, "one file at a time"},
		{"batch zero", []string{"import", "traffy", good, "--batch", "0"}, 2, "--batch"},
		{"unknown flag", []string{"import", "traffy", good, "--fast"}, 2, "fast"},
		{"missing file", []string{"import", "traffy", filepath.Join(data, "nope.csv"), "--data", data}, 1, "cannot_read"},
		{"not a Traffy file", []string{"import", "traffy", writeFile(t, "x.csv", "a,b\n1,2\n"), "--data", data}, 1, "not_traffy_csv"},
		{"bad boundaries", []string{"import", "traffy", good, "--data", data, "--boundaries", writeFile(t, "b.geojson", "{}")}, 1, "invalid_boundaries"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, env, "", tt.args...)
			if r.code != tt.code || !strings.Contains(r.stderr, tt.mention) {
				t.Errorf("exit %d, want %d; stderr should mention %q:\n%s", r.code, tt.code, tt.mention, r.stderr)
			}
			if r.code == 1 && r.stdout != "" {
				t.Errorf("a file that could not be read printed a summary:\n%s", r.stdout)
			}
		})
	}
}
