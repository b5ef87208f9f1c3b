package line

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/line/line-bot-sdk-go/v8/linebot/messaging_api"
	"github.com/line/line-bot-sdk-go/v8/linebot/webhook"

	"github.com/rongtook/rongtook/internal/app"
	"github.com/rongtook/rongtook/internal/apperr"
	"github.com/rongtook/rongtook/internal/cases"
	"github.com/rongtook/rongtook/internal/reference"
	"github.com/rongtook/rongtook/internal/store"
)

// Processor turns stored LINE events into conversations with the citizen and, when enough
// is known (what, where, which category), into cases. Every answer leaves through the
// outbox. Processing an event twice (after a crash) creates no second case and sends no
// second answer: both are keyed by the event's id.
type Processor struct {
	App    *app.App
	Store  store.Store
	Config Config
	Log    *slog.Logger
	// HTTPClient fetches photos through the content API (default http.DefaultClient).
	HTTPClient *http.Client
	// DistrictAt finds the district of a point, when boundaries are loaded.
	DistrictAt func(lat, lon float64) (int, bool)
	// Notify is called after answers were written to the outbox (wakes its worker).
	Notify func()
	Lease  time.Duration
	Poll   time.Duration

	once sync.Once
	wake chan struct{}
}

func (p *Processor) wakeCh() chan struct{} {
	p.once.Do(func() { p.wake = make(chan struct{}, 1) })
	return p.wake
}

// Wake makes a running processor look for events now.
func (p *Processor) Wake() {
	select {
	case p.wakeCh() <- struct{}{}:
	default:
	}
}

// Run processes events until ctx ends.
func (p *Processor) Run(ctx context.Context) error {
	wake := p.wakeCh()
	poll := p.Poll
	if poll <= 0 {
		poll = time.Second
	}
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		if _, err := p.RunOnce(ctx); err != nil && ctx.Err() == nil {
			p.Log.Error("line processor", "err", err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		case <-wake:
		}
	}
}

// RunOnce processes the pending events, returning how many it took.
func (p *Processor) RunOnce(ctx context.Context) (int, error) {
	lease := p.Lease
	if lease <= 0 {
		lease = 2 * time.Minute
	}
	total := 0
	for {
		evs, err := p.Store.ClaimChannelEvents(ctx, "line", p.App.Now(), lease, 50)
		if err != nil {
			return total, err
		}
		if len(evs) == 0 {
			return total, nil
		}
		total += len(evs)
		for _, e := range evs {
			perr := p.process(ctx, e)
			now := p.App.Now()
			var ferr error
			switch {
			case perr == nil:
				ferr = p.Store.FinishChannelEvent(ctx, e.ID, now, "", time.Time{}, false)
			default:
				p.Log.Warn("line event failed", "event", e.EventID, "attempt", e.Attempts, "err", perr)
				ferr = p.Store.FinishChannelEvent(ctx, e.ID, now, perr.Error(), now.Add(time.Duration(e.Attempts)*30*time.Second), e.Attempts >= 5)
			}
			if ferr != nil {
				return total, ferr
			}
		}
		if p.Notify != nil {
			p.Notify()
		}
	}
}

// session is what a chat has told so far.
type session struct {
	Text     string  `json:"text,omitempty"`
	Lat      float64 `json:"lat,omitempty"`
	Lon      float64 `json:"lon,omitempty"`
	HasPoint bool    `json:"has_point,omitempty"`
	Address  string  `json:"address,omitempty"`
	Photos   []photo `json:"photos,omitempty"`
	Category int     `json:"category,omitempty"`
}

type photo struct {
	Blob        int64  `json:"blob"`
	ContentType string `json:"content_type"`
}

// in is one incoming message, whatever its kind.
type in struct {
	account, eventID, replyToken, userID string
}

