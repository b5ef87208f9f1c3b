package api

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"testing"
	"time"

	"github.com/rongtook/rongtook/internal/app"
	"github.com/rongtook/rongtook/internal/cases"
	"github.com/rongtook/rongtook/internal/channels/facebook"
	"github.com/rongtook/rongtook/internal/channels/facebook/fbtest"
	"github.com/rongtook/rongtook/internal/channels/line"
	"github.com/rongtook/rongtook/internal/channels/line/linetest"
	"github.com/rongtook/rongtook/internal/store"
)

type walkCall func(method, path, user string, body any, want int, headers ...string) map[string]any

// walkChannels walks the routes of the channels, the conversation inbox and citizen
// profiles for TestOpenAPIServerWalk.
func walkChannels(t *testing.T, st store.Store, a *app.App, srv *Server, call walkCall, citizenID string) {
	t.Helper()
	ctx := context.Background()
	log := slog.New(slog.DiscardHandler)
	lineCfg := line.Config{Accounts: map[string]line.Account{"1555": {Name: "1555", Secret: "line-secret", Token: "t"}}}
	srv.LineWebhook = &line.Webhook{Config: lineCfg, Store: st, Clock: a.Now, Log: log}
	fbCfg := facebook.Config{AppSecret: "fb-secret", VerifyToken: "verify", PageID: "1555"}
	srv.FacebookWebhook = &facebook.Webhook{Config: fbCfg, Store: st, Clock: a.Now, Log: log}

	body := string(linetest.Body(linetest.Text("01WALK", "Uwalk0000000000000000000000000000", "rt", "ถนนเป็นหลุม")))
	call("POST", "/channels/line/1555/webhook", "", body, 200, "x-line-signature", linetest.Sign("line-secret", []byte(body)))
	call("POST", "/channels/line/1555/webhook", "", body, 401, "x-line-signature", linetest.Sign("wrong", []byte(body)))
	call("POST", "/channels/line/unknown/webhook", "", body, 404, "x-line-signature", linetest.Sign("line-secret", []byte(body)))

	call("GET", "/channels/facebook/webhook?hub.mode=subscribe&hub.verify_token=verify&hub.challenge=42", "", nil, 200)
	call("GET", "/channels/facebook/webhook?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=42", "", nil, 403)
	comment := fbtest.Comment("1555", "1555_1", "1555_1_9", "8001", "สมหญิง", "ไฟดับซอย 5 จะซ่อมเมื่อไร?")
	call("POST", "/channels/facebook/webhook", "", string(comment), 200, "X-Hub-Signature-256", fbtest.Sign("fb-secret", comment))
	call("POST", "/channels/facebook/webhook", "", string(comment), 401, "X-Hub-Signature-256", fbtest.Sign("wrong", comment))
	proc := &facebook.Processor{App: a, Store: st, Config: fbCfg, Log: log}
	if _, err := proc.RunOnce(ctx); err != nil {
		t.Fatal(err)
	}

	list := call("GET", "/api/v1/conversations", "operator", nil, 200)
	convs, _ := list["conversations"].([]any)
	if len(convs) != 1 {
		t.Fatalf("conversations: %v", list)
	}
	conv := convs[0].(map[string]any)
	cid := fmt.Sprint(conv["id"])
	fbCitizen := fmt.Sprint(conv["citizen_id"])
	call("GET", "/api/v1/conversations?tag="+url.QueryEscape(app.TagInquiry)+"&channel=facebook&unanswered=true&assignee=me&limit=5", "operator", nil, 200)
	call("GET", "/api/v1/conversations?unanswered=maybe", "operator", nil, 400)
	call("GET", "/api/v1/conversations?tag=x", "operator", nil, 400)
	call("GET", "/api/v1/conversations", "coord1038", nil, 403)
	call("GET", "/api/v1/conversations/"+cid, "operator", nil, 200)
	call("GET", "/api/v1/conversations/abc", "operator", nil, 404)
	call("GET", "/api/v1/conversations/999999", "operator", nil, 404)
	me := call("GET", "/api/v1/me", "operator", nil, 200)
	call("POST", "/api/v1/conversations/"+cid+"/assign", "operator", conversationAssignRequest{UserID: int64(me["id"].(float64))}, 200)
	call("POST", "/api/v1/conversations/"+cid+"/assign", "operator", conversationAssignRequest{UserID: 999999}, 400)
	call("POST", "/api/v1/conversations/"+cid+"/tags", "operator", conversationTagRequest{Add: []string{app.TagChecking}, Remove: []string{app.TagInquiry}}, 200)
	call("POST", "/api/v1/conversations/"+cid+"/tags", "operator", conversationTagRequest{Add: []string{"x"}}, 400)
	call("POST", "/api/v1/conversations/"+cid+"/reply", "operator", conversationReplyRequest{Text: "รับทราบค่ะ"}, 201)
	call("POST", "/api/v1/conversations/"+cid+"/reply", "operator", conversationReplyRequest{}, 400)
	call("POST", "/api/v1/conversations/"+cid+"/reply", "coord1038", conversationReplyRequest{Text: "x"}, 403)
	lat, lon := 13.7563, 100.5018
	call("POST", "/api/v1/conversations/"+cid+"/case", "operator", conversationCaseRequest{CategoryCode: 7}, 201)
	call("POST", "/api/v1/conversations/999999/case", "operator", conversationCaseRequest{CategoryCode: 7, Location: cases.Location{Lat: &lat, Lon: &lon}}, 404)

	cit := call("GET", "/api/v1/citizens/"+citizenID+"/profile?purpose=walk", "operator", nil, 200)
	phone, _ := cit["citizen"].(map[string]any)["phone"].(string)
	if phone != "" {
		call("GET", "/api/v1/citizens?phone="+phone, "operator", nil, 200)
	}
	call("GET", "/api/v1/citizens?name="+url.QueryEscape("สมหญิง")+"&limit=5", "operator", nil, 200)
	call("GET", "/api/v1/citizens?facebook_id=8001", "operator", nil, 200)
	call("GET", "/api/v1/citizens", "operator", nil, 400)
	call("GET", "/api/v1/citizens?phone=abc", "operator", nil, 400)
	call("GET", "/api/v1/citizens?name=x", "admin", nil, 403)
	call("GET", "/api/v1/citizens/"+citizenID+"/profile", "admin", nil, 403)
	call("GET", "/api/v1/citizens/999999/profile", "operator", nil, 404)
	call("POST", "/api/v1/citizens/"+citizenID+"/merge", "operator", citizenMergeRequest{From: 1}, 403)
	call("POST", "/api/v1/citizens/"+citizenID+"/merge", "supervisor", map[string]any{"from": "x"}, 400)
	call("POST", "/api/v1/citizens/"+citizenID+"/merge", "supervisor", citizenMergeRequest{From: atoi(fbCitizen)}, 200)
	call("POST", "/api/v1/citizens/"+citizenID+"/merge", "supervisor", citizenMergeRequest{From: atoi(fbCitizen)}, 422)
	call("POST", "/api/v1/citizens/999999/merge", "supervisor", citizenMergeRequest{From: atoi(citizenID)}, 404)

	// A dead message, retried.
	now := a.Now()
	if _, err := st.EnqueueOutbox(ctx, []store.OutboxMessage{{DedupeKey: "walk:dead", Kind: "test", Channel: "walk", Recipient: "x", Text: "x", CreatedAt: now}}); err != nil {
		t.Fatal(err)
	}
	claimed, err := st.ClaimOutbox(ctx, "walk", []string{"walk"}, now, time.Minute, 1)
	if err != nil || len(claimed) != 1 {
		t.Fatalf("claim: %v %v", claimed, err)
	}
	if err := st.FailOutbox(ctx, claimed[0].ID, "walk", "refused", now, true); err != nil {
		t.Fatal(err)
	}
	id := fmt.Sprint(claimed[0].ID)
	call("POST", "/api/v1/outbox/"+id+"/retry", "operator", nil, 403)
	call("POST", "/api/v1/outbox/"+id+"/retry", "admin", nil, 200)
	call("POST", "/api/v1/outbox/"+id+"/retry", "admin", nil, 422)
	call("POST", "/api/v1/outbox/999999/retry", "admin", nil, 404)
}

func atoi(s string) int64 {
	var n int64
	fmt.Sscan(s, &n)
	return n
}
