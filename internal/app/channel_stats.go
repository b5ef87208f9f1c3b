package app

import (
	"context"

	"github.com/rongtook/rongtook/internal/apperr"
	"github.com/rongtook/rongtook/internal/auth"
)

// ChannelStats is what seed 003 asks the social channels to report: conversations by tag,
// how many were answered, how many people wrote, and how many became cases.
type ChannelStats struct {
	Channel       string  `json:"channel"`
	Conversations int     `json:"conversations"`
	Answered      int     `json:"answered"`
	Unanswered    int     `json:"unanswered"`
	AnsweredShare float64 `json:"answered_percent"`
	Users         int     `json:"users"`
	BecameCases   int     `json:"became_cases"`
	CasesReceived int     `json:"cases_received"`
	ByTag         []Count `json:"by_tag"`
}

// ChannelStatistics counts the conversations started from..to (dates, inclusive) per
// channel, and the cases received through each social channel. For the centre, executives
// and admins.
func (a *App) ChannelStatistics(ctx context.Context, p auth.Principal, from, to string) ([]ChannelStats, error) {
	if !p.ReadsAll() {
		return nil, apperr.Forbidden("channel statistics are for the centre, executives and admins", "สถิติช่องทางสำหรับศูนย์ฯ ผู้บริหาร และผู้ดูแลระบบ")
	}
	f, t, err := parseRange(from, to)
	if err != nil {
		return nil, err
	}
	facts, err := a.store.ConversationFacts(ctx, f, t)
	if err != nil {
		return nil, err
	}
	received, err := a.store.CaseFacts(ctx, f, t)
	if err != nil {
		return nil, err
	}
	type acc struct {
		s     ChannelStats
		tags  map[string]int
		users map[int64]bool
	}
	by := map[string]*acc{}
	get := func(ch string) *acc {
		if by[ch] == nil {
			by[ch] = &acc{s: ChannelStats{Channel: ch}, tags: map[string]int{}, users: map[int64]bool{}}
		}
		return by[ch]
	}
	for _, ch := range []string{"line", "facebook"} {
		get(ch)
	}
	for _, c := range facts {
		x := get(c.Channel)
		x.s.Conversations++
		if c.Unanswered {
			x.s.Unanswered++
		} else {
			x.s.Answered++
		}
		if c.CitizenID != 0 {
			x.users[c.CitizenID] = true
		}
		if c.HasCase {
			x.s.BecameCases++
		}
		for _, tag := range c.Tags {
			x.tags[tag]++
		}
	}
	for _, c := range received {
		if x, ok := by[c.Channel]; ok {
			x.s.CasesReceived++
		}
	}
	out := make([]ChannelStats, 0, len(by))
	for _, ch := range []string{"line", "facebook"} {
		x := by[ch]
		x.s.Users, x.s.ByTag = len(x.users), sorted(x.tags)
		if x.s.Conversations > 0 {
			x.s.AnsweredShare = 100 * float64(x.s.Answered) / float64(x.s.Conversations)
		}
		out = append(out, x.s)
	}
	return out, nil
}
