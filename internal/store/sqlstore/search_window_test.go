package sqlstore

import (
	"math/rand/v2"
	"strconv"
	"testing"
)

// blockRange is the range of smallest blocks an index term of blockTerms names.
func blockRange(t *testing.T, term string) (lo, hi int64) {
	t.Helper()
	if len(term) < 3 || term[0] != '~' || term[1] < 'a' || term[1] >= 'a'+blockLevels {
		t.Fatalf("malformed block term %q", term)
	}
	k := int(term[1] - 'a')
	n, err := strconv.ParseInt(term[2:], 10, 64)
	if err != nil {
		t.Fatalf("malformed block term %q", term)
	}
	size := int64(1) << (blockFanout * k)
	return n * size, (n + 1) * size
}

func TestBlockTermsCoverTheWindowExactly(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	cases := [][2]int64{{0, 1}, {7, 8}, {0, 8}, {8, 64}, {1, 4096}, {4095, 4097}, {100, 5000}}
	for range 500 {
		lo := rng.Int64N(1 << 20)
		cases = append(cases, [2]int64{lo, lo + 1 + rng.Int64N(1<<16)})
	}
	for _, c := range cases {
		lo, hi := c[0], c[1]
		terms := blockTerms(lo, hi)
		// Newest first, contiguous, no overlap: each term ends where the previous began.
		at := hi
		for _, term := range terms {
			a, b := blockRange(t, term)
			if b != at {
				t.Fatalf("blockTerms(%d, %d) = %v: %q covers [%d, %d), want it to end at %d", lo, hi, terms, term, a, b, at)
			}
			at = a
		}
		if at != lo {
			t.Fatalf("blockTerms(%d, %d) = %v covers down to %d, want %d", lo, hi, terms, at, lo)
		}
		// At most 7 blocks of a level on each side of the largest, and 7 of the largest.
		if len(terms) > 7*(2*blockLevels-1) {
			t.Errorf("blockTerms(%d, %d) gives %d terms", lo, hi, len(terms))
		}
	}
}

// simulate runs a plan over cases 1..maxID of which those i with i*density crossing an
// integer match, and returns the windows it asked for and how many matches the windows held
// in all (what PostgreSQL reads from the table), and the first window alone.
func simulate(t *testing.T, maxID int64, density float64) (windows [][2]int64, read, first int) {
	t.Helper()
	matches := func(a, b int64) int { // matches among IDs [a, b), 1 <= a
		return int(float64(b)*density) - int(float64(a)*density)
	}
	w := newWindowPlan(maxID)
	wantHi := maxID>>blockShift + 1
	for step := 0; ; step++ {
		if step > 20 {
			t.Fatalf("maxID %d density %g: more than 20 windows: %v", maxID, density, windows)
		}
		if w.hi != wantHi || w.lo >= w.hi || w.lo < 0 {
			t.Fatalf("maxID %d density %g: window [%d, %d) after %v: windows must follow each other down", maxID, density, w.lo, w.hi, windows)
		}
		windows = append(windows, [2]int64{w.lo, w.hi})
		if w.lo > 0 && len(blockTerms(w.lo, w.hi)) > 16 {
			t.Errorf("maxID %d density %g: window [%d, %d) needs %d terms", maxID, density, w.lo, w.hi, len(blockTerms(w.lo, w.hi)))
		}
		n := matches(max(w.lo<<blockShift, 1), min(w.hi<<blockShift, maxID+1))
		read += n
		if step == 0 {
			first = n
		}
		wantHi = w.lo
		if !w.advance(min(n, SearchWindow-w.found)) {
			if w.found < SearchWindow && w.lo != 0 {
				t.Fatalf("maxID %d density %g: stopped at %d with %d found", maxID, density, w.lo, w.found)
			}
			return windows, read, first
		}
	}
}

func TestWindowPlanReadsLittleMoreThanItReturns(t *testing.T) {
	for _, maxID := range []int64{1, 1023, 1024, 5000, 100_000, 1_000_000, 1_000_300, 20_000_000} {
		for _, density := range []float64{1, 0.3, 0.03, 0.01, 0.003, 0.001, 0.0001, 0} {
			windows, read, first := simulate(t, maxID, density)
			total := int(float64(maxID+1)*density) - int(density)
			// The first window is at most two of the smallest blocks, whatever it holds;
			// after it the windows read at most three times what they return, or all the
			// matches when there are few.
			if w := windows[0]; w[1]-w[0] > 2 {
				t.Errorf("maxID %d: first window %v", maxID, w)
			}
			if rest := read - first; rest > max(3*SearchWindow, min(total, 10*SearchWindow)) {
				t.Errorf("maxID %d density %g: read %d matches after the first window to return %d (of %d) in windows %v",
					maxID, density, rest, min(total, SearchWindow), total, windows)
			}
			if len(windows) > 6 {
				t.Errorf("maxID %d density %g: %d windows: %v", maxID, density, len(windows), windows)
			}
		}
	}
}
