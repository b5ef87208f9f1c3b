// Package fbtest is a fake Graph API for tests (comment replies and Messenger sends) and
// builds signed page webhook bodies.
package fbtest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
)

// Call is one Graph API call received.
type Call struct {
	Kind     string // comment_reply, message
	ParentID string // the comment replied to
	To       string // Messenger recipient
	Text     string
	Token    string
}

// Server is the fake.
type Server struct {
	*httptest.Server
	mu    sync.Mutex
	calls []Call
	n     int
}

// New starts a fake Graph API.
func New() *Server {
	s := &Server{}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /me/messages", func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Recipient struct{ ID string }   `json:"recipient"`
			Message   struct{ Text string } `json:"message"`
		}
		json.NewDecoder(r.Body).Decode(&body)
		s.add(Call{Kind: "message", To: body.Recipient.ID, Text: body.Message.Text, Token: r.URL.Query().Get("access_token")})
		fmt.Fprintf(w, `{"recipient_id":%q,"message_id":"m_%d"}`, body.Recipient.ID, s.count())
	})
	mux.HandleFunc("POST /{id}/comments", func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		s.add(Call{Kind: "comment_reply", ParentID: r.PathValue("id"), Text: r.PostForm.Get("message"), Token: r.PostForm.Get("access_token")})
		fmt.Fprintf(w, `{"id":"%s_reply%d"}`, r.PathValue("id"), s.count())
	})
	s.Server = httptest.NewServer(mux)
	return s
}

func (s *Server) add(c Call) { s.mu.Lock(); s.calls = append(s.calls, c); s.n++; s.mu.Unlock() }
func (s *Server) count() int { s.mu.Lock(); defer s.mu.Unlock(); return s.n }

// Calls returns what the fake received.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.calls...)
}

// Sign is the X-Hub-Signature-256 of body.
func Sign(secret string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// asciiJSON escapes non-ASCII as \uXXXX, the way Facebook sends Thai.
func asciiJSON(s string) string {
	b, _ := json.Marshal(s)
	out := make([]byte, 0, len(b))
	for _, r := range string(b) {
		if r < 128 {
			out = append(out, byte(r))
		} else {
			out = append(out, fmt.Sprintf(`\u%04x`, r)...)
		}
	}
	return string(out)
}

// Comment is a page webhook body announcing a new comment.
func Comment(pageID, postID, commentID, fromID, fromName, text string) []byte {
	return fmt.Appendf(nil, `{"object":"page","entry":[{"id":%q,"time":1763776800,"changes":[{"field":"feed","value":{"from":{"id":%q,"name":%s},"post":{"status_type":"added_photos","is_published":true,"updated_time":"2026-11-23T03:00:00+0000","permalink_url":"https://www.facebook.com/rongtook1555/posts/1","promotion_status":"inactive","id":%q},"message":%s,"post_id":%q,"comment_id":%q,"created_time":1763776800,"item":"comment","parent_id":%q,"verb":"add"}}]}]}`,
		pageID, fromID, asciiJSON(fromName), postID, asciiJSON(text), postID, commentID, postID)
}

// Message is a page webhook body carrying a Messenger message.
func Message(pageID, psid, mid, text string) []byte {
	return fmt.Appendf(nil, `{"object":"page","entry":[{"id":%q,"time":1763776800,"messaging":[{"sender":{"id":%q},"recipient":{"id":%q},"timestamp":1763776800000,"message":{"mid":%q,"text":%s}}]}]}`,
		pageID, psid, pageID, mid, asciiJSON(text))
}
