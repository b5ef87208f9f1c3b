package line_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rongtook/rongtook/internal/app"
	"github.com/rongtook/rongtook/internal/auth"
	"github.com/rongtook/rongtook/internal/cases"
	"github.com/rongtook/rongtook/internal/channels/line"
	"github.com/rongtook/rongtook/internal/channels/line/linetest"
	"github.com/rongtook/rongtook/internal/outbox"
	"github.com/rongtook/rongtook/internal/reference"
	"github.com/rongtook/rongtook/internal/store"
	"github.com/rongtook/rongtook/internal/store/sqlite"
)

const secret = "test-channel-secret-1555"

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }
func newClock(t time.Time) *clock    { return &clock{t: t} }

// must panics on an error: the test fails with the error and its stack.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

type harness struct {
	t      *testing.T
	st     store.Store
	a      *app.App
	fake   *linetest.Server
	srv    *httptest.Server
	proc   *line.Processor
	worker *outbox.Worker
	clk    *clock
}

func newHarness(t *testing.T) *harness {
	ctx := context.Background()
	st := must(sqlite.Open(ctx, filepath.Join(t.TempDir(), "line.db")))
	t.Cleanup(func() { st.Close() })
	ref := reference.MustLoad()
	if err := st.SyncReference(ctx, ref); err != nil {
		t.Fatal(err)
	}
	clk := newClock(time.Date(2026, 11, 23, 3, 0, 0, 0, time.UTC)) // a Monday, 2569 BE
	log := slog.New(slog.DiscardHandler)
	a := app.New(st, ref, app.WithClock(clk.now), app.WithLogger(log), app.WithHasher(auth.Hasher{P: auth.TestParams}))
	fake := linetest.New()
	fake.Token = "token-1555"
	t.Cleanup(fake.Close)
	cfg := line.Config{
		Accounts: map[string]line.Account{
			"1555":     {Name: "1555", Secret: secret, Token: "token-1555"},
			"governor": {Name: "governor", Secret: "other-secret", Token: "token-governor"},
		},
		Default: "1555", Endpoint: fake.URL, DataEndpoint: fake.URL,
	}
	h := &harness{t: t, st: st, a: a, fake: fake, clk: clk}
	h.proc = &line.Processor{App: a, Store: st, Config: cfg, Log: log}
	h.worker = outbox.New(st, map[string]outbox.Sender{"line": &line.Sender{Config: cfg}}, outbox.Config{Holder: "test", Clock: clk.now, Rate: map[string]float64{"line": 1000}}, log)
	mux := http.NewServeMux()
	mux.Handle("POST /channels/line/{channel}/webhook", &line.Webhook{Config: cfg, Store: st, Clock: clk.now, Log: log})
	h.srv = httptest.NewServer(mux)
	t.Cleanup(h.srv.Close)
	return h
}

func (h *harness) post(channel string, body []byte, sig string) int {
	h.t.Helper()
	req := must(http.NewRequest("POST", h.srv.URL+"/channels/line/"+channel+"/webhook", bytes.NewReader(body)))
	if sig != "" {
		req.Header.Set("x-line-signature", sig)
	}
	res := must(http.DefaultClient.Do(req))
	res.Body.Close()
	return res.StatusCode
}

// send posts signed events and runs the processor and the outbox once.
func (h *harness) send(events ...string) {
	h.t.Helper()
	body := linetest.Body(events...)
	if code := h.post("1555", body, linetest.Sign(secret, body)); code != 200 {
		h.t.Fatalf("webhook answered %d", code)
	}
	h.flush()
}

func (h *harness) flush() {
	h.t.Helper()
	ctx := context.Background()
	if _, err := h.proc.RunOnce(ctx); err != nil {
		h.t.Fatal(err)
	}
	if _, err := h.worker.RunOnce(ctx); err != nil {
		h.t.Fatal(err)
	}
}

func (h *harness) last() linetest.Message {
	h.t.Helper()
	msgs := h.fake.Messages()
	if len(msgs) == 0 {
		h.t.Fatal("LINE received nothing")
	}
	return msgs[len(msgs)-1]
}

const user = "U4af4980629aaaaaaaaaaaaaaaaaaaaaa"

