package traffy

import "testing"

func TestDistrictOffice(t *testing.T) {
	tests := []struct {
		org      string
		district int
		section  string
		ok       bool
	}{
		{"เขตบางพลัด", 1025, "", true},
		{" เขตหนองจอก ", 1003, "", true},
		{"เขต บางรัก", 1004, "", true},
		{"ฝ่ายโยธา เขตสวนหลวง", 1034, "ฝ่ายโยธา", true},
		{"ฝ่ายรักษาความสะอาดฯ เขตจตุจักร", 1030, "ฝ่ายรักษาความสะอาดฯ", true},
		{"ฝ่ายเทศกิจ เขตป้อมปราบศัตรูพ่าย", 1008, "ฝ่ายเทศกิจ", true},
		{"ฝ่ายสิ่งแวดล้อมฯ เขตสาธร", 1028, "ฝ่ายสิ่งแวดล้อมฯ", true}, // misspelt district
		{"กรุงเทพมหานคร", 0, "", false},
		{"การไฟฟ้านครหลวง เขตบางกะปิ", 0, "", false}, // the electricity authority's area
		{"พนักงานกวาด เขตบางรัก", 0, "", false},
		{"สำนักการโยธา กทม.", 0, "", false},
		{"เขตเมืองนนทบุรี", 0, "", false},
		{"ฝ่ายโยธา", 0, "", false},
		{"ฝ่ายโยธา เขตไม่มีจริง", 0, "", false},
		{"", 0, "", false},
	}
	for _, tt := range tests {
		d, s, ok := DistrictOffice(tt.org)
		if d != tt.district || s != tt.section || ok != tt.ok {
			t.Errorf("DistrictOffice(%q) = %d, %q, %v; want %d, %q, %v", tt.org, d, s, ok, tt.district, tt.section, tt.ok)
		}
	}
}
