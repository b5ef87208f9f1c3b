package app

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rongtook/rongtook/internal/apperr"
	"github.com/rongtook/rongtook/internal/auth"
	"github.com/rongtook/rongtook/internal/reference"
	"github.com/rongtook/rongtook/internal/store"
)

var usernamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{1,62}$`)

// NewUser is an account to create.
type NewUser struct {
	Username    string
	DisplayName string
	Role        auth.Role
	UnitCode    string
	Password    string
}

// CreateUser creates an account on behalf of an admin.
func (a *App) CreateUser(ctx context.Context, p auth.Principal, in NewUser) (auth.User, error) {
	if !auth.CanManage(p) {
		return auth.User{}, apperr.Forbidden("only an admin creates accounts", "เฉพาะผู้ดูแลระบบเท่านั้นที่สร้างบัญชีผู้ใช้ได้")
	}
	return a.createUser(ctx, in)
}

// CreateUserSystem creates an account from the command line, which runs with the database
// owner's authority.
func (a *App) CreateUserSystem(ctx context.Context, in NewUser) (auth.User, error) {
	return a.createUser(ctx, in)
}

func (a *App) createUser(ctx context.Context, in NewUser) (auth.User, error) {
	in.Username = strings.ToLower(strings.TrimSpace(in.Username))
	if !usernamePattern.MatchString(in.Username) {
		return auth.User{}, apperr.Invalid("username", "invalid_username", "username must be 2–63 characters of a–z, 0–9, '.', '_' or '-'", "ชื่อผู้ใช้ต้องเป็น a–z, 0–9, '.', '_' หรือ '-' ยาว 2–63 ตัวอักษร")
	}
	if !in.Role.Valid() {
		return auth.User{}, apperr.Invalid("role", "unknown_role", fmt.Sprintf("unknown role %q", in.Role), "ไม่รู้จักบทบาทที่ระบุ")
	}
	if _, ok := a.ref.Unit(in.UnitCode); !ok {
		return auth.User{}, apperr.Invalid("unit_code", "unknown_unit", fmt.Sprintf("unknown unit %q", in.UnitCode), "ไม่รู้จักหน่วยงานที่ระบุ")
	}
	if (in.Role == auth.RoleOperator || in.Role == auth.RoleSupervisor) && in.UnitCode != reference.CentreCode {
		return auth.User{}, apperr.Invalid("unit_code", "role_needs_centre", "operators and supervisors work at the complaint centre (CENTRE)", "เจ้าหน้าที่รับเรื่องและหัวหน้าศูนย์ต้องสังกัดศูนย์เรื่องราวร้องทุกข์ (CENTRE)")
	}
	if utf8.RuneCountInString(in.Password) < auth.MinPasswordLen {
		return auth.User{}, apperr.Invalid("password", "password_too_short", fmt.Sprintf("password must have at least %d characters", auth.MinPasswordLen), fmt.Sprintf("รหัสผ่านต้องยาวอย่างน้อย %d ตัวอักษร", auth.MinPasswordLen))
	}
	if utf8.RuneCountInString(in.DisplayName) > 200 {
		return auth.User{}, apperr.Invalid("display_name", "too_long", "display_name is longer than 200 characters", "ชื่อที่แสดงยาวเกินไป")
	}
	hash, err := a.hasher.Hash(in.Password)
	if err != nil {
		return auth.User{}, err
	}
	u := auth.User{Username: in.Username, DisplayName: strings.TrimSpace(in.DisplayName), Role: in.Role, UnitCode: in.UnitCode, PasswordHash: hash, CreatedAt: a.now()}
	if err := a.store.CreateUser(ctx, &u); err != nil {
		return auth.User{}, err
	}
	a.log.InfoContext(ctx, "user created", "username", u.Username, "role", u.Role, "unit", u.UnitCode)
	return u, nil
}

// Users lists accounts: all of them for admins, their own unit's for heads.
func (a *App) Users(ctx context.Context, p auth.Principal) ([]auth.User, error) {
	switch {
	case auth.CanManage(p):
		return a.store.Users(ctx, "")
	case p.Role == auth.RoleHead || p.Role == auth.RoleCoordinator || p.Role == auth.RoleSupervisor:
		return a.store.Users(ctx, p.Unit)
	}
	return nil, apperr.Forbidden("your role cannot list accounts", "บทบาทของคุณไม่สามารถดูรายชื่อผู้ใช้ได้")
}

// IssueToken creates a bearer token for a user from the command line and returns it; only
// its hash is kept.
func (a *App) IssueToken(ctx context.Context, username, name string) (string, error) {
	u, err := a.store.UserByUsername(ctx, strings.ToLower(strings.TrimSpace(username)))
	if err != nil {
		return "", err
	}
	return a.issueToken(ctx, u, name)
}

// IssueOwnToken creates a bearer token for the calling user.
func (a *App) IssueOwnToken(ctx context.Context, p auth.Principal, name string) (string, store.Token, error) {
	u, err := a.store.UserByID(ctx, p.UserID)
	if err != nil {
		return "", store.Token{}, err
	}
	tok, err := a.issueToken(ctx, u, name)
	if err != nil {
		return "", store.Token{}, err
	}
	toks, err := a.store.Tokens(ctx, u.ID)
	if err != nil || len(toks) == 0 {
		return tok, store.Token{}, err
	}
	return tok, toks[len(toks)-1], nil
}

func (a *App) issueToken(ctx context.Context, u auth.User, name string) (string, error) {
	if u.Disabled {
		return "", apperr.Rule("user_disabled", "the account is disabled", "บัญชีนี้ถูกระงับ")
	}
	if utf8.RuneCountInString(name) > 100 {
		return "", apperr.Invalid("name", "too_long", "token name is longer than 100 characters", "ชื่อโทเคนยาวเกินไป")
	}
	tok, hash, err := auth.NewToken()
	if err != nil {
		return "", err
	}
	if err := a.store.CreateToken(ctx, &store.Token{UserID: u.ID, Name: name, Hash: hash, CreatedAt: a.now()}); err != nil {
		return "", err
	}
	return tok, nil
}

// Tokens lists the caller's tokens.
func (a *App) Tokens(ctx context.Context, p auth.Principal) ([]store.Token, error) {
	return a.store.Tokens(ctx, p.UserID)
}

// RevokeToken revokes one of the caller's tokens (an admin may revoke anyone's).
func (a *App) RevokeToken(ctx context.Context, p auth.Principal, id int64) error {
	if !auth.CanManage(p) {
		toks, err := a.store.Tokens(ctx, p.UserID)
		if err != nil {
			return err
		}
		mine := false
		for _, t := range toks {
			mine = mine || t.ID == id
		}
		if !mine {
			return apperr.NotFound("token")
		}
	}
	return a.store.RevokeToken(ctx, id, a.now())
}

// Authenticate resolves a bearer token to its user.
func (a *App) Authenticate(ctx context.Context, token string) (auth.Principal, error) {
	u, err := a.store.TokenUser(ctx, auth.HashToken(token), a.now())
	if apperr.Is(err, apperr.KindNotFound) {
		return auth.Principal{}, apperr.Unauthenticated("the token is unknown, revoked or expired", "โทเคนไม่ถูกต้อง ถูกยกเลิก หรือหมดอายุ")
	}
	if err != nil {
		return auth.Principal{}, err
	}
	return auth.PrincipalOf(u), nil
}

// AuthenticateSession resolves a session cookie value to its user.
func (a *App) AuthenticateSession(ctx context.Context, sessionID string) (auth.Principal, error) {
	u, err := a.store.SessionUser(ctx, auth.HashToken(sessionID), a.now())
	if apperr.Is(err, apperr.KindNotFound) {
		return auth.Principal{}, apperr.Unauthenticated("the session has ended; log in again", "หมดเวลาการใช้งาน กรุณาเข้าสู่ระบบใหม่")
	}
	if err != nil {
		return auth.Principal{}, err
	}
	return auth.PrincipalOf(u), nil
}

// Login limits: this many failures in the window lock the username for the rest of it.
const (
	MaxLoginFailures = 5
	LoginWindow      = 15 * time.Minute
)

// Login checks a password and opens a session, returning the cookie value and its expiry.
// Failures are counted in the database so that the limit holds across servers.
func (a *App) Login(ctx context.Context, username, password string) (string, time.Time, auth.Principal, error) {
	username = strings.ToLower(strings.TrimSpace(username))
	now := a.now()
	n, err := a.store.LoginFailures(ctx, username, now.Add(-LoginWindow))
	if err != nil {
		return "", time.Time{}, auth.Principal{}, err
	}
	if n >= MaxLoginFailures {
		return "", time.Time{}, auth.Principal{}, apperr.RateLimited("too many failed logins; try again in 15 minutes", "เข้าสู่ระบบผิดพลาดหลายครั้ง กรุณาลองใหม่ใน 15 นาที")
	}
	bad := apperr.Unauthenticated("wrong username or password", "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง")
	u, err := a.store.UserByUsername(ctx, username)
	if err == nil && !u.Disabled && auth.Verify(password, u.PasswordHash) == nil {
		id, hash, err := auth.NewToken()
		if err != nil {
			return "", time.Time{}, auth.Principal{}, err
		}
		exp := now.Add(a.SessionTTL)
		if err := a.store.CreateSession(ctx, store.Session{Hash: hash, UserID: u.ID, CreatedAt: now, ExpiresAt: exp}); err != nil {
			return "", time.Time{}, auth.Principal{}, err
		}
		return id, exp, auth.PrincipalOf(u), nil
	}
	if err != nil && !apperr.Is(err, apperr.KindNotFound) {
		return "", time.Time{}, auth.Principal{}, err
	}
	if err := a.store.RecordLoginFailure(ctx, username, now); err != nil {
		return "", time.Time{}, auth.Principal{}, err
	}
	return "", time.Time{}, auth.Principal{}, bad
}

// Logout ends a session.
func (a *App) Logout(ctx context.Context, sessionID string) error {
	return a.store.DeleteSession(ctx, auth.HashToken(sessionID))
}
