package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/mail"
	"strings"
	"unicode/utf8"

	"github.com/rongtook/rongtook/internal/apperr"
	"github.com/rongtook/rongtook/internal/auth"
	"github.com/rongtook/rongtook/internal/cases"
	"github.com/rongtook/rongtook/internal/reference"
	"github.com/rongtook/rongtook/internal/store"
)

// CitizenInput identifies or describes the person reporting. Either ID names an existing
// profile, or Name/Phone/Email describe one; a known phone number reuses its profile.
type CitizenInput struct {
	ID    int64  `json:"id,omitempty"`
	Name  string `json:"name,omitempty"`
	Phone string `json:"phone,omitempty"`
	Email string `json:"email,omitempty"`
}

// NewCase is a case as taken in by staff.
type NewCase struct {
	Draft   cases.Draft
	Citizen *CitizenInput
	// AutoRoute sends the case at once to the unit the routing rules give.
	AutoRoute bool
	// ForwardTo sends the case at once to this unit (and section).
	ForwardTo      string
	ForwardSection string
	IdempotencyKey string
	// Attachments and Outbox messages are stored with the case (channel intake: the
	// citizen's photos, the reply carrying the receipt number as "{receipt}").
	Attachments []store.Attachment    `json:"-"`
	Outbox      []store.OutboxMessage `json:"-"`
}

// CreateCase takes in a case: validates it, links or creates the citizen's profile, issues
// the receipt number and, when asked, routes it — all in one transaction with its timeline.
// created is false when the Idempotency-Key had already created the case.
func (a *App) CreateCase(ctx context.Context, p auth.Principal, in NewCase) (c cases.Case, created bool, err error) {
	if !auth.CanCreateCase(p) {
		return c, false, apperr.Forbidden("your role cannot take in cases", "บทบาทของคุณไม่สามารถรับเรื่องได้")
	}
	if len(in.IdempotencyKey) > 200 {
		return c, false, apperr.Invalid("Idempotency-Key", "too_long", "Idempotency-Key is longer than 200 characters", "Idempotency-Key ยาวเกินไป")
	}
	d := in.Draft
	if err := d.Validate(a.ref); err != nil {
		return c, false, err
	}
	if d.Anonymous && in.Citizen != nil {
		return c, false, apperr.Invalid("citizen", "anonymous_with_citizen", "an anonymous case has no citizen", "เรื่องที่ไม่ระบุชื่อต้องไม่มีข้อมูลผู้ร้อง")
	}
	var target reference.Target
	switch {
	case in.ForwardTo != "":
		target = reference.Target{UnitCode: in.ForwardTo, SectionCode: in.ForwardSection}
		if err := a.checkUnitSection("forward_to", target); err != nil {
			return c, false, err
		}
	case in.AutoRoute:
		rules, err := a.store.RoutingRules(ctx)
		if err != nil {
			return c, false, err
		}
		target = reference.Resolve(rules, d.CategoryCode, d.Location.DistrictCode)
	}
	if target.UnitCode != "" && !(p.CentreStaff() || target.UnitCode == p.Unit) {
		return c, false, apperr.Forbidden("only the complaint centre routes cases to other units", "เฉพาะศูนย์เรื่องราวร้องทุกข์เท่านั้นที่ส่งต่อเรื่องไปยังหน่วยงานอื่นได้")
	}
	// The request hash lets a replayed key be told apart from a key reused for another case.
	reqHash, err := hashRequest(in)
	if err != nil {
		return c, false, err
	}
	citizenID, err := a.resolveCitizen(ctx, in.Citizen)
	if err != nil {
		return c, false, err
	}
	now := a.now()
	c = cases.Case{
		Channel: d.Channel, Kind: d.Kind, CategoryCode: d.CategoryCode, Description: d.Description, Location: d.Location,
		CitizenID: citizenID, Anonymous: d.Anonymous, Confidential: d.Confidential, BEST: d.BEST,
		UnitCode: p.Unit, Status: cases.StatusNew, Source: d.Source, SourceRef: d.SourceRef,
		CreatedBy: p.UserID, CreatedAt: now, UpdatedAt: now, ReachedUnitAt: &now,
	}
	actor := p.Actor()
	events := []cases.Event{{Type: cases.EventCreated, At: now, ActorID: actor.ID, ActorName: actor.Name, ActorRole: actor.Role,
		ActorUnit: actor.Unit, ToStatus: cases.StatusNew, UnitCode: c.UnitCode, Public: true}}
	if target.UnitCode != "" && target.UnitCode != c.UnitCode {
		routed, ev, err := cases.Apply(c, cases.Command{Action: cases.ActForward, UnitCode: target.UnitCode, SectionCode: target.SectionCode,
			Reason: "routed at intake"}, actor, now)
		if err != nil {
			return c, false, err
		}
		c, events = routed, append(events, ev)
	}
	eng, err := a.Engine(ctx)
	if err != nil {
		return c, false, err
	}
	if c.NextDueAt, err = nextDue(eng, c, events, now); err != nil {
		return c, false, err
	}
	outbox := append(in.Outbox, a.coordinatorMessages(ctx, nil, c)...)
	c, created, err = a.store.CreateCase(ctx, store.NewCase{Case: c, Events: events, IdempotencyKey: in.IdempotencyKey, RequestHash: reqHash,
		Attachments: in.Attachments, Outbox: outbox})
	if err != nil {
		return c, false, err
	}
	if created {
		a.log.InfoContext(ctx, "case created", "receipt", c.Receipt, "channel", c.Channel, "unit", c.UnitCode, "by", p.Username)
	}
	return c, created, nil
}

