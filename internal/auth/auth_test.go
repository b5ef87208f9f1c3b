package auth_test

import (
	"strings"
	"testing"

	"github.com/rongtook/rongtook/internal/auth"
	"github.com/rongtook/rongtook/internal/cases"
)

func p(role auth.Role, unit string) auth.Principal {
	return auth.Principal{UserID: 1, Role: role, Unit: unit}
}

func TestCanView(t *testing.T) {
	plain := &cases.Case{UnitCode: "D1001"}
	secret := &cases.Case{UnitCode: "D1001", Confidential: true}
	tests := []struct {
		who           auth.Principal
		plain, secret bool
	}{
		{p(auth.RoleOperator, "CENTRE"), true, false},
		{p(auth.RoleSupervisor, "CENTRE"), true, true},
		{p(auth.RoleExecutive, "GOV"), true, false},
		{p(auth.RoleAdmin, "CENTRE"), true, false},
		{p(auth.RoleOfficer, "D1001"), true, true},
		{p(auth.RoleHead, "D1001"), true, true},
		{p(auth.RoleOfficer, "D1002"), false, false},
		{p(auth.RoleCoordinator, "BPW"), false, false},
	}
	for _, tc := range tests {
		if got := auth.CanView(tc.who, plain); got != tc.plain {
			t.Errorf("%s of %s sees a plain case: %v", tc.who.Role, tc.who.Unit, got)
		}
		if got := auth.CanView(tc.who, secret); got != tc.secret {
			t.Errorf("%s of %s sees a confidential case: %v", tc.who.Role, tc.who.Unit, got)
		}
	}
}

// TestCanAct is the policy as a matrix: who may take each action on a case of D1001.
func TestCanAct(t *testing.T) {
	who := []auth.Principal{
		p(auth.RoleOperator, "CENTRE"), p(auth.RoleSupervisor, "CENTRE"), p(auth.RoleCoordinator, "D1001"),
		p(auth.RoleOfficer, "D1001"), p(auth.RoleHead, "D1001"), p(auth.RoleHead, "D1002"), p(auth.RoleExecutive, "GOV"), p(auth.RoleAdmin, "CENTRE"),
	}
	// One letter per principal above: y may, . may not.
	want := map[cases.Action]string{
		cases.ActForward:       "yyy.y...",
		cases.ActAcknowledge:   "..yyy...",
		cases.ActAssign:        "..y.y...",
		cases.ActProgress:      "..yyy...",
		cases.ActProposeResult: "..yyy...",
		cases.ActApprove:       "....y...",
		cases.ActSendBack:      "....y...",
		cases.ActTerminate:     ".y..y...",
		cases.ActReturn:        "..yyy...",
		cases.ActReopen:        "yy......",
		cases.ActNote:          "yyyyy...",
		cases.ActAwaitCitizen:  "..yyy...",
		cases.ActResume:        "..yyy...",
		"link_duplicate":       "yyy.y...",
		"unlink_duplicate":     "yyy.y...",
	}
	c := &cases.Case{UnitCode: "D1001"}
	for _, a := range cases.Actions {
		var b strings.Builder
		for _, w := range who {
			if auth.CanAct(w, a, c) {
				b.WriteByte('y')
			} else {
				b.WriteByte('.')
			}
		}
		if got := b.String(); got != want[a] {
			t.Errorf("%-15s %s, want %s", a, got, want[a])
		}
	}
}

func TestPasswordsAndTokens(t *testing.T) {
	h := auth.Hasher{P: auth.TestParams}
	// Longer than bcrypt's 72 bytes: 30 Thai characters are 90 bytes, and the last one counts.
	pw := strings.Repeat("รหัส", 7) + "ผ่านยาวมาก"
	hash, err := h.Hash(pw)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "$argon2id$v=19$") {
		t.Errorf("hash format: %s", hash)
	}
	if err := auth.Verify(pw, hash); err != nil {
		t.Errorf("right password refused: %v", err)
	}
	if err := auth.Verify(pw[:len(pw)-3]+"ข", hash); err == nil {
		t.Error("a password differing only after byte 72 was accepted")
	}
	if other, _ := h.Hash(pw); other == hash {
		t.Error("two hashes of one password are equal: no salt")
	}
	tok, sum, err := auth.NewToken()
	if err != nil || !strings.HasPrefix(tok, auth.TokenPrefix) || auth.HashToken(tok) != sum || strings.Contains(sum, tok) {
		t.Errorf("token %q hash %q %v", tok, sum, err)
	}
}