func (p *Processor) process(ctx context.Context, e store.ChannelEvent) error {
	ev, err := webhook.UnmarshalEvent([]byte(e.Body))
	if err != nil {
		return nil // not an event this SDK knows: nothing to do, and retrying will not help
	}
	switch ev := ev.(type) {
	case webhook.MessageEvent:
		m := in{account: e.Account, eventID: e.EventID, replyToken: ev.ReplyToken, userID: userOf(ev.Source)}
		if m.userID == "" {
			return nil // groups and rooms are not intake
		}
		return p.message(ctx, m, ev.Message)
	case webhook.PostbackEvent:
		m := in{account: e.Account, eventID: e.EventID, replyToken: ev.ReplyToken, userID: userOf(ev.Source)}
		if m.userID == "" || ev.Postback == nil {
			return nil
		}
		return p.postback(ctx, m, ev.Postback.Data)
	case webhook.FollowEvent:
		m := in{account: e.Account, eventID: e.EventID, replyToken: ev.ReplyToken, userID: userOf(ev.Source)}
		if m.userID == "" {
			return nil
		}
		if _, err := p.App.ChannelCitizen(ctx, "line", m.userID, m.account, ""); err != nil {
			return err
		}
		return p.answer(ctx, m, greeting, nil)
	}
	return nil
}

func userOf(s webhook.SourceInterface) string {
	switch u := s.(type) {
	case webhook.UserSource:
		return u.UserId
	case *webhook.UserSource:
		return u.UserId
	}
	return ""
}

const greeting = "สวัสดีค่ะ ศูนย์เรื่องราวร้องทุกข์ กรุงเทพมหานคร (1555)\n" +
	"พิมพ์เรื่องที่ต้องการแจ้ง ส่งตำแหน่งที่เกิดเหตุ และรูปภาพได้เลยค่ะ\n" +
	"ติดตามเรื่องเดิม พิมพ์ \"ติดตาม\" ตามด้วยเลขที่รับแจ้ง เช่น ติดตาม 2569-000123"

func (p *Processor) message(ctx context.Context, m in, msg webhook.MessageContentInterface) error {
	// A coordinator's message naming a receipt number goes on the case's timeline.
	if t, ok := msg.(webhook.TextMessageContent); ok {
		receipt, recorded, err := p.App.CoordinatorReply(ctx, m.userID, t.Text)
		if err != nil {
			return err
		}
		if recorded {
			return p.answer(ctx, m, "บันทึกการรายงานเรื่องเลขที่รับแจ้ง "+receipt+" แล้ว ขอบคุณค่ะ", nil)
		}
	}
	citizenID, err := p.App.ChannelCitizen(ctx, "line", m.userID, m.account, "")
	if err != nil {
		return err
	}
	s, err := p.load(ctx, m)
	if err != nil {
		return err
	}
	switch msg := msg.(type) {
	case webhook.TextMessageContent:
		text := strings.TrimSpace(msg.Text)
		if r, ok := strings.CutPrefix(text, "ติดตาม"); ok {
			return p.follow(ctx, m, citizenID, strings.TrimSpace(r))
		}
		if text == "ยกเลิก" {
			if err := p.Store.DeleteChatSession(ctx, "line", m.account, m.userID); err != nil {
				return err
			}
			return p.answer(ctx, m, "ยกเลิกเรื่องที่กำลังแจ้งแล้วค่ะ", nil)
		}
		if code, ok := p.category(text); ok {
			s.Category = code
		} else {
			if s.Text != "" {
				s.Text += "\n"
			}
			s.Text += text
		}
	case webhook.LocationMessageContent:
		s.Lat, s.Lon, s.HasPoint = msg.Latitude, msg.Longitude, true
		s.Address = strings.TrimSpace(strings.TrimSpace(msg.Title + " " + msg.Address))
	case webhook.ImageMessageContent:
		ph, err := p.fetch(ctx, m.account, msg.Id)
		if err != nil {
			return err
		}
		s.Photos = append(s.Photos, ph)
	default:
		return p.answer(ctx, m, "ขออภัยค่ะ ระบบรับได้เฉพาะข้อความ ตำแหน่ง และรูปภาพ", nil)
	}
	return p.next(ctx, m, citizenID, s)
}

