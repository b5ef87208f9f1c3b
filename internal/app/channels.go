package app

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/rongtook/rongtook/internal/apperr"
	"github.com/rongtook/rongtook/internal/auth"
	"github.com/rongtook/rongtook/internal/cases"
	"github.com/rongtook/rongtook/internal/reference"
	"github.com/rongtook/rongtook/internal/store"
)

// LinePayload is what the LINE sender needs besides the text: which LINE channel (account)
// speaks, the reply token of the event being answered, and quick replies.
type LinePayload struct {
	Account    string       `json:"account,omitempty"`
	ReplyToken string       `json:"reply_token,omitempty"`
	QuickReply []QuickReply `json:"quick_reply,omitempty"`
}

// QuickReply is one button under a LINE message: a message action sending Text, or
// (Type "location") the location picker.
type QuickReply struct {
	Type  string `json:"type,omitempty"`
	Label string `json:"label"`
	Text  string `json:"text,omitempty"`
}

// Encode returns the payload as JSON for an outbox message.
func (p LinePayload) Encode() string {
	b, _ := json.Marshal(p)
	return string(b)
}

// ChannelBot is the principal a channel's intake acts as: a hotline operator of the centre
// without an account (events name it, created_by stays empty).
func ChannelBot(channel string) auth.Principal {
	return auth.Principal{Role: auth.RoleOperator, Unit: reference.CentreCode, Username: channel + "-bot", Name: "ระบบรับเรื่องทาง " + channel}
}

// ChannelCitizen returns the profile linked to a channel identity, creating one (named
// with the display name the channel gave, if any) on first contact.
func (a *App) ChannelCitizen(ctx context.Context, kind, value, account, name string) (int64, error) {
	c, err := a.store.CitizenByIdentity(ctx, kind, value)
	if err == nil {
		return c.ID, nil
	}
	if !apperr.Is(err, apperr.KindNotFound) {
		return 0, err
	}
	cit := store.Citizen{Name: strings.TrimSpace(name), CreatedAt: a.now()}
	if err := a.store.CreateCitizen(ctx, &cit); err != nil {
		return 0, err
	}
	id, err := a.store.LinkIdentity(ctx, store.Identity{Kind: kind, Value: value, CitizenID: cit.ID, Account: account, CreatedAt: a.now()})
	if err != nil {
		return 0, err
	}
	return id.CitizenID, nil // another event may have linked it first: theirs stands
}

// ChannelCase takes in a case from a channel: Draft.Source and SourceRef name the message
// it came from, so that a message processed twice creates one case (created false then).
func (a *App) ChannelCase(ctx context.Context, in NewCase) (cases.Case, bool, error) {
	if in.Draft.Source == "" || in.Draft.SourceRef == "" {
		return cases.Case{}, false, fmt.Errorf("channel case without source")
	}
	if existing, err := a.store.CaseBySource(ctx, in.Draft.Source, in.Draft.SourceRef); err == nil {
		return existing, false, nil
	}
	c, created, err := a.CreateCase(ctx, ChannelBot(in.Draft.Channel), in)
	if err != nil && apperr.Is(err, apperr.KindConflict) {
		if existing, err2 := a.store.CaseBySource(ctx, in.Draft.Source, in.Draft.SourceRef); err2 == nil {
			return existing, false, nil
		}
	}
	return c, created, err
}

// CitizenCase returns a case of the citizen's own by receipt number, for a citizen asking
// its status on a channel; someone else's case does not exist for them.
func (a *App) CitizenCase(ctx context.Context, citizenID int64, receipt string) (cases.Case, error) {
	if !cases.ValidReceipt(receipt) {
		return cases.Case{}, apperr.NotFound("case")
	}
	c, err := a.store.CaseByReceipt(ctx, receipt)
	if err != nil {
		return c, err
	}
	if c.CitizenID == 0 || c.CitizenID != citizenID {
		return cases.Case{}, apperr.NotFound("case")
	}
	return c, nil
}

var receiptInText = regexp.MustCompile(`\b\d{4}-\d{6}\b`)