func TestLineIntakeCreatesCaseAndRepliesWithReceipt(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()

	// A bad or missing signature: 401, nothing stored.
	body := linetest.Body(linetest.Text("01BAD", user, "rt0", "ถนนพัง"))
	if code := h.post("1555", body, linetest.Sign("wrong-secret", body)); code != http.StatusUnauthorized {
		t.Fatalf("wrong signature: %d, want 401", code)
	}
	if code := h.post("1555", body, ""); code != http.StatusUnauthorized {
		t.Fatalf("missing signature: %d, want 401", code)
	}
	// Signed with another channel's secret is wrong for this channel too.
	if code := h.post("1555", body, linetest.Sign("other-secret", body)); code != http.StatusUnauthorized {
		t.Fatalf("other channel's signature: %d, want 401", code)
	}
	if n, err := h.proc.RunOnce(ctx); err != nil || n != 0 {
		t.Fatalf("after refused webhooks the processor found %d events (%v), want 0", n, err)
	}
	if _, err := h.st.CitizenByIdentity(ctx, "line", user); err == nil {
		t.Fatal("a refused webhook created a citizen")
	}

	h.send(linetest.Text("01E1", user, "rt1", "ถนนหน้าบ้านเป็นหลุมใหญ่ รถจักรยานยนต์ล้มหลายคัน"))
	if m := h.last(); m.Kind != "reply" || m.ReplyToken != "rt1" || !strings.Contains(m.Texts[0], "ตำแหน่ง") || len(m.QuickReply) != 1 {
		t.Fatalf("after the text, want a reply asking for the location with a location button, got %+v", m)
	}
	h.send(linetest.Location("01E2", user, "rt2", "หน้าซอยสุขุมวิท 101", "ถนนสุขุมวิท แขวงบางจาก เขตพระโขนง", 13.6931, 100.6055))
	if m := h.last(); m.ReplyToken != "rt2" || !strings.Contains(m.Texts[0], "ประเภท") || len(m.QuickReply) != 13 {
		t.Fatalf("after the location, want the category quick replies, got %+v", m)
	}
	h.send(linetest.Image("01E3", user, "rt3"))
	// The same event delivered again by LINE is stored once.
	h.send(linetest.Image("01E3", user, "rt3"))
	h.send(linetest.Text("01E4", user, "rt4", "หมวด 6 ถนน"))
	m := h.last()
	if m.ReplyToken != "rt4" || !strings.Contains(m.Texts[0], "เลขที่รับแจ้ง 2569-") {
		t.Fatalf("want a reply with the receipt number, got %+v", m)
	}
	receipt := strings.Fields(strings.SplitAfter(m.Texts[0], "เลขที่รับแจ้ง ")[1])[0]
	c := must(h.st.CaseByReceipt(ctx, receipt))
	if c.Channel != "line" || c.CategoryCode != 6 || !strings.Contains(c.Description, "หลุมใหญ่") || c.Location.Lat == nil {
		t.Fatalf("case as stored: %+v", c)
	}
	atts := must(h.st.Attachments(ctx, c.ID))
	if len(atts) != 1 || atts[0].ContentType != "image/jpeg" {
		t.Fatalf("attachments: %+v, want the one photo once", atts)
	}
	blobID := strings.TrimPrefix(atts[0].URL, "blob:")
	var id int64
	for _, r := range blobID {
		id = id*10 + int64(r-'0')
	}
	if _, data, err := h.st.Blob(ctx, id); err != nil || !bytes.Equal(data, h.fake.Content) {
		t.Fatalf("photo content not kept: %v", err)
	}
	cit := must(h.st.CitizenByIdentity(ctx, "line", user))
	if c.CitizenID != cit.ID {
		t.Fatalf("case citizen %d, LINE user's profile %d", c.CitizenID, cit.ID)
	}

	// Following the case answers its status; someone else's receipt is not found.
	h.send(linetest.Text("01E5", user, "rt5", "ติดตาม "+receipt))
	if m := h.last(); !strings.Contains(m.Texts[0], receipt) || !strings.Contains(m.Texts[0], "สถานะ") {
		t.Fatalf("status answer: %+v", m)
	}
	h.send(linetest.Text("01E6", "Uother000000000000000000000000000", "rt6", "ติดตาม "+receipt))
	if m := h.last(); !strings.Contains(m.Texts[0], "ไม่พบ") {
		t.Fatalf("another user's follow-up must not see the case: %+v", m)
	}

	// A status change is pushed to the citizen with a retry key.
	must(h.a.CreateUserSystem(ctx, app.NewUser{Username: "sup", DisplayName: "หัวหน้าศูนย์", Role: auth.RoleSupervisor, UnitCode: "CENTRE", Password: "correct horse battery"}))
	tok := must(h.a.IssueToken(ctx, "sup", "t"))
	sup := must(h.a.Authenticate(ctx, tok))
	c = must(h.st.CaseByReceipt(ctx, receipt))
	unit := c.UnitCode
	if unit == reference.CentreCode {
		unit = "D1009"
		if _, _, err := h.a.Act(ctx, sup, receipt, cases.Command{Action: cases.ActForward, UnitCode: unit, Reason: "ทดสอบ"}, nil); err != nil {
			t.Fatal(err)
		}
	} else {
		if _, _, err := h.a.Act(ctx, sup, receipt, cases.Command{Action: cases.ActTerminate, Text: "ทดสอบ", TerminationReason: "other"}, nil); err != nil {
			t.Logf("terminate: %v", err)
			if _, _, err := h.a.Act(ctx, sup, receipt, cases.Command{Action: cases.ActReturn, Reason: "ทดสอบ"}, nil); err != nil {
				t.Fatal(err)
			}
		}
	}
	h.fake.FailPushes = 1 // the first push fails; the retry carries the same key
	h.flush()
	h.clk.add(10 * time.Minute)
	h.flush()
	m = h.last()
	if m.Kind != "push" || m.To != user || m.RetryKey == "" || !strings.Contains(m.Texts[0], receipt) {
		t.Fatalf("want a push of the new status to the citizen with a retry key, got %+v", m)
	}
	if got := h.fake.Received()[m.RetryKey]; got != 2 {
		t.Fatalf("push received %d times under its key, want 2 (one failure, one retry)", got)
	}
	if got := h.fake.Accepted()[m.RetryKey]; got != 1 {
		t.Fatalf("push accepted %d times, want 1", got)
	}
}

