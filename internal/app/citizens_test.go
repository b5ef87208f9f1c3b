package app_test

import (
	"context"
	"testing"

	"github.com/rongtook/rongtook/internal/app"
	"github.com/rongtook/rongtook/internal/apperr"
	"github.com/rongtook/rongtook/internal/auth"
	"github.com/rongtook/rongtook/internal/cases"
	"github.com/rongtook/rongtook/internal/store"
)

// One person across channels: a hotline case by phone and a LINE chat, found by phone,
// name and LINE id, merged into one profile; personal data only for roles that need it,
// each view logged.
func TestCitizenProfilesAcrossChannels(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		ctx := context.Background()
		w := newWorld(t, st)
		w.at(2026, 11, 23, 10, 0)
		op, exec, c1001, c1002 := w.users["op"], w.users["exec"], w.users["c1001"], w.users["c1002"]
		sup := mustCreate(t, w.app, "sup", auth.RoleSupervisor, "CENTRE")

		kase, _, err := w.app.CreateCase(ctx, op, app.NewCase{Draft: cases.Draft{Channel: "hotline", CategoryCode: 4, Description: "ขยะไม่ได้เก็บ 3 วัน",
			Location: cases.Location{DistrictCode: 1001}}, Citizen: &app.CitizenInput{Name: "สมศรี มีสุข", Phone: "081-234-5678"}, ForwardTo: "D1001"})
		if err != nil {
			t.Fatal(err)
		}
		lineCitizen, err := w.app.ChannelCitizen(ctx, "line", "Usomsri", "1555", "")
		if err != nil {
			t.Fatal(err)
		}
		if again, _ := w.app.ChannelCitizen(ctx, "line", "Usomsri", "1555", ""); again != lineCitizen {
			t.Fatal("the same LINE user got a second profile")
		}

		found, err := w.app.FindCitizens(ctx, op, app.CitizenQuery{Phone: "+66 81 234 5678"})
		if err != nil || len(found) != 1 || found[0].ID != kase.CitizenID {
			t.Fatalf("by phone in another form: %+v %v", found, err)
		}
		if found, _ := w.app.FindCitizens(ctx, op, app.CitizenQuery{Name: "สมศรี"}); len(found) != 1 {
			t.Fatalf("by name: %+v", found)
		}
		if found, _ := w.app.FindCitizens(ctx, op, app.CitizenQuery{LineID: "Usomsri"}); len(found) != 1 || found[0].ID != lineCitizen {
			t.Fatalf("by LINE id: %+v", found)
		}
		if _, err := w.app.FindCitizens(ctx, exec, app.CitizenQuery{Name: "สมศรี"}); !apperr.Is(err, apperr.KindForbidden) {
			t.Fatalf("an executive searched personal data: %v", err)
		}
		if _, err := w.app.MergeCitizens(ctx, op, kase.CitizenID, lineCitizen); !apperr.Is(err, apperr.KindForbidden) {
			t.Fatalf("an operator merged profiles: %v", err)
		}
		prof, err := w.app.MergeCitizens(ctx, sup, kase.CitizenID, lineCitizen)
		if err != nil {
			t.Fatal(err)
		}
		if len(prof.Identities) != 1 || prof.Identities[0].Value != "Usomsri" || len(prof.Cases) != 1 || prof.Cases[0].ID != kase.ID {
			t.Fatalf("merged profile: %+v", prof)
		}
		if found, _ := w.app.FindCitizens(ctx, op, app.CitizenQuery{LineID: "Usomsri"}); len(found) != 1 || found[0].ID != kase.CitizenID {
			t.Fatalf("the LINE id now finds %+v, want the surviving profile", found)
		}

		// The unit handling the case sees it in the profile; another unit's coordinator sees
		// the profile (their work needs personal data) but not the case.
		if p, err := w.app.CitizenProfile(ctx, c1001, kase.CitizenID, kase.Receipt); err != nil || len(p.Cases) != 1 {
			t.Fatalf("handling unit: %+v %v", p.Cases, err)
		}
		if p, err := w.app.CitizenProfile(ctx, c1002, kase.CitizenID, ""); err != nil || len(p.Cases) != 0 {
			t.Fatalf("another unit sees %d cases (%v), want 0", len(p.Cases), err)
		}
		if _, err := w.app.CitizenProfile(ctx, exec, kase.CitizenID, ""); !apperr.Is(err, apperr.KindForbidden) {
			t.Fatalf("an executive read a profile: %v", err)
		}
		log, err := st.AccessLog(ctx, kase.CitizenID)
		if err != nil {
			t.Fatal(err)
		}
		purposes := map[string]int{}
		for _, e := range log {
			purposes[e.Purpose]++
		}
		// Two searches that showed the profile, the merge, and the two profile reads.
		if purposes["search"] < 2 || purposes["merge"] != 1 || purposes[kase.Receipt] != 1 || purposes["profile_view"] != 1 {
			t.Fatalf("access log purposes: %v", purposes)
		}
	})
}

func mustCreate(t *testing.T, a *app.App, name string, role auth.Role, unit string) auth.Principal {
	t.Helper()
	ctx := context.Background()
	if _, err := a.CreateUserSystem(ctx, app.NewUser{Username: name, Role: role, UnitCode: unit, Password: "long enough password"}); err != nil {
		t.Fatal(err)
	}
	tok, err := a.IssueToken(ctx, name, "t")
	if err != nil {
		t.Fatal(err)
	}
	p, err := a.Authenticate(ctx, tok)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