func (p *Processor) postback(ctx context.Context, m in, data string) error {
	citizenID, err := p.App.ChannelCitizen(ctx, "line", m.userID, m.account, "")
	if err != nil {
		return err
	}
	s, err := p.load(ctx, m)
	if err != nil {
		return err
	}
	if v, ok := strings.CutPrefix(data, "category="); ok {
		if code, err := strconv.Atoi(v); err == nil {
			if _, ok := p.App.Reference().Category(code); ok {
				s.Category = code
			}
		}
	}
	if v, ok := strings.CutPrefix(data, "follow="); ok {
		return p.follow(ctx, m, citizenID, v)
	}
	return p.next(ctx, m, citizenID, s)
}

// category recognises a quick-reply answer: "หมวด 6", or a category's Thai name.
func (p *Processor) category(text string) (int, bool) {
	if v, ok := strings.CutPrefix(text, "หมวด"); ok {
		f := strings.Fields(v)
		if len(f) > 0 {
			if code, err := strconv.Atoi(f[0]); err == nil {
				if _, ok := p.App.Reference().Category(code); ok {
					return code, true
				}
			}
		}
	}
	for _, c := range p.App.Reference().Categories {
		if c.NameTH == text {
			return c.Code, true
		}
	}
	return 0, false
}

func (p *Processor) load(ctx context.Context, m in) (session, error) {
	var s session
	raw, err := p.Store.ChatSession(ctx, "line", m.account, m.userID)
	if err != nil || raw == "" {
		return s, err
	}
	return s, json.Unmarshal([]byte(raw), &s)
}

// quickCategories are the categories offered as quick replies (LINE allows 13 buttons);
// the others are typed by name.
var quickCategories = []int{4, 6, 7, 5, 8, 12, 9, 1, 2, 3, 18, 13, 23}

// next asks for what is missing, or, when the case is complete, takes it in.
func (p *Processor) next(ctx context.Context, m in, citizenID int64, s session) error {
	save := func() error {
		b, _ := json.Marshal(s)
		return p.Store.PutChatSession(ctx, "line", m.account, m.userID, string(b), p.App.Now())
	}
	switch {
	case s.Text == "":
		if err := save(); err != nil {
			return err
		}
		return p.answer(ctx, m, "กรุณาพิมพ์รายละเอียดของปัญหาที่ต้องการแจ้งค่ะ", nil)
	case !s.HasPoint:
		if err := save(); err != nil {
			return err
		}
		return p.answer(ctx, m, "กรุณาส่งตำแหน่งที่เกิดเหตุค่ะ (กดปุ่มด้านล่าง)", []app.QuickReply{{Type: "location", Label: "ส่งตำแหน่ง"}})
	case s.Category == 0:
		if err := save(); err != nil {
			return err
		}
		var qr []app.QuickReply
		for _, code := range quickCategories {
			c, _ := p.App.Reference().Category(code)
			label := c.NameTH
			if r := []rune(label); len(r) > 20 {
				label = string(r[:20])
			}
			qr = append(qr, app.QuickReply{Label: label, Text: fmt.Sprintf("หมวด %d %s", code, c.NameTH)})
		}
		return p.answer(ctx, m, "เรื่องนี้เป็นเรื่องประเภทใดคะ กรุณาเลือกด้านล่าง", qr)
	}
	lat, lon := s.Lat, s.Lon
	loc := cases.Location{Lat: &lat, Lon: &lon, Address: s.Address}
	if p.DistrictAt != nil {
		if d, ok := p.DistrictAt(lat, lon); ok {
			loc.DistrictCode = d
		}
	}
	var atts []store.Attachment
	for _, ph := range s.Photos {
		atts = append(atts, store.Attachment{Kind: "photo", URL: fmt.Sprintf("blob:%d", ph.Blob), ContentType: ph.ContentType})
	}
	reply := store.OutboxMessage{
		DedupeKey: "line:answer:" + m.eventID, Kind: "receipt", Channel: "line", Recipient: "line:" + m.userID,
		Text:    "ได้รับเรื่องของท่านแล้วค่ะ เลขที่รับแจ้ง {receipt}\nติดตามสถานะได้โดยพิมพ์ \"ติดตาม {receipt}\"",
		Payload: app.LinePayload{Account: m.account, ReplyToken: m.replyToken}.Encode(), CreatedAt: p.App.Now(),
	}
	_, _, err := p.App.ChannelCase(ctx, app.NewCase{
		Draft: cases.Draft{Channel: "line", CategoryCode: s.Category, Description: s.Text, Location: loc,
			Source: "line", SourceRef: m.eventID},
		Citizen: &app.CitizenInput{ID: citizenID}, AutoRoute: true, Attachments: atts, Outbox: []store.OutboxMessage{reply},
	})
	if err != nil {
		if ae := apperr.As(err); ae != nil && ae.Kind == apperr.KindInvalid {
			// The chat told something the case cannot hold (a point far outside Bangkok):
			// say so and let the citizen correct it.
			s.HasPoint = s.HasPoint && ae.Field != "location.lat" && ae.Field != "location.lon"
			if err := save(); err != nil {
				return err
			}
			return p.answer(ctx, m, "ขออภัยค่ะ ข้อมูลไม่ครบถ้วน: "+ae.MessageTH, nil)
		}
		return err
	}
	return p.Store.DeleteChatSession(ctx, "line", m.account, m.userID)
}