func TestCoordinatorsOverLine(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	const coord = "Ucoord00000000000000000000001038"
	if err := h.st.PutCoordinator(ctx, store.Coordinator{UnitCode: "D1038", Kind: "best", Title: "นาย", FirstName: "ประสาน", LastName: "งานดี",
		LineID: coord, UpdatedAt: h.clk.now()}); err != nil {
		t.Fatal(err)
	}
	must(h.a.CreateUserSystem(ctx, app.NewUser{Username: "sup", DisplayName: "หัวหน้าศูนย์", Role: auth.RoleSupervisor, UnitCode: "CENTRE", Password: "correct horse battery"}))
	sup := must(h.a.Authenticate(ctx, must(h.a.IssueToken(ctx, "sup", "t"))))
	lat, lon := 13.8165, 100.6078
	newCase := func(desc string, confidential bool) cases.Case {
		c, _, err := h.a.CreateCase(ctx, sup, app.NewCase{Draft: cases.Draft{Channel: "hotline", CategoryCode: 9, Description: desc, BEST: true, Confidential: confidential,
			Location: cases.Location{Lat: &lat, Lon: &lon, DistrictCode: 1038}}, ForwardTo: "D1038"})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	secret := newCase("เรื่องลับ: ร้องเรียนเจ้าหน้าที่เขต", true)
	best := newCase("ต้นไม้ล้มขวางถนนลาดพร้าว 101 รถผ่านไม่ได้", false)
	h.flush()
	var toCoord []linetest.Message
	for _, m := range h.fake.Messages() {
		if m.To == coord {
			toCoord = append(toCoord, m)
		}
	}
	if len(toCoord) != 1 {
		t.Fatalf("coordinator received %d messages, want 1 (the confidential case is never sent): %+v", len(toCoord), toCoord)
	}
	text := toCoord[0].Texts[0]
	if !strings.Contains(text, "ขอประสานเรื่องเร่งด่วน (BEST) – เลขที่รับแจ้ง "+best.Receipt) || !strings.Contains(text, "ต้นไม้ล้ม") || toCoord[0].RetryKey == "" {
		t.Fatalf("BEST form: %q", text)
	}
	if strings.Contains(text, secret.Receipt) {
		t.Fatal("the confidential case's number went to chat")
	}

	// The coordinator answers on LINE naming the receipt number: it goes on the timeline.
	reply := "สำนักงานเขตลาดพร้าว ขอรายงานผลการดำเนินการเรื่องร้องเรียนเร่งด่วน (BEST) ตามเลขที่รับแจ้ง " + best.Receipt + " ตัดต้นไม้และเปิดการจราจรแล้ว"
	h.send(linetest.Text("01C1", coord, "rtc1", reply))
	evs := must(h.st.Events(ctx, best.ID))
	last := evs[len(evs)-1]
	if last.Type != cases.EventNote || !strings.Contains(last.Text, "ตัดต้นไม้") || last.ActorUnit != "D1038" || !strings.Contains(last.ActorName, "ประสาน") {
		t.Fatalf("timeline's last event: %+v", last)
	}
	if m := h.last(); m.ReplyToken != "rtc1" || !strings.Contains(m.Texts[0], best.Receipt) {
		t.Fatalf("acknowledgement to the coordinator: %+v", m)
	}
	// A case of another unit named by the coordinator is not touched.
	other, _, err := h.a.CreateCase(ctx, sup, app.NewCase{Draft: cases.Draft{Channel: "hotline", CategoryCode: 4, Description: "ขยะ", Location: cases.Location{DistrictCode: 1001}}, ForwardTo: "D1001"})
	if err != nil {
		t.Fatal(err)
	}
	before := len(must(h.st.Events(ctx, other.ID)))
	h.send(linetest.Text("01C2", coord, "rtc2", "ติดตาม "+other.Receipt+" ด้วยครับ"))
	if after := len(must(h.st.Events(ctx, other.ID))); after != before {
		t.Fatal("a coordinator's message changed another unit's case")
	}
}

// An expired reply token: the answer is pushed instead, with a retry key; a rich-menu
// postback asks for a case's status.
func TestExpiredReplyTokenFallsBackToPush(t *testing.T) {
	h := newHarness(t)
	h.fake.RejectReplies = true
	h.send(linetest.Text("01X1", user, "expired", "น้ำท่วมขังหน้าตลาด"))
	m := h.last()
	if m.Kind != "push" || m.To != user || m.RetryKey == "" || !strings.Contains(m.Texts[0], "ตำแหน่ง") {
		t.Fatalf("want the answer pushed with a retry key, got %+v", m)
	}
	h.fake.RejectReplies = false
	h.send(linetest.Location("01X2", user, "r2", "ตลาด", "เขตบางกะปิ", 13.7650, 100.6470))
	h.send(`{"type":"postback","mode":"active","timestamp":1763776800000,"webhookEventId":"01X3","deliveryContext":{"isRedelivery":false},` +
		`"source":{"type":"user","userId":"` + user + `"},"replyToken":"r3","postback":{"data":"category=8"}}`)
	m = h.last()
	if !strings.Contains(m.Texts[0], "เลขที่รับแจ้ง 2569-") {
		t.Fatalf("the category postback completes the case: %+v", m)
	}
	receipt := strings.Fields(strings.SplitAfter(m.Texts[0], "เลขที่รับแจ้ง ")[1])[0]
	h.send(`{"type":"postback","mode":"active","timestamp":1763776800000,"webhookEventId":"01X4","deliveryContext":{"isRedelivery":false},` +
		`"source":{"type":"user","userId":"` + user + `"},"replyToken":"r4","postback":{"data":"follow=` + receipt + `"}}`)
	if m := h.last(); m.ReplyToken != "r4" || !strings.Contains(m.Texts[0], "สถานะ") {
		t.Fatalf("rich-menu status: %+v", m)
	}
	c := must(h.st.CaseByReceipt(context.Background(), receipt))
	if c.CategoryCode != 8 || c.Description != "น้ำท่วมขังหน้าตลาด" {
		t.Fatalf("case: %+v", c)
	}
}
