package app

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rongtook/rongtook/internal/apperr"
	"github.com/rongtook/rongtook/internal/auth"
	"github.com/rongtook/rongtook/internal/cases"
	"github.com/rongtook/rongtook/internal/store"
)

// The nine tags of a conversation ticket (DOMAIN.md §7, seed 003).
const (
	TagInquiry     = "สอบถาม"
	TagSuggestion  = "เสนอแนะ"
	TagCompliment  = "ชมเชย"
	TagReceived    = "รับเรื่อง"
	TagChecking    = "ตรวจสอบ"
	TagCoordinated = "ประสานแก้ไขแล้ว"
	TagResultTold  = "แจ้งผลแก้ไขแล้ว"
	TagReceiptDone = "ออกเลขแล้ว"
	TagWantsStaff  = "ติดต่อเจ้าหน้าที่"
)

// ConversationTags lists the nine tags in the order of seed 003.
var ConversationTags = []string{TagInquiry, TagSuggestion, TagCompliment, TagReceived, TagChecking, TagCoordinated, TagResultTold, TagReceiptDone, TagWantsStaff}

// ClassifyMessage gives the tag a new message starts with, from its words: a question is
// an inquiry, thanks a compliment, "should" a suggestion, asking for a person wants an
// officer; anything else is a matter received.
func ClassifyMessage(text string) string {
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(text, w) {
				return true
			}
		}
		return false
	}
	switch {
	case has("ติดต่อเจ้าหน้าที่", "ขอคุยกับเจ้าหน้าที่", "ขอสายเจ้าหน้าที่"):
		return TagWantsStaff
	case has("ขอบคุณ", "ชื่นชม", "ชมเชย", "เยี่ยม"):
		return TagCompliment
	case has("เสนอ", "ควรจะ", "น่าจะมี", "แนะนำ"):
		return TagSuggestion
	case has("?", "？", "สอบถาม", "ไหม", "หรือเปล่า", "อย่างไร", "เมื่อไร", "ได้ไหม"):
		return TagInquiry
	}
	return TagReceived
}

func (a *App) canInbox(p auth.Principal) error {
	if p.CentreStaff() {
		return nil
	}
	return apperr.Forbidden("only complaint-centre staff work the conversation inbox", "เฉพาะเจ้าหน้าที่ศูนย์เรื่องราวร้องทุกข์เท่านั้นที่ใช้กล่องข้อความได้")
}

