// Package demo loads demonstration accounts and about 200 cases spread over districts,
// categories, channels and statuses, so that a new user sees a living system. Loading is
// idempotent: accounts and cases that exist already (by username, and by the cases' source
// reference "demo"/"demo-NNN") are left alone.
package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/rongtook/rongtook/internal/app"
	"github.com/rongtook/rongtook/internal/apperr"
	"github.com/rongtook/rongtook/internal/auth"
	"github.com/rongtook/rongtook/internal/cases"
	"github.com/rongtook/rongtook/internal/reference"
	"github.com/rongtook/rongtook/internal/store"
)

// Password is every demo account's password. Demo accounts exist only with --demo, never
// in a production database.
const Password = "rongtook-demo"

// Cases is how many demo cases Load creates.
const Cases = 200

// Summary counts what Load added.
type Summary struct{ Users, Cases int }

// Load adds the demo accounts and cases that are missing. now anchors the demo timeline:
// cases are spread over the 52 days before it, the last two days before it.
func Load(ctx context.Context, st store.Store, ref *reference.Data, hasher auth.Hasher, now time.Time) (Summary, error) {
	var sum Summary
	clock := now
	a := app.New(st, ref, app.WithClock(func() time.Time { return clock }), app.WithHasher(hasher))

	hash, err := hasher.Hash(Password)
	if err != nil {
		return sum, err
	}
	users := map[string]auth.Principal{}
	addUser := func(username, display string, role auth.Role, unit string) error {
		u, err := st.UserByUsername(ctx, username)
		if apperr.Is(err, apperr.KindNotFound) {
			// One hash serves every demo account: hashing 190 passwords at production cost
			// would slow the first start for no security gain on throw-away accounts.
			u = auth.User{Username: username, DisplayName: display, Role: role, UnitCode: unit, PasswordHash: hash, CreatedAt: now}
			if err := st.CreateUser(ctx, &u); err != nil {
				return err
			}
			sum.Users++
		} else if err != nil {
			return err
		}
		users[username] = auth.PrincipalOf(u)
		return nil
	}
	for _, u := range []struct {
		name, display string
		role          auth.Role
		unit          string
	}{
		{"admin", "ผู้ดูแลระบบ", auth.RoleAdmin, reference.CentreCode},
		{"supervisor", "หัวหน้าศูนย์ฯ สมพร", auth.RoleSupervisor, reference.CentreCode},
		{"operator", "เจ้าหน้าที่ 1555 กานดา", auth.RoleOperator, reference.CentreCode},
		{"executive", "ผู้บริหาร (ดูอย่างเดียว)", auth.RoleExecutive, reference.GovernorCode},
	} {
		if err := addUser(u.name, u.display, u.role, u.unit); err != nil {
			return sum, err
		}
	}
	for _, unit := range ref.Units {
		if unit.Type == reference.UnitCentre || unit.Type == reference.UnitExternal {
			continue
		}
		lc := strings.ToLower(unit.Code)
		for _, r := range []struct {
			prefix, title string
			role          auth.Role
		}{{"coord", "ผู้ประสานงาน", auth.RoleCoordinator}, {"officer", "เจ้าหน้าที่", auth.RoleOfficer}, {"head", "ผู้อำนวยการ", auth.RoleHead}} {
			if err := addUser(r.prefix+"."+lc, r.title+" "+unit.NameTH, r.role, unit.Code); err != nil {
				return sum, err
			}
		}
	}

	// The last case is two days old, so that its later steps are still in the past.
	start := now.Add(-52 * 24 * time.Hour)
	for i := range Cases {
		sourceRef := fmt.Sprintf("demo-%03d", i+1)
		if _, err := st.CaseBySource(ctx, "demo", sourceRef); err == nil {
			continue
		} else if !apperr.Is(err, apperr.KindNotFound) {
			return sum, err
		}
		clock = start.Add(time.Duration(i) * 6 * time.Hour)
		if err := loadCase(ctx, a, ref, users, i, sourceRef, &clock); err != nil {
			return sum, fmt.Errorf("demo case %s: %w", sourceRef, err)
		}
		sum.Cases++
	}
	return sum, nil
}

type sample struct {
	category int
	text     string
	best     bool
}

