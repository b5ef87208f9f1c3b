package line

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/line/line-bot-sdk-go/v8/linebot/messaging_api"

	"github.com/rongtook/rongtook/internal/app"
	"github.com/rongtook/rongtook/internal/outbox"
	"github.com/rongtook/rongtook/internal/store"
)

// Sender delivers outbox messages of channel "line" (recipient "line:<user id>"). The first
// attempt of an answer to a citizen's message uses the event's reply token (free, but
// single-use and short-lived); everything else, and a reply whose token failed, is a push
// with X-Line-Retry-Key set to the message's key, so that LINE accepts each message once
// however many times it is sent (a repeat gets 409, which counts as delivered).
type Sender struct {
	Config     Config
	HTTPClient *http.Client
}

func (s *Sender) client(acct Account) (*messaging_api.MessagingApiAPI, error) {
	opts := []messaging_api.MessagingApiAPIOption{}
	if s.Config.Endpoint != "" {
		opts = append(opts, messaging_api.WithEndpoint(s.Config.Endpoint))
	}
	if s.HTTPClient != nil {
		opts = append(opts, messaging_api.WithHTTPClient(s.HTTPClient))
	}
	return messaging_api.NewMessagingApiAPI(acct.Token, opts...)
}

// Send implements outbox.Sender.
func (s *Sender) Send(ctx context.Context, m store.OutboxMessage, retryKey string) error {
	to, ok := strings.CutPrefix(m.Recipient, "line:")
	if !ok || to == "" {
		return outbox.Permanent{Err: fmt.Errorf("recipient %q is not a LINE user", m.Recipient)}
	}
	var p app.LinePayload
	if m.Payload != "" {
		if err := json.Unmarshal([]byte(m.Payload), &p); err != nil {
			return outbox.Permanent{Err: fmt.Errorf("payload: %w", err)}
		}
	}
	acct, ok := s.Config.account(p.Account)
	if !ok {
		return outbox.Permanent{Err: fmt.Errorf("LINE channel %q is not configured", p.Account)}
	}
	cl, err := s.client(acct)
	if err != nil {
		return err
	}
	cl.WithContext(ctx)
	msg := textMessage(m.Text, p.QuickReply)
	if p.ReplyToken != "" && m.Attempts <= 1 {
		_, _, err := cl.ReplyMessageWithHttpInfo(&messaging_api.ReplyMessageRequest{ReplyToken: p.ReplyToken, Messages: []messaging_api.MessageInterface{msg}})
		if err == nil {
			return nil
		}
		// The token expired or was used: push instead.
	}
	res, _, err := cl.PushMessageWithHttpInfo(&messaging_api.PushMessageRequest{To: to, Messages: []messaging_api.MessageInterface{msg}}, retryKey)
	if res != nil && res.Body != nil {
		res.Body.Close()
	}
	if err == nil {
		return nil
	}
	if res != nil {
		switch {
		case res.StatusCode == http.StatusConflict:
			return nil // accepted before under this retry key
		case res.StatusCode == http.StatusTooManyRequests || res.StatusCode >= 500:
			return err
		case res.StatusCode >= 400:
			return outbox.Permanent{Err: err}
		}
	}
	var perm outbox.Permanent
	if errors.As(err, &perm) {
		return err
	}
	return err
}

func textMessage(text string, qr []app.QuickReply) *messaging_api.TextMessage {
	if r := []rune(text); len(r) > 5000 {
		text = string(r[:4999]) + "…"
	}
	m := &messaging_api.TextMessage{Text: text}
	if len(qr) > 0 {
		items := make([]messaging_api.QuickReplyItem, 0, len(qr))
		for _, q := range qr {
			var act messaging_api.ActionInterface
			if q.Type == "location" {
				act = &messaging_api.LocationAction{Label: q.Label}
			} else {
				act = &messaging_api.MessageAction{Label: q.Label, Text: q.Text}
			}
			items = append(items, messaging_api.QuickReplyItem{Type: "action", Action: act})
		}
		m.QuickReply = &messaging_api.QuickReply{Items: items}
	}
	return m
}
