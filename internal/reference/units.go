package reference

import "fmt"

// Unit types.
const (
	UnitCentre   = "centre"
	UnitGovernor = "governor"
	UnitDistrict = "district"
	UnitBureau   = "bureau"
	UnitExternal = "external"
)

// Well-known unit codes.
const (
	CentreCode   = "CENTRE"
	GovernorCode = "GOV"
)

// Unit is an organisation that handles cases: the complaint centre, the governor's office
// complaint section, a district office, a bureau or an outside body. Codes are stable and
// readable; district offices are D + the district's official code.
type Unit struct {
	Code         string    `json:"code"`
	Type         string    `json:"type"`
	NameTH       string    `json:"name_th"`
	NameEN       string    `json:"name_en"`
	DistrictCode int       `json:"district_code,omitempty"`
	Sections     []Section `json:"sections"`
}

// Section is a part of a unit (ฝ่าย, ส่วน, กอง); codes are unique within their unit.
type Section struct {
	Code   string `json:"code"`
	NameTH string `json:"name_th"`
	NameEN string `json:"name_en"`
}

// HasSection reports whether the unit has a section with the code.
func (u Unit) HasSection(code string) bool {
	for _, s := range u.Sections {
		if s.Code == code {
			return true
		}
	}
	return false
}

// DistrictUnitCode returns the unit code of a district office.
func DistrictUnitCode(district int) string { return fmt.Sprintf("D%d", district) }

// District office sections (DOMAIN.md §4).
const (
	SecAdmin     = "ADMIN"
	SecWorks     = "WORKS"
	SecCleansing = "CLEAN"
	SecEnforce   = "ENFORCE"
	SecEnvHealth = "ENVHEALTH"
	SecCommunity = "COMMUNITY"
)

var districtSections = []Section{
	{"DIRECTOR", "ผู้อำนวยการเขต", "District director"},
	{SecAdmin, "ฝ่ายปกครอง", "Administration"},
	{SecWorks, "ฝ่ายโยธา", "Public works"},
	{SecCleansing, "ฝ่ายรักษาความสะอาดและสวนสาธารณะ", "Cleansing and parks"},
	{SecEnforce, "ฝ่ายเทศกิจ", "City law enforcement"},
	{SecEnvHealth, "ฝ่ายสิ่งแวดล้อมและสุขาภิบาล", "Environment and sanitation"},
	{SecCommunity, "ฝ่ายพัฒนาชุมชนและสวัสดิการสังคม", "Community development and welfare"},
	{"FINANCE", "ฝ่ายการคลัง", "Finance"},
	{"REVENUE", "ฝ่ายรายได้", "Revenue"},
	{"REGISTRY", "ฝ่ายทะเบียน", "Civil registration"},
	{"EDUCATION", "ฝ่ายการศึกษา", "Education"},
}

// Bureau and outside-body codes.
const (
	BureauPublicWorks = "BPW"
	BureauDrainage    = "BDS"
	BureauEnvironment = "BENV"
	BureauTraffic     = "BTT"
	BureauEnforcement = "BLE"
	BureauHealth      = "BHL"
	BureauFire        = "BFR"
	ExtElectricity    = "XMEA"
	ExtWater          = "XMWA"
	ExtPolice         = "XPOL"
)

