package search

import (
	"math/rand/v2"
	"os"
	"slices"
	"testing"

	"github.com/rongtook/rongtook/internal/sharedtest"
	"github.com/rongtook/rongtook/internal/traffy"
)

// traffyExamples reads the Traffy sample: every ticket with a comment, labelled with the
// category its types map to (traffy.Classify, after spec/reference/traffy_types.csv).
func traffyExamples(t testing.TB) []Example {
	exs, _ := traffyLabelled(t)
	return exs
}

// traffyLabelled also returns, for each example, every category its ticket's types map to
// (a ticket ticked ถนน and น้ำท่วม is about roads and flooding).
func traffyLabelled(t testing.TB) ([]Example, [][]int) {
	f, err := os.Open(sharedtest.File(t, "traffy/sample10k.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := traffy.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var out []Example
	var accept [][]int
	for rec, err := range r.All() {
		if err != nil {
			continue // rows the reader rejects are not cases
		}
		if rec.Comment == "" || len(rec.Types) == 0 {
			continue // no text to learn from, or no answer
		}
		cat, _ := rec.Category()
		ex := Example{Text: rec.Comment, Category: cat}
		ex.DistrictCode, _ = rec.DistrictCode()
		if rec.HasLocation {
			lat, lon := rec.Lat, rec.Lon
			ex.Lat, ex.Lon = &lat, &lon
		}
		out = append(out, ex)
		var cats []int
		for _, ty := range rec.Types {
			if info, ok := traffy.LookupType(ty); ok {
				cats = append(cats, info.Category)
			}
		}
		accept = append(accept, cats)
	}
	return out, accept
}

// TestSuggesterAccuracyOnTraffy trains on 80 % of the Traffy sample and tests on the other
// 20 % (fixed shuffle). Two measures: strict, where the answer is the one category
// traffy.Classify picks for the ticket; and by ticket, where a suggestion is right when it is
// the category of any type the citizen ticked (a fifth of the tickets tick two or more, and
// a ticket ticked ถนน and น้ำท่วม is about both). The figures go to docs/BENCHMARKS.md.
func TestSuggesterAccuracyOnTraffy(t *testing.T) {
	exs, accept := traffyLabelled(t)
	if len(exs) < 5000 {
		t.Fatalf("only %d examples in the sample", len(exs))
	}
	idx := make([]int, len(exs))
	for i := range idx {
		idx[i] = i
	}
	rand.New(rand.NewPCG(42, 1)).Shuffle(len(idx), func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
	n := len(idx) * 8 / 10
	var train, test []Example
	for _, i := range idx[:n] {
		train = append(train, exs[i])
	}
	for _, i := range idx[n:] {
		test = append(test, exs[i])
	}
	s, err := Train(train, TrainOptions{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	strict := s.Evaluate(test)
	any1, any3 := 0, 0
	for _, i := range idx[n:] {
		for k, sc := range s.Suggest(exs[i], 3) {
			if slices.Contains(accept[i], sc.Category) {
				if k == 0 {
					any1++
				}
				any3++
				break
			}
		}
	}
	m := float64(len(test))
	t.Logf("train %d, test %d: strict top-1 %.4f top-3 %.4f; by ticket top-1 %.4f top-3 %.4f",
		len(train), len(test), strict.Top1, strict.Top3, float64(any1)/m, float64(any3)/m)
	if float64(any1)/m < 0.85 || float64(any3)/m < 0.97 || strict.Top1 < 0.74 || strict.Top3 < 0.94 {
		t.Errorf("accuracy below target: strict %.4f/%.4f, by ticket %.4f/%.4f", strict.Top1, strict.Top3, float64(any1)/m, float64(any3)/m)
	}
	// The stored form answers the same.
	data, err := s.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	back, err := Unmarshal(data)
	if err != nil {
		t.Fatal(err)
	}
	if got := back.Evaluate(test[:200]); got != s.Evaluate(test[:200]) {
		t.Errorf("round trip changed the model: %+v", got)
	}
	t.Logf("model: %d bytes stored", len(data))
}
