package reference

// RoutingRule sends cases of a category (optionally only in one district) to a unit and
// section. ToDistrictOffice routes to the district office of the case's own district, so one
// rule serves all 50 districts. A rule with DistrictCode 0 applies to every district; a rule
// for the case's district wins over it.
type RoutingRule struct {
	CategoryCode     int    `json:"category_code"`
	DistrictCode     int    `json:"district_code"`
	ToDistrictOffice bool   `json:"to_district_office"`
	UnitCode         string `json:"unit_code,omitempty"`
	SectionCode      string `json:"section_code,omitempty"`
}

// Target is where a case goes.
type Target struct {
	UnitCode    string `json:"unit_code"`
	SectionCode string `json:"section_code,omitempty"`
}

// Resolve finds the unit for a case of category in district among rules: the district's own
// rule first, then the city-wide one, then the complaint centre. A district-office rule for a
// case without a district stays with the centre, which must place it first.
func Resolve(rules []RoutingRule, category, district int) Target {
	var general *RoutingRule
	for i := range rules {
		r := &rules[i]
		if r.CategoryCode != category {
			continue
		}
		if district != 0 && r.DistrictCode == district {
			return r.target(district)
		}
		if r.DistrictCode == 0 && general == nil {
			general = r
		}
	}
	if general != nil {
		return general.target(district)
	}
	return Target{UnitCode: CentreCode}
}

func (r RoutingRule) target(district int) Target {
	if r.ToDistrictOffice {
		if district == 0 {
			return Target{UnitCode: CentreCode}
		}
		return Target{UnitCode: DistrictUnitCode(district), SectionCode: r.SectionCode}
	}
	return Target{UnitCode: r.UnitCode, SectionCode: r.SectionCode}
}

// defaultRouting is the city-wide starting point; admins change it through the API. Local
// matters go to the district office's section, city-wide systems (main drains, canals,
// bridges, traffic) to the bureau, utilities to the outside body.
func defaultRouting() []RoutingRule {
	d := func(cat int, sec string) RoutingRule {
		return RoutingRule{CategoryCode: cat, ToDistrictOffice: true, SectionCode: sec}
	}
	u := func(cat int, unit, sec string) RoutingRule {
		return RoutingRule{CategoryCode: cat, UnitCode: unit, SectionCode: sec}
	}
	return []RoutingRule{
		d(1, SecEnvHealth),                  // nuisance
		d(2, SecEnforce),                    // offences in public places
		u(3, BureauTraffic, "TRAFFIC"),      // traffic
		d(4, SecCleansing),                  // garbage
		d(5, SecWorks),                      // drains and sewers
		d(6, SecWorks),                      // roads
		d(7, SecWorks),                      // electricity, street lights
		u(8, BureauDrainage, "FLOOD"),       // flooding
		d(9, SecCleansing),                  // trees and parks
		d(10, SecWorks),                     // buildings
		u(11, BureauDrainage, "CANALS"),     // dykes and canals
		d(12, SecWorks),                     // footpaths
		u(13, BureauPublicWorks, "BRIDGES"), // bridges
		u(14, BureauTraffic, "TRANSPORT"),   // bus shelters
		u(15, ExtWater, ""),                 // water supply
		d(16, SecAdmin),                     // telephone
		u(17, CentreCode, "FOLLOWUP"),       // personnel administration
		u(18, BureauEnvironment, "AIR"),     // pollution
		d(19, SecAdmin),                     // drugs
		d(20, SecEnvHealth),                 // consumer protection
		d(21, SecCommunity),                 // domestic violence
		u(22, BureauFire, "RESCUE"),         // emergencies
		u(23, CentreCode, "FOLLOWUP"),       // other
	}
}
