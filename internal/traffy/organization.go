package traffy

import "strings"

// DistrictOffice reports whether an entry of the organization column names a Bangkok
// district office, as the 2023 export does: "เขตบางพลัด" (the office itself) or
// "ฝ่ายโยธา เขตบางพลัด" (one of its sections). It returns the district's official code and,
// for a section, its Thai name as written ("ฝ่ายโยธา", "ฝ่ายรักษาความสะอาดฯ").
//
// Other bodies whose names end in a district are not district offices and report false:
// "การไฟฟ้านครหลวง เขตบางกะปิ" is the electricity authority's area office, "พนักงานกวาด
// เขตX" a street sweeper. Only the forms เขต… and ฝ่าย… เขต… are taken.
func DistrictOffice(org string) (district int, section string, ok bool) {
	org = strings.TrimSpace(org)
	if strings.HasPrefix(org, "เขต") {
		code, ok := DistrictCode(org)
		return code, "", ok
	}
	if !strings.HasPrefix(org, "ฝ่าย") {
		return 0, "", false
	}
	i := strings.LastIndex(org, " เขต")
	if i < 0 {
		return 0, "", false
	}
	code, ok := DistrictCode(org[i+1:])
	if !ok {
		return 0, "", false
	}
	return code, strings.TrimSpace(org[:i]), true
}
