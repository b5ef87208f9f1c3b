package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/rongtook/rongtook/internal/apperr"
	"github.com/rongtook/rongtook/internal/cases"
	"github.com/rongtook/rongtook/internal/store"
)

// withReceipt fills "{receipt}" in the dedupe keys and texts of messages written with a
// new case.
func withReceipt(msgs []store.OutboxMessage, c cases.Case) []store.OutboxMessage {
	out := make([]store.OutboxMessage, len(msgs))
	for i, m := range msgs {
		m.DedupeKey = strings.ReplaceAll(m.DedupeKey, "{receipt}", c.Receipt)
		m.Text = strings.ReplaceAll(m.Text, "{receipt}", c.Receipt)
		if m.CaseID == 0 {
			m.CaseID = c.ID
		}
		if m.CreatedAt.IsZero() {
			m.CreatedAt = c.CreatedAt
		}
		out[i] = m
	}
	return out
}

// insertOutbox writes messages inside tx, skipping known dedupe keys.
func (s *DB) insertOutbox(ctx context.Context, tx queryer, msgs []store.OutboxMessage) (int, error) {
	added := 0
	for _, m := range msgs {
		next := m.NextAttemptAt
		if next.IsZero() {
			next = m.CreatedAt
		}
		res, err := s.exec(ctx, tx, `INSERT INTO outbox (dedupe_key, kind, channel, recipient, unit_code, case_id, text, payload, status, next_attempt_at, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?) ON CONFLICT (dedupe_key) DO NOTHING`,
			m.DedupeKey, m.Kind, m.Channel, m.Recipient, m.UnitCode, nullInt(m.CaseID), m.Text, nullStr(m.Payload), s.t(next), s.t(m.CreatedAt))
		if err != nil {
			return added, fmt.Errorf("outbox: %w", err)
		}
		n, _ := res.RowsAffected()
		added += int(n)
	}
	return added, nil
}

func (s *DB) EnqueueOutbox(ctx context.Context, msgs []store.OutboxMessage) (int, error) {
	added := 0
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		added, err = s.insertOutbox(ctx, tx, msgs)
		return err
	})
	return added, err
}

const outboxCols = `id, dedupe_key, kind, channel, recipient, unit_code, COALESCE(case_id, 0), text, COALESCE(CAST(payload AS TEXT), ''), status, attempts,
	next_attempt_at, last_error, created_at, sent_at`

func scanOutbox(sc interface{ Scan(...any) error }) (store.OutboxMessage, error) {
	var m store.OutboxMessage
	var payload string
	err := sc.Scan(&m.ID, &m.DedupeKey, &m.Kind, &m.Channel, &m.Recipient, &m.UnitCode, &m.CaseID, &m.Text, &payload, &m.Status, &m.Attempts,
		timeCol{&m.NextAttemptAt}, &m.LastError, timeCol{&m.CreatedAt}, optTime{&m.SentAt})
	m.Payload = payload
	return m, err
}

// skipLocked is the row-locking clause of a claim: PostgreSQL skips rows another server is
// claiming; SQLite has one writer, so the UPDATE … WHERE id IN (SELECT …) is atomic as is.
func (s *DB) skipLocked() string {
	if s.d.Numbered {
		return ` FOR UPDATE SKIP LOCKED`
	}
	return ``
}

func (s *DB) ClaimOutbox(ctx context.Context, holder string, channels []string, now time.Time, lease time.Duration, limit int) ([]store.OutboxMessage, error) {
	if limit <= 0 {
		limit = 10
	}
	var args []any
	args = append(args, s.t(now.Add(lease)), holder, s.t(now))
	chans := ""
	if len(channels) > 0 {
		chans = ` AND channel IN (` + strings.TrimSuffix(strings.Repeat("?, ", len(channels)), ", ") + `)`
		for _, c := range channels {
			args = append(args, c)
		}
	}
	args = append(args, limit)
	var out []store.OutboxMessage
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		rows, err := s.query(ctx, tx, `UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, claimed_by = ?
			WHERE id IN (SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= ?`+chans+`
			ORDER BY next_attempt_at, id LIMIT ?`+s.skipLocked()+`) RETURNING `+outboxCols, args...)
		if err != nil {
			return fmt.Errorf("claim outbox: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			m, err := scanOutbox(rows)
			if err != nil {
				return err
			}
			out = append(out, m)
		}
		return rows.Err()
	})
	return out, err
}

func (s *DB) CompleteOutbox(ctx context.Context, id int64, holder string, at time.Time) (bool, error) {
	res, err := s.exec(ctx, s.db, `UPDATE outbox SET status = 'sent', sent_at = ?, last_error = '' WHERE id = ? AND status = 'pending' AND claimed_by = ?`,
		s.t(at), id, holder)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

func (s *DB) FailOutbox(ctx context.Context, id int64, holder, errText string, next time.Time, dead bool) error {
	status := "pending"
	if dead {
		status = "dead"
	}
	if len(errText) > 1000 {
		errText = errText[:1000]
	}
	_, err := s.exec(ctx, s.db, `UPDATE outbox SET status = ?, last_error = ?, next_attempt_at = ? WHERE id = ? AND status = 'pending' AND claimed_by = ?`,
		status, errText, s.t(next), id, holder)
	return err
}

func (s *DB) RetryOutbox(ctx context.Context, id int64, now time.Time) (store.OutboxMessage, error) {
	var m store.OutboxMessage
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		m, err = scanOutbox(s.row(ctx, tx, `SELECT `+outboxCols+` FROM outbox WHERE id = ?`+s.d.ForUpdate, id))
		if err != nil {
			return notFound(err, "outbox message")
		}
		if m.Status != "dead" {
			return apperr.Rule("not_dead", "only a dead message can be retried", "ส่งซ้ำได้เฉพาะข้อความที่ส่งไม่สำเร็จแล้วเท่านั้น")
		}
		if _, err := s.exec(ctx, tx, `UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = ?, claimed_by = '' WHERE id = ?`, s.t(now), id); err != nil {
			return err
		}
		m.Status, m.Attempts, m.NextAttemptAt = "pending", 0, now
		return nil
	})
	if errors.Is(err, sql.ErrNoRows) {
		err = apperr.NotFound("outbox message")
	}
	return m, err
}
