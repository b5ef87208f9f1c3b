package sqlstore

import (
	"context"
	"database/sql"
	"encoding/base64"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/rongtook/rongtook/internal/apperr"
	"github.com/rongtook/rongtook/internal/cases"
	"github.com/rongtook/rongtook/internal/search"
	"github.com/rongtook/rongtook/internal/store"
)

// SearchWindow is how many matches a search ranks: the newest ones (by case ID) that pass
// the filters. Ranking every match of two common words among a million cases costs seconds
// (they match tens of thousands); ranking the newest 200 costs milliseconds, and a search
// that finds more than 200 cases is narrowed with the filters (or more words), not read to
// the end. See docs/BENCHMARKS.md, "Search".
const SearchWindow = 200

// indexFilter is what of a search's filters the search index itself holds (the unit,
// district and category of every case: migration 00010 on PostgreSQL, 00009 on SQLite).
// Asking the index for matches that pass them reads only those cases, where a filter on the
// table would read every match of the words and throw most away: district staff, who see
// only their unit's cases, search this way every time.
type indexFilter struct {
	unit     string
	district int
	category int
}

func newIndexFilter(f store.CaseFilter) indexFilter {
	x := indexFilter{unit: f.UnitCode, district: f.DistrictCode, category: f.CategoryCode}
	if v := f.Visibility; !v.ConfidentialAll && !v.ReadAll {
		x.unit = v.OwnUnit
	}
	if !plainCode(x.unit) {
		x.unit = "" // the filter on the table still applies
	}
	return x
}

// plainCode reports whether a unit code can be put in an index query as it is.
func plainCode(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}

// fts5 returns the FTS5 query for every term in the case's text and the filter.
func (x indexFilter) fts5(terms []string) string {
	parts := make([]string, len(terms))
	for i, t := range terms {
		parts[i] = `"` + strings.ReplaceAll(t, `"`, `""`) + `"`
	}
	q := `terms : (` + strings.Join(parts, " ") + `)`
	if x.unit != "" {
		q += ` AND unit : "` + x.unit + `"`
	}
	if x.district != 0 {
		q += ` AND district : "` + strconv.Itoa(x.district) + `"`
	}
	if x.category != 0 {
		q += ` AND category : "` + strconv.Itoa(x.category) + `"`
	}
	return q
}

// tsquery returns the index terms of the filter (see case_search_vector), each quoted as
// a tsquery lexeme.
func (x indexFilter) tsquery() []string {
	var out []string
	if x.unit != "" {
		out = append(out, `'~u`+x.unit+`'`)
	}
	if x.district != 0 {
		out = append(out, `'~k`+strconv.Itoa(x.district)+`'`)
	}
	if x.category != 0 {
		out = append(out, `'~g`+strconv.Itoa(x.category)+`'`)
	}
	return out
}

// hits returns the ID and search terms of the newest SearchWindow cases that contain every
// term and pass the filters (where, with its arguments args; x is the part of them the
// index holds), newest first.
func (s *DB) hits(ctx context.Context, terms []string, x indexFilter, where []string, args []any) ([]int64, []string, error) {
	if s.d.Name == "postgres" {
		return s.windowedHits(ctx, terms, x, where, args)
	}
	filters := ""
	if len(where) > 0 {
		filters = ` AND ` + strings.Join(where, ` AND `)
	}
	var h hitList
	_, err := h.add(ctx, s, `SELECT cases.id, COALESCE(cases.search_text, '') FROM cases_fts JOIN cases ON cases.id = cases_fts.rowid
		WHERE cases_fts MATCH ?`+filters+` ORDER BY cases_fts.rowid DESC LIMIT `+strconv.Itoa(SearchWindow),
		append([]any{x.fts5(terms)}, args...)...)
	return h.ids, h.texts, err
}

// hitList gathers the (ID, search terms) rows of search queries.
type hitList struct {
	ids   []int64
	texts []string
}

