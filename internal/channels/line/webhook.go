package line

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/line/line-bot-sdk-go/v8/linebot/webhook"

	"github.com/rongtook/rongtook/internal/store"
)

// maxBody bounds a webhook request (LINE sends a few kilobytes).
const maxBody = 1 << 20

// Webhook answers POST /channels/line/{channel}/webhook: it checks x-line-signature with
// the channel's secret over the raw body, stores each event as received and answers 200 at
// once; the Processor does the work from the stored events. A missing or wrong signature
// gets 401 and nothing is stored. An event LINE sends again (same webhookEventId) is
// stored once.
type Webhook struct {
	Config Config
	Store  store.Store
	Clock  func() time.Time
	Log    *slog.Logger
	// Wake, if set, is called after events were stored (to start the processor at once).
	Wake func()
}

func (h *Webhook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	acct, ok := h.Config.Accounts[r.PathValue("channel")]
	if !ok {
		jsonError(w, http.StatusNotFound, `{"error":{"code":"not_found","message":"unknown LINE channel","message_th":"ไม่พบช่องทาง LINE นี้"}}`)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		jsonError(w, http.StatusBadRequest, `{"error":{"code":"bad_request","message":"cannot read the body","message_th":"อ่านข้อมูลไม่ได้"}}`)
		return
	}
	if !webhook.ValidateSignature(acct.Secret, r.Header.Get("x-line-signature"), body) {
		h.Log.Warn("line webhook: bad signature", "channel", acct.Name)
		jsonError(w, http.StatusUnauthorized, `{"error":{"code":"bad_signature","message":"x-line-signature does not match","message_th":"ลายมือชื่อไม่ถูกต้อง"}}`)
		return
	}
	var cb struct {
		Destination string            `json:"destination"`
		Events      []json.RawMessage `json:"events"`
	}
	if err := json.Unmarshal(body, &cb); err != nil {
		jsonError(w, http.StatusBadRequest, `{"error":{"code":"bad_request","message":"body is not a LINE webhook","message_th":"รูปแบบข้อมูลไม่ถูกต้อง"}}`)
		return
	}
	now := h.Clock().UTC().Truncate(time.Microsecond)
	evs := make([]store.ChannelEvent, 0, len(cb.Events))
	for _, raw := range cb.Events {
		var head struct {
			ID string `json:"webhookEventId"`
		}
		_ = json.Unmarshal(raw, &head)
		if head.ID == "" {
			continue // not an event we can tell apart from its repeats
		}
		evs = append(evs, store.ChannelEvent{Channel: "line", Account: acct.Name, EventID: head.ID, Body: string(raw), ReceivedAt: now})
	}
	if len(evs) > 0 {
		if _, err := h.Store.AddChannelEvents(r.Context(), evs); err != nil {
			// LINE redelivers on a 5xx when redelivery is on: nothing is lost.
			h.Log.Error("line webhook: store", "err", err)
			jsonError(w, http.StatusInternalServerError, `{"error":{"code":"internal","message":"try again","message_th":"กรุณาลองใหม่"}}`)
			return
		}
		if h.Wake != nil {
			h.Wake()
		}
	}
	w.Header().Set("Content-Type", "application/json")
	io.WriteString(w, `{}`)
}

func jsonError(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	io.WriteString(w, body)
}
