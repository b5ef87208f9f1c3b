package app

import (
	"context"
	"fmt"
	"net/mail"
	"strings"

	"github.com/rongtook/rongtook/internal/apperr"
	"github.com/rongtook/rongtook/internal/auth"
	"github.com/rongtook/rongtook/internal/cases"
	"github.com/rongtook/rongtook/internal/reference"
	"github.com/rongtook/rongtook/internal/store"
)

// CitizenQuery finds citizens by name (prefix), phone, e-mail or channel id.
type CitizenQuery struct {
	Name, Phone, Email, LineID, FacebookID string
	Limit                                  int
}

// FindCitizens finds profiles for staff whose work needs personal data; each profile
// shown is written to the access log.
func (a *App) FindCitizens(ctx context.Context, p auth.Principal, q CitizenQuery) ([]store.Citizen, error) {
	if !auth.SeesPersonalData(p) {
		return nil, apperr.Forbidden("your role does not see citizens' personal data", "บทบาทของคุณไม่สามารถดูข้อมูลส่วนบุคคลของประชาชนได้")
	}
	f := store.CitizenFilter{Name: strings.TrimSpace(q.Name), Email: strings.TrimSpace(q.Email), LineID: q.LineID, FacebookID: q.FacebookID, Limit: q.Limit}
	if q.Phone != "" {
		phone, ok := NormalizePhone(q.Phone)
		if !ok {
			return nil, apperr.Invalid("phone", "invalid_phone", "phone is not a Thai phone number", "หมายเลขโทรศัพท์ไม่ถูกต้อง")
		}
		f.Phone = phone
	}
	if f.Email != "" {
		if _, err := mail.ParseAddress(f.Email); err != nil {
			return nil, apperr.Invalid("email", "invalid_email", "email is not an e-mail address", "อีเมลไม่ถูกต้อง")
		}
	}
	if f.Name == "" && f.Phone == "" && f.Email == "" && f.LineID == "" && f.FacebookID == "" {
		return nil, apperr.Invalid("name", "required", "give a name, phone, email, line_id or facebook_id", "กรุณาระบุชื่อ โทรศัพท์ อีเมล หรือรหัสช่องทาง")
	}
	if len([]rune(f.Name)) == 1 {
		return nil, apperr.Invalid("name", "too_short", "name needs at least 2 characters", "กรุณาพิมพ์ชื่ออย่างน้อย 2 ตัวอักษร")
	}
	list, err := a.store.FindCitizens(ctx, f)
	if err != nil {
		return nil, err
	}
	now := a.now()
	for _, c := range list {
		if err := a.store.LogAccess(ctx, store.AccessEntry{UserID: p.UserID, CitizenID: c.ID, Purpose: "search", At: now}); err != nil {
			return nil, fmt.Errorf("access log: %w", err)
		}
	}
	return list, nil
}

// CitizenProfile is one person across channels: personal data, channel identities, the
// cases the reader may see, and the conversations.
type CitizenProfile struct {
	Citizen       store.Citizen
	Identities    []store.Identity
	Cases         []cases.Case
	Conversations []store.Conversation
}

// CitizenProfile returns the whole profile, logging the read.
func (a *App) CitizenProfile(ctx context.Context, p auth.Principal, id int64, purpose string) (CitizenProfile, error) {
	c, err := a.Citizen(ctx, p, id, purpose)
	if err != nil {
		return CitizenProfile{}, err
	}
	out := CitizenProfile{Citizen: c}
	if out.Identities, err = a.store.Identities(ctx, id); err != nil {
		return out, err
	}
	all, err := a.store.CitizenCases(ctx, id, 200)
	if err != nil {
		return out, err
	}
	out.Cases = []cases.Case{}
	for _, k := range all {
		if auth.CanView(p, &k) {
			out.Cases = append(out.Cases, k)
		}
	}
	out.Conversations = []store.Conversation{}
	if p.CentreStaff() {
		if out.Conversations, err = a.store.Conversations(ctx, store.ConversationFilter{CitizenID: id, Limit: 200}); err != nil {
			return out, err
		}
	}
	if out.Identities == nil {
		out.Identities = []store.Identity{}
	}
	return out, nil
}

// MergeCitizens makes two profiles of one person one: from's cases, conversations and
// channel identities move to into. Centre supervisors do it.
func (a *App) MergeCitizens(ctx context.Context, p auth.Principal, into, from int64) (CitizenProfile, error) {
	if !(p.Role == auth.RoleSupervisor && p.Unit == reference.CentreCode) {
		return CitizenProfile{}, apperr.Forbidden("only centre supervisors merge profiles", "เฉพาะหัวหน้าศูนย์เรื่องราวร้องทุกข์เท่านั้นที่รวมข้อมูลผู้ร้องได้")
	}
	if err := a.store.MergeCitizens(ctx, into, from); err != nil {
		return CitizenProfile{}, err
	}
	a.log.InfoContext(ctx, "citizens merged", "into", into, "from", from, "by", p.Username)
	return a.CitizenProfile(ctx, p, into, "merge")
}

// RetryOutbox puts a dead message back in line (admins and centre supervisors).
func (a *App) RetryOutbox(ctx context.Context, p auth.Principal, id int64) (store.OutboxMessage, error) {
	if !(auth.CanManage(p) || (p.Role == auth.RoleSupervisor && p.CentreStaff())) {
		return store.OutboxMessage{}, apperr.Forbidden("only admins and centre supervisors retry messages", "เฉพาะผู้ดูแลระบบและหัวหน้าศูนย์เท่านั้นที่สั่งส่งข้อความซ้ำได้")
	}
	return a.store.RetryOutbox(ctx, id, a.now())
}
