package traffy

import (
	"strings"
	"unicode"
)

// District is one of Bangkok's 50 districts (เขต).
type District struct {
	Code   int    // official code, 1001–1050
	NameTH string // official Thai name without the เขต prefix, e.g. "บางรัก"
	NameEN string // official romanisation, e.g. "Bang Rak"
}

// districts is a copy of spec/reference/districts.csv, in code order
// (TestDistrictTableMatchesSpec keeps the two in step).
var districts = [50]District{
	{1001, "พระนคร", "Phra Nakhon"},
	{1002, "ดุสิต", "Dusit"},
	{1003, "หนองจอก", "Nong Chok"},
	{1004, "บางรัก", "Bang Rak"},
	{1005, "บางเขน", "Bang Khen"},
	{1006, "บางกะปิ", "Bang Kapi"},
	{1007, "ปทุมวัน", "Pathum Wan"},
	{1008, "ป้อมปราบศัตรูพ่าย", "Pom Prap Sattru Phai"},
	{1009, "พระโขนง", "Phra Khanong"},
	{1010, "มีนบุรี", "Min Buri"},
	{1011, "ลาดกระบัง", "Lat Krabang"},
	{1012, "ยานนาวา", "Yan Nawa"},
	{1013, "สัมพันธวงศ์", "Samphanthawong"},
	{1014, "พญาไท", "Phaya Thai"},
	{1015, "ธนบุรี", "Thon Buri"},
	{1016, "บางกอกใหญ่", "Bangkok Yai"},
	{1017, "ห้วยขวาง", "Huai Khwang"},
	{1018, "คลองสาน", "Khlong San"},
	{1019, "ตลิ่งชัน", "Taling Chan"},
	{1020, "บางกอกน้อย", "Bangkok Noi"},
	{1021, "บางขุนเทียน", "Bang Khun Thian"},
	{1022, "ภาษีเจริญ", "Phasi Charoen"},
	{1023, "หนองแขม", "Nong Khaem"},
	{1024, "ราษฎร์บูรณะ", "Rat Burana"},
	{1025, "บางพลัด", "Bang Phlat"},
	{1026, "ดินแดง", "Din Daeng"},
	{1027, "บึงกุ่ม", "Bueng Kum"},
	{1028, "สาทร", "Sathon"},
	{1029, "บางซื่อ", "Bang Sue"},
	{1030, "จตุจักร", "Chatuchak"},
	{1031, "บางคอแหลม", "Bang Kho Laem"},
	{1032, "ประเวศ", "Prawet"},
	{1033, "คลองเตย", "Khlong Toei"},
	{1034, "สวนหลวง", "Suan Luang"},
	{1035, "จอมทอง", "Chom Thong"},
	{1036, "ดอนเมือง", "Don Mueang"},
	{1037, "ราชเทวี", "Ratchathewi"},
	{1038, "ลาดพร้าว", "Lat Phrao"},
	{1039, "วัฒนา", "Watthana"},
	{1040, "บางแค", "Bang Khae"},
	{1041, "หลักสี่", "Lak Si"},
	{1042, "สายไหม", "Sai Mai"},
	{1043, "คันนายาว", "Khan Na Yao"},
	{1044, "สะพานสูง", "Saphan Sung"},
	{1045, "วังทองหลาง", "Wang Thonglang"},
	{1046, "คลองสามวา", "Khlong Sam Wa"},
	{1047, "บางนา", "Bang Na"},
	{1048, "ทวีวัฒนา", "Thawi Watthana"},
	{1049, "ทุ่งครุ", "Thung Khru"},
	{1050, "บางบอน", "Bang Bon"},
}