func hashRequest(in NewCase) (string, error) {
	in.IdempotencyKey = ""
	b, err := json.Marshal(in)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

func (a *App) checkUnitSection(field string, t reference.Target) error {
	u, ok := a.ref.Unit(t.UnitCode)
	if !ok {
		return apperr.Invalid(field, "unknown_unit", fmt.Sprintf("unknown unit %q", t.UnitCode), "ไม่รู้จักหน่วยงานที่ระบุ")
	}
	if t.SectionCode != "" && !u.HasSection(t.SectionCode) {
		return apperr.Invalid("section_code", "unknown_section", fmt.Sprintf("unit %s has no section %q", t.UnitCode, t.SectionCode), "หน่วยงานนี้ไม่มีฝ่ายที่ระบุ")
	}
	return nil
}

// NormalizePhone keeps the digits of a Thai phone number, turning +66 into a leading 0.
// It returns "" and false when what is left is not a Thai number (9 or 10 digits from 0).
func NormalizePhone(s string) (string, bool) {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= '๐' && r <= '๙':
			b.WriteRune('0' + (r - '๐'))
		case r == '+' || r == '-' || r == ' ' || r == '(' || r == ')' || r == '.':
		default:
			return "", false
		}
	}
	d := b.String()
	if strings.HasPrefix(d, "66") && len(d) >= 10 {
		d = "0" + d[2:]
	}
	if !strings.HasPrefix(d, "0") || len(d) < 9 || len(d) > 10 {
		return "", false
	}
	return d, true
}

func (a *App) resolveCitizen(ctx context.Context, in *CitizenInput) (int64, error) {
	if in == nil {
		return 0, nil
	}
	if in.ID != 0 {
		if _, err := a.store.Citizen(ctx, in.ID); err != nil {
			if apperr.Is(err, apperr.KindNotFound) {
				return 0, apperr.Invalid("citizen.id", "unknown_citizen", "no citizen profile has that id", "ไม่พบข้อมูลผู้ร้องตามรหัสที่ระบุ")
			}
			return 0, err
		}
		return in.ID, nil
	}
	c := store.Citizen{Name: strings.TrimSpace(in.Name), Email: strings.TrimSpace(in.Email), CreatedAt: a.now()}
	if utf8.RuneCountInString(c.Name) > 200 {
		return 0, apperr.Invalid("citizen.name", "too_long", "citizen.name is longer than 200 characters", "ชื่อผู้ร้องยาวเกินไป")
	}
	if in.Phone != "" {
		phone, ok := NormalizePhone(in.Phone)
		if !ok {
			return 0, apperr.Invalid("citizen.phone", "invalid_phone", "citizen.phone is not a Thai phone number", "หมายเลขโทรศัพท์ไม่ถูกต้อง")
		}
		c.Phone = phone
	}
	if c.Email != "" {
		if addr, err := mail.ParseAddress(c.Email); err != nil || addr.Address != c.Email || len(c.Email) > 254 {
			return 0, apperr.Invalid("citizen.email", "invalid_email", "citizen.email is not an e-mail address", "อีเมลไม่ถูกต้อง")
		}
	}
	if c.Name == "" && c.Phone == "" && c.Email == "" {
		return 0, apperr.Invalid("citizen", "required", "citizen needs an id, a name, a phone or an e-mail", "กรุณาระบุข้อมูลผู้ร้องอย่างน้อยหนึ่งอย่าง")
	}
	if c.Phone != "" {
		existing, err := a.store.CitizenByPhone(ctx, c.Phone)
		if err == nil {
			return existing.ID, nil
		}
		if !apperr.Is(err, apperr.KindNotFound) {
			return 0, err
		}
	}
	if err := a.store.CreateCitizen(ctx, &c); err != nil {
		return 0, err
	}
	return c.ID, nil
}

