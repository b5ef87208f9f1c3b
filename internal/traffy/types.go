package traffy

// Kind tells what a citizen meant to file: most Traffy tickets are complaints, a few are
// suggestions or questions, which rongtook routes differently.
type Kind string

// The kinds of ticket, as named in spec/reference/traffy_types.csv.
const (
	KindComplaint  Kind = "complaint"
	KindSuggestion Kind = "suggestion"
	KindInquiry    Kind = "inquiry"
)

// CategoryOther is rongtook's category 23, เรื่องร้องทุกข์ประเภทอื่น ๆ (other): where a
// ticket goes when its types name no specific category.
const CategoryOther = 23

// TypeInfo is what rongtook knows about one Traffy type.
type TypeInfo struct {
	Category int  // rongtook category code 1–23
	Kind     Kind // complaint, suggestion or inquiry
}

// traffyTypes is a copy of spec/reference/traffy_types.csv (TestTypeTableMatchesSpec
// keeps the two in step). It is Go data rather than an embedded CSV so that a typo is a
// compile error or a test failure here, not a run-time parse error in production.
var traffyTypes = map[string]TypeInfo{
	"ถนน":         {6, KindComplaint},   // roads
	"ทางเท้า":     {12, KindComplaint},  // footpaths
	"น้ำท่วม":     {8, KindComplaint},   // flooding
	"แสงสว่าง":    {7, KindComplaint},   // street lights
	"ความสะอาด":   {4, KindComplaint},   // cleanliness -> garbage and waste
	"ท่อระบายน้ำ": {5, KindComplaint},   // drains
	"กีดขวาง":     {2, KindComplaint},   // obstruction of public ways
	"สะพาน":       {13, KindComplaint},  // bridges (mostly footbridges)
	"จราจร":       {3, KindComplaint},   // traffic
	"สายไฟ":       {7, KindComplaint},   // overhead cables
	"คลอง":        {11, KindComplaint},  // canals
	"ต้นไม้":      {9, KindComplaint},   // trees
	"เสียงรบกวน":  {1, KindComplaint},   // noise -> nuisance
	"สัตว์จรจัด":  {1, KindComplaint},   // stray animals -> nuisance
	"PM2.5":       {18, KindComplaint},  // air pollution
	"ป้ายจราจร":   {3, KindComplaint},   // traffic signs
	"การเดินทาง":  {3, KindComplaint},   // public transport and travel
	"ป้าย":        {2, KindComplaint},   // signs and billboards in public places
	"ความปลอดภัย": {23, KindComplaint},  // safety (no single BMA category)
	"คนจรจัด":     {23, KindComplaint},  // homeless people (social development)
	"ห้องน้ำ":     {23, KindComplaint},  // public toilets
	"ร้องเรียน":   {23, KindComplaint},  // general complaint
	"เสนอแนะ":     {23, KindSuggestion}, // suggestion
	"สอบถาม":      {23, KindInquiry},    // inquiry
}

// LookupType returns what rongtook knows about one Traffy type such as "ถนน".
func LookupType(traffyType string) (TypeInfo, bool) {
	info, ok := traffyTypes[traffyType]
	return info, ok
}

// Classify maps the types of a ticket, in the order the citizen ticked them, onto one
// rongtook category and kind.
//
// Category: the first known type with a specific category (not 23) wins; when the ticket
// has only generic types (ความปลอดภัย, ร้องเรียน, เสนอแนะ, ...), only unknown types or none
// at all, it is [CategoryOther]. Generic types are skipped, rather than letting the first
// known type win outright, because citizens often tick a catch-all first: {ความปลอดภัย,ถนน}
// is a road problem, and 2% of the 2022 sample would otherwise land in "other" although
// they name a category.
//
// Kind: the first known type whose kind is not complaint decides (เสนอแนะ → suggestion,
// สอบถาม → inquiry), since ticking one is a deliberate choice; otherwise complaint, the
// platform's default. Unknown types are ignored for both.
func Classify(types []string) (category int, kind Kind) {
	category, kind = CategoryOther, KindComplaint
	haveCategory, haveKind := false, false
	for _, t := range types {
		info, ok := traffyTypes[t]
		if !ok {
			continue
		}
		if !haveCategory && info.Category != CategoryOther {
			category, haveCategory = info.Category, true
		}
		if !haveKind && info.Kind != KindComplaint {
			kind, haveKind = info.Kind, true
		}
	}
	return category, kind
}
