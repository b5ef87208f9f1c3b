package api

import (
	"time"

	"github.com/rongtook/rongtook/internal/store"
)

type conversationJSON struct {
	ID            int64     `json:"id"`
	Channel       string    `json:"channel"`
	Kind          string    `json:"kind"`
	CitizenID     int64     `json:"citizen_id,omitempty"`
	PostID        string    `json:"post_id,omitempty"`
	AssigneeID    int64     `json:"assignee_id,omitempty"`
	CaseID        int64     `json:"case_id,omitempty"`
	Tags          []string  `json:"tags"`
	Unanswered    bool      `json:"unanswered"`
	LastMessageAt time.Time `json:"last_message_at"`
	CreatedAt     time.Time `json:"created_at"`
}

func conversationOut(c store.Conversation) conversationJSON {
	tags := c.Tags
	if tags == nil {
		tags = []string{}
	}
	return conversationJSON{ID: c.ID, Channel: c.Channel, Kind: c.Kind, CitizenID: c.CitizenID, PostID: c.PostID, AssigneeID: c.AssigneeID,
		CaseID: c.CaseID, Tags: tags, Unanswered: c.Unanswered, LastMessageAt: c.LastMessageAt, CreatedAt: c.CreatedAt}
}

func conversationsOut(list []store.Conversation) []conversationJSON {
	out := make([]conversationJSON, 0, len(list))
	for _, c := range list {
		out = append(out, conversationOut(c))
	}
	return out
}

type conversationMessageJSON struct {
	ID        int64     `json:"id"`
	Direction string    `json:"direction"`
	Text      string    `json:"text"`
	AuthorID  int64     `json:"author_id,omitempty"`
	At        time.Time `json:"at"`
}

func conversationMessageOut(m store.ConversationMessage) conversationMessageJSON {
	return conversationMessageJSON{ID: m.ID, Direction: m.Direction, Text: m.Text, AuthorID: m.AuthorID, At: m.At}
}

type conversationListJSON struct {
	Conversations []conversationJSON `json:"conversations"`
	Unanswered    int                `json:"unanswered"`
}

type conversationDetailJSON struct {
	Conversation conversationJSON          `json:"conversation"`
	Messages     []conversationMessageJSON `json:"messages"`
}

type identityJSON struct {
	Kind      string    `json:"kind"`
	Value     string    `json:"value"`
	Account   string    `json:"account,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

type citizenProfileJSON struct {
	Citizen       *citizenJSON       `json:"citizen"`
	Identities    []identityJSON     `json:"identities"`
	Cases         []caseJSON         `json:"cases"`
	Conversations []conversationJSON `json:"conversations"`
}

type citizenListJSON struct {
	Citizens []*citizenJSON `json:"citizens"`
}