// follow answers "ติดตาม <receipt>" with the status of the citizen's own case.
func (p *Processor) follow(ctx context.Context, m in, citizenID int64, receipt string) error {
	receipt = strings.TrimSpace(receipt)
	c, err := p.App.CitizenCase(ctx, citizenID, receipt)
	if apperr.Is(err, apperr.KindNotFound) {
		return p.answer(ctx, m, "ไม่พบเรื่องเลขที่รับแจ้ง "+receipt+" ของท่านค่ะ", nil)
	}
	if err != nil {
		return err
	}
	unit := c.UnitCode
	if u, ok := p.App.Reference().Unit(c.UnitCode); ok {
		unit = u.NameTH
	}
	text := fmt.Sprintf("เรื่องเลขที่รับแจ้ง %s\nสถานะ: %s\nหน่วยงานที่รับผิดชอบ: %s", c.Receipt, cases.StatusTH(c.Status), unit)
	if c.Result != nil && c.Status == cases.StatusCompleted && c.Result.Text != "" {
		text += "\nผลการดำเนินการ: " + c.Result.Text
	}
	return p.answer(ctx, m, text, nil)
}

// answer writes the reply to an event to the outbox, keyed by the event.
func (p *Processor) answer(ctx context.Context, m in, text string, qr []app.QuickReply) error {
	_, err := p.Store.EnqueueOutbox(ctx, []store.OutboxMessage{{
		DedupeKey: "line:answer:" + m.eventID, Kind: "answer", Channel: "line", Recipient: "line:" + m.userID, UnitCode: reference.CentreCode,
		Text: text, Payload: app.LinePayload{Account: m.account, ReplyToken: m.replyToken, QuickReply: qr}.Encode(), CreatedAt: p.App.Now(),
	}})
	return err
}

// fetch downloads a photo through the content API and keeps it.
func (p *Processor) fetch(ctx context.Context, account, messageID string) (photo, error) {
	acct, ok := p.Config.account(account)
	if !ok {
		return photo{}, fmt.Errorf("LINE channel %q is not configured", account)
	}
	opts := []messaging_api.MessagingApiBlobAPIOption{}
	if p.Config.DataEndpoint != "" {
		opts = append(opts, messaging_api.WithBlobEndpoint(p.Config.DataEndpoint))
	}
	if p.HTTPClient != nil {
		opts = append(opts, messaging_api.WithBlobHTTPClient(p.HTTPClient))
	}
	cl, err := messaging_api.NewMessagingApiBlobAPI(acct.Token, opts...)
	if err != nil {
		return photo{}, err
	}
	cl.WithContext(ctx)
	res, err := cl.GetMessageContent(messageID)
	if err != nil {
		return photo{}, fmt.Errorf("content of message %s: %w", messageID, err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(io.LimitReader(res.Body, 20<<20))
	if err != nil {
		return photo{}, err
	}
	if len(data) == 0 {
		return photo{}, errors.New("empty content")
	}
	ct := res.Header.Get("Content-Type")
	if ct == "" {
		ct = http.DetectContentType(data)
	}
	id, err := p.Store.PutBlob(ctx, ct, data, p.App.Now())
	if err != nil {
		return photo{}, err
	}
	return photo{Blob: id, ContentType: ct}, nil
}
