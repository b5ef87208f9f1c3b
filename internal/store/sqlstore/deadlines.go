package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/rongtook/rongtook/internal/apperr"
	"github.com/rongtook/rongtook/internal/cases"
	"github.com/rongtook/rongtook/internal/store"
)

// dateCol scans a calendar date stored as a PostgreSQL date or SQLite text.
type dateCol struct{ s *string }

func (c dateCol) Scan(src any) error {
	switch v := src.(type) {
	case time.Time:
		*c.s = v.Format("2006-01-02")
	case string:
		*c.s = v
	case []byte:
		*c.s = string(v)
	default:
		return fmt.Errorf("cannot scan %T into a date", src)
	}
	return nil
}

func (s *DB) Holidays(ctx context.Context) ([]store.Holiday, error) {
	rows, err := s.query(ctx, s.db, `SELECT date, name_th, name_en, kind, COALESCE(created_by, 0), created_at FROM holidays ORDER BY date`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.Holiday
	for rows.Next() {
		var h store.Holiday
		if err := rows.Scan(dateCol{&h.Date}, &h.NameTH, &h.NameEN, &h.Kind, &h.CreatedBy, timeCol{&h.CreatedAt}); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

func (s *DB) PutHoliday(ctx context.Context, h store.Holiday) error {
	_, err := s.exec(ctx, s.db, `INSERT INTO holidays (date, name_th, name_en, kind, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (date) DO UPDATE SET name_th = excluded.name_th, name_en = excluded.name_en, kind = excluded.kind,
		created_by = excluded.created_by, created_at = excluded.created_at`,
		h.Date, h.NameTH, h.NameEN, h.Kind, nullInt(h.CreatedBy), s.t(h.CreatedAt))
	return err
}

func (s *DB) DeleteHoliday(ctx context.Context, date string) error {
	res, err := s.exec(ctx, s.db, `DELETE FROM holidays WHERE date = ?`, date)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apperr.NotFound("resource")
	}
	return nil
}

func (s *DB) SLATargets(ctx context.Context) ([]store.SLATarget, error) {
	rows, err := s.query(ctx, s.db, `SELECT unit_code, category_code, ack_days, first_progress_days, best_ack_minutes, best_result_minutes, checkpoint_days
		FROM sla_targets ORDER BY unit_code, category_code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.SLATarget
	for rows.Next() {
		var t store.SLATarget
		var days string
		if err := rows.Scan(&t.UnitCode, &t.CategoryCode, &t.AckDays, &t.FirstProgressDays, &t.BESTAckMinutes, &t.BESTResultMinutes, &days); err != nil {
			return nil, err
		}
		for _, d := range strings.Split(days, ",") {
			if d == "" {
				continue
			}
			n, err := strconv.Atoi(d)
			if err != nil {
				return nil, fmt.Errorf("sla target checkpoint days %q: %w", days, err)
			}
			t.CheckpointDays = append(t.CheckpointDays, n)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

func (s *DB) PutSLATarget(ctx context.Context, t store.SLATarget) error {
	days := make([]string, len(t.CheckpointDays))
	for i, d := range t.CheckpointDays {
		days[i] = strconv.Itoa(d)
	}
	_, err := s.exec(ctx, s.db, `INSERT INTO sla_targets (unit_code, category_code, ack_days, first_progress_days, best_ack_minutes, best_result_minutes, checkpoint_days)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (unit_code, category_code) DO UPDATE SET ack_days = excluded.ack_days,
		first_progress_days = excluded.first_progress_days, best_ack_minutes = excluded.best_ack_minutes,
		best_result_minutes = excluded.best_result_minutes, checkpoint_days = excluded.checkpoint_days`,
		t.UnitCode, t.CategoryCode, t.AckDays, t.FirstProgressDays, t.BESTAckMinutes, t.BESTResultMinutes, strings.Join(days, ","))
	return err
}

func (s *DB) DeleteSLATarget(ctx context.Context, unit string, category int) error {
	res, err := s.exec(ctx, s.db, `DELETE FROM sla_targets WHERE unit_code = ? AND category_code = ?`, unit, category)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apperr.NotFound("resource")
	}
	return nil
}

// AcquireLease takes the lease when it is free or expired, or renews it for its holder, in
// one statement, so that two servers asking at once cannot both get it.
func (s *DB) AcquireLease(ctx context.Context, name, holder string, now time.Time, ttl time.Duration) (bool, error) {
	res, err := s.exec(ctx, s.db, `INSERT INTO job_leases (name, holder, until) VALUES (?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until = excluded.until
		WHERE job_leases.until < ? OR job_leases.holder = excluded.holder`,
		name, holder, s.t(now.Add(ttl)), s.t(now))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

func (s *DB) SetNextDue(ctx context.Context, caseID int64, due *time.Time) error {
	_, err := s.exec(ctx, s.db, `UPDATE cases SET next_due_at = ? WHERE id = ?`, s.tp(due), caseID)
	return err
}

func (s *DB) DueCases(ctx context.Context, after, before time.Time, limit int) ([]cases.Case, error) {
	return s.queryCases(ctx, `SELECT `+caseCols+` FROM cases WHERE next_due_at >= ? AND next_due_at <= ?
		ORDER BY next_due_at, id LIMIT ?`, s.t(after), s.t(before), limit)
}

func (s *DB) AddReminder(ctx context.Context, r store.Reminder) (bool, error) {
	if len(r.Messages) == 0 {
		return false, errors.New("a reminder needs at least one message")
	}
	added := false
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		// Lock the case so that the event's sequence number cannot race an officer's action.
		var id int64
		if err := s.row(ctx, tx, `SELECT id FROM cases WHERE id = ?`+s.d.ForUpdate, r.CaseID).Scan(&id); err != nil {
			return notFound(err, "case")
		}
		for i, m := range r.Messages {
			var msgID int64
			err := s.row(ctx, tx, `INSERT INTO outbox (dedupe_key, kind, channel, recipient, unit_code, case_id, text, status, next_attempt_at, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
				m.DedupeKey, m.Kind, m.Channel, m.Recipient, m.UnitCode, nullInt(r.CaseID), m.Text, s.t(m.CreatedAt), s.t(m.CreatedAt)).Scan(&msgID)
			if errors.Is(err, sql.ErrNoRows) {
				if i == 0 {
					return nil // written before, by this server or another
				}
				continue
			}
			if err != nil {
				return fmt.Errorf("outbox: %w", err)
			}
		}
		var seq int
		if err := s.row(ctx, tx, `SELECT COALESCE(MAX(seq), 0) + 1 FROM case_events WHERE case_id = ?`, r.CaseID).Scan(&seq); err != nil {
			return err
		}
		ev := r.Event
		ev.CaseID = r.CaseID
		if err := s.insertEvent(ctx, tx, ev, seq); err != nil {
			return err
		}
		added = true
		return nil
	})
	return added, err
}

func (s *DB) Outbox(ctx context.Context, f store.OutboxFilter) ([]store.OutboxMessage, error) {
	var where []string
	var args []any
	if f.Status != "" {
		where, args = append(where, `status = ?`), append(args, f.Status)
	}
	if f.UnitCode != "" {
		where, args = append(where, `unit_code = ?`), append(args, f.UnitCode)
	}
	if f.CaseID != 0 {
		where, args = append(where, `case_id = ?`), append(args, f.CaseID)
	}
	q := `SELECT id, dedupe_key, kind, channel, recipient, unit_code, COALESCE(case_id, 0), text, status, attempts, next_attempt_at,
		last_error, created_at, sent_at FROM outbox`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, ` AND `)
	}
	limit := f.Limit
	if limit <= 0 || limit > 1000 {
		limit = 200
	}
	rows, err := s.query(ctx, s.db, q+` ORDER BY id DESC LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.OutboxMessage
	for rows.Next() {
		var m store.OutboxMessage
		if err := rows.Scan(&m.ID, &m.DedupeKey, &m.Kind, &m.Channel, &m.Recipient, &m.UnitCode, &m.CaseID, &m.Text, &m.Status, &m.Attempts,
			timeCol{&m.NextAttemptAt}, &m.LastError, timeCol{&m.CreatedAt}, optTime{&m.SentAt}); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// Timelines streams the cases alive in [from, to) with their timelines, in one query: each
// case row carries its events folded into one string by a correlated subquery that walks the
// (case_id, seq) index. Reading 100,000 event rows one by one costs more in the driver than
// the whole report costs in Go.
func (s *DB) Timelines(ctx context.Context, from, to time.Time, fn func(cases.Case, []cases.Event) error) error {
	agg := `group_concat(e.type || char(31) || e.at || char(31) || e.unit_code || char(31) || e.actor_unit, char(30) ORDER BY e.seq)`
	if s.d.Numbered {
		agg = `string_agg(e.type || chr(31) || to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || chr(31) ||
			e.unit_code || chr(31) || e.actor_unit, chr(30) ORDER BY e.seq)`
	}
	rows, err := s.query(ctx, s.db, `SELECT c.id, c.receipt, c.channel, c.category_code, COALESCE(c.district_code, 0), c.best, c.unit_code,
		c.status, c.created_at, c.closed_at, c.next_due_at,
		(SELECT `+agg+` FROM case_events e WHERE e.case_id = c.id)
		FROM cases c WHERE c.created_at < ? AND (c.closed_at IS NULL OR c.closed_at >= ?) ORDER BY c.id`, s.t(to), s.t(from))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var c cases.Case
		var folded sql.NullString
		if err := rows.Scan(&c.ID, &c.Receipt, &c.Channel, &c.CategoryCode, &c.Location.DistrictCode, &c.BEST, &c.UnitCode, &c.Status,
			timeCol{&c.CreatedAt}, optTime{&c.ClosedAt}, optTime{&c.NextDueAt}, &folded); err != nil {
			return err
		}
		var evs []cases.Event
		if folded.Valid && folded.String != "" {
			if evs, err = unfoldEvents(c.ID, folded.String); err != nil {
				return err
			}
		}
		if err := fn(c, evs); err != nil {
			return err
		}
	}
	return rows.Err()
}

func unfoldEvents(caseID int64, folded string) ([]cases.Event, error) {
	parts := strings.Split(folded, "\x1e")
	evs := make([]cases.Event, 0, len(parts))
	for n, p := range parts {
		f := strings.Split(p, "\x1f")
		if len(f) != 4 {
			return nil, fmt.Errorf("case %d: malformed folded event %q", caseID, p)
		}
		at, err := parseFixedTime(f[1])
		if err != nil {
			return nil, fmt.Errorf("case %d event time: %w", caseID, err)
		}
		evs = append(evs, cases.Event{CaseID: caseID, Seq: n + 1, Type: cases.EventType(f[0]), At: at, UnitCode: f[2], ActorUnit: f[3]})
	}
	return evs, nil
}

// parseFixedTime reads a time in TimeLayout (2006-01-02T15:04:05.000000Z) without the
// general parser, which dominates a report's cost over a year of events.
func parseFixedTime(s string) (time.Time, error) {
	if len(s) != len(TimeLayout) || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != '.' || s[26] != 'Z' {
		return time.Parse(TimeLayout, s)
	}
	num := func(a, b int) (int, bool) {
		n := 0
		for i := a; i < b; i++ {
			d := s[i] - '0'
			if d > 9 {
				return 0, false
			}
			n = n*10 + int(d)
		}
		return n, true
	}
	y, ok1 := num(0, 4)
	mo, ok2 := num(5, 7)
	d, ok3 := num(8, 10)
	h, ok4 := num(11, 13)
	mi, ok5 := num(14, 16)
	se, ok6 := num(17, 19)
	us, ok7 := num(20, 26)
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6 && ok7) || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60 {
		return time.Parse(TimeLayout, s)
	}
	return time.Date(y, time.Month(mo), d, h, mi, se, us*1000, time.UTC), nil
}