var samples = []sample{
	{6, "ถนนเป็นหลุมลึกขนาดใหญ่ รถจักรยานยนต์ล้มไปแล้วสองคัน", true},
	{5, "ท่อระบายน้ำอุดตัน น้ำเน่าส่งกลิ่นเหม็นทั้งซอย", false},
	{4, "ขยะไม่มีการเก็บมาหนึ่งสัปดาห์แล้ว กองอยู่หน้าปากซอย", false},
	{7, "ไฟฟ้าส่องสว่างริมถนนดับทั้งแนว กลางคืนมืดมากไม่ปลอดภัย", false},
	{8, "ฝนตกเมื่อคืน น้ำท่วมขังสูงประมาณ 30 ซม. รถเล็กผ่านไม่ได้", false},
	{2, "มีผู้ค้าตั้งแผงบนทางเท้า คนเดินต้องลงไปเดินบนถนน", false},
	{1, "ร้านอาหารเปิดเพลงเสียงดังเกินเที่ยงคืนทุกคืน", false},
	{9, "ต้นไม้ใหญ่โค่นล้มขวางถนน หลังพายุเมื่อเย็นนี้", true},
	{12, "ฝาท่อบนบาทวิถีแตกหาย เป็นหลุมอันตรายต่อคนเดินเท้า", true},
	{3, "สัญญาณไฟจราจรที่แยกเสีย รถติดยาวมาก", false},
	{11, "คลองมีผักตบชวาและขยะอุดตัน น้ำไม่ไหล", false},
	{18, "โรงงานปล่อยควันดำและกลิ่นเหม็นในช่วงกลางคืน", false},
	{10, "อาคารก่อสร้างไม่มีผ้าใบกันฝุ่น เศษวัสดุตกลงถนน", false},
	{14, "ศาลาที่พักผู้โดยสารหลังคาพัง ฝนตกเปียกทั้งหมด", false},
	{13, "สะพานลอยคนข้ามราวจับหลุด เป็นอันตราย", true},
	{15, "น้ำประปาไม่ไหลมาสองวันแล้ว", false},
	{23, "ขอให้ติดตั้งกระจกโค้งที่ทางแยกในซอย", false},
}

var channels = []string{"hotline", "hotline", "line", "line", "web", "facebook", "letter", "walkin", "field_visit", "agency"}

// A little spread in the point so that cases of one district do not sit on one pixel.
func jitter(i int) float64 { return float64((i*7919)%200-100) / 10000 }

func loadCase(ctx context.Context, a *app.App, ref *reference.Data, users map[string]auth.Principal, i int, sourceRef string, clock *time.Time) error {
	s := samples[i%len(samples)]
	d := ref.Districts[(i*7)%len(ref.Districts)]
	lat, lon := d.Lat+jitter(i), d.Lon+jitter(i+17)
	in := app.NewCase{
		Draft: cases.Draft{
			Channel: channels[i%len(channels)], Kind: "complaint", CategoryCode: s.category,
			Description: s.text, Location: cases.Location{Lat: &lat, Lon: &lon, Address: "เขต" + d.NameTH, DistrictCode: d.Code},
			BEST: s.best && i%3 == 0, Confidential: i%41 == 0, Source: "demo", SourceRef: sourceRef,
		},
		AutoRoute: i%9 != 0, // every ninth case waits at the centre
	}
	if i%4 != 0 {
		in.Citizen = &app.CitizenInput{Name: fmt.Sprintf("ผู้ร้องตัวอย่าง %03d", i+1), Phone: fmt.Sprintf("08%08d", 10000000+i*7)}
	} else {
		in.Draft.Anonymous = true
	}
	c, _, err := a.CreateCase(ctx, users["operator"], in)
	if err != nil {
		return err
	}
	if c.Status != cases.StatusForwarded {
		return nil
	}
	lc := strings.ToLower(c.UnitCode)
	coord, head := users["coord."+lc], users["head."+lc]
	if coord.UserID == 0 {
		return nil // an outside body: no demo staff there
	}
	steps := []struct {
		p   auth.Principal
		cmd cases.Command
	}{
		{coord, cases.Command{Action: cases.ActAcknowledge}},
		{coord, cases.Command{Action: cases.ActProgress, Text: "ลงพื้นที่ตรวจสอบแล้ว อยู่ระหว่างประสานฝ่ายที่เกี่ยวข้อง", Public: true}},
		{coord, cases.Command{Action: cases.ActProposeResult, ResultType: "fixed", Text: "ดำเนินการแก้ไขเรียบร้อยแล้ว"}},
		{head, cases.Command{Action: cases.ActApprove}},
	}
	// How far along the case gets: spread over the statuses.
	n := []int{0, 1, 2, 3, 4, 4, 4, 2}[i%8]
	for _, st := range steps[:n] {
		*clock = clock.Add(5 * time.Hour)
		if _, _, err := a.Act(ctx, st.p, c.Receipt, st.cmd, nil); err != nil {
			return err
		}
	}
	*clock = clock.Add(3 * time.Hour)
	switch {
	case i%16 == 15:
		_, _, err = a.Act(ctx, coord, c.Receipt, cases.Command{Action: cases.ActReturn, Reason: "ไม่อยู่ในอำนาจหน้าที่ของหน่วยงาน ขอส่งคืนศูนย์ฯ"}, nil)
	case i%16 == 7:
		_, _, err = a.Act(ctx, head, c.Receipt, cases.Command{Action: cases.ActTerminate, TerminationReason: "duplicate", Text: "ซ้ำกับเรื่องที่แจ้งไว้ก่อนหน้า"}, nil)
	}
	return err
}