// add runs a query of such rows and appends them, returning how many it read.
func (h *hitList) add(ctx context.Context, s *DB, q string, args ...any) (int, error) {
	rows, err := s.query(ctx, s.db, q, args...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var id int64
		var text string
		if err := rows.Scan(&id, &text); err != nil {
			return n, err
		}
		h.ids, h.texts = append(h.ids, id), append(h.texts, text)
		n++
	}
	return n, rows.Err()
}

type hit struct {
	id    int64
	score float64
}

// rankHits orders hits best first by BM25 over their stored terms (k1 1.2, b 0.75; every
// hit holds every term, so the terms' rarity is the same for all and left out), newest first
// among equals.
func rankHits(terms []string, ids []int64, texts []string) []hit {
	want := make(map[string]int, len(terms))
	for i, t := range terms {
		want[t] = i
	}
	lens := make([]int, len(ids))
	tfs := make([][]int, len(ids))
	total := 0
	for i, text := range texts {
		tf := make([]int, len(terms))
		n := 0
		for _, w := range strings.Fields(text) {
			n++
			if k, ok := want[w]; ok {
				tf[k]++
			}
		}
		lens[i], tfs[i] = n, tf
		total += n
	}
	avg := max(float64(total)/float64(max(len(ids), 1)), 1)
	const k1, b = 1.2, 0.75
	out := make([]hit, len(ids))
	for i := range ids {
		score := 0.0
		for _, tf := range tfs[i] {
			f := float64(tf)
			score += f * (k1 + 1) / (f + k1*(1-b+b*float64(lens[i])/avg))
		}
		out[i] = hit{ids[i], score}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].score != out[j].score {
			return out[i].score > out[j].score
		}
		return out[i].id > out[j].id
	})
	return out
}