// CaseView is a case as one reader may see it: the citizen's personal data only for roles
// whose work needs it (and each such read is logged).
type CaseView struct {
	Case    cases.Case
	Citizen *store.Citizen
	Actions []cases.Action // what this reader may do now
	// Deadlines are the case's clocks now (GetCase fills them in).
	Deadlines *Deadlines
}

// visibleCase loads a case for a reader who may see it.
func (a *App) visibleCase(ctx context.Context, p auth.Principal, receipt string) (cases.Case, error) {
	if !cases.ValidReceipt(receipt) {
		return cases.Case{}, apperr.NotFound("case")
	}
	c, err := a.store.CaseByReceipt(ctx, receipt)
	if err != nil {
		return c, err
	}
	if !auth.CanView(p, &c) {
		// A confidential case does not exist for those outside it. An ordinary case's
		// existence is no secret (receipt numbers are sequential), so the honest answer is
		// that it belongs to another unit.
		if c.Confidential {
			return cases.Case{}, apperr.NotFound("case")
		}
		return cases.Case{}, apperr.Forbidden("the case is handled by another unit", "เรื่องนี้อยู่ในความรับผิดชอบของหน่วยงานอื่น")
	}
	return c, nil
}

// GetCase returns a case for a reader.
func (a *App) GetCase(ctx context.Context, p auth.Principal, receipt string) (CaseView, error) {
	c, err := a.visibleCase(ctx, p, receipt)
	if err != nil {
		return CaseView{}, err
	}
	v := CaseView{Case: c, Actions: a.allowedActions(p, &c)}
	if c.CitizenID != 0 && auth.SeesPersonalData(p) {
		cit, err := a.store.Citizen(ctx, c.CitizenID)
		if err != nil {
			return CaseView{}, err
		}
		if err := a.store.LogAccess(ctx, store.AccessEntry{UserID: p.UserID, CitizenID: cit.ID, CaseID: c.ID, Purpose: "case_view", At: a.now()}); err != nil {
			return CaseView{}, fmt.Errorf("access log: %w", err)
		}
		v.Citizen = &cit
	}
	d, err := a.deadlines(ctx, c)
	if err != nil {
		return CaseView{}, err
	}
	v.Deadlines = &d
	return v, nil
}

func (a *App) allowedActions(p auth.Principal, c *cases.Case) []cases.Action {
	out := []cases.Action{}
	for _, act := range cases.AllowedActions(c.Status) {
		if auth.CanAct(p, act, c) {
			out = append(out, act)
		}
	}
	return out
}

// Events returns the timeline of a case the reader may see.
func (a *App) Events(ctx context.Context, p auth.Principal, receipt string) ([]cases.Event, error) {
	c, err := a.visibleCase(ctx, p, receipt)
	if err != nil {
		return nil, err
	}
	return a.store.Events(ctx, c.ID)
}

// ListCases returns the cases the reader may see that match the filter.
func (a *App) ListCases(ctx context.Context, p auth.Principal, f store.CaseFilter) (store.CasePage, error) {
	f.Visibility = store.Visibility{
		ConfidentialAll: p.Role == auth.RoleSupervisor && p.Unit == reference.CentreCode,
		ReadAll:         p.ReadsAll(),
		OwnUnit:         p.Unit,
	}
	if f.Limit > 200 {
		f.Limit = 200
	}
	if f.Query != "" {
		if page, handled, err := a.searchShortcut(ctx, p, &f); handled || err != nil {
			return page, err
		}
	}
	return a.store.ListCases(ctx, f)
}

