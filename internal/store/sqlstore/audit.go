package sqlstore

import (
	"context"
	"database/sql"

	"github.com/rongtook/rongtook/internal/store"
)

func (s *DB) Audit(ctx context.Context, e store.AuditEntry) error {
	_, err := s.exec(ctx, s.db, `INSERT INTO audit_log (user_id, action, detail, at) VALUES (?, ?, ?, ?)`, e.UserID, e.Action, e.Detail, s.t(e.At))
	return err
}

// AuditLog lists the newest audited acts first.
func (s *DB) AuditLog(ctx context.Context, limit int) ([]store.AuditEntry, error) {
	if limit <= 0 || limit > 1000 {
		limit = 200
	}
	rows, err := s.query(ctx, s.db, `SELECT a.id, a.user_id, u.username, a.action, a.detail, a.at FROM audit_log a
		JOIN users u ON u.id = a.user_id ORDER BY a.id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.AuditEntry
	for rows.Next() {
		var e store.AuditEntry
		if err := rows.Scan(&e.ID, &e.UserID, &e.Username, &e.Action, &e.Detail, timeCol{&e.At}); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

func (s *DB) LogAccessMany(ctx context.Context, es []store.AccessEntry) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for len(es) > 0 {
			chunk := es[:min(len(es), 500)]
			es = es[len(chunk):]
			args := make([]any, 0, 5*len(chunk))
			for _, e := range chunk {
				args = append(args, e.UserID, e.CitizenID, nullInt(e.CaseID), e.Purpose, s.t(e.At))
			}
			if _, err := s.exec(ctx, tx, `INSERT INTO access_log (user_id, citizen_id, case_id, purpose, at) VALUES `+placeholders(len(chunk), 5), args...); err != nil {
				return err
			}
		}
		return nil
	})
}
