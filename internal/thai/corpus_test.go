package thai

import (
	"encoding/csv"
	"errors"
	"io"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/rongtook/rongtook/internal/sharedtest"
)

// report is one Traffy Fondue report: the citizen's free text and the
// district the platform filed it under.
type report struct {
	comment, district string
}

var (
	corpusOnce sync.Once
	corpus     []report
	corpusErr  error
)

// loadCorpus reads traffy/sample10k.csv from the shared test data (skipping
// the test when it is absent, failing in CI) once per test binary.
func loadCorpus(tb testing.TB) []report {
	tb.Helper()
	path := sharedtest.File(tb, "traffy/sample10k.csv")
	corpusOnce.Do(func() { corpus, corpusErr = readReports(path) })
	if corpusErr != nil {
		tb.Fatalf("reading %s: %v", path, corpusErr)
	}
	return corpus
}

func readReports(path string) ([]report, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return nil, err
	}
	for i := range header {
		header[i] = strings.TrimPrefix(header[i], "\uFEFF")
	}
	ci, di := slices.Index(header, "comment"), slices.Index(header, "district")
	if ci < 0 || di < 0 {
		return nil, errors.New("no comment or district column")
	}
	var out []report
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if ci < len(rec) && di < len(rec) {
			out = append(out, report{comment: rec[ci], district: rec[di]})
		}
	}
	if len(out) == 0 {
		return nil, errors.New("no rows")
	}
	return out, nil
}

// TestCorpusInvariants segments every real comment and checks that the
// tokens give the text back exactly, with sound offsets, and never cut a Thai
// character cluster.
func TestCorpusInvariants(t *testing.T) {
	reports := loadCorpus(t)
	sg := Default()
	var dst []Token
	for i, r := range reports {
		dst = sg.AppendTokens(dst[:0], r.comment)
		if err := checkTokens(r.comment, dst); err != nil {
			t.Fatalf("row %d: %v\ntext: %q", i+1, err, r.comment)
		}
		if got := strings.Join(sg.Segment(r.comment), ""); got != r.comment {
			t.Fatalf("row %d: Segment does not join back to the input", i+1)
		}
	}
}

// TestCorpusQuality holds the segmenter to numbers measured on the real
// reports, so a dictionary or rule change that makes things worse fails.
func TestCorpusQuality(t *testing.T) {
	reports := loadCorpus(t)
	sg := Default()

	// 1. Little Thai text is left unknown (0.9% of bytes when written).
	var thaiBytes, unknownBytes int
	// 2. When a report names its district, the name comes out as one token.
	var named, whole int
	var broken []string
	// 3. Every "ท่อระบายน้ำ" (drain) splits the same sensible way.
	var drains, drainsOK int
	var dst []Token
	for _, r := range reports {
		dst = sg.AppendTokens(dst[:0], r.comment)
		texts := make([]string, len(dst))
		for i, tk := range dst {
			texts[i] = tk.Text
			switch tk.Kind {
			case KindThai:
				thaiBytes += len(tk.Text)
			case KindUnknown:
				thaiBytes += len(tk.Text)
				unknownBytes += len(tk.Text)
			}
		}
		if r.district != "" && strings.Contains(r.comment, r.district) {
			named++
			if slices.Contains(texts, r.district) {
				whole++
			} else if len(broken) < 10 {
				broken = append(broken, seg(sg, r.comment))
			}
		}
		n := strings.Count(r.comment, "ท่อระบายน้ำ")
		drains += n
		joined := "|" + strings.Join(texts, "|") + "|"
		drainsOK += min(n, strings.Count(joined, "|ท่อ|ระบาย|น้ำ|"))
	}
	if thaiBytes == 0 {
		t.Fatal("no Thai text in the corpus")
	}
	if share := float64(unknownBytes) / float64(thaiBytes); share > 0.015 {
		t.Errorf("%.2f%% of Thai text is unknown, want at most 1.5%%", 100*share)
	}
	// A few reports misspell the letters around the name or make a real
	// longer word with them (เส้นสาย|ไหม): allow 1% (0.3% when written).
	if named < 100 || float64(whole) < 0.99*float64(named) {
		t.Errorf("district name kept whole in %d of %d reports that mention it; examples:\n%s",
			whole, named, strings.Join(broken, "\n"))
	}
	if drains < 50 || drainsOK != drains {
		t.Errorf("ท่อระบายน้ำ split as ท่อ|ระบาย|น้ำ in %d of %d occurrences", drainsOK, drains)
	}
	t.Logf("unknown %.2f%% of %d Thai bytes; district whole in %d/%d; drains %d/%d",
		100*float64(unknownBytes)/float64(thaiBytes), thaiBytes, whole, named, drainsOK, drains)
}