// Act takes an action on a case. ifVersion, when not nil, is the version the client last
// read: if the case changed since, the action fails with a conflict instead of acting on
// a state the officer has not seen.
func (a *App) Act(ctx context.Context, p auth.Principal, receipt string, cmd cases.Command, ifVersion *int) (cases.Case, cases.Event, error) {
	c, err := a.visibleCase(ctx, p, receipt)
	if err != nil {
		return c, cases.Event{}, err
	}
	if !auth.CanAct(p, cmd.Action, &c) {
		return c, cases.Event{}, apperr.Forbidden(
			fmt.Sprintf("a %s of %s cannot %s this case", p.Role, p.Unit, cmd.Action),
			"คุณไม่มีสิทธิ์ดำเนินการนี้กับเรื่องนี้")
	}
	if ifVersion != nil && *ifVersion != c.Version {
		return c, cases.Event{}, apperr.Conflict("version_conflict", fmt.Sprintf("the case is at version %d, not %d; reload it", c.Version, *ifVersion),
			"เรื่องนี้ถูกแก้ไขโดยผู้อื่นแล้ว กรุณาโหลดข้อมูลใหม่")
	}
	switch cmd.Action {
	case cases.ActForward:
		if err := a.checkUnitSection("unit_code", reference.Target{UnitCode: cmd.UnitCode, SectionCode: cmd.SectionCode}); err != nil {
			return c, cases.Event{}, err
		}
	case cases.ActAssign:
		if cmd.SectionCode != "" {
			if err := a.checkUnitSection("unit_code", reference.Target{UnitCode: c.UnitCode, SectionCode: cmd.SectionCode}); err != nil {
				return c, cases.Event{}, err
			}
		}
		if cmd.OfficerID != 0 {
			u, err := a.store.UserByID(ctx, cmd.OfficerID)
			if err != nil || u.UnitCode != c.UnitCode || u.Disabled {
				return c, cases.Event{}, apperr.Invalid("officer_id", "unknown_officer", "officer_id is not an active user of the case's unit", "ไม่พบเจ้าหน้าที่ในหน่วยงานที่รับผิดชอบเรื่องนี้")
			}
		}
	}
	if cmd.Action == cases.ActLinkDuplicate || cmd.Action == cases.ActUnlinkDuplicate {
		return a.linkAction(ctx, p, c, cmd)
	}
	now := a.now()
	next, ev, err := cases.Apply(c, cmd, p.Actor(), now)
	if err != nil {
		return c, cases.Event{}, err
	}
	// The next deadline follows from the whole timeline with this event appended.
	evs, err := a.store.Events(ctx, c.ID)
	if err != nil {
		return c, cases.Event{}, err
	}
	eng, err := a.Engine(ctx)
	if err != nil {
		return c, cases.Event{}, err
	}
	if next.NextDueAt, err = nextDue(eng, next, append(evs, ev), now); err != nil {
		return c, cases.Event{}, err
	}
	msgs, err := a.caseMessages(ctx, c, next)
	if err != nil {
		return c, cases.Event{}, err
	}
	followers, err := a.followerMessages(ctx, c, next)
	if err != nil {
		return c, cases.Event{}, err
	}
	msgs = append(msgs, followers...)
	saved, err := a.store.UpdateCaseNotify(ctx, next, ev, msgs)
	if err != nil {
		return c, cases.Event{}, err
	}
	a.log.InfoContext(ctx, "case action", "receipt", c.Receipt, "action", cmd.Action, "from", c.Status, "to", saved.Status, "by", p.Username)
	return saved, ev, nil
}

// Citizen returns a citizen's profile for staff whose work needs it, logging the read.
func (a *App) Citizen(ctx context.Context, p auth.Principal, id int64, purpose string) (store.Citizen, error) {
	if !auth.SeesPersonalData(p) {
		return store.Citizen{}, apperr.Forbidden("your role does not see citizens' personal data", "บทบาทของคุณไม่สามารถดูข้อมูลส่วนบุคคลของประชาชนได้")
	}
	c, err := a.store.Citizen(ctx, id)
	if err != nil {
		return c, err
	}
	if purpose == "" {
		purpose = "profile_view"
	}
	if err := a.store.LogAccess(ctx, store.AccessEntry{UserID: p.UserID, CitizenID: id, Purpose: purpose, At: a.now()}); err != nil {
		return store.Citizen{}, fmt.Errorf("access log: %w", err)
	}
	return c, nil
}

// AccessLog lists who read a citizen's personal data (supervisors and admins audit it).
func (a *App) AccessLog(ctx context.Context, p auth.Principal, citizenID int64) ([]store.AccessEntry, error) {
	if !(p.Role == auth.RoleAdmin || (p.Role == auth.RoleSupervisor && p.Unit == reference.CentreCode)) {
		return nil, apperr.Forbidden("only supervisors and admins read the access log", "เฉพาะหัวหน้าศูนย์และผู้ดูแลระบบเท่านั้นที่ดูบันทึกการเข้าถึงได้")
	}
	return a.store.AccessLog(ctx, citizenID)
}