// searchCases is ListCases with a query: the filters in where/args and every query term,
// best match first among the newest SearchWindow matches, paged by offset.
func (s *DB) searchCases(ctx context.Context, f store.CaseFilter, where []string, args []any) (store.CasePage, error) {
	terms := search.QueryTerms(f.Query)
	if len(terms) == 0 {
		return store.CasePage{}, nil
	}
	offset := 0
	if f.Cursor != "" {
		b, err := base64.RawURLEncoding.DecodeString(f.Cursor)
		n, ok := strings.CutPrefix(string(b), "q")
		if err == nil && ok {
			offset, err = strconv.Atoi(n)
		}
		if err != nil || !ok || offset < 0 {
			return store.CasePage{}, apperr.Invalid("cursor", "invalid_cursor", "cursor is not one this server issued for this order", "ค่า cursor ไม่ถูกต้อง")
		}
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	ids, texts, err := s.hits(ctx, terms, newIndexFilter(f), where, args)
	if err != nil {
		return store.CasePage{}, err
	}
	hits := rankHits(terms, ids, texts)
	var page store.CasePage
	if offset >= len(hits) {
		return page, nil
	}
	end := min(offset+limit, len(hits))
	if end < len(hits) {
		page.Next = base64.RawURLEncoding.EncodeToString([]byte("q" + strconv.Itoa(end)))
	}
	hits = hits[offset:end]
	ph := make([]string, len(hits))
	idArgs := make([]any, len(hits))
	pos := make(map[int64]int, len(hits))
	for i, h := range hits {
		ph[i], idArgs[i], pos[h.id] = "?", h.id, i
	}
	crows, err := s.query(ctx, s.db, `SELECT `+caseCols+` FROM cases WHERE id IN (`+strings.Join(ph, ", ")+`)`, idArgs...)
	if err != nil {
		return store.CasePage{}, err
	}
	defer crows.Close()
	page.Cases = make([]cases.Case, len(hits))
	for crows.Next() {
		c, err := scanCase(crows)
		if err != nil {
			return store.CasePage{}, err
		}
		page.Cases[pos[c.ID]] = c
	}
	return page, crows.Err()
}

func (s *DB) visibility(v store.Visibility) (string, []any) {
	switch {
	case v.ConfidentialAll:
		return "", nil
	case v.ReadAll:
		return `(confidential = ? OR unit_code = ?)`, []any{false, v.OwnUnit}
	default:
		return `unit_code = ?`, []any{v.OwnUnit}
	}
}

// openCase is the predicate of the partial indexes on open cases; queries repeat it word for
// word so that the planner uses them.
const openCase = `status NOT IN ('completed', 'terminated')`

// NearbyOpenCases lists the open cases a new report may duplicate.
func (s *DB) NearbyOpenCases(ctx context.Context, q store.NearbyQuery) ([]store.CaseTerms, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = 200
	}
	vis, visArgs := s.visibility(q.Visibility)
	var out []store.CaseTerms
	seen := map[int64]bool{}
	run := func(where string, args []any) error {
		if vis != "" {
			where += ` AND ` + vis
			args = append(args, visArgs...)
		}
		if q.ExcludeID != 0 {
			where += ` AND id <> ?`
			args = append(args, q.ExcludeID)
		}
		args = append(args, limit)
		rows, err := s.query(ctx, s.db, `SELECT `+caseCols+`, COALESCE(search_text, '') FROM cases WHERE `+where+
			` ORDER BY created_at DESC, id DESC LIMIT ?`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var ct store.CaseTerms
			c, err := scanCase(scanPlus{rows, &ct.Terms})
			if err != nil {
				return err
			}
			ct.Case = c
			if !seen[c.ID] {
				seen[c.ID] = true
				out = append(out, ct)
			}
		}
		return rows.Err()
	}
	if q.HasPoint && len(q.Categories) > 0 {
		ph := make([]string, len(q.Categories))
		args := make([]any, 0, len(q.Categories)+5)
		for i, c := range q.Categories {
			ph[i] = "?"
			args = append(args, c)
		}
		args = append(args, q.MinLat, q.MaxLat, q.MinLon, q.MaxLon, s.t(q.Since))
		if err := run(openCase+` AND lat IS NOT NULL AND category_code IN (`+strings.Join(ph, ", ")+`)
			AND lat BETWEEN ? AND ? AND lon BETWEEN ? AND ? AND created_at >= ?`, args); err != nil {
			return nil, err
		}
	}
	if q.CitizenID != 0 {
		if err := run(openCase+` AND citizen_id IS NOT NULL AND citizen_id = ?`, []any{q.CitizenID}); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// scanPlus scans a case row followed by one more column.
type scanPlus struct {
	rows  *sql.Rows
	extra *string
}

func (p scanPlus) Scan(dest ...any) error { return p.rows.Scan(append(dest, p.extra)...) }

// LinkDuplicate closes l.Duplicate as a duplicate of l.OriginalID.
func (s *DB) LinkDuplicate(ctx context.Context, l store.DuplicateLink) (cases.Case, error) {
	return s.link(ctx, l, true)
}

// UnlinkDuplicate undoes the active link of l.Duplicate.
func (s *DB) UnlinkDuplicate(ctx context.Context, l store.DuplicateLink) (cases.Case, error) {
	return s.link(ctx, l, false)
}

func (s *DB) link(ctx context.Context, l store.DuplicateLink, linking bool) (cases.Case, error) {
	c := l.Duplicate
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		// Lock the original first: its timeline gets an event.
		var origID int64
		if err := s.row(ctx, tx, `SELECT id FROM cases WHERE id = ?`+s.d.ForUpdate, l.OriginalID).Scan(&origID); err != nil {
			return notFound(err, "case")
		}
		termination, err := jsonOrNull(c.Termination)
		if err != nil {
			return err
		}
		res, err := s.exec(ctx, tx, `UPDATE cases SET status = ?, termination = ?, updated_at = ?, reached_unit_at = ?, acknowledged_at = ?,
			closed_at = ?, next_due_at = ?, reopen_count = ?, waiting_citizen = ?, version = version + 1 WHERE id = ? AND version = ?`,
			string(c.Status), termination, s.t(c.UpdatedAt), s.tp(c.ReachedUnitAt), s.tp(c.AcknowledgedAt), s.tp(c.ClosedAt),
			s.tp(c.NextDueAt), c.ReopenCount, c.WaitingCitizen, c.ID, c.Version)
		if err != nil {
			return fmt.Errorf("update case: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return apperr.Conflict("version_conflict", "the case was changed by someone else; reload it and try again",
				"เรื่องนี้ถูกแก้ไขโดยผู้อื่นแล้ว กรุณาโหลดข้อมูลใหม่แล้วลองอีกครั้ง")
		}
		if linking {
			if _, err := s.exec(ctx, tx, `INSERT INTO case_links (case_id, original_id, linked_by, linked_at) VALUES (?, ?, ?, ?)`,
				c.ID, l.OriginalID, nullInt(l.By), s.t(l.At)); err != nil {
				if s.d.IsUniqueViolation(err) {
					return apperr.Conflict("already_linked", "the case is already linked as a duplicate", "เรื่องนี้ถูกเชื่อมเป็นเรื่องซ้ำแล้ว")
				}
				return fmt.Errorf("link: %w", err)
			}
		} else {
			res, err := s.exec(ctx, tx, `UPDATE case_links SET unlinked_by = ?, unlinked_at = ? WHERE case_id = ? AND original_id = ? AND unlinked_at IS NULL`,
				nullInt(l.By), s.t(l.At), c.ID, l.OriginalID)
			if err != nil {
				return fmt.Errorf("unlink: %w", err)
			}
			if n, err := res.RowsAffected(); err != nil {
				return err
			} else if n == 0 {
				return apperr.NotFound("duplicate link")
			}
		}
		for _, ev := range []cases.Event{l.DuplicateEvent, l.OriginalEvent} {
			var seq int
			if err := s.row(ctx, tx, `SELECT COALESCE(MAX(seq), 0) + 1 FROM case_events WHERE case_id = ?`, ev.CaseID).Scan(&seq); err != nil {
				return err
			}
			if err := s.insertEvent(ctx, tx, ev, seq); err != nil {
				return err
			}
		}
		_, err = s.insertOutbox(ctx, tx, l.Messages)
		return err
	})
	if err != nil {
		return l.Duplicate, err
	}
	c.Version++
	return c, nil
}

