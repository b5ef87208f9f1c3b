package sqlstore

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rongtook/rongtook/internal/apperr"
	"github.com/rongtook/rongtook/internal/cases"
	"github.com/rongtook/rongtook/internal/store"
)

// queryCases runs q, which selects caseCols, and reads the cases.
func (s *DB) queryCases(ctx context.Context, q string, args ...any) ([]cases.Case, error) {
	rows, err := s.query(ctx, s.db, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []cases.Case
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

const caseCols = `id, receipt, channel, kind, category_code, description, lat, lon, address, COALESCE(district_code, 0),
	COALESCE(citizen_id, 0), anonymous, confidential, best, unit_code, section_code, COALESCE(officer_id, 0), status,
	result, termination, COALESCE(source, ''), COALESCE(source_ref, ''), COALESCE(created_by, 0), created_at, updated_at,
	reached_unit_at, acknowledged_at, closed_at, next_due_at, COALESCE(rating, 0), reopen_count, waiting_citizen, version`

func scanCase(sc interface{ Scan(...any) error }) (cases.Case, error) {
	var c cases.Case
	var lat, lon sql.NullFloat64
	var result, termination sql.NullString
	err := sc.Scan(&c.ID, &c.Receipt, &c.Channel, &c.Kind, &c.CategoryCode, &c.Description, &lat, &lon, &c.Location.Address,
		&c.Location.DistrictCode, &c.CitizenID, &c.Anonymous, &c.Confidential, &c.BEST, &c.UnitCode, &c.SectionCode, &c.OfficerID,
		&c.Status, &result, &termination, &c.Source, &c.SourceRef, &c.CreatedBy, timeCol{&c.CreatedAt}, timeCol{&c.UpdatedAt},
		optTime{&c.ReachedUnitAt}, optTime{&c.AcknowledgedAt}, optTime{&c.ClosedAt}, optTime{&c.NextDueAt}, &c.Rating, &c.ReopenCount, &c.WaitingCitizen, &c.Version)
	if err != nil {
		return c, err
	}
	if lat.Valid && lon.Valid {
		c.Location.Lat, c.Location.Lon = &lat.Float64, &lon.Float64
	}
	if result.Valid {
		c.Result = new(cases.Result)
		if err := json.Unmarshal([]byte(result.String), c.Result); err != nil {
			return c, fmt.Errorf("case %d result: %w", c.ID, err)
		}
	}
	if termination.Valid {
		c.Termination = new(cases.Termination)
		if err := json.Unmarshal([]byte(termination.String), c.Termination); err != nil {
			return c, fmt.Errorf("case %d termination: %w", c.ID, err)
		}
	}
	return c, nil
}

func jsonOrNull(v any) (any, error) {
	switch x := v.(type) {
	case *cases.Result:
		if x == nil {
			return nil, nil
		}
	case *cases.Termination:
		if x == nil {
			return nil, nil
		}
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return string(b), nil
}

func floatOrNull(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

// CreateCase issues a receipt number and stores the case with its opening events.
func (s *DB) CreateCase(ctx context.Context, n store.NewCase) (cases.Case, bool, error) {
	var out cases.Case
	created := false
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if n.IdempotencyKey != "" {
			c, found, err := s.idempotent(ctx, tx, n)
			if err != nil || found {
				out = c
				return err
			}
		}
		c, err := s.insertCase(ctx, tx, n)
		if err != nil {
			return err
		}
		if _, err := s.insertOutbox(ctx, tx, withReceipt(n.Outbox, c)); err != nil {
			return err
		}
		if n.IdempotencyKey != "" {
			if _, err := s.exec(ctx, tx, `INSERT INTO idempotency_keys (user_id, key, request_hash, case_id, created_at) VALUES (?, ?, ?, ?, ?)`,
				c.CreatedBy, n.IdempotencyKey, n.RequestHash, c.ID, s.t(c.CreatedAt)); err != nil {
				return fmt.Errorf("idempotency key: %w", err)
			}
		}
		out, created = c, true
		return nil
	})
	if err != nil && n.IdempotencyKey != "" && s.d.IsUniqueViolation(err) {
		// Another request with the same key committed first: answer with its case.
		err = s.inTx(ctx, func(tx *sql.Tx) error {
			c, found, err := s.idempotent(ctx, tx, n)
			if err == nil && !found {
				err = errors.New("idempotency key vanished")
			}
			out = c
			return err
		})
		return out, false, err
	}
	return out, created, err
}

// insertCaseSQL inserts one case; its arguments come from caseArgs in the same order.
const insertCaseSQL = `INSERT INTO cases (receipt, channel, kind, category_code, description, lat, lon, address, district_code,
		citizen_id, anonymous, confidential, best, unit_code, section_code, officer_id, status, result, termination, source, source_ref,
		created_by, created_at, updated_at, reached_unit_at, acknowledged_at, closed_at, next_due_at, rating, reopen_count, waiting_citizen, version,
		search_text)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`

// caseArgs returns the arguments of insertCaseSQL; search is the case's search text
// (store.SearchText), passed in so that bulk inserts can compute it in parallel.
func (s *DB) caseArgs(c cases.Case, search string) ([]any, error) {
	result, err := jsonOrNull(c.Result)
	if err != nil {
		return nil, err
	}
	termination, err := jsonOrNull(c.Termination)
	if err != nil {
		return nil, err
	}
	return []any{c.Receipt, c.Channel, c.Kind, c.CategoryCode, c.Description, floatOrNull(c.Location.Lat), floatOrNull(c.Location.Lon),
		c.Location.Address, nullInt(int64(c.Location.DistrictCode)), nullInt(c.CitizenID), c.Anonymous, c.Confidential, c.BEST,
		c.UnitCode, c.SectionCode, nullInt(c.OfficerID), string(c.Status), result, termination, nullStr(c.Source), nullStr(c.SourceRef),
		nullInt(c.CreatedBy), s.t(c.CreatedAt), s.t(c.UpdatedAt), s.tp(c.ReachedUnitAt), s.tp(c.AcknowledgedAt), s.tp(c.ClosedAt),
		s.tp(c.NextDueAt), nullInt(int64(c.Rating)), c.ReopenCount, c.WaitingCitizen, c.Version, search}, nil
}

// allocReceipts reserves n receipt numbers of a year in one statement and returns the first.
func (s *DB) allocReceipts(ctx context.Context, tx *sql.Tx, year, n int) (int64, error) {
	var last int64
	if err := s.row(ctx, tx, `INSERT INTO receipt_counters (year, last) VALUES (?, ?)
		ON CONFLICT (year) DO UPDATE SET last = receipt_counters.last + excluded.last RETURNING last`, year, n).Scan(&last); err != nil {
		return 0, fmt.Errorf("receipt counter: %w", err)
	}
	return last - int64(n) + 1, nil
}

// insertCase issues the receipt number and inserts the case, its opening events and its
// attachments inside tx.
func (s *DB) insertCase(ctx context.Context, tx *sql.Tx, n store.NewCase) (cases.Case, error) {
	year := cases.ReceiptYear(n.Case.CreatedAt)
	seq, err := s.allocReceipts(ctx, tx, year, 1)
	if err != nil {
		return n.Case, err
	}
	return s.insertNumbered(ctx, tx, n, cases.FormatReceipt(year, seq))
}

// insertNumbered inserts a case whose receipt number is already issued.
func (s *DB) insertNumbered(ctx context.Context, tx *sql.Tx, n store.NewCase, receipt string) (cases.Case, error) {
	c := n.Case
	c.Receipt, c.Version = receipt, 1
	args, err := s.caseArgs(c, store.SearchText(c))
	if err != nil {
		return c, err
	}
	if err := s.row(ctx, tx, insertCaseSQL, args...).Scan(&c.ID); err != nil {
		if s.d.IsUniqueViolation(err) && c.Source != "" {
			return c, apperr.Conflict("duplicate_source", fmt.Sprintf("a case from %s %s exists already", c.Source, c.SourceRef), "มีเรื่องจากแหล่งข้อมูลนี้อยู่แล้ว")
		}
		return c, fmt.Errorf("insert case: %w", err)
	}
	if err := s.insertEvents(ctx, tx, c.ID, n.Events, 1); err != nil {
		return c, err
	}
	if len(n.Attachments) > 0 {
		q := `INSERT INTO attachments (case_id, kind, url, content_type, created_at) VALUES ` + placeholders(len(n.Attachments), 5)
		args := make([]any, 0, 5*len(n.Attachments))
		for _, a := range n.Attachments {
			args = append(args, c.ID, a.Kind, a.URL, a.ContentType, s.t(c.CreatedAt))
		}
		if _, err := s.exec(ctx, tx, q, args...); err != nil {
			return c, fmt.Errorf("insert attachments: %w", err)
		}
	}
	return c, nil
}

// caseChunk is how many cases one bulk insert carries (33 parameters each; both databases
// allow far more than 6,600 parameters in a statement).
const caseChunk = 200

// insertMany inserts numbered cases in multi-row statements — a few statements per batch
// instead of one per case, which matters most where each statement has a fixed cost (SQLite
// flushes its full-text index at every statement) — then their events and attachments.
func (s *DB) insertMany(ctx context.Context, tx *sql.Tx, list []store.NewCase) error {
	var evs []cases.Event
	var atts []any
	nAtts := 0
	for len(list) > 0 {
		chunk := list[:min(len(list), caseChunk)]
		list = list[len(chunk):]
		q := strings.Replace(insertCaseSQL, placeholders(1, strings.Count(insertCaseSQL, "?")), placeholders(len(chunk), strings.Count(insertCaseSQL, "?")), 1)
		q = strings.Replace(q, "RETURNING id", "RETURNING id, receipt", 1)
		texts := searchTexts(chunk)
		var args []any
		for i, n := range chunk {
			a, err := s.caseArgs(n.Case, texts[i])
			if err != nil {
				return err
			}
			args = append(args, a...)
		}
		var rows *sql.Rows
		var err error
		if len(chunk) == caseChunk {
			var st *sql.Stmt
			if st, err = s.prepared(ctx, q); err != nil {
				return err
			}
			rows, err = tx.StmtContext(ctx, st).QueryContext(ctx, args...)
		} else {
			rows, err = s.query(ctx, tx, q, args...)
		}
		if err != nil {
			return fmt.Errorf("insert cases: %w", err)
		}
		ids := make(map[string]int64, len(chunk))
		for rows.Next() {
			var id int64
			var receipt string
			if err := rows.Scan(&id, &receipt); err != nil {
				rows.Close()
				return err
			}
			ids[receipt] = id
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("insert cases: %w", err)
		}
		for _, n := range chunk {
			id, ok := ids[n.Case.Receipt]
			if !ok {
				return fmt.Errorf("insert cases: no id returned for %s", n.Case.Receipt)
			}
			for i, ev := range n.Events {
				ev.CaseID, ev.Seq = id, i+1
				evs = append(evs, ev)
			}
			for _, a := range n.Attachments {
				atts = append(atts, id, a.Kind, a.URL, a.ContentType, s.t(n.Case.CreatedAt))
				nAtts++
			}
		}
	}
	for nAtts > 0 {
		k := min(nAtts, 200)
		q := `INSERT INTO attachments (case_id, kind, url, content_type, created_at) VALUES ` + placeholders(k, 5)
		if _, err := s.exec(ctx, tx, q, atts[:5*k]...); err != nil {
			return fmt.Errorf("insert attachments: %w", err)
		}
		atts, nAtts = atts[5*k:], nAtts-k
	}
	return s.flushEvents(ctx, tx, evs)
}

// searchTexts segments the cases' text on every core: it is the costliest part of a bulk
// insert outside the database.
func searchTexts(list []store.NewCase) []string {
	out := make([]string, len(list))
	var todo []int
	for i, n := range list {
		if out[i] = n.SearchText; out[i] == "" {
			todo = append(todo, i)
		}
	}
	workers := min(runtime.GOMAXPROCS(0), len(todo))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := w; k < len(todo); k += workers {
				out[todo[k]] = store.SearchText(list[todo[k]].Case)
			}
		}()
	}
	wg.Wait()
	return out
}