func buildUnits(districts []District) []Unit {
	units := []Unit{
		{Code: CentreCode, Type: UnitCentre, NameTH: "ศูนย์เรื่องราวร้องทุกข์ สำนักงานปลัดกรุงเทพมหานคร", NameEN: "Complaint Centre, Office of the Permanent Secretary", Sections: []Section{
			{"INTAKE", "ฝ่ายรับเรื่อง", "Intake (hotline 1555)"},
			{"FOLLOWUP", "ฝ่ายติดตามเรื่อง", "Follow-up"},
			{"ANALYSIS", "ฝ่ายวิเคราะห์และรายงาน", "Analysis and reports"},
		}},
		{Code: GovernorCode, Type: UnitGovernor, NameTH: "ส่วนเรื่องราวร้องทุกข์ สำนักงานเลขานุการผู้ว่าราชการกรุงเทพมหานคร", NameEN: "Complaint Section, Office of the Governor's Secretary", Sections: []Section{
			{"LINE", "งานรับเรื่องทาง LINE", "LINE intake"},
			{"VISITS", "งานผู้ว่าฯ สัญจร", "Field visits"},
		}},
	}
	for _, d := range districts {
		units = append(units, Unit{
			Code:         DistrictUnitCode(d.Code),
			Type:         UnitDistrict,
			NameTH:       "สำนักงานเขต" + d.NameTH,
			NameEN:       d.NameEN + " District Office",
			DistrictCode: d.Code,
			Sections:     districtSections,
		})
	}
	div := func(code, th, en string) Section { return Section{code, th, en} }
	units = append(units,
		Unit{Code: BureauPublicWorks, Type: UnitBureau, NameTH: "สำนักการโยธา", NameEN: "Public Works Department", Sections: []Section{div("ROADS", "สำนักงานวิศวกรรมทาง", "Roads engineering"), div("BRIDGES", "สำนักงานวิศวกรรมโครงสร้าง", "Structures and bridges"), div("LIGHTS", "สำนักงานวิศวกรรมไฟฟ้า", "Electrical engineering")}},
		Unit{Code: BureauDrainage, Type: UnitBureau, NameTH: "สำนักการระบายน้ำ", NameEN: "Drainage and Sewerage Department", Sections: []Section{div("FLOOD", "ศูนย์ป้องกันและแก้ไขปัญหาน้ำท่วม", "Flood prevention centre"), div("CANALS", "สำนักงานระบายน้ำ", "Drainage and canals"), div("SEWER", "สำนักงานจัดการคุณภาพน้ำ", "Water quality")}},
		Unit{Code: BureauEnvironment, Type: UnitBureau, NameTH: "สำนักสิ่งแวดล้อม", NameEN: "Environment Department", Sections: []Section{div("AIR", "สำนักงานจัดการคุณภาพอากาศและเสียง", "Air quality and noise"), div("WASTE", "สำนักงานเทคโนโลยีการจัดการมูลฝอย", "Waste management")}},
		Unit{Code: BureauTraffic, Type: UnitBureau, NameTH: "สำนักการจราจรและขนส่ง", NameEN: "Traffic and Transportation Department", Sections: []Section{div("TRAFFIC", "สำนักงานวิศวกรรมจราจร", "Traffic engineering"), div("TRANSPORT", "สำนักงานการขนส่ง", "Transport")}},
		Unit{Code: BureauEnforcement, Type: UnitBureau, NameTH: "สำนักเทศกิจ", NameEN: "City Law Enforcement Department", Sections: []Section{div("ENFORCE", "สำนักงานเทศกิจ", "Enforcement")}},
		Unit{Code: BureauHealth, Type: UnitBureau, NameTH: "สำนักอนามัย", NameEN: "Health Department", Sections: []Section{div("SANITATION", "สำนักงานสุขาภิบาลอาหารและอนามัยสิ่งแวดล้อม", "Food and environmental sanitation"), div("DRUGS", "สำนักงานป้องกันและบำบัดการติดยาเสพติด", "Drug prevention and treatment")}},
		Unit{Code: BureauFire, Type: UnitBureau, NameTH: "สำนักป้องกันและบรรเทาสาธารณภัย", NameEN: "Fire and Rescue Department", Sections: []Section{div("RESCUE", "สำนักงานป้องกันและบรรเทาสาธารณภัย", "Fire and rescue")}},
		Unit{Code: ExtElectricity, Type: UnitExternal, NameTH: "การไฟฟ้านครหลวง", NameEN: "Metropolitan Electricity Authority"},
		Unit{Code: ExtWater, Type: UnitExternal, NameTH: "การประปานครหลวง", NameEN: "Metropolitan Waterworks Authority"},
		Unit{Code: ExtPolice, Type: UnitExternal, NameTH: "สำนักงานตำรวจแห่งชาติ", NameEN: "Royal Thai Police"},
	)
	for i := range units {
		if units[i].Sections == nil {
			units[i].Sections = []Section{}
		}
	}
	return units
}
