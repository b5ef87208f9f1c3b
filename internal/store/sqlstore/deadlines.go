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

func (s *DB) DueCases(ctx context.Context, before time.Time, limit int) ([]cases.Case, error) {
	rows, err := s.query(ctx, s.db, `SELECT `+caseCols+` FROM cases WHERE next_due_at IS NOT NULL AND next_due_at <= ?
		ORDER BY next_due_at, id LIMIT ?`, s.t(before), limit)
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

// Timelines loads the cases alive in [from, to), then streams their events in case order.
func (s *DB) Timelines(ctx context.Context, from, to time.Time, fn func(cases.Case, []cases.Event) error) error {
	const alive = `created_at < ? AND (closed_at IS NULL OR closed_at >= ?)`
	rows, err := s.query(ctx, s.db, `SELECT id, receipt, channel, category_code, COALESCE(district_code, 0), best, unit_code, status,
		created_at, closed_at, next_due_at FROM cases WHERE `+alive+` ORDER BY id`, s.t(to), s.t(from))
	if err != nil {
		return err
	}
	var list []cases.Case
	for rows.Next() {
		var c cases.Case
		err := rows.Scan(&c.ID, &c.Receipt, &c.Channel, &c.CategoryCode, &c.Location.DistrictCode, &c.BEST, &c.UnitCode, &c.Status,
			timeCol{&c.CreatedAt}, optTime{&c.ClosedAt}, optTime{&c.NextDueAt})
		if err != nil {
			rows.Close()
			return err
		}
		list = append(list, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if len(list) == 0 {
		return nil
	}
	// One row per case with its events folded into a string: reading 100,000 event rows one
	// by one costs more in the driver than the whole report costs in Go.
	agg := `group_concat(type || char(31) || at || char(31) || unit_code || char(31) || actor_unit, char(30) ORDER BY seq)`
	if s.d.Numbered {
		agg = `string_agg(type || chr(31) || to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || chr(31) ||
			unit_code || chr(31) || actor_unit, chr(30) ORDER BY seq)`
	}
	rows, err = s.query(ctx, s.db, `SELECT case_id, `+agg+` FROM case_events
		WHERE case_id IN (SELECT id FROM cases WHERE `+alive+`) GROUP BY case_id ORDER BY case_id`, s.t(to), s.t(from))
	if err != nil {
		return err
	}
	defer rows.Close()
	i := 0
	for rows.Next() {
		var id int64
		var folded string
		if err := rows.Scan(&id, &folded); err != nil {
			return err
		}
		for ; i < len(list) && list[i].ID < id; i++ {
			if err := fn(list[i], nil); err != nil {
				return err
			}
		}
		if i == len(list) || list[i].ID != id {
			continue
		}
		evs, err := unfoldEvents(id, folded)
		if err != nil {
			return err
		}
		if err := fn(list[i], evs); err != nil {
			return err
		}
		i++
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for ; i < len(list); i++ {
		if err := fn(list[i], nil); err != nil {
			return err
		}
	}
	return nil
}

func unfoldEvents(caseID int64, folded string) ([]cases.Event, error) {
	parts := strings.Split(folded, "\x1e")
	evs := make([]cases.Event, 0, len(parts))
	for n, p := range parts {
		f := strings.Split(p, "\x1f")
		if len(f) != 4 {
			return nil, fmt.Errorf("case %d: malformed folded event %q", caseID, p)
		}
		at, err := time.Parse(TimeLayout, f[1])
		if err != nil {
			return nil, fmt.Errorf("case %d event time: %w", caseID, err)
		}
		evs = append(evs, cases.Event{CaseID: caseID, Seq: n + 1, Type: cases.EventType(f[0]), At: at, UnitCode: f[2], ActorUnit: f[3]})
	}
	return evs, nil
}
