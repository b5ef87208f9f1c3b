package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/rongtook/rongtook/internal/store"
)

const convCols = `id, channel, thread_key, kind, COALESCE(citizen_id, 0), post_id, COALESCE(assignee_id, 0), COALESCE(case_id, 0), tags,
	unanswered, last_message_at, created_at`

func scanConv(sc interface{ Scan(...any) error }) (store.Conversation, error) {
	var c store.Conversation
	var tags string
	err := sc.Scan(&c.ID, &c.Channel, &c.ThreadKey, &c.Kind, &c.CitizenID, &c.PostID, &c.AssigneeID, &c.CaseID, &tags, &c.Unanswered,
		timeCol{&c.LastMessageAt}, timeCol{&c.CreatedAt})
	c.Tags = splitTags(tags)
	return c, err
}

// Tags are stored as ",a,b," so that one tag matches with LIKE '%,a,%'.
func joinTags(tags []string) string {
	if len(tags) == 0 {
		return ""
	}
	return "," + strings.Join(tags, ",") + ","
}

func splitTags(s string) []string {
	out := []string{}
	for _, t := range strings.Split(s, ",") {
		if t != "" {
			out = append(out, t)
		}
	}
	return out
}

func (s *DB) RecordInbound(ctx context.Context, conv store.Conversation, msg store.ConversationMessage) (store.Conversation, bool, error) {
	var out store.Conversation
	added := false
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := s.exec(ctx, tx, `INSERT INTO conversations (channel, thread_key, kind, citizen_id, post_id, tags, unanswered, last_message_at, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (channel, thread_key) DO NOTHING`,
			conv.Channel, conv.ThreadKey, conv.Kind, nullInt(conv.CitizenID), conv.PostID, joinTags(conv.Tags), true, s.t(msg.At), s.t(msg.At))
		if err != nil {
			return fmt.Errorf("conversation: %w", err)
		}
		out, err = scanConv(s.row(ctx, tx, `SELECT `+convCols+` FROM conversations WHERE channel = ? AND thread_key = ?`+s.d.ForUpdate, conv.Channel, conv.ThreadKey))
		if err != nil {
			return err
		}
		if msg.ExternalID != "" {
			var n int
			if err := s.row(ctx, tx, `SELECT COUNT(*) FROM conversation_messages WHERE external_id = ?`, msg.ExternalID).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
		}
		if _, err := s.exec(ctx, tx, `INSERT INTO conversation_messages (conversation_id, direction, external_id, text, at) VALUES (?, 'in', ?, ?, ?)`,
			out.ID, msg.ExternalID, msg.Text, s.t(msg.At)); err != nil {
			return fmt.Errorf("conversation message: %w", err)
		}
		for _, t := range conv.Tags {
			if !slices.Contains(out.Tags, t) {
				out.Tags = append(out.Tags, t)
			}
		}
		if out.LastMessageAt.Before(msg.At) {
			out.LastMessageAt = msg.At
		}
		out.Unanswered = true
		if out.CitizenID == 0 {
			out.CitizenID = conv.CitizenID
		}
		if _, err := s.exec(ctx, tx, `UPDATE conversations SET tags = ?, unanswered = ?, last_message_at = ?, citizen_id = ? WHERE id = ?`,
			joinTags(out.Tags), true, s.t(out.LastMessageAt), nullInt(out.CitizenID), out.ID); err != nil {
			return err
		}
		added = true
		return nil
	})
	return out, added, err
}

func (s *DB) Conversation(ctx context.Context, id int64) (store.Conversation, error) {
	c, err := scanConv(s.row(ctx, s.db, `SELECT `+convCols+` FROM conversations WHERE id = ?`, id))
	return c, notFound(err, "conversation")
}

func (s *DB) convWhere(f store.ConversationFilter) (string, []any) {
	var where []string
	var args []any
	if f.Tag != "" {
		where, args = append(where, `tags LIKE ?`), append(args, "%,"+f.Tag+",%")
	}
	if f.Channel != "" {
		where, args = append(where, `channel = ?`), append(args, f.Channel)
	}
	if f.Unanswered != nil {
		where, args = append(where, `unanswered = ?`), append(args, *f.Unanswered)
	}
	if f.AssigneeID != 0 {
		where, args = append(where, `assignee_id = ?`), append(args, f.AssigneeID)
	}
	if f.CitizenID != 0 {
		where, args = append(where, `citizen_id = ?`), append(args, f.CitizenID)
	}
	if len(where) == 0 {
		return "", nil
	}
	return ` WHERE ` + strings.Join(where, ` AND `), args
}

func (s *DB) Conversations(ctx context.Context, f store.ConversationFilter) ([]store.Conversation, error) {
	w, args := s.convWhere(f)
	limit := f.Limit
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	rows, err := s.query(ctx, s.db, `SELECT `+convCols+` FROM conversations`+w+` ORDER BY last_message_at DESC, id DESC LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []store.Conversation{}
	for rows.Next() {
		c, err := scanConv(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func (s *DB) CountConversations(ctx context.Context, f store.ConversationFilter) (int, error) {
	w, args := s.convWhere(f)
	var n int
	err := s.row(ctx, s.db, `SELECT COUNT(*) FROM conversations`+w, args...).Scan(&n)
	return n, err
}

func (s *DB) ConversationMessages(ctx context.Context, id int64) ([]store.ConversationMessage, error) {
	rows, err := s.query(ctx, s.db, `SELECT id, conversation_id, direction, external_id, text, COALESCE(author_id, 0), at
		FROM conversation_messages WHERE conversation_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []store.ConversationMessage{}
	for rows.Next() {
		var m store.ConversationMessage
		if err := rows.Scan(&m.ID, &m.ConversationID, &m.Direction, &m.ExternalID, &m.Text, &m.AuthorID, timeCol{&m.At}); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

func (s *DB) UpdateConversation(ctx context.Context, c store.Conversation) error {
	res, err := s.exec(ctx, s.db, `UPDATE conversations SET assignee_id = ?, tags = ?, case_id = ?, citizen_id = ? WHERE id = ?`,
		nullInt(c.AssigneeID), joinTags(c.Tags), nullInt(c.CaseID), nullInt(c.CitizenID), c.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound(sql.ErrNoRows, "conversation")
	}
	return nil
}

func (s *DB) AddReply(ctx context.Context, convID int64, msg store.ConversationMessage, out store.OutboxMessage) (store.ConversationMessage, error) {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var id int64
		if err := s.row(ctx, tx, `SELECT id FROM conversations WHERE id = ?`+s.d.ForUpdate, convID).Scan(&id); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return notFound(err, "conversation")
			}
			return err
		}
		if err := s.row(ctx, tx, `INSERT INTO conversation_messages (conversation_id, direction, external_id, text, author_id, at)
			VALUES (?, 'out', ?, ?, ?, ?) RETURNING id`, convID, msg.ExternalID, msg.Text, nullInt(msg.AuthorID), s.t(msg.At)).Scan(&msg.ID); err != nil {
			return fmt.Errorf("reply: %w", err)
		}
		if _, err := s.exec(ctx, tx, `UPDATE conversations SET unanswered = ? WHERE id = ?`, false, convID); err != nil {
			return err
		}
		if out.DedupeKey != "" {
			if out.DedupeKey == "reply:" {
				out.DedupeKey = fmt.Sprintf("reply:%d", msg.ID)
			}
			if _, err := s.insertOutbox(ctx, tx, []store.OutboxMessage{out}); err != nil {
				return err
			}
		}
		msg.ConversationID, msg.Direction = convID, "out"
		return nil
	})
	return msg, err
}
