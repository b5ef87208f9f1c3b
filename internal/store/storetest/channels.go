package storetest

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rongtook/rongtook/internal/apperr"
	"github.com/rongtook/rongtook/internal/auth"
	"github.com/rongtook/rongtook/internal/cases"
	"github.com/rongtook/rongtook/internal/reference"
	"github.com/rongtook/rongtook/internal/store"
)

// RunChannels is the contract of store.ChannelStore: outbox claims, channel events,
// identities and merges, conversations.
func RunChannels(t *testing.T, open Factory) {
	for _, tc := range []struct {
		name string
		fn   func(t *testing.T, s store.Store)
	}{
		{"OutboxClaimsAreExclusiveAndLapse", testOutboxClaims},
		{"ChannelEventsAreStoredOnce", testChannelEvents},
		{"IdentitiesFindAndMerge", testIdentitiesMerge},
		{"ConversationsInbox", testConversations},
		{"MessagesAreWrittenWithTheChange", testCaseMessages},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			if err := s.SyncReference(context.Background(), reference.MustLoad()); err != nil {
				t.Fatal(err)
			}
			tc.fn(t, s)
		})
	}
}

func testOutboxClaims(t *testing.T, s store.Store) {
	ctx := context.Background()
	var msgs []store.OutboxMessage
	for i := range 30 {
		msgs = append(msgs, store.OutboxMessage{DedupeKey: fmt.Sprintf("k%d", i), Kind: "t", Channel: "line", Recipient: "line:U1", Text: "x", CreatedAt: t0})
	}
	msgs = append(msgs, store.OutboxMessage{DedupeKey: "other", Kind: "t", Channel: "internal", Text: "x", CreatedAt: t0})
	if n, err := s.EnqueueOutbox(ctx, msgs); err != nil || n != 31 {
		t.Fatalf("enqueue: %d %v", n, err)
	}
	// Six claimers at once: every line message claimed by exactly one, the other channel by none.
	now := t0.Add(time.Second)
	seen := map[int64]string{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			holder := fmt.Sprintf("h%d", i)
			for {
				got, err := s.ClaimOutbox(ctx, holder, []string{"line"}, now, time.Minute, 4)
				if err != nil {
					t.Error(err)
					return
				}
				if len(got) == 0 {
					return
				}
				mu.Lock()
				for _, m := range got {
					if prev, dup := seen[m.ID]; dup {
						t.Errorf("message %d claimed by %s and %s", m.ID, prev, holder)
					}
					seen[m.ID] = holder
					if m.Attempts != 1 || m.Channel != "line" {
						t.Errorf("claimed %+v", m)
					}
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(seen) != 30 {
		t.Fatalf("%d of 30 claimed", len(seen))
	}
	var id int64
	var holder string
	for k, v := range seen {
		id, holder = k, v
		break
	}
	if ok, _ := s.CompleteOutbox(ctx, id, "somebody-else", now); ok {
		t.Error("a worker that does not hold the claim completed the message")
	}
	if ok, err := s.CompleteOutbox(ctx, id, holder, now); !ok || err != nil {
		t.Fatalf("complete: %v %v", ok, err)
	}
	// The lease lapses: the others can be claimed again, by anyone, the sent one not.
	again, err := s.ClaimOutbox(ctx, "late", []string{"line"}, now.Add(2*time.Minute), time.Minute, 100)
	if err != nil || len(again) != 29 {
		t.Fatalf("after the lease: %d claimed (%v), want 29", len(again), err)
	}
	for _, m := range again {
		if m.ID == id || m.Attempts != 2 {
			t.Fatalf("reclaimed %+v", m)
		}
	}
	if ok, _ := s.CompleteOutbox(ctx, again[0].ID, seen[again[0].ID], now); ok {
		t.Error("the first holder completed after its claim lapsed and was taken")
	}
	if err := s.FailOutbox(ctx, again[0].ID, "late", "boom", now.Add(time.Hour), true); err != nil {
		t.Fatal(err)
	}
	dead, _ := s.Outbox(ctx, store.OutboxFilter{Status: "dead"})
	if len(dead) != 1 || dead[0].LastError != "boom" {
		t.Fatalf("dead: %+v", dead)
	}
	if _, err := s.RetryOutbox(ctx, 999999, now); !apperr.Is(err, apperr.KindNotFound) {
		t.Fatalf("retry unknown: %v", err)
	}
}

func testChannelEvents(t *testing.T, s store.Store) {
	ctx := context.Background()
	evs := []store.ChannelEvent{{Channel: "line", Account: "1555", EventID: "e1", Body: `{"a":1}`, ReceivedAt: t0},
		{Channel: "line", Account: "1555", EventID: "e2", Body: `{"a":2}`, ReceivedAt: t0}}
	if n, err := s.AddChannelEvents(ctx, evs); err != nil || n != 2 {
		t.Fatalf("add: %d %v", n, err)
	}
	if n, _ := s.AddChannelEvents(ctx, evs[:1]); n != 0 {
		t.Fatal("a repeated event was stored again")
	}
	got, err := s.ClaimChannelEvents(ctx, "line", t0, time.Minute, 10)
	if err != nil || len(got) != 2 || got[0].EventID != "e1" || got[1].Body != `{"a":2}` {
		t.Fatalf("claim: %+v %v", got, err)
	}
	if again, _ := s.ClaimChannelEvents(ctx, "line", t0, time.Minute, 10); len(again) != 0 {
		t.Fatal("claimed twice within the lease")
	}
	if err := s.FinishChannelEvent(ctx, got[0].ID, t0, "", time.Time{}, false); err != nil {
		t.Fatal(err)
	}
	if err := s.FinishChannelEvent(ctx, got[1].ID, t0, "try later", t0.Add(time.Minute), false); err != nil {
		t.Fatal(err)
	}
	later, _ := s.ClaimChannelEvents(ctx, "line", t0.Add(2*time.Minute), time.Minute, 10)
	if len(later) != 1 || later[0].EventID != "e2" || later[0].Attempts != 2 {
		t.Fatalf("retry of the failed event: %+v", later)
	}
	if err := s.PutChatSession(ctx, "line", "1555", "U1", `{"text":"x"}`, t0); err != nil {
		t.Fatal(err)
	}
	if st, _ := s.ChatSession(ctx, "line", "1555", "U1"); st != `{"text":"x"}` {
		t.Fatalf("session %q", st)
	}
	id, err := s.PutBlob(ctx, "image/jpeg", []byte{0xff, 0xd8, 0}, t0)
	if err != nil {
		t.Fatal(err)
	}
	if ct, data, err := s.Blob(ctx, id); err != nil || ct != "image/jpeg" || len(data) != 3 || data[2] != 0 {
		t.Fatalf("blob: %q %v %v", ct, data, err)
	}
}

func testIdentitiesMerge(t *testing.T, s store.Store) {
	ctx := context.Background()
	a := store.Citizen{Name: "สมชาย ใจดี", Phone: "0812345678", CreatedAt: t0}
	b := store.Citizen{Name: "", Email: "somchai@example.com", CreatedAt: t0}
	if err := s.CreateCitizen(ctx, &a); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateCitizen(ctx, &b); err != nil {
		t.Fatal(err)
	}
	if got, err := s.LinkIdentity(ctx, store.Identity{Kind: "line", Value: "U1", CitizenID: b.ID, Account: "1555", CreatedAt: t0}); err != nil || got.CitizenID != b.ID {
		t.Fatalf("link: %+v %v", got, err)
	}
	// Linking the same identity to another profile keeps the first link.
	if got, _ := s.LinkIdentity(ctx, store.Identity{Kind: "line", Value: "U1", CitizenID: a.ID, CreatedAt: t0}); got.CitizenID != b.ID {
		t.Fatalf("relink moved the identity: %+v", got)
	}
	u := mustUser(t, s, "op", auth.RoleOperator, "CENTRE")
	c := sampleCase(u.ID, t0)
	c.CitizenID = b.ID
	kase := create(t, s, c)
	if _, _, err := s.RecordInbound(ctx, store.Conversation{Channel: "facebook", ThreadKey: "comment:1", Kind: "comment", CitizenID: b.ID},
		store.ConversationMessage{ExternalID: "fb:1", Text: "x", At: t0}); err != nil {
		t.Fatal(err)
	}
	find := func(f store.CitizenFilter) []store.Citizen {
		l, err := s.FindCitizens(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	if l := find(store.CitizenFilter{Phone: "0812345678"}); len(l) != 1 || l[0].ID != a.ID {
		t.Fatalf("by phone: %+v", l)
	}
	if l := find(store.CitizenFilter{Name: "สมชาย"}); len(l) != 1 || l[0].ID != a.ID {
		t.Fatalf("by name prefix: %+v", l)
	}
	if l := find(store.CitizenFilter{Name: "%"}); len(l) != 0 {
		t.Fatalf("a %% in a name is not a wildcard: %+v", l)
	}
	if l := find(store.CitizenFilter{LineID: "U1"}); len(l) != 1 || l[0].ID != b.ID {
		t.Fatalf("by LINE id: %+v", l)
	}
	if err := s.MergeCitizens(ctx, a.ID, b.ID); err != nil {
		t.Fatal(err)
	}
	if l := find(store.CitizenFilter{LineID: "U1"}); len(l) != 1 || l[0].ID != a.ID {
		t.Fatalf("after the merge the LINE id finds %+v, want the surviving profile", l)
	}
	if l := find(store.CitizenFilter{Email: "somchai@example.com"}); len(l) != 1 || l[0].ID != a.ID {
		t.Fatalf("after the merge the e-mail finds %+v (the empty field is filled from the merged profile)", l)
	}
	if cs, _ := s.CitizenCases(ctx, a.ID, 10); len(cs) != 1 || cs[0].ID != kase.ID {
		t.Fatalf("cases after the merge: %+v", cs)
	}
	if cv, _ := s.Conversations(ctx, store.ConversationFilter{CitizenID: a.ID}); len(cv) != 1 {
		t.Fatalf("conversations after the merge: %d", len(cv))
	}
	if err := s.MergeCitizens(ctx, a.ID, b.ID); !apperr.Is(err, apperr.KindRule) {
		t.Fatalf("merging a merged profile: %v", err)
	}
	if err := s.MergeCitizens(ctx, a.ID, 999999); !apperr.Is(err, apperr.KindNotFound) {
		t.Fatalf("merging an unknown profile: %v", err)
	}
}

func testConversations(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := mustUser(t, s, "op", auth.RoleOperator, "CENTRE")
	in := func(thread, ext, tag string, at time.Time) (store.Conversation, bool) {
		c, added, err := s.RecordInbound(ctx, store.Conversation{Channel: "facebook", ThreadKey: thread, Kind: "comment", Tags: []string{tag}},
			store.ConversationMessage{ExternalID: ext, Text: "ข้อความ " + ext, At: at})
		if err != nil {
			t.Fatal(err)
		}
		return c, added
	}
	c1, _ := in("comment:1", "fb:1", "สอบถาม", t0)
	if _, added := in("comment:1", "fb:1", "สอบถาม", t0); added {
		t.Fatal("the same message was filed twice")
	}
	c1, _ = in("comment:1", "fb:1b", "ชมเชย", t0.Add(time.Minute))
	in("comment:2", "fb:2", "รับเรื่อง", t0.Add(2*time.Minute))
	if len(c1.Tags) != 2 {
		t.Fatalf("tags %v", c1.Tags)
	}
	if msgs, _ := s.ConversationMessages(ctx, c1.ID); len(msgs) != 2 {
		t.Fatalf("messages: %d", len(msgs))
	}
	yes := true
	count := func(f store.ConversationFilter) int {
		n, err := s.CountConversations(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count(store.ConversationFilter{Unanswered: &yes}); n != 2 {
		t.Fatalf("unanswered %d", n)
	}
	if l, _ := s.Conversations(ctx, store.ConversationFilter{Tag: "ชมเชย"}); len(l) != 1 || l[0].ID != c1.ID {
		t.Fatalf("by tag: %+v", l)
	}
	if _, err := s.AddReply(ctx, c1.ID, store.ConversationMessage{Text: "ตอบ", AuthorID: u.ID, At: t0.Add(3 * time.Minute)},
		store.OutboxMessage{DedupeKey: "reply:", Kind: "reply", Channel: "facebook", Recipient: "fb-comment:1", Text: "ตอบ", CreatedAt: t0}); err != nil {
		t.Fatal(err)
	}
	if n := count(store.ConversationFilter{Unanswered: &yes}); n != 1 {
		t.Fatalf("after a reply unanswered %d, want 1", n)
	}
	if out, _ := s.Outbox(ctx, store.OutboxFilter{}); len(out) != 1 || out[0].Recipient != "fb-comment:1" {
		t.Fatalf("the reply's outbox message: %+v", out)
	}
	c1.AssigneeID = u.ID
	if err := s.UpdateConversation(ctx, c1); err != nil {
		t.Fatal(err)
	}
	if n := count(store.ConversationFilter{AssigneeID: u.ID}); n != 1 {
		t.Fatalf("assigned %d", n)
	}
	// A new message makes it unanswered again.
	in("comment:1", "fb:1c", "สอบถาม", t0.Add(4*time.Minute))
	if n := count(store.ConversationFilter{Unanswered: &yes}); n != 2 {
		t.Fatalf("unanswered after a new message %d, want 2", n)
	}
}

func testCaseMessages(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := mustUser(t, s, "op", auth.RoleOperator, "CENTRE")
	c := sampleCase(u.ID, t0)
	ev := cases.Event{Type: cases.EventCreated, At: t0, ActorID: u.ID, ToStatus: c.Status, UnitCode: c.UnitCode}
	got, _, err := s.CreateCase(ctx, store.NewCase{Case: c, Events: []cases.Event{ev}, Outbox: []store.OutboxMessage{{
		DedupeKey: "answer:{receipt}", Kind: "receipt", Channel: "line", Recipient: "line:U1", Text: "เลขที่รับแจ้ง {receipt}",
		Payload: `{"account":"1555"}`, CreatedAt: t0}}})
	if err != nil {
		t.Fatal(err)
	}
	out, _ := s.Outbox(ctx, store.OutboxFilter{CaseID: got.ID})
	if len(out) != 1 || out[0].Text != "เลขที่รับแจ้ง "+got.Receipt || out[0].DedupeKey != "answer:"+got.Receipt {
		t.Fatalf("message written with the case: %+v", out)
	}
	claimed, _ := s.ClaimOutbox(ctx, "h", []string{"line"}, t0, time.Minute, 10)
	if len(claimed) != 1 || !strings.Contains(claimed[0].Payload, "1555") {
		t.Fatalf("payload: %+v", claimed)
	}
	// An update that fails (stale version) writes no message; one that succeeds writes it.
	next := got
	next.Status = cases.StatusForwarded
	msg := store.OutboxMessage{DedupeKey: "status:1", Kind: "status", Channel: "line", Recipient: "line:U1", Text: "x", CreatedAt: t0}
	stale := next
	stale.Version = 99
	if _, err := s.UpdateCaseNotify(ctx, stale, cases.Event{Type: cases.EventForwarded, At: t0}, []store.OutboxMessage{msg}); err == nil {
		t.Fatal("stale update succeeded")
	}
	if out, _ := s.Outbox(ctx, store.OutboxFilter{CaseID: got.ID}); len(out) != 1 {
		t.Fatalf("a failed update wrote its message: %d messages", len(out))
	}
	msg.CaseID = got.ID
	if _, err := s.UpdateCaseNotify(ctx, next, cases.Event{Type: cases.EventForwarded, At: t0}, []store.OutboxMessage{msg}); err != nil {
		t.Fatal(err)
	}
	if out, _ := s.Outbox(ctx, store.OutboxFilter{CaseID: got.ID}); len(out) != 2 {
		t.Fatalf("after the update %d messages, want 2", len(out))
	}
}
