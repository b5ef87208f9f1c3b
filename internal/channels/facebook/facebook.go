// Package facebook connects rongtook to the city's Facebook page: the webhook (GET
// verify-token handshake; POST checked against X-Hub-Signature-256 over the raw body
// before anything is decoded), the processor that files page comments and Messenger
// messages as conversation tickets on the citizen's profile, and the outbox sender that
// answers through the Graph API (a reply to a comment appears under that comment).
package facebook

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/rongtook/rongtook/internal/app"
	"github.com/rongtook/rongtook/internal/outbox"
	"github.com/rongtook/rongtook/internal/store"
)

// Config is the page's side. Secrets come from the environment.
type Config struct {
	AppSecret   string // signs webhook bodies (X-Hub-Signature-256)
	VerifyToken string // the GET handshake's hub.verify_token
	PageToken   string // page access token for the Graph API
	PageID      string // the page's own id: its own comments are not citizens'
	GraphURL    string // default https://graph.facebook.com/v21.0
}

// FromEnv reads RONGTOOK_FACEBOOK_APP_SECRET, _VERIFY_TOKEN, _PAGE_TOKEN, _PAGE_ID and
// _GRAPH_URL. Without an app secret Facebook is off.
func FromEnv(getenv func(string) string) Config {
	return Config{AppSecret: getenv("RONGTOOK_FACEBOOK_APP_SECRET"), VerifyToken: getenv("RONGTOOK_FACEBOOK_VERIFY_TOKEN"),
		PageToken: getenv("RONGTOOK_FACEBOOK_PAGE_TOKEN"), PageID: getenv("RONGTOOK_FACEBOOK_PAGE_ID"), GraphURL: getenv("RONGTOOK_FACEBOOK_GRAPH_URL")}
}

// Enabled reports whether the page is configured.
func (c Config) Enabled() bool { return c.AppSecret != "" }

func (c Config) graph() string {
	if c.GraphURL != "" {
		return strings.TrimRight(c.GraphURL, "/")
	}
	return "https://graph.facebook.com/v21.0"
}

// ValidSignature checks X-Hub-Signature-256 ("sha256=<hex>") over the raw body.
func ValidSignature(secret, header string, body []byte) bool {
	hexSig, ok := strings.CutPrefix(header, "sha256=")
	if !ok || secret == "" {
		return false
	}
	sig, err := hex.DecodeString(hexSig)
	if err != nil {
		return false
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return hmac.Equal(sig, mac.Sum(nil))
}

// Webhook serves GET and POST /channels/facebook/webhook.
type Webhook struct {
	Config Config
	Store  store.Store
	Clock  func() time.Time
	Log    *slog.Logger
	Wake   func()
}

func (h *Webhook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	if r.Method == http.MethodGet {
		q := r.URL.Query()
		if q.Get("hub.mode") == "subscribe" && h.Config.VerifyToken != "" &&
			hmac.Equal([]byte(q.Get("hub.verify_token")), []byte(h.Config.VerifyToken)) {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			io.WriteString(w, q.Get("hub.challenge"))
			return
		}
		w.WriteHeader(http.StatusForbidden)
		io.WriteString(w, `{"error":{"code":"forbidden","message":"verify token does not match","message_th":"โทเค็นยืนยันไม่ถูกต้อง"}}`)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
	if err != nil {
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `{"error":{"code":"bad_request","message":"cannot read the body","message_th":"อ่านข้อมูลไม่ได้"}}`)
		return
	}
	// The signature is over the bytes as sent (Thai arrives as \uXXXX escapes): check it
	// before decoding anything.
	if !ValidSignature(h.Config.AppSecret, r.Header.Get("X-Hub-Signature-256"), body) {
		h.Log.Warn("facebook webhook: bad signature")
		w.WriteHeader(http.StatusUnauthorized)
		io.WriteString(w, `{"error":{"code":"bad_signature","message":"X-Hub-Signature-256 does not match","message_th":"ลายมือชื่อไม่ถูกต้อง"}}`)
		return
	}
	evs, err := splitEvents(body)
	if err != nil {
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `{"error":{"code":"bad_request","message":"body is not a page webhook","message_th":"รูปแบบข้อมูลไม่ถูกต้อง"}}`)
		return
	}
	now := h.Clock().UTC().Truncate(time.Microsecond)
	for i := range evs {
		evs[i].ReceivedAt = now
	}
	if len(evs) > 0 {
		if _, err := h.Store.AddChannelEvents(r.Context(), evs); err != nil {
			h.Log.Error("facebook webhook: store", "err", err)
			w.WriteHeader(http.StatusInternalServerError)
			io.WriteString(w, `{"error":{"code":"internal","message":"try again","message_th":"กรุณาลองใหม่"}}`)
			return
		}
		if h.Wake != nil {
			h.Wake()
		}
	}
	io.WriteString(w, `{}`)
}

