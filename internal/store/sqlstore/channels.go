package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/rongtook/rongtook/internal/apperr"
	"github.com/rongtook/rongtook/internal/store"
)

func (s *DB) AddChannelEvents(ctx context.Context, evs []store.ChannelEvent) (int, error) {
	added := 0
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		added = 0
		for _, e := range evs {
			res, err := s.exec(ctx, tx, `INSERT INTO channel_events (channel, account, event_id, body, status, next_attempt_at, received_at)
				VALUES (?, ?, ?, ?, 'pending', ?, ?) ON CONFLICT (channel, event_id) DO NOTHING`,
				e.Channel, e.Account, e.EventID, e.Body, s.t(e.ReceivedAt), s.t(e.ReceivedAt))
			if err != nil {
				return fmt.Errorf("channel event: %w", err)
			}
			n, _ := res.RowsAffected()
			added += int(n)
		}
		return nil
	})
	return added, err
}

func (s *DB) ClaimChannelEvents(ctx context.Context, channel string, now time.Time, lease time.Duration, limit int) ([]store.ChannelEvent, error) {
	if limit <= 0 {
		limit = 20
	}
	var out []store.ChannelEvent
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		rows, err := s.query(ctx, tx, `UPDATE channel_events SET attempts = attempts + 1, next_attempt_at = ?
			WHERE id IN (SELECT id FROM channel_events WHERE status = 'pending' AND channel = ? AND next_attempt_at <= ?
			ORDER BY id LIMIT ?`+s.skipLocked()+`) RETURNING id, channel, account, event_id, body, attempts, received_at`,
			s.t(now.Add(lease)), channel, s.t(now), limit)
		if err != nil {
			return fmt.Errorf("claim channel events: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var e store.ChannelEvent
			if err := rows.Scan(&e.ID, &e.Channel, &e.Account, &e.EventID, &e.Body, &e.Attempts, timeCol{&e.ReceivedAt}); err != nil {
				return err
			}
			out = append(out, e)
		}
		return rows.Err()
	})
	// RETURNING gives no order: process oldest first, as the chat was written.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].ID < out[j-1].ID; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out, err
}

func (s *DB) FinishChannelEvent(ctx context.Context, id int64, at time.Time, errText string, next time.Time, dead bool) error {
	var err error
	switch {
	case errText == "":
		_, err = s.exec(ctx, s.db, `UPDATE channel_events SET status = 'done', processed_at = ?, last_error = '' WHERE id = ?`, s.t(at), id)
	case dead:
		_, err = s.exec(ctx, s.db, `UPDATE channel_events SET status = 'failed', processed_at = ?, last_error = ? WHERE id = ?`, s.t(at), errText, id)
	default:
		_, err = s.exec(ctx, s.db, `UPDATE channel_events SET next_attempt_at = ?, last_error = ? WHERE id = ?`, s.t(next), errText, id)
	}
	return err
}

func (s *DB) ChatSession(ctx context.Context, channel, account, userID string) (string, error) {
	var state string
	err := s.row(ctx, s.db, `SELECT state FROM chat_sessions WHERE channel = ? AND account = ? AND user_id = ?`, channel, account, userID).Scan(&state)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return state, err
}

func (s *DB) PutChatSession(ctx context.Context, channel, account, userID, state string, at time.Time) error {
	_, err := s.exec(ctx, s.db, `INSERT INTO chat_sessions (channel, account, user_id, state, updated_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (channel, account, user_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
		channel, account, userID, state, s.t(at))
	return err
}

func (s *DB) DeleteChatSession(ctx context.Context, channel, account, userID string) error {
	_, err := s.exec(ctx, s.db, `DELETE FROM chat_sessions WHERE channel = ? AND account = ? AND user_id = ?`, channel, account, userID)
	return err
}

func (s *DB) PutBlob(ctx context.Context, contentType string, data []byte, at time.Time) (int64, error) {
	var id int64
	err := s.row(ctx, s.db, `INSERT INTO blobs (content_type, data, created_at) VALUES (?, ?, ?) RETURNING id`, contentType, data, s.t(at)).Scan(&id)
	return id, err
}

func (s *DB) Blob(ctx context.Context, id int64) (string, []byte, error) {
	var ct string
	var data []byte
	err := s.row(ctx, s.db, `SELECT content_type, data FROM blobs WHERE id = ?`, id).Scan(&ct, &data)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil, apperr.NotFound("resource")
	}
	return ct, data, err
}