// districtAliases are misspellings found in the Traffy data (district and address
// columns, 2022 sample and 2023 export) plus two common informal forms. Spelling slips that
// [normaliseDistrict] repairs generically (เเ typed for แ, zero-width spaces, the เขต
// prefix) need no entry.
var districtAliases = map[string]int{
	"สาธร":         1028, // ธ for ท
	"พยาไท":        1014, // ย for ญ
	"หญาไท":        1014, // dropped พ
	"พญาไทย":       1014, // informal, after the road's old spelling
	"ราษฏร์บูรณะ":  1024, // ฏ for ฎ, the commonest slip in Thai
	"ราขบูรณะ":     1024, // ข for ษฎร์
	"ตราษฎร์บูรณะ": 1024, // "เขตตราษฎร์บูรณะ": ต typed twice
	"บางกอกน้อบ":   1020, // บ for ย
	"จัตุจักร":     1030, // the older spelling of จตุจักร
	"ลาดกะบัง":     1011, // dropped ร
	"ยานาวา":       1012, // dropped น
	"พระขโนง":      1009, // transposed ข/โ
	"ปะเวศ":        1032, // dropped ร
	"คลางสาน":      1018, // า for อ
	"ตอนเมือง":     1036, // ต for ด
	"จองทอง":       1035, // ง for ม
	"หนองแขต":      1023, // ต for ม
	"ป้อมปราบ":     1008, // everyday short form of ป้อมปราบศัตรูพ่าย
}

var (
	districtByTH = make(map[string]int, len(districts)+len(districtAliases))
	districtByEN = make(map[string]int, len(districts))
)

func init() {
	for _, d := range districts {
		districtByTH[d.NameTH] = d.Code
		districtByEN[foldEnglish(d.NameEN)] = d.Code
	}
	for name, code := range districtAliases {
		districtByTH[name] = code
	}
}

// DistrictCode returns the official code (1001–1050) of a Bangkok district named in Thai
// as the exports write it, e.g. "บางรัก", "เขตบางรัก", "เขต บางรัก", or in the official
// romanisation ("Bang Rak", any case). It also accepts the misspellings found in the
// Traffy data (สาธร, ราษฏร์บูรณะ, จัตุจักร, บางกอกน้อบ, ...), เเ typed for แ, and stray
// zero-width spaces or punctuation around the name. Districts of other provinces (Traffy also receives reports from Nonthaburi,
// Samut Prakan, ...) and empty names report false.
func DistrictCode(name string) (int, bool) {
	if code, ok := districtByTH[name]; ok { // the common case: the name exactly as given
		return code, true
	}
	n := normaliseDistrict(name)
	if n == "" {
		return 0, false
	}
	if code, ok := districtByTH[n]; ok {
		return code, true
	}
	code, ok := districtByEN[foldEnglish(n)]
	return code, ok
}

// LookupDistrict returns the district with the given official code.
func LookupDistrict(code int) (District, bool) {
	if code < 1001 || code > 1050 {
		return District{}, false
	}
	return districts[code-1001], true
}

// Districts returns the 50 districts in code order. The slice is a copy.
func Districts() []District {
	out := make([]District, len(districts))
	copy(out, districts[:])
	return out
}

// normaliseDistrict removes the noise seen around district names in Traffy data:
// zero-width characters, surrounding space and punctuation (":บางกะปิ" in addresses), the
// เขต prefix (Thai) or Khet / District (English), and เเ typed for แ.
func normaliseDistrict(s string) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff':
			return -1
		}
		return r
	}, s)
	trim := func(s string) string {
		return strings.TrimFunc(s, func(r rune) bool {
			return unicode.IsSpace(r) || unicode.IsPunct(r)
		})
	}
	s = trim(s)
	s = strings.ReplaceAll(s, "เเ", "แ")
	if rest, ok := strings.CutPrefix(s, "เขต"); ok {
		s = trim(rest)
	}
	lower := strings.ToLower(s)
	if strings.HasPrefix(lower, "khet ") {
		s = trim(s[len("khet "):])
	} else if strings.HasSuffix(lower, " district") {
		s = trim(s[:len(s)-len(" district")])
	}
	return s
}

// foldEnglish reduces a romanised name to lower-case letters only, so that "Bang Rak",
// "bangrak" and "Bang-Rak" meet.
func foldEnglish(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < unicode.MaxASCII && unicode.IsLetter(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}