type payload struct {
	Object string `json:"object"`
	Entry  []struct {
		ID      string `json:"id"`
		Changes []struct {
			Field string          `json:"field"`
			Value json.RawMessage `json:"value"`
		} `json:"changes"`
		Messaging []json.RawMessage `json:"messaging"`
	} `json:"entry"`
}

type feedValue struct {
	Item      string `json:"item"`
	Verb      string `json:"verb"`
	CommentID string `json:"comment_id"`
	PostID    string `json:"post_id"`
	ParentID  string `json:"parent_id"`
	Message   string `json:"message"`
	From      struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"from"`
}

type messaging struct {
	Sender struct {
		ID string `json:"id"`
	} `json:"sender"`
	Message *struct {
		Mid  string `json:"mid"`
		Text string `json:"text"`
		Echo bool   `json:"is_echo"`
	} `json:"message"`
}

// stored is what one channel event holds.
type stored struct {
	Kind   string          `json:"kind"` // comment, message
	PageID string          `json:"page_id"`
	Value  json.RawMessage `json:"value"`
}

func splitEvents(body []byte) ([]store.ChannelEvent, error) {
	var p payload
	if err := json.Unmarshal(body, &p); err != nil {
		return nil, err
	}
	var out []store.ChannelEvent
	add := func(id, kind, page string, v json.RawMessage) {
		b, _ := json.Marshal(stored{Kind: kind, PageID: page, Value: v})
		out = append(out, store.ChannelEvent{Channel: "facebook", Account: page, EventID: id, Body: string(b)})
	}
	for _, e := range p.Entry {
		for _, c := range e.Changes {
			if c.Field != "feed" {
				continue
			}
			var v feedValue
			if json.Unmarshal(c.Value, &v) != nil || v.Item != "comment" || v.Verb != "add" || v.CommentID == "" {
				continue
			}
			add("comment:"+v.CommentID, "comment", e.ID, c.Value)
		}
		for _, raw := range e.Messaging {
			var m messaging
			if json.Unmarshal(raw, &m) != nil || m.Message == nil || m.Message.Mid == "" || m.Message.Echo {
				continue
			}
			add("message:"+m.Message.Mid, "message", e.ID, raw)
		}
	}
	return out, nil
}

// Processor files stored page events as conversation tickets.
type Processor struct {
	App    *app.App
	Store  store.Store
	Config Config
	Log    *slog.Logger
	Lease  time.Duration
}

// RunOnce processes pending events.
func (p *Processor) RunOnce(ctx context.Context) (int, error) {
	lease := p.Lease
	if lease <= 0 {
		lease = 2 * time.Minute
	}
	evs, err := p.Store.ClaimChannelEvents(ctx, "facebook", p.App.Now(), lease, 100)
	if err != nil {
		return 0, err
	}
	for _, e := range evs {
		perr := p.process(ctx, e)
		now := p.App.Now()
		if perr != nil {
			p.Log.Warn("facebook event failed", "event", e.EventID, "err", perr)
			err = p.Store.FinishChannelEvent(ctx, e.ID, now, perr.Error(), now.Add(time.Duration(e.Attempts)*30*time.Second), e.Attempts >= 5)
		} else {
			err = p.Store.FinishChannelEvent(ctx, e.ID, now, "", time.Time{}, false)
		}
		if err != nil {
			return len(evs), err
		}
	}
	return len(evs), nil
}

// Run processes events until ctx ends.
func (p *Processor) Run(ctx context.Context, poll time.Duration) error {
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		if _, err := p.RunOnce(ctx); err != nil && ctx.Err() == nil {
			p.Log.Error("facebook processor", "err", err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

func (p *Processor) process(ctx context.Context, e store.ChannelEvent) error {
	var s stored
	if err := json.Unmarshal([]byte(e.Body), &s); err != nil {
		return nil
	}
	now := p.App.Now()
	switch s.Kind {
	case "comment":
		var v feedValue
		if err := json.Unmarshal(s.Value, &v); err != nil {
			return nil
		}
		if v.From.ID == "" || v.From.ID == s.PageID || (p.Config.PageID != "" && v.From.ID == p.Config.PageID) {
			return nil // the page's own reply
		}
		citizen, err := p.App.ChannelCitizen(ctx, "facebook", v.From.ID, s.PageID, v.From.Name)
		if err != nil {
			return err
		}
		// A reply in a comment thread belongs to the thread of its top comment.
		thread := v.CommentID
		if v.ParentID != "" && v.ParentID != v.PostID {
			thread = v.ParentID
		}
		_, _, err = p.Store.RecordInbound(ctx,
			store.Conversation{Channel: "facebook", ThreadKey: "comment:" + thread, Kind: "comment", CitizenID: citizen, PostID: v.PostID,
				Tags: []string{app.ClassifyMessage(v.Message)}},
			store.ConversationMessage{ExternalID: "fb:" + v.CommentID, Text: v.Message, At: now})
		return err
	case "message":
		var m messaging
		if err := json.Unmarshal(s.Value, &m); err != nil || m.Message == nil {
			return nil
		}
		citizen, err := p.App.ChannelCitizen(ctx, "facebook", m.Sender.ID, s.PageID, "")
		if err != nil {
			return err
		}
		_, _, err = p.Store.RecordInbound(ctx,
			store.Conversation{Channel: "facebook", ThreadKey: "messenger:" + m.Sender.ID, Kind: "message", CitizenID: citizen,
				Tags: []string{app.ClassifyMessage(m.Message.Text)}},
			store.ConversationMessage{ExternalID: "fb:" + m.Message.Mid, Text: m.Message.Text, At: now})
		return err
	}
	return nil
}

// Sender delivers outbox messages of channel "facebook": "fb-comment:<id>" is a reply
// under that comment, "fb-user:<psid>" a Messenger message. The Graph API has no
// idempotency key; a message whose answer was lost in a crash may be sent again.
type Sender struct {
	Config     Config
	HTTPClient *http.Client
}

// Send implements outbox.Sender.
func (s *Sender) Send(ctx context.Context, m store.OutboxMessage, _ string) error {
	var req *http.Request
	var err error
	switch {
	case strings.HasPrefix(m.Recipient, "fb-comment:"):
		id := strings.TrimPrefix(m.Recipient, "fb-comment:")
		form := url.Values{"message": {m.Text}, "access_token": {s.Config.PageToken}}
		req, err = http.NewRequestWithContext(ctx, "POST", s.Config.graph()+"/"+url.PathEscape(id)+"/comments", strings.NewReader(form.Encode()))
		if err == nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
	case strings.HasPrefix(m.Recipient, "fb-user:"):
		body, _ := json.Marshal(map[string]any{"recipient": map[string]string{"id": strings.TrimPrefix(m.Recipient, "fb-user:")},
			"messaging_type": "RESPONSE", "message": map[string]string{"text": m.Text}})
		req, err = http.NewRequestWithContext(ctx, "POST", s.Config.graph()+"/me/messages?access_token="+url.QueryEscape(s.Config.PageToken), bytes.NewReader(body))
		if err == nil {
			req.Header.Set("Content-Type", "application/json")
		}
	default:
		return outbox.Permanent{Err: fmt.Errorf("recipient %q is not on Facebook", m.Recipient)}
	}
	if err != nil {
		return err
	}
	cl := s.HTTPClient
	if cl == nil {
		cl = http.DefaultClient
	}
	res, err := cl.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(res.Body, 4096))
	switch {
	case res.StatusCode/100 == 2:
		return nil
	case res.StatusCode == http.StatusTooManyRequests || res.StatusCode >= 500:
		return fmt.Errorf("graph API %d: %s", res.StatusCode, b)
	default:
		return outbox.Permanent{Err: fmt.Errorf("graph API %d: %s", res.StatusCode, b)}
	}
}
