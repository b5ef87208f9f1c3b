package store

import (
	"context"
	"time"

	"github.com/rongtook/rongtook/internal/cases"
)

// ChannelStore is what the channels (LINE, Facebook), the conversation inbox, citizen
// profiles and outbox delivery keep. It is part of Store.
type ChannelStore interface {
	// EnqueueOutbox writes messages, skipping those whose dedupe key exists already.
	EnqueueOutbox(ctx context.Context, msgs []OutboxMessage) (added int, err error)
	// ClaimOutbox takes up to limit pending messages due at now on the given channels for
	// holder until now+lease, counting an attempt on each. Several servers may claim at once:
	// each message goes to one of them (PostgreSQL: FOR UPDATE SKIP LOCKED; SQLite: one
	// writer). A holder that dies loses its claim when the lease ends.
	ClaimOutbox(ctx context.Context, holder string, channels []string, now time.Time, lease time.Duration, limit int) ([]OutboxMessage, error)
	// CompleteOutbox marks a claimed message sent; false when holder no longer holds it.
	CompleteOutbox(ctx context.Context, id int64, holder string, at time.Time) (bool, error)
	// FailOutbox records a failed attempt: the message is due again at next, or dead.
	FailOutbox(ctx context.Context, id int64, holder, errText string, next time.Time, dead bool) error
	// RetryOutbox puts a dead message back to pending with its attempts reset.
	RetryOutbox(ctx context.Context, id int64, now time.Time) (OutboxMessage, error)
	// UpdateCaseNotify is UpdateCase that also writes msgs to the outbox in its transaction.
	UpdateCaseNotify(ctx context.Context, c cases.Case, ev cases.Event, msgs []OutboxMessage) (cases.Case, error)

	// AddChannelEvents stores raw webhook events, skipping those seen already (by channel
	// and event id); it returns how many were new.
	AddChannelEvents(ctx context.Context, evs []ChannelEvent) (int, error)
	// ClaimChannelEvents takes pending events of a channel, oldest first, like ClaimOutbox.
	ClaimChannelEvents(ctx context.Context, channel string, now time.Time, lease time.Duration, limit int) ([]ChannelEvent, error)
	// FinishChannelEvent marks an event done (errText "") or due again at next, or failed.
	FinishChannelEvent(ctx context.Context, id int64, at time.Time, errText string, next time.Time, dead bool) error
	ChatSession(ctx context.Context, channel, account, userID string) (string, error)
	PutChatSession(ctx context.Context, channel, account, userID, state string, at time.Time) error
	DeleteChatSession(ctx context.Context, channel, account, userID string) error
	PutBlob(ctx context.Context, contentType string, data []byte, at time.Time) (int64, error)
	Blob(ctx context.Context, id int64) (contentType string, data []byte, err error)

	// LinkIdentity attaches a channel identity to a citizen; when the identity exists it
	// returns the existing link unchanged.
	LinkIdentity(ctx context.Context, id Identity) (Identity, error)
	CitizenByIdentity(ctx context.Context, kind, value string) (Citizen, error)
	Identities(ctx context.Context, citizenID int64) ([]Identity, error)
	FindCitizens(ctx context.Context, f CitizenFilter) ([]Citizen, error)
	// MergeCitizens moves from's cases, conversations and identities to into and marks
	// from as merged; both in one transaction.
	MergeCitizens(ctx context.Context, into, from int64) error
	CitizenCases(ctx context.Context, citizenID int64, limit int) ([]cases.Case, error)

	// RecordInbound files an incoming message under its conversation (created on first
	// message, by channel and thread key), marking it unanswered and adding tags. A message
	// whose external id is known already changes nothing (added false).
	RecordInbound(ctx context.Context, conv Conversation, msg ConversationMessage) (c Conversation, added bool, err error)
	Conversation(ctx context.Context, id int64) (Conversation, error)
	Conversations(ctx context.Context, f ConversationFilter) ([]Conversation, error)
	CountConversations(ctx context.Context, f ConversationFilter) (int, error)
	ConversationMessages(ctx context.Context, id int64) ([]ConversationMessage, error)
	// UpdateConversation stores assignee, tags and case of c.
	UpdateConversation(ctx context.Context, c Conversation) error
	// AddReply stores a staff reply, marks the conversation answered and writes its outbox
	// message, in one transaction.
	AddReply(ctx context.Context, convID int64, msg ConversationMessage, out OutboxMessage) (ConversationMessage, error)
}

// Identity is one channel account of a citizen: kind "line" or "facebook", the platform's
// user id, and the account (LINE channel, Facebook page) it wrote to.
type Identity struct {
	Kind      string    `json:"kind"`
	Value     string    `json:"value"`
	CitizenID int64     `json:"-"`
	Account   string    `json:"account"`
	CreatedAt time.Time `json:"created_at"`
}

// CitizenFilter finds citizens; exactly the non-empty fields must match (Name by prefix).
type CitizenFilter struct {
	Name, Phone, Email string
	LineID, FacebookID string
	Limit              int
}

// ChannelEvent is one raw webhook event as received.
type ChannelEvent struct {
	ID         int64
	Channel    string // line, facebook
	Account    string // the LINE channel or Facebook page
	EventID    string
	Body       string
	Attempts   int
	ReceivedAt time.Time
}

// Conversation is a conversation ticket from a social channel (DOMAIN.md §7).
type Conversation struct {
	ID            int64
	Channel       string // facebook, line
	ThreadKey     string // comment:<id> or messenger:<psid>
	Kind          string // comment, message
	CitizenID     int64
	PostID        string
	AssigneeID    int64
	CaseID        int64
	Tags          []string
	Unanswered    bool
	LastMessageAt time.Time
	CreatedAt     time.Time
}

// ConversationMessage is one message of a conversation, in (citizen) or out (staff).
type ConversationMessage struct {
	ID             int64
	ConversationID int64
	Direction      string // in, out
	ExternalID     string
	Text           string
	AuthorID       int64
	At             time.Time
}

// ConversationFilter selects conversations, most recent first. Zero fields do not filter.
type ConversationFilter struct {
	Tag        string
	Channel    string
	Unanswered *bool
	AssigneeID int64
	CitizenID  int64
	Limit      int
}
