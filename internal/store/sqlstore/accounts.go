package sqlstore

import (
	"context"
	"time"

	"github.com/rongtook/rongtook/internal/apperr"
	"github.com/rongtook/rongtook/internal/auth"
	"github.com/rongtook/rongtook/internal/store"
)

const userCols = `id, username, display_name, role, unit_code, password_hash, disabled, created_at`

func scanUser(sc interface{ Scan(...any) error }) (auth.User, error) {
	var u auth.User
	err := sc.Scan(&u.ID, &u.Username, &u.DisplayName, &u.Role, &u.UnitCode, &u.PasswordHash, &u.Disabled, timeCol{&u.CreatedAt})
	return u, err
}

// CreateUser stores a new user and sets its ID. A taken username is a conflict.
func (s *DB) CreateUser(ctx context.Context, u *auth.User) error {
	err := s.row(ctx, s.db, `INSERT INTO users (username, display_name, role, unit_code, password_hash, disabled, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		u.Username, u.DisplayName, string(u.Role), u.UnitCode, u.PasswordHash, u.Disabled, s.t(u.CreatedAt)).Scan(&u.ID)
	if err != nil && s.d.IsUniqueViolation(err) {
		return apperr.Conflict("username_taken", "username "+u.Username+" is taken", "ชื่อผู้ใช้นี้มีอยู่แล้ว")
	}
	return err
}

func (s *DB) UserByUsername(ctx context.Context, username string) (auth.User, error) {
	u, err := scanUser(s.row(ctx, s.db, `SELECT `+userCols+` FROM users WHERE username = ?`, username))
	return u, notFound(err, "user")
}

func (s *DB) UserByID(ctx context.Context, id int64) (auth.User, error) {
	u, err := scanUser(s.row(ctx, s.db, `SELECT `+userCols+` FROM users WHERE id = ?`, id))
	return u, notFound(err, "user")
}

// Users lists users, of one unit when unit is not empty.
func (s *DB) Users(ctx context.Context, unit string) ([]auth.User, error) {
	q := `SELECT ` + userCols + ` FROM users`
	var args []any
	if unit != "" {
		q += ` WHERE unit_code = ?`
		args = append(args, unit)
	}
	rows, err := s.query(ctx, s.db, q+` ORDER BY username`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []auth.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

func (s *DB) CreateToken(ctx context.Context, t *store.Token) error {
	return s.row(ctx, s.db, `INSERT INTO tokens (user_id, name, hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
		t.UserID, t.Name, t.Hash, s.t(t.CreatedAt), s.tp(t.ExpiresAt)).Scan(&t.ID)
}

// TokenUser returns the enabled user owning a live (unrevoked, unexpired) token.
func (s *DB) TokenUser(ctx context.Context, hash string, now time.Time) (auth.User, error) {
	u, err := scanUser(s.row(ctx, s.db, `SELECT u.id, u.username, u.display_name, u.role, u.unit_code, u.password_hash, u.disabled, u.created_at
		FROM tokens t JOIN users u ON u.id = t.user_id
		WHERE t.hash = ? AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > ?) AND u.disabled = ?`,
		hash, s.t(now), false))
	return u, notFound(err, "token")
}

func (s *DB) Tokens(ctx context.Context, userID int64) ([]store.Token, error) {
	rows, err := s.query(ctx, s.db, `SELECT id, user_id, name, hash, created_at, expires_at, revoked_at FROM tokens WHERE user_id = ? ORDER BY id`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.Token
	for rows.Next() {
		var t store.Token
		if err := rows.Scan(&t.ID, &t.UserID, &t.Name, &t.Hash, timeCol{&t.CreatedAt}, optTime{&t.ExpiresAt}, optTime{&t.RevokedAt}); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

func (s *DB) RevokeToken(ctx context.Context, id int64, now time.Time) error {
	res, err := s.exec(ctx, s.db, `UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`, s.t(now), id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apperr.NotFound("token")
	}
	return nil
}

func (s *DB) CreateSession(ctx context.Context, ss store.Session) error {
	_, err := s.exec(ctx, s.db, `INSERT INTO sessions (hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
		ss.Hash, ss.UserID, s.t(ss.CreatedAt), s.t(ss.ExpiresAt))
	return err
}

func (s *DB) SessionUser(ctx context.Context, hash string, now time.Time) (auth.User, error) {
	u, err := scanUser(s.row(ctx, s.db, `SELECT u.id, u.username, u.display_name, u.role, u.unit_code, u.password_hash, u.disabled, u.created_at
		FROM sessions x JOIN users u ON u.id = x.user_id WHERE x.hash = ? AND x.expires_at > ? AND u.disabled = ?`,
		hash, s.t(now), false))
	return u, notFound(err, "session")
}

func (s *DB) DeleteSession(ctx context.Context, hash string) error {
	_, err := s.exec(ctx, s.db, `DELETE FROM sessions WHERE hash = ?`, hash)
	return err
}

func (s *DB) RecordLoginFailure(ctx context.Context, username string, at time.Time) error {
	_, err := s.exec(ctx, s.db, `INSERT INTO login_failures (username, at) VALUES (?, ?)`, username, s.t(at))
	return err
}

func (s *DB) LoginFailures(ctx context.Context, username string, since time.Time) (int, error) {
	var n int
	err := s.row(ctx, s.db, `SELECT COUNT(*) FROM login_failures WHERE username = ? AND at >= ?`, username, s.t(since)).Scan(&n)
	return n, err
}

func (s *DB) CreateCitizen(ctx context.Context, c *store.Citizen) error {
	return s.row(ctx, s.db, `INSERT INTO citizens (name, phone, email, created_at) VALUES (?, ?, ?, ?) RETURNING id`,
		c.Name, c.Phone, c.Email, s.t(c.CreatedAt)).Scan(&c.ID)
}

func (s *DB) Citizen(ctx context.Context, id int64) (store.Citizen, error) {
	var c store.Citizen
	err := s.row(ctx, s.db, `SELECT id, name, phone, email, created_at FROM citizens WHERE id = ?`, id).
		Scan(&c.ID, &c.Name, &c.Phone, &c.Email, timeCol{&c.CreatedAt})
	return c, notFound(err, "citizen")
}

// CitizenByPhone returns the oldest profile with the phone number.
func (s *DB) CitizenByPhone(ctx context.Context, phone string) (store.Citizen, error) {
	var c store.Citizen
	err := s.row(ctx, s.db, `SELECT id, name, phone, email, created_at FROM citizens WHERE phone = ? AND phone <> '' ORDER BY id LIMIT 1`, phone).
		Scan(&c.ID, &c.Name, &c.Phone, &c.Email, timeCol{&c.CreatedAt})
	return c, notFound(err, "citizen")
}

func (s *DB) LogAccess(ctx context.Context, e store.AccessEntry) error {
	_, err := s.exec(ctx, s.db, `INSERT INTO access_log (user_id, citizen_id, case_id, purpose, at) VALUES (?, ?, ?, ?, ?)`,
		e.UserID, e.CitizenID, nullInt(e.CaseID), e.Purpose, s.t(e.At))
	return err
}

// AccessLog lists the reads of one citizen's personal data, newest first.
func (s *DB) AccessLog(ctx context.Context, citizenID int64) ([]store.AccessEntry, error) {
	rows, err := s.query(ctx, s.db, `SELECT a.id, a.user_id, u.username, a.citizen_id, COALESCE(a.case_id, 0), a.purpose, a.at
		FROM access_log a JOIN users u ON u.id = a.user_id WHERE a.citizen_id = ? ORDER BY a.at DESC, a.id DESC`, citizenID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.AccessEntry
	for rows.Next() {
		var e store.AccessEntry
		if err := rows.Scan(&e.ID, &e.UserID, &e.Username, &e.CitizenID, &e.CaseID, &e.Purpose, timeCol{&e.At}); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
