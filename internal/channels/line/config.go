// Package line connects rongtook to LINE Official Accounts (the 1555 account, the
// governor's account): the webhook that takes citizens' chats in, the processor that turns
// them into cases, and the outbox sender that pushes status changes and coordinators'
// messages. Signatures are checked and messages sent with the official SDK,
// github.com/line/line-bot-sdk-go/v8.
package line

import (
	"fmt"
	"sort"
	"strings"
)

// Account is one LINE channel (Official Account). Its secret and token come from the
// environment, never from the repository.
type Account struct {
	Name   string // the {channel} of the webhook path, e.g. "1555", "governor"
	Secret string // channel secret: verifies x-line-signature
	Token  string // channel access token: sends messages, fetches content
}

// Config is the LINE side of the system.
type Config struct {
	Accounts map[string]Account
	// Default is the account that speaks to coordinators and to anyone whose account is
	// not known (the first configured one when empty).
	Default string
	// Endpoint and DataEndpoint are the Messaging API bases (tests point them at a fake).
	Endpoint     string
	DataEndpoint string
}

// FromEnv reads RONGTOOK_LINE_CHANNELS="1555,governor" and, for each name N (upper-cased,
// non-alphanumerics as _), RONGTOOK_LINE_N_SECRET and RONGTOOK_LINE_N_TOKEN; optionally
// RONGTOOK_LINE_API and RONGTOOK_LINE_DATA_API. No channels configured: LINE is off.
func FromEnv(getenv func(string) string) (Config, error) {
	cfg := Config{Accounts: map[string]Account{}, Endpoint: getenv("RONGTOOK_LINE_API"), DataEndpoint: getenv("RONGTOOK_LINE_DATA_API")}
	for _, name := range strings.Split(getenv("RONGTOOK_LINE_CHANNELS"), ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		key := envKey(name)
		a := Account{Name: name, Secret: getenv("RONGTOOK_LINE_" + key + "_SECRET"), Token: getenv("RONGTOOK_LINE_" + key + "_TOKEN")}
		if a.Secret == "" || a.Token == "" {
			return cfg, fmt.Errorf("LINE channel %q needs RONGTOOK_LINE_%s_SECRET and RONGTOOK_LINE_%s_TOKEN", name, key, key)
		}
		cfg.Accounts[name] = a
		if cfg.Default == "" {
			cfg.Default = name
		}
	}
	return cfg, nil
}

func envKey(name string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(name) {
		if (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}

// Enabled reports whether any account is configured.
func (c Config) Enabled() bool { return len(c.Accounts) > 0 }

func (c Config) account(name string) (Account, bool) {
	if name == "" {
		name = c.Default
	}
	if name == "" {
		names := make([]string, 0, len(c.Accounts))
		for n := range c.Accounts {
			names = append(names, n)
		}
		sort.Strings(names)
		if len(names) > 0 {
			name = names[0]
		}
	}
	a, ok := c.Accounts[name]
	return a, ok
}
