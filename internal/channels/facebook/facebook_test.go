package facebook_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rongtook/rongtook/internal/app"
	"github.com/rongtook/rongtook/internal/auth"
	"github.com/rongtook/rongtook/internal/cases"
	"github.com/rongtook/rongtook/internal/channels/facebook"
	"github.com/rongtook/rongtook/internal/channels/facebook/fbtest"
	"github.com/rongtook/rongtook/internal/outbox"
	"github.com/rongtook/rongtook/internal/reference"
	"github.com/rongtook/rongtook/internal/store"
	"github.com/rongtook/rongtook/internal/store/sqlite"
)

const (
	appSecret = "fb-app-secret"
	pageID    = "104000000001555"
)

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func TestFacebookCommentBecomesTaggedConversationAndReplyGoesUnderIt(t *testing.T) {
	ctx := context.Background()
	st := must(sqlite.Open(ctx, filepath.Join(t.TempDir(), "fb.db")))
	defer st.Close()
	ref := reference.MustLoad()
	if err := st.SyncReference(ctx, ref); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 23, 3, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	log := slog.New(slog.DiscardHandler)
	a := app.New(st, ref, app.WithClock(clock), app.WithLogger(log), app.WithHasher(auth.Hasher{P: auth.TestParams}))
	graph := fbtest.New()
	defer graph.Close()
	cfg := facebook.Config{AppSecret: appSecret, VerifyToken: "verify-me", PageToken: "page-token", PageID: pageID, GraphURL: graph.URL}
	wh := &facebook.Webhook{Config: cfg, Store: st, Clock: clock, Log: log}
	srv := httptest.NewServer(wh)
	defer srv.Close()
	proc := &facebook.Processor{App: a, Store: st, Config: cfg, Log: log}
	worker := outbox.New(st, map[string]outbox.Sender{"facebook": &facebook.Sender{Config: cfg}}, outbox.Config{Clock: clock}, log)

	// The verify-token handshake.
	res := must(http.Get(srv.URL + "?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444"))
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || string(body) != "1158201444" {
		t.Fatalf("handshake: %d %q", res.StatusCode, body)
	}
	res = must(http.Get(srv.URL + "?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1"))
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("handshake with a wrong token: %d", res.StatusCode)
	}

	post := func(b []byte, sig string) int {
		req := must(http.NewRequest("POST", srv.URL, bytes.NewReader(b)))
		req.Header.Set("Content-Type", "application/json")
		if sig != "" {
			req.Header.Set("X-Hub-Signature-256", sig)
		}
		res := must(http.DefaultClient.Do(req))
		res.Body.Close()
		return res.StatusCode
	}
	const commentID = "1555000000001_2002"
	comment := fbtest.Comment(pageID, pageID+"_1555000000001", commentID, "7001", "สมชาย ใจดี", "ไฟฟ้าส่องสว่างซอยลาดพร้าว 101 ดับมา 3 วันแล้ว จะมาซ่อมเมื่อไร?")
	// A signature over other bytes (the same JSON decoded and re-encoded, as a careless
	// server would check it) and a missing one are refused; nothing is stored.
	if code := post(comment, fbtest.Sign(appSecret, bytes.ReplaceAll(comment, []byte(`\u0e44`), []byte("ไ")))); code != http.StatusUnauthorized {
		t.Fatalf("signature over re-encoded bytes: %d, want 401", code)
	}
	if code := post(comment, ""); code != http.StatusUnauthorized {
		t.Fatalf("no signature: %d, want 401", code)
	}
	if code := post(comment, fbtest.Sign("another-secret", comment)); code != http.StatusUnauthorized {
		t.Fatalf("wrong secret: %d, want 401", code)
	}
	if n, _ := proc.RunOnce(ctx); n != 0 {
		t.Fatalf("refused webhooks stored %d events", n)
	}

	if code := post(comment, fbtest.Sign(appSecret, comment)); code != 200 {
		t.Fatalf("signed comment: %d", code)
	}
	post(comment, fbtest.Sign(appSecret, comment)) // delivered twice by Facebook
	if _, err := proc.RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	must(a.CreateUserSystem(ctx, app.NewUser{Username: "op", DisplayName: "พนักงานรับเรื่อง", Role: auth.RoleOperator, UnitCode: "CENTRE", Password: "correct horse battery"}))
	op := must(a.Authenticate(ctx, must(a.IssueToken(ctx, "op", "t"))))
	yes := true
	list, unanswered := func() ([]store.Conversation, int) {
		l, n, err := a.Conversations(ctx, op, store.ConversationFilter{Unanswered: &yes})
		if err != nil {
			t.Fatal(err)
		}
		return l, n
	}()
	if len(list) != 1 || unanswered != 1 {
		t.Fatalf("want 1 unanswered conversation, got %d (count %d)", len(list), unanswered)
	}
	conv := list[0]
	if conv.Channel != "facebook" || conv.Kind != "comment" || len(conv.Tags) != 1 || conv.Tags[0] != app.TagInquiry || conv.CitizenID == 0 {
		t.Fatalf("conversation: %+v, want a facebook comment tagged สอบถาม on a citizen", conv)
	}
	if c := must(st.CitizenByIdentity(ctx, "facebook", "7001")); c.ID != conv.CitizenID || c.Name != "สมชาย ใจดี" {
		t.Fatalf("citizen by facebook id: %+v", c)
	}
	_, msgs := must2(a.Conversation(ctx, op, conv.ID))
	if len(msgs) != 1 || !strings.Contains(msgs[0].Text, "ลาดพร้าว") {
		t.Fatalf("messages: %+v (Thai must survive the \\u escapes; the repeat must not be stored)", msgs)
	}

	// Staff reply: it reaches the Graph API as a reply under the comment.
	if _, err := a.ReplyConversation(ctx, op, conv.ID, "ศูนย์ฯ รับทราบแล้ว กำลังประสานสำนักงานเขตค่ะ"); err != nil {
		t.Fatal(err)
	}
	if _, err := worker.RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	calls := graph.Calls()
	if len(calls) != 1 || calls[0].Kind != "comment_reply" || calls[0].ParentID != commentID || calls[0].Token != "page-token" || !strings.Contains(calls[0].Text, "รับทราบ") {
		t.Fatalf("graph calls: %+v, want one reply under comment %s", calls, commentID)
	}
	if _, n, _ := a.Conversations(ctx, op, store.ConversationFilter{}); n != 0 {
		t.Fatalf("after the reply %d conversations are unanswered, want 0", n)
	}

	// Turning it into a case issues a receipt number and answers with it under the comment.
	lat, lon := 13.8165, 100.6078
	c, err := a.ConversationCase(ctx, op, conv.ID, cases.Draft{CategoryCode: 7, Location: cases.Location{Lat: &lat, Lon: &lon, Address: "ซอยลาดพร้าว 101"}})
	if err != nil {
		t.Fatal(err)
	}
	again, err := a.ConversationCase(ctx, op, conv.ID, cases.Draft{CategoryCode: 7})
	if err != nil || again.Receipt != c.Receipt {
		t.Fatalf("second conversion: %v %v, want the same case", again.Receipt, err)
	}
	if c.Channel != "facebook" || c.CitizenID != conv.CitizenID || !strings.Contains(c.Description, "ลาดพร้าว") {
		t.Fatalf("case: %+v", c)
	}
	if _, err := worker.RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	calls = graph.Calls()
	if len(calls) != 2 || calls[1].ParentID != commentID || !strings.Contains(calls[1].Text, c.Receipt) {
		t.Fatalf("graph calls: %+v, want the receipt number under the comment", calls)
	}
	conv, _ = must2(a.Conversation(ctx, op, conv.ID))
	if conv.CaseID != c.ID || !contains(conv.Tags, app.TagReceiptDone) {
		t.Fatalf("conversation after the case: %+v", conv)
	}

	// Messenger: a message becomes a conversation of its own, answered by a Messenger send.
	msg := fbtest.Message(pageID, "PSID9001", "m_abc", "ขอบคุณเจ้าหน้าที่ที่มาเก็บขยะให้ค่ะ")
	if code := post(msg, fbtest.Sign(appSecret, msg)); code != 200 {
		t.Fatalf("messenger: %d", code)
	}
	must(proc.RunOnce(ctx))
	l, n, _ := a.Conversations(ctx, op, store.ConversationFilter{Tag: app.TagCompliment})
	if len(l) != 1 || l[0].Kind != "message" || n != 1 {
		t.Fatalf("messenger conversation tagged ชมเชย: %+v (unanswered %d)", l, n)
	}
	if _, err := a.ReplyConversation(ctx, op, l[0].ID, "ขอบคุณค่ะ"); err != nil {
		t.Fatal(err)
	}
	must(worker.RunOnce(ctx))
	if calls = graph.Calls(); len(calls) != 3 || calls[2].Kind != "message" || calls[2].To != "PSID9001" {
		t.Fatalf("messenger reply: %+v", calls)
	}
	// Tags and assignment.
	tagged, err := a.TagConversation(ctx, op, l[0].ID, []string{app.TagResultTold}, []string{app.TagCompliment})
	if err != nil || len(tagged.Tags) != 1 || tagged.Tags[0] != app.TagResultTold {
		t.Fatalf("tags: %+v %v", tagged.Tags, err)
	}
	if _, err := a.TagConversation(ctx, op, l[0].ID, []string{"ด่วนมาก"}, nil); err == nil {
		t.Fatal("an unknown tag must be refused")
	}
	if _, err := a.AssignConversation(ctx, op, l[0].ID, op.UserID); err != nil {
		t.Fatal(err)
	}
	if l, _, _ := a.Conversations(ctx, op, store.ConversationFilter{AssigneeID: op.UserID}); len(l) != 1 {
		t.Fatalf("assigned filter: %d", len(l))
	}
}

func must2[A, B any](a A, b B, err error) (A, B) {
	if err != nil {
		panic(err)
	}
	return a, b
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
