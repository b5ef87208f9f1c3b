package sqlstore

import (
	"context"
	"strconv"
	"strings"
)

// PostgreSQL searches in windows of case IDs, newest first.
//
// A search wants the newest SearchWindow matches. A GIN index yields every match as a bitmap
// and PostgreSQL must read each one from the table before it can sort them by ID: two common
// words match ten thousand cases or more, ten thousand random heap reads, 60–120 ms. So the
// index also holds, for every case, a term naming the block of IDs it falls in at each of
// six sizes (case_search_vector in migration 00010), and a search first asks for the
// matches in the newest block only; then, if that gave too few, in an older window sized
// from how dense the matches were so far; and at last, when the window would cover most of
// what is left, in everything older. Each step reads from the table little more than the
// matches it still needs. The result is the same as one query over all cases: the newest
// SearchWindow matches.
const (
	// blockShift is the smallest block: 1,024 case IDs.
	blockShift = 10
	// blockFanout is how many blocks of one level make one of the next (as a shift: 8).
	blockFanout = 3
	// blockLevels is how many sizes of block the index names: 1,024 · 8,192 · 65,536 ·
	// 524,288 · 4,194,304 · 33,554,432 IDs. A window is named by a few blocks of each.
	blockLevels = 6
)

// blockTerms returns the index terms of the fewest blocks that exactly cover the smallest
// blocks [lo, hi), largest blocks where their alignment allows.
func blockTerms(lo, hi int64) []string {
	var out []string
	for p := hi; p > lo; {
		k := blockLevels - 1
		for ; k > 0; k-- {
			size := int64(1) << (blockFanout * k)
			if p%size == 0 && p-size >= lo {
				break
			}
		}
		size := int64(1) << (blockFanout * k)
		out = append(out, "~"+string(rune('a'+k))+strconv.FormatInt((p-size)>>(blockFanout*k), 10))
		p -= size
	}
	return out
}

// blockQuery is the tsquery text that matches any of the blocks.
func blockQuery(terms []string) string {
	return "'" + strings.Join(terms, "' | '") + "'"
}

// windowPlan hands out the windows of a search, newest first, in units of the smallest
// block: [lo, hi), or everything below hi when lo is 0.
type windowPlan struct {
	maxID  int64
	lo, hi int64
	found  int
}

// newWindowPlan starts with the newest block, and the one before it when the newest holds
// few cases yet.
func newWindowPlan(maxID int64) *windowPlan {
	w := &windowPlan{maxID: maxID, hi: maxID>>blockShift + 1}
	w.lo = w.hi - 1
	if maxID&(1<<blockShift-1) < 1<<(blockShift-2) {
		w.lo = w.hi - 2
	}
	w.lo = max(w.lo, 0)
	return w
}

// advance records that the current window gave n matches and moves to the next one,
// reporting false when the search is done: SearchWindow found, or the window was the last.
func (w *windowPlan) advance(n int) bool {
	w.found += n
	if w.found >= SearchWindow || w.lo == 0 {
		return false
	}
	// Aim for half as many matches again as still needed, from the density so far; with
	// none found yet, look eight times as far back. Never grow by more than eight times,
	// so that a window that happened to be dense does not mislead the next.
	scanned := w.maxID + 1 - w.lo<<blockShift
	size := 8 * scanned
	if w.found > 0 {
		size = min(size, int64(float64(SearchWindow-w.found)*1.5*float64(scanned)/float64(w.found))+1)
	}
	blocks := max((size+(1<<blockShift)-1)>>blockShift, 1)
	w.hi = w.lo
	// Most of what is left: read it all at once rather than in two steps.
	if blocks*2 >= w.hi {
		w.lo = 0
		return true
	}
	// Align the lower end to the largest block not larger than the window, so that few
	// terms name it.
	k := 0
	for k+1 < blockLevels && int64(1)<<(blockFanout*(k+1)) <= blocks {
		k++
	}
	align := int64(1) << (blockFanout * k)
	w.lo = (w.hi - blocks) / align * align
	return true
}

// windowedHits is hits for PostgreSQL: the same rows, found window by window.
func (s *DB) windowedHits(ctx context.Context, terms []string, x indexFilter, where []string, args []any) ([]int64, []string, error) {
	var maxID int64
	if err := s.row(ctx, s.db, `SELECT COALESCE(MAX(id), 0) FROM cases`).Scan(&maxID); err != nil {
		return nil, nil, err
	}
	filters := ""
	if len(where) > 0 {
		filters = ` AND ` + strings.Join(where, ` AND `)
	}
	query := strings.Join(terms, " ")
	var h hitList
	// The index's own terms: the filter's, and in a window the blocks', each required.
	restrict := strings.Join(x.tsquery(), " & ")
	match := func(blocks []string) (string, []any) {
		var parts []string
		if restrict != "" {
			parts = append(parts, restrict)
		}
		if len(blocks) > 0 {
			parts = append(parts, "("+blockQuery(blocks)+")")
		}
		if len(parts) == 0 {
			return `case_search_vector(search_tsv, id, unit_code, district_code, category_code) @@ plainto_tsquery('simple', ?)`, []any{query}
		}
		return `case_search_vector(search_tsv, id, unit_code, district_code, category_code) @@ (plainto_tsquery('simple', ?) && ?::tsquery)`,
			[]any{query, strings.Join(parts, " & ")}
	}
	w := newWindowPlan(maxID)
	for {
		limit := strconv.Itoa(SearchWindow - w.found)
		var n int
		var err error
		if w.lo == 0 {
			// Everything older: the planner picks between the GIN index and reading the
			// primary key backwards.
			cond, margs := match(nil)
			n, err = h.add(ctx, s, `SELECT id, COALESCE(search_text, '') FROM cases WHERE `+cond+` AND id < ?`+filters+
				` ORDER BY id DESC LIMIT `+limit, append(append(margs, w.hi<<blockShift), args...)...)
		} else {
			// "id + 0": the window's matches are few by design, so they are read through
			// the GIN index and sorted, never by walking the primary key backwards.
			cond, margs := match(blockTerms(w.lo, w.hi))
			n, err = h.add(ctx, s, `SELECT id, COALESCE(search_text, '') FROM cases WHERE `+cond+filters+
				` ORDER BY id + 0 DESC LIMIT `+limit, append(margs, args...)...)
		}
		if err != nil {
			return nil, nil, err
		}
		if !w.advance(n) {
			return h.ids, h.texts, nil
		}
	}
}