// placeholders returns rows groups of n placeholders: (?, ?), (?, ?).
func placeholders(rows, n int) string {
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", n), ", ") + ")"
	return strings.TrimSuffix(strings.Repeat(one+", ", rows), ", ")
}

// ImportCases stores a batch in one transaction, skipping cases already imported. It is
// the bulk path: one query finds the known sources, one statement per year reserves the
// receipt numbers, and cases, events and attachments go in multi-row statements.
func (s *DB) ImportCases(ctx context.Context, batch []store.NewCase) ([]bool, error) {
	created := make([]bool, len(batch))
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		known, err := s.knownSources(ctx, tx, batch)
		if err != nil {
			return err
		}
		perYear := map[int]int{}
		for i, n := range batch {
			if n.Case.Source == "" {
				return errors.New("imported cases need a source and source_ref")
			}
			key := n.Case.Source + "\x00" + n.Case.SourceRef
			if known[key] {
				continue
			}
			known[key] = true // a second copy in the same batch is skipped too
			created[i] = true
			perYear[cases.ReceiptYear(n.Case.CreatedAt)]++
		}
		next := map[int]int64{}
		for year, count := range perYear {
			first, err := s.allocReceipts(ctx, tx, year, count)
			if err != nil {
				return err
			}
			next[year] = first
		}
		var fresh []store.NewCase
		for i, n := range batch {
			if !created[i] {
				continue
			}
			year := cases.ReceiptYear(n.Case.CreatedAt)
			n.Case.Receipt, n.Case.Version = cases.FormatReceipt(year, next[year]), 1
			next[year]++
			fresh = append(fresh, n)
		}
		return s.insertMany(ctx, tx, fresh)
	})
	if err != nil {
		return nil, err
	}
	return created, nil
}

