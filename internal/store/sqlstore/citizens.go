package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/rongtook/rongtook/internal/apperr"
	"github.com/rongtook/rongtook/internal/cases"
	"github.com/rongtook/rongtook/internal/store"
)

func (s *DB) LinkIdentity(ctx context.Context, id store.Identity) (store.Identity, error) {
	var out store.Identity
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := s.exec(ctx, tx, `INSERT INTO citizen_identities (kind, value, citizen_id, account, created_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (kind, value) DO NOTHING`, id.Kind, id.Value, id.CitizenID, id.Account, s.t(id.CreatedAt)); err != nil {
			return fmt.Errorf("link identity: %w", err)
		}
		return s.row(ctx, tx, `SELECT kind, value, citizen_id, account, created_at FROM citizen_identities WHERE kind = ? AND value = ?`, id.Kind, id.Value).
			Scan(&out.Kind, &out.Value, &out.CitizenID, &out.Account, timeCol{&out.CreatedAt})
	})
	return out, err
}

const citizenCols = `c.id, c.name, c.phone, c.email, c.created_at`

func (s *DB) CitizenByIdentity(ctx context.Context, kind, value string) (store.Citizen, error) {
	var c store.Citizen
	err := s.row(ctx, s.db, `SELECT `+citizenCols+` FROM citizen_identities i JOIN citizens c ON c.id = i.citizen_id
		WHERE i.kind = ? AND i.value = ?`, kind, value).Scan(&c.ID, &c.Name, &c.Phone, &c.Email, timeCol{&c.CreatedAt})
	return c, notFound(err, "citizen")
}

func (s *DB) Identities(ctx context.Context, citizenID int64) ([]store.Identity, error) {
	rows, err := s.query(ctx, s.db, `SELECT kind, value, citizen_id, account, created_at FROM citizen_identities WHERE citizen_id = ? ORDER BY kind, value`, citizenID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.Identity
	for rows.Next() {
		var i store.Identity
		if err := rows.Scan(&i.Kind, &i.Value, &i.CitizenID, &i.Account, timeCol{&i.CreatedAt}); err != nil {
			return nil, err
		}
		out = append(out, i)
	}
	return out, rows.Err()
}

// FindCitizens matches every non-empty field of f; profiles merged into another are left
// out. Phone, e-mail and channel ids are exact (indexed); the name is a prefix.
func (s *DB) FindCitizens(ctx context.Context, f store.CitizenFilter) ([]store.Citizen, error) {
	where := []string{`c.merged_into IS NULL`}
	var args []any
	from := `citizens c`
	if f.Phone != "" {
		// "<> ''" lets the partial index citizens_by_phone serve the query.
		where, args = append(where, `c.phone = ? AND c.phone <> ''`), append(args, f.Phone)
	}
	if f.Email != "" {
		where, args = append(where, `c.email = ? AND c.email <> ''`), append(args, f.Email)
	}
	if f.Name != "" {
		esc := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(f.Name)
		where, args = append(where, `c.name <> '' AND c.name LIKE ? ESCAPE '\'`), append(args, esc+"%")
		if !s.d.Numbered {
			// SQLite compares text by bytes: the prefix's range lets citizens_by_name serve
			// the query (LIKE with ESCAPE alone would scan).
			where, args = append(where, `c.name >= ? AND c.name < ?`), append(args, f.Name, f.Name+"\U0010FFFF")
		}
	}
	for kind, v := range map[string]string{"line": f.LineID, "facebook": f.FacebookID} {
		if v != "" {
			where = append(where, `EXISTS (SELECT 1 FROM citizen_identities i WHERE i.citizen_id = c.id AND i.kind = ? AND i.value = ?)`)
			args = append(args, kind, v)
		}
	}
	limit := f.Limit
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	rows, err := s.query(ctx, s.db, `SELECT `+citizenCols+` FROM `+from+` WHERE `+strings.Join(where, ` AND `)+` ORDER BY c.id LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []store.Citizen{}
	for rows.Next() {
		var c store.Citizen
		if err := rows.Scan(&c.ID, &c.Name, &c.Phone, &c.Email, timeCol{&c.CreatedAt}); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func (s *DB) MergeCitizens(ctx context.Context, into, from int64) error {
	if into == from {
		return apperr.Invalid("from", "same_citizen", "a profile cannot be merged into itself", "ไม่สามารถรวมข้อมูลผู้ร้องเข้ากับตัวเองได้")
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for _, id := range []int64{into, from} {
			var merged sql.NullInt64
			err := s.row(ctx, tx, `SELECT merged_into FROM citizens WHERE id = ?`+s.d.ForUpdate, id).Scan(&merged)
			if errors.Is(err, sql.ErrNoRows) {
				return apperr.NotFound("citizen")
			}
			if err != nil {
				return err
			}
			if merged.Valid {
				return apperr.Rule("already_merged", "the profile was merged into another already", "ข้อมูลผู้ร้องนี้ถูกรวมไปแล้ว")
			}
		}
		for _, q := range []string{
			`UPDATE cases SET citizen_id = ? WHERE citizen_id = ?`,
			`UPDATE conversations SET citizen_id = ? WHERE citizen_id = ?`,
			`UPDATE citizen_identities SET citizen_id = ? WHERE citizen_id = ?`,
			`UPDATE citizens SET merged_into = ? WHERE id = ?`,
		} {
			if _, err := s.exec(ctx, tx, q, into, from); err != nil {
				return fmt.Errorf("merge: %w", err)
			}
		}
		// Fill what the surviving profile lacks.
		_, err := s.exec(ctx, tx, `UPDATE citizens SET
			name = CASE WHEN name = '' THEN (SELECT name FROM citizens WHERE id = ?) ELSE name END,
			phone = CASE WHEN phone = '' THEN (SELECT phone FROM citizens WHERE id = ?) ELSE phone END,
			email = CASE WHEN email = '' THEN (SELECT email FROM citizens WHERE id = ?) ELSE email END WHERE id = ?`, from, from, from, into)
		return err
	})
}

func (s *DB) CitizenCases(ctx context.Context, citizenID int64, limit int) ([]cases.Case, error) {
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	return s.queryCases(ctx, `SELECT `+caseCols+` FROM cases WHERE citizen_id = ? ORDER BY created_at DESC, id DESC LIMIT ?`, citizenID, limit)
}
