// Package linetest is a fake LINE Messaging API for tests: it speaks the reply, push and
// content endpoints the way LINE does (a push repeating an accepted X-Line-Retry-Key gets
// 409) and records what it received. It also builds signed webhook bodies.
package linetest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// Message is one message as LINE received it.
type Message struct {
	Kind       string // reply, push
	To         string
	ReplyToken string
	RetryKey   string
	Texts      []string
	QuickReply []string // labels
	Raw        json.RawMessage
}

// Server is the fake.
type Server struct {
	*httptest.Server
	Token string // the channel access token it accepts ("" accepts any)

	mu       sync.Mutex
	messages []Message
	accepted map[string]int // retry key → pushes accepted (must stay ≤ 1)
	received map[string]int // retry key → pushes received
	// Delay is slept before answering a push (to kill a server mid-delivery).
	Delay time.Duration
	// FailPushes makes the next n pushes answer 500.
	FailPushes int
	// RejectReplies makes every reply answer 400 (an expired token).
	RejectReplies bool
	Content       []byte // what the content API returns
}

// New starts a fake.
func New() *Server {
	s := &Server{accepted: map[string]int{}, received: map[string]int{}, Content: []byte("\xff\xd8\xff\xe0fake-jpeg")}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v2/bot/message/reply", s.reply)
	mux.HandleFunc("POST /v2/bot/message/push", s.push)
	mux.HandleFunc("GET /v2/bot/message/{id}/content", s.content)
	s.Server = httptest.NewServer(s.auth(mux))
	return s
}

func (s *Server) auth(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.Token != "" && r.Header.Get("Authorization") != "Bearer "+s.Token {
			w.WriteHeader(http.StatusUnauthorized)
			io.WriteString(w, `{"message":"Authentication failed"}`)
			return
		}
		next.ServeHTTP(w, r)
	})
}

type request struct {
	To         string            `json:"to"`
	ReplyToken string            `json:"replyToken"`
	Messages   []json.RawMessage `json:"messages"`
}

func decode(raw []json.RawMessage) (texts, qr []string) {
	for _, m := range raw {
		var t struct {
			Text       string `json:"text"`
			QuickReply struct {
				Items []struct {
					Action struct {
						Label string `json:"label"`
					} `json:"action"`
				} `json:"items"`
			} `json:"quickReply"`
		}
		_ = json.Unmarshal(m, &t)
		texts = append(texts, t.Text)
		for _, it := range t.QuickReply.Items {
			qr = append(qr, it.Action.Label)
		}
	}
	return texts, qr
}

func (s *Server) reply(w http.ResponseWriter, r *http.Request) {
	var req request
	body, _ := io.ReadAll(r.Body)
	if err := json.Unmarshal(body, &req); err != nil || req.ReplyToken == "" {
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `{"message":"The request body has 1 error(s)"}`)
		return
	}
	s.mu.Lock()
	reject := s.RejectReplies
	if !reject {
		texts, qr := decode(req.Messages)
		s.messages = append(s.messages, Message{Kind: "reply", ReplyToken: req.ReplyToken, Texts: texts, QuickReply: qr, Raw: body})
	}
	s.mu.Unlock()
	if reject {
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `{"message":"Invalid reply token"}`)
		return
	}
	io.WriteString(w, `{"sentMessages":[{"id":"1","quoteToken":"q"}]}`)
}

func (s *Server) push(w http.ResponseWriter, r *http.Request) {
	key := r.Header.Get("X-Line-Retry-Key")
	body, _ := io.ReadAll(r.Body)
	var req request
	if err := json.Unmarshal(body, &req); err != nil || req.To == "" {
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `{"message":"The request body has 1 error(s)"}`)
		return
	}
	if s.Delay > 0 {
		time.Sleep(s.Delay)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if key != "" {
		s.received[key]++
	}
	if s.FailPushes > 0 {
		s.FailPushes--
		w.WriteHeader(http.StatusInternalServerError)
		io.WriteString(w, `{"message":"Internal server error"}`)
		return
	}
	if key != "" && s.accepted[key] > 0 {
		w.Header().Set("x-line-accepted-request-id", "req-"+key)
		w.WriteHeader(http.StatusConflict)
		io.WriteString(w, `{"message":"The retry key is already accepted"}`)
		return
	}
	if key != "" {
		s.accepted[key]++
	}
	texts, qr := decode(req.Messages)
	s.messages = append(s.messages, Message{Kind: "push", To: req.To, RetryKey: key, Texts: texts, QuickReply: qr, Raw: body})
	io.WriteString(w, `{"sentMessages":[{"id":"2","quoteToken":"q"}]}`)
}

func (s *Server) content(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "image/jpeg")
	w.Write(s.Content)
}

// Messages returns what was accepted, in order.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.messages...)
}

// Accepted returns, per retry key, how many pushes were accepted (a correct client never
// makes it more than 1), and Received how many arrived.
func (s *Server) Accepted() map[string]int { return s.copy(s.accepted) }
func (s *Server) Received() map[string]int { return s.copy(s.received) }

// CheckExactlyOnce fails tb unless LINE accepted the push of every retry key in keys exactly
// once and nothing else, and returns how many pushes repeated a key (dropped by LINE).
func (s *Server) CheckExactlyOnce(tb testing.TB, keys []string) (repeats int) {
	tb.Helper()
	acc, rec := s.Accepted(), s.Received()
	for _, key := range keys {
		if acc[key] != 1 {
			tb.Errorf("the message with retry key %s was accepted %d times, want exactly once", key, acc[key])
		}
		repeats += rec[key] - 1
	}
	if len(acc) != len(keys) {
		tb.Errorf("LINE accepted %d distinct messages, want %d", len(acc), len(keys))
	}
	return repeats
}

func (s *Server) copy(m map[string]int) map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// Sign is the x-line-signature of body under the channel secret.
func Sign(secret string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// Body wraps events into a webhook body as LINE sends it.
func Body(events ...string) []byte {
	return []byte(`{"destination":"U0000000000000000000000000000bot","events":[` + strings.Join(events, ",") + `]}`)
}

func head(typ, id, user, replyToken string) string {
	return fmt.Sprintf(`"type":%q,"mode":"active","timestamp":1763776800000,"webhookEventId":%q,"deliveryContext":{"isRedelivery":false},"source":{"type":"user","userId":%q},"replyToken":%q`,
		typ, id, user, replyToken)
}

// Text is a text message event.
func Text(id, user, replyToken, text string) string {
	t, _ := json.Marshal(text)
	return fmt.Sprintf(`{%s,"message":{"type":"text","id":"m%s","quoteToken":"q","text":%s}}`, head("message", id, user, replyToken), id, t)
}

// Location is a location message event.
func Location(id, user, replyToken, title, address string, lat, lon float64) string {
	return fmt.Sprintf(`{%s,"message":{"type":"location","id":"m%s","title":%q,"address":%q,"latitude":%v,"longitude":%v}}`,
		head("message", id, user, replyToken), id, title, address, lat, lon)
}

// Image is an image message event whose content is fetched from the content API.
func Image(id, user, replyToken string) string {
	return fmt.Sprintf(`{%s,"message":{"type":"image","id":"img%s","quoteToken":"q","contentProvider":{"type":"line"}}}`, head("message", id, user, replyToken), id)
}

// Follow is a follow (friend added) event.
func Follow(id, user, replyToken string) string {
	return fmt.Sprintf(`{%s,"follow":{"isUnblocked":false}}`, head("follow", id, user, replyToken))
}