// knownSources returns which (source, source_ref) pairs of the batch are stored already.
func (s *DB) knownSources(ctx context.Context, tx *sql.Tx, batch []store.NewCase) (map[string]bool, error) {
	bySource := map[string][]any{}
	for _, n := range batch {
		bySource[n.Case.Source] = append(bySource[n.Case.Source], n.Case.SourceRef)
	}
	known := map[string]bool{}
	for source, refs := range bySource {
		for len(refs) > 0 {
			chunk := refs[:min(len(refs), 500)]
			refs = refs[len(chunk):]
			q := `SELECT source_ref FROM cases WHERE source = ? AND source_ref IN (` + strings.TrimSuffix(strings.Repeat("?, ", len(chunk)), ", ") + `)`
			rows, err := s.query(ctx, tx, q, append([]any{source}, chunk...)...)
			if err != nil {
				return nil, err
			}
			for rows.Next() {
				var ref string
				if err := rows.Scan(&ref); err != nil {
					rows.Close()
					return nil, err
				}
				known[source+"\x00"+ref] = true
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return nil, err
			}
		}
	}
	return known, nil
}

// Attachments lists a case's attachments in the order they were added.
func (s *DB) Attachments(ctx context.Context, caseID int64) ([]store.Attachment, error) {
	rows, err := s.query(ctx, s.db, `SELECT id, case_id, kind, url, content_type, created_at FROM attachments WHERE case_id = ? ORDER BY id`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.Attachment
	for rows.Next() {
		var a store.Attachment
		if err := rows.Scan(&a.ID, &a.CaseID, &a.Kind, &a.URL, &a.ContentType, timeCol{&a.CreatedAt}); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

func (s *DB) idempotent(ctx context.Context, tx *sql.Tx, n store.NewCase) (cases.Case, bool, error) {
	var hash string
	var caseID int64
	err := s.row(ctx, tx, `SELECT request_hash, case_id FROM idempotency_keys WHERE user_id = ? AND key = ?`,
		n.Case.CreatedBy, n.IdempotencyKey).Scan(&hash, &caseID)
	if errors.Is(err, sql.ErrNoRows) {
		return cases.Case{}, false, nil
	}
	if err != nil {
		return cases.Case{}, false, err
	}
	if hash != n.RequestHash {
		return cases.Case{}, false, apperr.Rule("idempotency_key_reused",
			"this Idempotency-Key was already used for a different request", "Idempotency-Key นี้ถูกใช้กับคำขออื่นแล้ว")
	}
	c, err := scanCase(s.row(ctx, tx, `SELECT `+caseCols+` FROM cases WHERE id = ?`, caseID))
	return c, true, err
}

func (s *DB) insertEvent(ctx context.Context, tx *sql.Tx, ev cases.Event, seq int) error {
	return s.insertEvents(ctx, tx, ev.CaseID, []cases.Event{ev}, seq)
}

const eventInsertCols = 17

// eventChunk is how many events one statement inserts in bulk: large enough that parsing is
// rare, small enough for every database's limit on parameters.
const eventChunk = 500

// flushEvents inserts events (with CaseID and Seq set) in chunks, preparing the full-chunk
// statement once.
func (s *DB) flushEvents(ctx context.Context, tx *sql.Tx, evs []cases.Event) error {
	var full *sql.Stmt
	defer func() {
		if full != nil {
			full.Close()
		}
	}()
	for len(evs) > 0 {
		chunk := evs[:min(len(evs), eventChunk)]
		evs = evs[len(chunk):]
		args, err := s.eventArgs(chunk)
		if err != nil {
			return err
		}
		if len(chunk) < eventChunk {
			if _, err := s.exec(ctx, tx, insertEventsSQL(len(chunk)), args...); err != nil {
				return fmt.Errorf("insert events: %w", err)
			}
			continue
		}
		if full == nil {
			st, err := s.prepared(ctx, insertEventsSQL(eventChunk))
			if err != nil {
				return err
			}
			full = tx.StmtContext(ctx, st)
		}
		if _, err := full.ExecContext(ctx, args...); err != nil {
			return fmt.Errorf("insert events: %w", err)
		}
	}
	return nil
}

func insertEventsSQL(rows int) string {
	return `INSERT INTO case_events (case_id, seq, type, at, actor_id, actor_name, actor_role, actor_unit,
		from_status, to_status, unit_code, section_code, officer_id, text, reason, public, result)
		VALUES ` + placeholders(rows, eventInsertCols)
}

func (s *DB) eventArgs(evs []cases.Event) ([]any, error) {
	args := make([]any, 0, eventInsertCols*len(evs))
	for _, ev := range evs {
		result, err := jsonOrNull(ev.Result)
		if err != nil {
			return nil, err
		}
		args = append(args, ev.CaseID, ev.Seq, string(ev.Type), s.t(ev.At), nullInt(ev.ActorID), ev.ActorName, ev.ActorRole, ev.ActorUnit,
			string(ev.FromStatus), string(ev.ToStatus), ev.UnitCode, ev.SectionCode, nullInt(ev.OfficerID), ev.Text, ev.Reason, ev.Public, result)
	}
	return args, nil
}

// insertEvents appends events to a case's timeline, numbered from seq, in one statement.
func (s *DB) insertEvents(ctx context.Context, tx *sql.Tx, caseID int64, evs []cases.Event, seq int) error {
	if len(evs) == 0 {
		return nil
	}
	numbered := make([]cases.Event, len(evs))
	for i, ev := range evs {
		ev.CaseID, ev.Seq = caseID, seq+i
		numbered[i] = ev
	}
	args, err := s.eventArgs(numbered)
	if err != nil {
		return err
	}
	if _, err := s.exec(ctx, tx, insertEventsSQL(len(evs)), args...); err != nil {
		return fmt.Errorf("insert events: %w", err)
	}
	return nil
}

func (s *DB) CaseByReceipt(ctx context.Context, receipt string) (cases.Case, error) {
	c, err := scanCase(s.row(ctx, s.db, `SELECT `+caseCols+` FROM cases WHERE receipt = ?`, receipt))
	return c, notFound(err, "case")
}

func (s *DB) CaseBySource(ctx context.Context, source, ref string) (cases.Case, error) {
	c, err := scanCase(s.row(ctx, s.db, `SELECT `+caseCols+` FROM cases WHERE source = ? AND source_ref = ?`, source, ref))
	return c, notFound(err, "case")
}

// UpdateCase stores the new state if nobody changed the case since c.Version was read, and
// appends ev to the timeline in the same transaction.
func (s *DB) UpdateCase(ctx context.Context, c cases.Case, ev cases.Event) (cases.Case, error) {
	return s.UpdateCaseNotify(ctx, c, ev, nil)
}

// UpdateCaseNotify is UpdateCase writing msgs to the outbox in the same transaction.
func (s *DB) UpdateCaseNotify(ctx context.Context, c cases.Case, ev cases.Event, msgs []store.OutboxMessage) (cases.Case, error) {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		result, err := jsonOrNull(c.Result)
		if err != nil {
			return err
		}
		termination, err := jsonOrNull(c.Termination)
		if err != nil {
			return err
		}
		res, err := s.exec(ctx, tx, `UPDATE cases SET channel = ?, kind = ?, category_code = ?, description = ?, lat = ?, lon = ?,
			address = ?, district_code = ?, citizen_id = ?, anonymous = ?, confidential = ?, best = ?, unit_code = ?, section_code = ?,
			officer_id = ?, status = ?, result = ?, termination = ?, updated_at = ?, reached_unit_at = ?, acknowledged_at = ?,
			closed_at = ?, next_due_at = ?, rating = ?, reopen_count = ?, waiting_citizen = ?, search_text = ?, version = version + 1
			WHERE id = ? AND version = ?`,
			c.Channel, c.Kind, c.CategoryCode, c.Description, floatOrNull(c.Location.Lat), floatOrNull(c.Location.Lon),
			c.Location.Address, nullInt(int64(c.Location.DistrictCode)), nullInt(c.CitizenID), c.Anonymous, c.Confidential, c.BEST,
			c.UnitCode, c.SectionCode, nullInt(c.OfficerID), string(c.Status), result, termination, s.t(c.UpdatedAt),
			s.tp(c.ReachedUnitAt), s.tp(c.AcknowledgedAt), s.tp(c.ClosedAt), s.tp(c.NextDueAt), nullInt(int64(c.Rating)), c.ReopenCount,
			c.WaitingCitizen, store.SearchText(c), c.ID, c.Version)
		if err != nil {
			return fmt.Errorf("update case: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			var exists int
			if err := s.row(ctx, tx, `SELECT COUNT(*) FROM cases WHERE id = ?`, c.ID).Scan(&exists); err != nil {
				return err
			}
			if exists == 0 {
				return apperr.NotFound("case")
			}
			return apperr.Conflict("version_conflict", "the case was changed by someone else; reload it and try again",
				"เรื่องนี้ถูกแก้ไขโดยผู้อื่นแล้ว กรุณาโหลดข้อมูลใหม่แล้วลองอีกครั้ง")
		}
		var seq int
		if err := s.row(ctx, tx, `SELECT COALESCE(MAX(seq), 0) + 1 FROM case_events WHERE case_id = ?`, c.ID).Scan(&seq); err != nil {
			return err
		}
		ev.CaseID = c.ID
		if err := s.insertEvent(ctx, tx, ev, seq); err != nil {
			return err
		}
		_, err = s.insertOutbox(ctx, tx, msgs)
		return err
	})
	if err != nil {
		return c, err
	}
	c.Version++
	return c, nil
}

const eventCols = `id, case_id, seq, type, at, COALESCE(actor_id, 0), actor_name, actor_role, actor_unit,
	from_status, to_status, unit_code, section_code, COALESCE(officer_id, 0), text, reason, public, result`

func scanEvent(sc interface{ Scan(...any) error }) (cases.Event, error) {
	var ev cases.Event
	var result sql.NullString
	if err := sc.Scan(&ev.ID, &ev.CaseID, &ev.Seq, &ev.Type, timeCol{&ev.At}, &ev.ActorID, &ev.ActorName, &ev.ActorRole,
		&ev.ActorUnit, &ev.FromStatus, &ev.ToStatus, &ev.UnitCode, &ev.SectionCode, &ev.OfficerID, &ev.Text, &ev.Reason,
		&ev.Public, &result); err != nil {
		return ev, err
	}
	if result.Valid {
		ev.Result = new(cases.Result)
		if err := json.Unmarshal([]byte(result.String), ev.Result); err != nil {
			return ev, fmt.Errorf("event %d result: %w", ev.ID, err)
		}
	}
	return ev, nil
}

// Events returns the case's timeline in order.
func (s *DB) Events(ctx context.Context, caseID int64) ([]cases.Event, error) {
	rows, err := s.query(ctx, s.db, `SELECT `+eventCols+` FROM case_events WHERE case_id = ? ORDER BY seq`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []cases.Event
	for rows.Next() {
		ev, err := scanEvent(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, ev)
	}
	return out, rows.Err()
}

// ListCases returns one page of cases, newest first, with keyset pagination on
// (created_at, id) so that pages stay stable while new cases arrive.
func (s *DB) ListCases(ctx context.Context, f store.CaseFilter) (store.CasePage, error) {
	var where []string
	var args []any
	add := func(cond string, a ...any) { where = append(where, cond); args = append(args, a...) }

	v := f.Visibility
	switch {
	case v.ConfidentialAll:
	case v.ReadAll:
		add(`(confidential = ? OR unit_code = ?)`, false, v.OwnUnit)
	default:
		add(`unit_code = ?`, v.OwnUnit)
	}
	if len(f.Statuses) > 0 {
		ph := make([]string, len(f.Statuses))
		for i, st := range f.Statuses {
			ph[i] = "?"
			args = append(args, string(st))
		}
		where = append(where, `status IN (`+strings.Join(ph, ", ")+`)`)
	}
	if f.UnitCode != "" {
		add(`unit_code = ?`, f.UnitCode)
	}
	if f.DistrictCode != 0 {
		add(`district_code = ?`, f.DistrictCode)
	}
	if f.CategoryCode != 0 {
		add(`category_code = ?`, f.CategoryCode)
	}
	if f.Channel != "" {
		add(`channel = ?`, f.Channel)
	}
	if f.CitizenID != 0 {
		add(`citizen_id = ?`, f.CitizenID)
	}
	if f.BEST != nil {
		add(`best = ?`, *f.BEST)
	}
	if !f.CreatedFrom.IsZero() {
		add(`created_at >= ?`, s.t(f.CreatedFrom))
	}
	if !f.CreatedTo.IsZero() {
		add(`created_at < ?`, s.t(f.CreatedTo))
	}
	if f.Overdue != nil {
		if *f.Overdue {
			add(`next_due_at < ?`, s.t(f.Now))
		} else {
			add(`(next_due_at IS NULL OR next_due_at >= ?)`, s.t(f.Now))
		}
	}
	if f.Query != "" {
		return s.searchCases(ctx, f, where, args)
	}
	// Newest first by (created_at, id), or by urgency on (next_due_at, id) over the cases
	// that owe something; the cursor names its order so that the two are never mixed.
	sortCol, cmpOp, order, kind := "created_at", "<", "DESC", "c"
	if f.SortByDue {
		sortCol, cmpOp, order, kind = "next_due_at", ">", "ASC", "d"
		where = append(where, `next_due_at IS NOT NULL`)
	}
	if f.Cursor != "" {
		at, id, err := decodeCursor(f.Cursor, kind)
		if err != nil {
			return store.CasePage{}, apperr.Invalid("cursor", "invalid_cursor", "cursor is not one this server issued for this order", "ค่า cursor ไม่ถูกต้อง")
		}
		add(`(`+sortCol+` `+cmpOp+` ? OR (`+sortCol+` = ? AND id `+cmpOp+` ?))`, s.t(at), s.t(at), id)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	q := `SELECT ` + caseCols + ` FROM cases`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, ` AND `)
	}
	q += ` ORDER BY ` + sortCol + ` ` + order + `, id ` + order + ` LIMIT ?`
	args = append(args, limit+1)
	var page store.CasePage
	var err error
	if page.Cases, err = s.queryCases(ctx, q, args...); err != nil {
		return store.CasePage{}, err
	}
	if len(page.Cases) > limit {
		page.Cases = page.Cases[:limit]
		last := page.Cases[limit-1]
		if f.SortByDue {
			page.Next = encodeCursor("d", *last.NextDueAt, last.ID)
		} else {
			page.Next = encodeCursor("c", last.CreatedAt, last.ID)
		}
	}
	return page, nil
}

func encodeCursor(kind string, at time.Time, id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(kind + strconv.FormatInt(at.UnixMicro(), 10) + "." + strconv.FormatInt(id, 10)))
}

func decodeCursor(s, kind string) (time.Time, int64, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return time.Time{}, 0, err
	}
	rest, ok := strings.CutPrefix(string(b), kind)
	if !ok {
		return time.Time{}, 0, errors.New("cursor of another order")
	}
	ts, ids, ok := strings.Cut(rest, ".")
	if !ok {
		return time.Time{}, 0, errors.New("malformed cursor")
	}
	us, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return time.Time{}, 0, err
	}
	id, err := strconv.ParseInt(ids, 10, 64)
	if err != nil {
		return time.Time{}, 0, err
	}
	return time.UnixMicro(us).UTC(), id, nil
}
