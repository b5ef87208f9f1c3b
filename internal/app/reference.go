package app

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/rongtook/rongtook/internal/apperr"
	"github.com/rongtook/rongtook/internal/auth"
	"github.com/rongtook/rongtook/internal/reference"
	"github.com/rongtook/rongtook/internal/store"
)

// Units lists units with their sections.
func (a *App) Units(ctx context.Context) ([]reference.Unit, error) { return a.store.Units(ctx) }

// RoutingRules lists the routing rules.
func (a *App) RoutingRules(ctx context.Context) ([]reference.RoutingRule, error) {
	return a.store.RoutingRules(ctx)
}

// Route tells where a case of category in district goes under the current rules.
func (a *App) Route(ctx context.Context, category, district int) (reference.Target, error) {
	rules, err := a.store.RoutingRules(ctx)
	if err != nil {
		return reference.Target{}, err
	}
	return reference.Resolve(rules, category, district), nil
}

// PutRoutingRule creates or replaces a routing rule (admins).
func (a *App) PutRoutingRule(ctx context.Context, p auth.Principal, r reference.RoutingRule) error {
	if !auth.CanManage(p) {
		return apperr.Forbidden("only an admin changes routing", "เฉพาะผู้ดูแลระบบเท่านั้นที่แก้ไขกฎการส่งต่อได้")
	}
	if _, ok := a.ref.Category(r.CategoryCode); !ok {
		return apperr.Invalid("category_code", "unknown_category", fmt.Sprintf("unknown category %d", r.CategoryCode), "ไม่รู้จักประเภทเรื่องที่ระบุ")
	}
	if r.DistrictCode != 0 {
		if _, ok := a.ref.District(r.DistrictCode); !ok {
			return apperr.Invalid("district_code", "unknown_district", fmt.Sprintf("unknown district %d", r.DistrictCode), "ไม่รู้จักรหัสเขตที่ระบุ")
		}
	}
	switch {
	case r.ToDistrictOffice && r.UnitCode != "":
		return apperr.Invalid("unit_code", "unit_with_district_office", "give either unit_code or to_district_office, not both", "ระบุหน่วยงาน หรือให้ส่งสำนักงานเขต อย่างใดอย่างหนึ่ง")
	case r.ToDistrictOffice:
		if r.SectionCode != "" {
			if u, _ := a.ref.Unit(reference.DistrictUnitCode(1001)); !u.HasSection(r.SectionCode) {
				return apperr.Invalid("section_code", "unknown_section", fmt.Sprintf("district offices have no section %q", r.SectionCode), "สำนักงานเขตไม่มีฝ่ายที่ระบุ")
			}
		}
	default:
		if err := a.checkUnitSection("unit_code", reference.Target{UnitCode: r.UnitCode, SectionCode: r.SectionCode}); err != nil {
			return err
		}
	}
	return a.store.PutRoutingRule(ctx, r)
}

// DeleteRoutingRule removes a routing rule (admins).
func (a *App) DeleteRoutingRule(ctx context.Context, p auth.Principal, category, district int) error {
	if !auth.CanManage(p) {
		return apperr.Forbidden("only an admin changes routing", "เฉพาะผู้ดูแลระบบเท่านั้นที่แก้ไขกฎการส่งต่อได้")
	}
	return a.store.DeleteRoutingRule(ctx, category, district)
}

// Coordinators lists a unit's coordinators ("" for all units). Their phones and LINE ids are
// staff contact details, so the list is for staff only (every API caller is staff).
func (a *App) Coordinators(ctx context.Context, unit string) ([]store.Coordinator, error) {
	if unit != "" {
		if _, ok := a.ref.Unit(unit); !ok {
			return nil, apperr.NotFound("unit")
		}
	}
	return a.store.Coordinators(ctx, unit)
}

// PutCoordinator sets a unit's main or BEST coordinator.
func (a *App) PutCoordinator(ctx context.Context, p auth.Principal, c store.Coordinator) (store.Coordinator, error) {
	if _, ok := a.ref.Unit(c.UnitCode); !ok {
		return c, apperr.NotFound("unit")
	}
	if !auth.CanEditCoordinators(p, c.UnitCode) {
		return c, apperr.Forbidden("only the unit's head or coordinator, or an admin, changes its coordinators", "เฉพาะผู้บริหารหรือผู้ประสานงานของหน่วยงาน หรือผู้ดูแลระบบ เท่านั้นที่แก้ไขได้")
	}
	if c.Kind != "main" && c.Kind != "best" {
		return c, apperr.Invalid("kind", "unknown_coordinator_kind", "kind must be main or best", "ประเภทผู้ประสานงานต้องเป็น main หรือ best")
	}
	fields := []struct {
		name  string
		value *string
	}{{"title", &c.Title}, {"first_name", &c.FirstName}, {"last_name", &c.LastName}, {"position", &c.Position}, {"section", &c.Section},
		{"office_phone", &c.OfficePhone}, {"mobile_phone", &c.MobilePhone}, {"line_id", &c.LineID}, {"line_display_name", &c.LineDisplayName}}
	for _, f := range fields {
		*f.value = strings.TrimSpace(*f.value)
		if utf8.RuneCountInString(*f.value) > 200 {
			return c, apperr.Invalid(f.name, "too_long", f.name+" is longer than 200 characters", "ข้อมูลยาวเกินไป")
		}
	}
	if c.FirstName == "" {
		return c, apperr.Invalid("first_name", "required", "first_name is required", "กรุณาระบุชื่อผู้ประสานงาน")
	}
	for _, ph := range []struct{ name, v string }{{"office_phone", c.OfficePhone}, {"mobile_phone", c.MobilePhone}} {
		if ph.v == "" {
			continue
		}
		if _, ok := NormalizePhone(ph.v); !ok {
			return c, apperr.Invalid(ph.name, "invalid_phone", ph.name+" is not a Thai phone number", "หมายเลขโทรศัพท์ไม่ถูกต้อง")
		}
	}
	if c.MobilePhone == "" && c.LineID == "" {
		return c, apperr.Invalid("mobile_phone", "required", "a coordinator needs a mobile phone or a LINE id to be reached 24 hours", "ผู้ประสานงานต้องมีโทรศัพท์มือถือหรือ LINE ID เพื่อให้ติดต่อได้ตลอด 24 ชั่วโมง")
	}
	c.UpdatedAt, c.UpdatedBy = a.now(), p.UserID
	return c, a.store.PutCoordinator(ctx, c)
}