const linkCols = `l.case_id, d.receipt, l.original_id, o.receipt, COALESCE(l.linked_by, 0), l.linked_at`

func scanLink(sc interface{ Scan(...any) error }) (store.CaseLink, error) {
	var k store.CaseLink
	err := sc.Scan(&k.CaseID, &k.Receipt, &k.OriginalID, &k.Original, &k.LinkedBy, timeCol{&k.LinkedAt})
	return k, err
}

// ActiveLink returns the active link of a duplicate.
func (s *DB) ActiveLink(ctx context.Context, caseID int64) (store.CaseLink, error) {
	k, err := scanLink(s.row(ctx, s.db, `SELECT `+linkCols+` FROM case_links l JOIN cases d ON d.id = l.case_id
		JOIN cases o ON o.id = l.original_id WHERE l.case_id = ? AND l.unlinked_at IS NULL`, caseID))
	return k, notFound(err, "duplicate link")
}

// Links lists the active links to an original, oldest first.
func (s *DB) Links(ctx context.Context, originalID int64) ([]store.CaseLink, error) {
	rows, err := s.query(ctx, s.db, `SELECT `+linkCols+` FROM case_links l JOIN cases d ON d.id = l.case_id
		JOIN cases o ON o.id = l.original_id WHERE l.original_id = ? AND l.unlinked_at IS NULL ORDER BY l.id`, originalID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.CaseLink
	for rows.Next() {
		k, err := scanLink(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// RepeatComplaints counts active links made in [from, to).
func (s *DB) RepeatComplaints(ctx context.Context, from, to time.Time) ([]store.RepeatCount, error) {
	rows, err := s.query(ctx, s.db, `SELECT o.unit_code, o.category_code, d.created_at FROM case_links l
		JOIN cases d ON d.id = l.case_id JOIN cases o ON o.id = l.original_id
		WHERE l.unlinked_at IS NULL AND l.linked_at >= ? AND l.linked_at < ?`, s.t(from), s.t(to))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	counts := map[store.RepeatCount]int{}
	for rows.Next() {
		var k store.RepeatCount
		var at time.Time
		if err := rows.Scan(&k.UnitCode, &k.CategoryCode, timeCol{&at}); err != nil {
			return nil, err
		}
		k.Month = at.In(cases.Bangkok()).Format("2006-01")
		counts[k]++
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]store.RepeatCount, 0, len(counts))
	for k, n := range counts {
		k.Count = n
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Month != b.Month {
			return a.Month < b.Month
		}
		if a.UnitCode != b.UnitCode {
			return a.UnitCode < b.UnitCode
		}
		return a.CategoryCode < b.CategoryCode
	})
	return out, nil
}

// TrainingCases streams the cases the suggester learns from.
func (s *DB) TrainingCases(ctx context.Context, fn func(store.TrainingCase) error) error {
	rows, err := s.query(ctx, s.db, `SELECT id, category_code, description, address, COALESCE(district_code, 0), lat, lon, COALESCE(source, '')
		FROM cases WHERE description <> '' ORDER BY id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var t store.TrainingCase
		var lat, lon sql.NullFloat64
		if err := rows.Scan(&t.ID, &t.CategoryCode, &t.Description, &t.Address, &t.DistrictCode, &lat, &lon, &t.Source); err != nil {
			return err
		}
		if lat.Valid && lon.Valid {
			t.Lat, t.Lon = &lat.Float64, &lon.Float64
		}
		if err := fn(t); err != nil {
			return err
		}
	}
	return rows.Err()
}

// PutModel stores a model, replacing the one of the same name.
func (s *DB) PutModel(ctx context.Context, m store.Model) error {
	_, err := s.exec(ctx, s.db, `INSERT INTO models (name, data, trained_at, info) VALUES (?, ?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET data = excluded.data, trained_at = excluded.trained_at, info = excluded.info`,
		m.Name, m.Data, s.t(m.TrainedAt), m.Info)
	return err
}

// Model returns the model stored under name.
func (s *DB) Model(ctx context.Context, name string) (store.Model, error) {
	m := store.Model{Name: name}
	err := s.row(ctx, s.db, `SELECT data, trained_at, info FROM models WHERE name = ?`, name).Scan(&m.Data, timeCol{&m.TrainedAt}, &m.Info)
	return m, notFound(err, "model")
}

// ReindexSearch fills search_text where it is missing, in batches.
func (s *DB) ReindexSearch(ctx context.Context) (int, error) {
	total := 0
	for {
		rows, err := s.query(ctx, s.db, `SELECT id, receipt, description, address FROM cases WHERE search_text IS NULL ORDER BY id LIMIT 1000`)
		if err != nil {
			return total, err
		}
		var batch []cases.Case
		for rows.Next() {
			var c cases.Case
			if err := rows.Scan(&c.ID, &c.Receipt, &c.Description, &c.Location.Address); err != nil {
				rows.Close()
				return total, err
			}
			batch = append(batch, c)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return total, err
		}
		if len(batch) == 0 {
			return total, nil
		}
		err = s.inTx(ctx, func(tx *sql.Tx) error {
			for _, c := range batch {
				if _, err := s.exec(ctx, tx, `UPDATE cases SET search_text = ? WHERE id = ?`, store.SearchText(c), c.ID); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return total, fmt.Errorf("reindex: %w", err)
		}
		total += len(batch)
	}
}