// CoordinatorReply records a coordinator's LINE message that names a receipt number on
// that case's timeline, as a note by the coordinator. ok is false when the sender is not a
// registered coordinator or names no case of their unit.
func (a *App) CoordinatorReply(ctx context.Context, lineUserID, text string) (receipt string, ok bool, err error) {
	coords, err := a.store.Coordinators(ctx, "")
	if err != nil {
		return "", false, err
	}
	var co *store.Coordinator
	for i := range coords {
		if coords[i].LineID != "" && coords[i].LineID == lineUserID {
			co = &coords[i]
			break
		}
	}
	if co == nil {
		return "", false, nil
	}
	receipt = receiptInText.FindString(text)
	if receipt == "" {
		return "", false, nil
	}
	actor := cases.Actor{Name: strings.TrimSpace(co.Title + co.FirstName + " " + co.LastName), Role: string(auth.RoleCoordinator), Unit: co.UnitCode}
	for range 3 {
		c, err := a.store.CaseByReceipt(ctx, receipt)
		if apperr.Is(err, apperr.KindNotFound) {
			return receipt, false, nil
		}
		if err != nil {
			return receipt, false, err
		}
		if c.UnitCode != co.UnitCode && co.UnitCode != reference.CentreCode {
			return receipt, false, nil
		}
		next, ev, err := cases.Apply(c, cases.Command{Action: cases.ActNote, Text: "ผู้ประสานงานตอบทาง LINE: " + text}, actor, a.now())
		if err != nil {
			return receipt, false, err
		}
		_, err = a.store.UpdateCase(ctx, next, ev)
		if apperr.Is(err, apperr.KindConflict) {
			continue
		}
		return receipt, err == nil, err
	}
	return receipt, false, apperr.Conflict("version_conflict", "the case kept changing", "เรื่องนี้ถูกแก้ไขต่อเนื่อง")
}

// caseMessages are the messages a change of a case sends: its new status to the citizen
// on the LINE accounts they wrote from, and a BEST case reaching a unit to its BEST
// coordinator.
func (a *App) caseMessages(ctx context.Context, before, after cases.Case) ([]store.OutboxMessage, error) {
	msgs := a.coordinatorMessages(ctx, &before, after)
	if before.Status == after.Status || after.CitizenID == 0 || after.Anonymous {
		return msgs, nil
	}
	ids, err := a.store.Identities(ctx, after.CitizenID)
	if err != nil {
		return nil, err
	}
	now := a.now()
	for _, id := range ids {
		if id.Kind != "line" {
			continue
		}
		text := fmt.Sprintf("เรื่องเลขที่รับแจ้ง %s ของท่าน: %s", after.Receipt, cases.StatusTH(after.Status))
		if after.Result != nil && after.Status == cases.StatusCompleted && after.Result.Text != "" {
			text += "\nผลการดำเนินการ: " + after.Result.Text
		}
		msgs = append(msgs, store.OutboxMessage{
			DedupeKey: fmt.Sprintf("status:%d:%d:line:%s", after.ID, before.Version+1, id.Value),
			Kind:      "status", Channel: "line", Recipient: "line:" + id.Value, UnitCode: after.UnitCode, CaseID: after.ID,
			Text: text, Payload: LinePayload{Account: id.Account}.Encode(), CreatedAt: now,
		})
	}
	return msgs, nil
}

// coordinatorMessages: a BEST case that reaches a unit is pushed to the unit's BEST
// coordinator over LINE in the form of seed 002. Confidential cases never go to chat.
func (a *App) coordinatorMessages(ctx context.Context, before *cases.Case, after cases.Case) []store.OutboxMessage {
	if !after.BEST || after.Confidential || after.UnitCode == reference.CentreCode {
		return nil
	}
	if before != nil && before.UnitCode == after.UnitCode && before.BEST {
		return nil
	}
	coords, err := a.store.Coordinators(ctx, after.UnitCode)
	if err != nil {
		a.log.ErrorContext(ctx, "coordinators", "unit", after.UnitCode, "err", err)
		return nil
	}
	receipt := after.Receipt
	if receipt == "" {
		receipt = "{receipt}"
	}
	unitName := after.UnitCode
	if u, ok := a.ref.Unit(after.UnitCode); ok {
		unitName = u.NameTH
	}
	var out []store.OutboxMessage
	for _, co := range coords {
		if co.Kind != "best" || co.LineID == "" {
			continue
		}
		out = append(out, store.OutboxMessage{
			DedupeKey: fmt.Sprintf("best:%s:%s", receipt, after.UnitCode), Kind: "best", Channel: "line", Recipient: "line:" + co.LineID,
			UnitCode: after.UnitCode, CaseID: after.ID, CreatedAt: a.now(),
			Text: fmt.Sprintf("เรียน %s ศูนย์เรื่องราวร้องทุกข์ ขอประสานเรื่องเร่งด่วน (BEST) – เลขที่รับแจ้ง %s – %s", unitName, receipt, truncateRunes(after.Description, 300)),
		})
	}
	return out
}

func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