// Conversations lists conversation tickets for the inbox and counts those unanswered under
// the same filter (without its own unanswered condition).
func (a *App) Conversations(ctx context.Context, p auth.Principal, f store.ConversationFilter) ([]store.Conversation, int, error) {
	if err := a.canInbox(p); err != nil {
		return nil, 0, err
	}
	if f.Tag != "" && !slices.Contains(ConversationTags, f.Tag) {
		return nil, 0, apperr.Invalid("tag", "unknown_tag", "unknown tag", "ไม่รู้จักป้ายกำกับนี้")
	}
	list, err := a.store.Conversations(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	yes := true
	cf := f
	cf.Unanswered = &yes
	n, err := a.store.CountConversations(ctx, cf)
	return list, n, err
}

// Conversation returns one ticket with its messages.
func (a *App) Conversation(ctx context.Context, p auth.Principal, id int64) (store.Conversation, []store.ConversationMessage, error) {
	if err := a.canInbox(p); err != nil {
		return store.Conversation{}, nil, err
	}
	c, err := a.store.Conversation(ctx, id)
	if err != nil {
		return c, nil, err
	}
	msgs, err := a.store.ConversationMessages(ctx, id)
	return c, msgs, err
}

// AssignConversation gives the ticket to a centre user (0 unassigns).
func (a *App) AssignConversation(ctx context.Context, p auth.Principal, id, userID int64) (store.Conversation, error) {
	if err := a.canInbox(p); err != nil {
		return store.Conversation{}, err
	}
	c, err := a.store.Conversation(ctx, id)
	if err != nil {
		return c, err
	}
	if userID != 0 {
		u, err := a.store.UserByID(ctx, userID)
		if err != nil || u.Disabled || u.UnitCode != p.Unit {
			return c, apperr.Invalid("user_id", "unknown_user", "user_id is not an active user of the centre", "ไม่พบเจ้าหน้าที่ของศูนย์ตามที่ระบุ")
		}
	}
	c.AssigneeID = userID
	return c, a.store.UpdateConversation(ctx, c)
}

// TagConversation adds and removes tags.
func (a *App) TagConversation(ctx context.Context, p auth.Principal, id int64, add, remove []string) (store.Conversation, error) {
	if err := a.canInbox(p); err != nil {
		return store.Conversation{}, err
	}
	for _, t := range append(slices.Clone(add), remove...) {
		if !slices.Contains(ConversationTags, t) {
			return store.Conversation{}, apperr.Invalid("add", "unknown_tag", fmt.Sprintf("unknown tag %q", t), "ไม่รู้จักป้ายกำกับ "+t)
		}
	}
	c, err := a.store.Conversation(ctx, id)
	if err != nil {
		return c, err
	}
	for _, t := range add {
		if !slices.Contains(c.Tags, t) {
			c.Tags = append(c.Tags, t)
		}
	}
	c.Tags = slices.DeleteFunc(c.Tags, func(t string) bool { return slices.Contains(remove, t) })
	return c, a.store.UpdateConversation(ctx, c)
}

// replyMessage is the outbox message that carries a reply to where the conversation is: a
// comment reply under the citizen's comment, a Messenger message, or a LINE push.
func replyMessage(c store.Conversation, text, key string, now time.Time) (store.OutboxMessage, error) {
	m := store.OutboxMessage{DedupeKey: key, Kind: "reply", Channel: c.Channel, CaseID: c.CaseID, Text: text, CreatedAt: now}
	kind, id, _ := strings.Cut(c.ThreadKey, ":")
	switch {
	case c.Channel == "facebook" && kind == "comment":
		m.Recipient = "fb-comment:" + id
	case c.Channel == "facebook" && kind == "messenger":
		m.Recipient = "fb-user:" + id
	case c.Channel == "line":
		m.Recipient = "line:" + id
	default:
		return m, fmt.Errorf("conversation %d: cannot reply to %s %s", c.ID, c.Channel, c.ThreadKey)
	}
	return m, nil
}

// ReplyConversation sends a staff reply to the citizen where they wrote and marks the
// conversation answered.
func (a *App) ReplyConversation(ctx context.Context, p auth.Principal, id int64, text string) (store.ConversationMessage, error) {
	if err := a.canInbox(p); err != nil {
		return store.ConversationMessage{}, err
	}
	text = strings.TrimSpace(text)
	if text == "" {
		return store.ConversationMessage{}, apperr.Invalid("text", "required", "text is required", "กรุณาพิมพ์ข้อความตอบกลับ")
	}
	if utf8.RuneCountInString(text) > 2000 {
		return store.ConversationMessage{}, apperr.Invalid("text", "too_long", "text is longer than 2000 characters", "ข้อความยาวเกินไป")
	}
	c, err := a.store.Conversation(ctx, id)
	if err != nil {
		return store.ConversationMessage{}, err
	}
	now := a.now()
	out, err := replyMessage(c, text, "reply:", now) // the store keys it by the new message's id
	if err != nil {
		return store.ConversationMessage{}, err
	}
	return a.store.AddReply(ctx, id, store.ConversationMessage{Text: text, AuthorID: p.UserID, At: now}, out)
}

// ConversationCase turns a conversation into a case: the receipt number is issued, the
// case is linked to the conversation and the citizen's profile, the conversation is tagged
// "ออกเลขแล้ว", and the citizen is answered with the receipt number. Doing it twice gives
// the same case.
func (a *App) ConversationCase(ctx context.Context, p auth.Principal, id int64, d cases.Draft) (cases.Case, error) {
	if err := a.canInbox(p); err != nil {
		return cases.Case{}, err
	}
	conv, err := a.store.Conversation(ctx, id)
	if err != nil {
		return cases.Case{}, err
	}
	if conv.CaseID != 0 {
		return a.store.CaseByID(ctx, conv.CaseID)
	}
	if strings.TrimSpace(d.Description) == "" {
		msgs, err := a.store.ConversationMessages(ctx, id)
		if err != nil {
			return cases.Case{}, err
		}
		var b []string
		for _, m := range msgs {
			if m.Direction == "in" {
				b = append(b, m.Text)
			}
		}
		d.Description = strings.Join(b, "\n")
	}
	d.Channel, d.Source, d.SourceRef = conv.Channel, "conversation", fmt.Sprintf("%d", conv.ID)
	var cit *CitizenInput
	if conv.CitizenID != 0 {
		cit = &CitizenInput{ID: conv.CitizenID}
	}
	c, _, err := a.channelCaseAs(ctx, p, NewCase{Draft: d, Citizen: cit, AutoRoute: true})
	if err != nil {
		return c, err
	}
	conv.CaseID = c.ID
	if !slices.Contains(conv.Tags, TagReceiptDone) {
		conv.Tags = append(conv.Tags, TagReceiptDone)
	}
	if err := a.store.UpdateConversation(ctx, conv); err != nil {
		return c, err
	}
	text := fmt.Sprintf("ศูนย์เรื่องราวร้องทุกข์ได้รับเรื่องของท่านแล้ว เลขที่รับแจ้ง %s ขอบคุณค่ะ", c.Receipt)
	out, err := replyMessage(conv, text, fmt.Sprintf("conversation-case:%d", conv.ID), a.now())
	if err != nil {
		return c, err
	}
	out.CaseID = c.ID
	if _, err := a.store.AddReply(ctx, conv.ID, store.ConversationMessage{Text: text, AuthorID: p.UserID, At: a.now()}, out); err != nil {
		return c, err
	}
	return c, nil
}

// channelCaseAs creates a case keyed by its source as p, returning the existing one when
// the source made one before.
func (a *App) channelCaseAs(ctx context.Context, p auth.Principal, in NewCase) (cases.Case, bool, error) {
	if existing, err := a.store.CaseBySource(ctx, in.Draft.Source, in.Draft.SourceRef); err == nil {
		return existing, false, nil
	}
	c, created, err := a.CreateCase(ctx, p, in)
	if err != nil && apperr.Is(err, apperr.KindConflict) {
		if existing, err2 := a.store.CaseBySource(ctx, in.Draft.Source, in.Draft.SourceRef); err2 == nil {
			return existing, false, nil
		}
	}
	return c, created, err
}
