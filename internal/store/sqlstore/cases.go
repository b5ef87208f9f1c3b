package sqlstore

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/rongtook/rongtook/internal/apperr"
	"github.com/rongtook/rongtook/internal/cases"
	"github.com/rongtook/rongtook/internal/store"
)

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

// insertCase issues the receipt number and inserts the case, its opening events and its
// attachments inside tx.
func (s *DB) insertCase(ctx context.Context, tx *sql.Tx, n store.NewCase) (cases.Case, error) {
	c := n.Case
	year := cases.ReceiptYear(c.CreatedAt)
	var seq int64
	if err := s.row(ctx, tx, `INSERT INTO receipt_counters (year, last) VALUES (?, 1)
		ON CONFLICT (year) DO UPDATE SET last = receipt_counters.last + 1 RETURNING last`, year).Scan(&seq); err != nil {
		return c, fmt.Errorf("receipt counter: %w", err)
	}
	c.Receipt = cases.FormatReceipt(year, seq)
	c.Version = 1
	result, err := jsonOrNull(c.Result)
	if err != nil {
		return c, err
	}
	termination, err := jsonOrNull(c.Termination)
	if err != nil {
		return c, err
	}
	err = s.row(ctx, tx, `INSERT INTO cases (receipt, channel, kind, category_code, description, lat, lon, address, district_code,
		citizen_id, anonymous, confidential, best, unit_code, section_code, officer_id, status, result, termination, source, source_ref,
		created_by, created_at, updated_at, reached_unit_at, acknowledged_at, closed_at, next_due_at, rating, reopen_count, waiting_citizen, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		c.Receipt, c.Channel, c.Kind, c.CategoryCode, c.Description, floatOrNull(c.Location.Lat), floatOrNull(c.Location.Lon),
		c.Location.Address, nullInt(int64(c.Location.DistrictCode)), nullInt(c.CitizenID), c.Anonymous, c.Confidential, c.BEST,
		c.UnitCode, c.SectionCode, nullInt(c.OfficerID), string(c.Status), result, termination, nullStr(c.Source), nullStr(c.SourceRef),
		nullInt(c.CreatedBy), s.t(c.CreatedAt), s.t(c.UpdatedAt), s.tp(c.ReachedUnitAt), s.tp(c.AcknowledgedAt), s.tp(c.ClosedAt),
		s.tp(c.NextDueAt), nullInt(int64(c.Rating)), c.ReopenCount, c.WaitingCitizen, c.Version,
	).Scan(&c.ID)
	if err != nil {
		if s.d.IsUniqueViolation(err) && c.Source != "" {
			return c, apperr.Conflict("duplicate_source", fmt.Sprintf("a case from %s %s exists already", c.Source, c.SourceRef), "มีเรื่องจากแหล่งข้อมูลนี้อยู่แล้ว")
		}
		return c, fmt.Errorf("insert case: %w", err)
	}
	for i, ev := range n.Events {
		ev.CaseID = c.ID
		if err := s.insertEvent(ctx, tx, ev, i+1); err != nil {
			return c, err
		}
	}
	for _, a := range n.Attachments {
		if _, err := s.exec(ctx, tx, `INSERT INTO attachments (case_id, kind, url, content_type, created_at) VALUES (?, ?, ?, ?, ?)`,
			c.ID, a.Kind, a.URL, a.ContentType, s.t(c.CreatedAt)); err != nil {
			return c, fmt.Errorf("insert attachment: %w", err)
		}
	}
	return c, nil
}

// ImportCases stores a batch in one transaction, skipping cases already imported.
func (s *DB) ImportCases(ctx context.Context, batch []store.NewCase) ([]bool, error) {
	created := make([]bool, len(batch))
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		for i, n := range batch {
			if n.Case.Source == "" {
				return errors.New("imported cases need a source and source_ref")
			}
			var exists int
			if err := s.row(ctx, tx, `SELECT COUNT(*) FROM cases WHERE source = ? AND source_ref = ?`, n.Case.Source, n.Case.SourceRef).Scan(&exists); err != nil {
				return err
			}
			if exists > 0 {
				continue
			}
			if _, err := s.insertCase(ctx, tx, n); err != nil {
				return fmt.Errorf("%s %s: %w", n.Case.Source, n.Case.SourceRef, err)
			}
			created[i] = true
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return created, nil
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
	result, err := jsonOrNull(ev.Result)
	if err != nil {
		return err
	}
	_, err = s.exec(ctx, tx, `INSERT INTO case_events (case_id, seq, type, at, actor_id, actor_name, actor_role, actor_unit,
		from_status, to_status, unit_code, section_code, officer_id, text, reason, public, result)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		ev.CaseID, seq, string(ev.Type), s.t(ev.At), nullInt(ev.ActorID), ev.ActorName, ev.ActorRole, ev.ActorUnit,
		string(ev.FromStatus), string(ev.ToStatus), ev.UnitCode, ev.SectionCode, nullInt(ev.OfficerID), ev.Text, ev.Reason, ev.Public, result)
	if err != nil {
		return fmt.Errorf("insert event: %w", err)
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
			closed_at = ?, next_due_at = ?, rating = ?, reopen_count = ?, waiting_citizen = ?, version = version + 1
			WHERE id = ? AND version = ?`,
			c.Channel, c.Kind, c.CategoryCode, c.Description, floatOrNull(c.Location.Lat), floatOrNull(c.Location.Lon),
			c.Location.Address, nullInt(int64(c.Location.DistrictCode)), nullInt(c.CitizenID), c.Anonymous, c.Confidential, c.BEST,
			c.UnitCode, c.SectionCode, nullInt(c.OfficerID), string(c.Status), result, termination, s.t(c.UpdatedAt),
			s.tp(c.ReachedUnitAt), s.tp(c.AcknowledgedAt), s.tp(c.ClosedAt), s.tp(c.NextDueAt), nullInt(int64(c.Rating)), c.ReopenCount,
			c.WaitingCitizen, c.ID, c.Version)
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
		return s.insertEvent(ctx, tx, ev, seq)
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
	rows, err := s.query(ctx, s.db, q, args...)
	if err != nil {
		return store.CasePage{}, err
	}
	defer rows.Close()
	var page store.CasePage
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			return store.CasePage{}, err
		}
		page.Cases = append(page.Cases, c)
	}
	if err := rows.Err(); err != nil {
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
