package thai

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

// seg joins the segmentation of s with "|" so expectations read like the
// text they describe.
func seg(sg *Segmenter, s string) string { return strings.Join(sg.Segment(s), "|") }

func TestSegmentSentences(t *testing.T) {
	sg := Default()
	tests := []struct{ in, want string }{
		// Complaint sentences as citizens write them.
		{"ท่อระบายน้ำอุดตัน", "ท่อ|ระบาย|น้ำ|อุดตัน"},
		{"ช่วยมาลอกท่อระบายน้ำด้วยครับ", "ช่วย|มา|ลอก|ท่อ|ระบาย|น้ำ|ด้วย|ครับ"},
		{"รถติดมากที่ห้าแยกลาดพร้าว", "รถ|ติด|มาก|ที่|ห้า|แยก|ลาดพร้าว"},
		{"ถนนเป็นหลุมเป็นบ่ออันตรายมาก", "ถนน|เป็น|หลุม|เป็น|บ่อ|อันตราย|มาก"},
		{"มีคนนำขยะมาทิ้งริมคลองส่งกลิ่นเหม็น", "มี|คน|นำ|ขยะ|มา|ทิ้ง|ริม|คลอง|ส่ง|กลิ่น|เหม็น"},
		{"วินมอเตอร์ไซค์ขับบนฟุตบาท", "วิน|มอเตอร์ไซค์|ขับ|บน|ฟุตบาท"},
		{"ผู้ค้าหาบเร่แผงลอยตั้งขายบนทางเท้า", "ผู้|ค้า|หาบเร่|แผงลอย|ตั้ง|ขาย|บน|ทางเท้า"},
		{"เสาไฟฟ้าล้มขวางถนน", "เสา|ไฟฟ้า|ล้ม|ขวาง|ถนน"},
		{"แจ้งน้ำท่วมหน้าบ้าน", "แจ้ง|น้ำ|ท่วม|หน้า|บ้าน"},
		{"ไฟดับทั้งซอยตั้งแต่เมื่อวาน", "ไฟ|ดับ|ทั้ง|ซอย|ตั้งแต่|เมื่อ|วาน"},
		{"เจ้าหน้าที่เทศกิจไม่เคยมาตรวจ", "เจ้าหน้าที่|เทศกิจ|ไม่|เคย|มา|ตรวจ"},
		// Place names stay whole, with the words around them split off.
		{"แขวงคลองจั่นเขตบางกะปิ", "แขวง|คลองจั่น|เขต|บางกะปิ"},
		{"ถนนรามคำแหงขาออก", "ถนน|รามคำแหง|ขา|ออก"},
		{"ซอยลาดพร้าว", "ซอย|ลาดพร้าว"},
		{"บางนาเหนือ", "บางนา|เหนือ"},
		{"ถนนวิภาวดีรังสิตใกล้ดอนเมือง", "ถนน|วิภาวดีรังสิต|ใกล้|ดอนเมือง"},
		// Base words removed because complaints mean two words (see the end
		// of dict/bangkok.txt).
		{"ท่อระบายน้ำหน้าบ้าน", "ท่อ|ระบาย|น้ำ|หน้า|บ้าน"},
		{"คนใช้ทางเท้า", "คน|ใช้|ทางเท้า"},
		{"อยากจะแจ้งเรื่องน้ำท่วม", "อยาก|จะ|แจ้ง|เรื่อง|น้ำ|ท่วม"},
		{"ส่งผลให้การจราจรติดขัด", "ส่ง|ผล|ให้|การ|จราจร|ติดขัด"},
		// Typos keep their letters together instead of stranding a mark.
		{"จัดกา่รประสาน", "จัด|กา่ร|ประสาน"},
		{"ไม่กลัวใใดๆ", "ไม่|กลัว|ใใด|ๆ"},
		// Boundaries the cluster rules must leave open.
		{"ทะเลดีมาก", "ทะเล|ดี|มาก"},
		{"ทะเลอยู่ไกล", "ทะเล|อยู่|ไกล"},
		{"เธออยู่ไหน", "เธอ|อยู่|ไหน"},
		// Numbers, Latin and punctuation between Thai words.
		{"ฝนตกน้ำสูง๓๐ซม.", "ฝน|ตก|น้ำ|สูง|๓๐|ซม|."},
		{"รอรถเมล์สาย 8 นาน 1.5 ชม.", "รอ|รถเมล์|สาย| |8| |นาน| |1.5| |ชม|."},
		{"ค่าปรับ 1,000 บาท", "ค่า|ปรับ| |1,000| |บาท"},
		{"สถานีBTSอโศก", "สถานี|BTS|อโศก"},
		{"โทร.02-123-4567", "โทร|.|02|-|123|-|4567"},
		{"เร็วๆนี้!!!", "เร็ว|ๆ|นี้|!!!"},
		{"กรุงเทพฯ", "กรุงเทพ|ฯ"},
		{"ขอบคุณครับ🙏🏽", "ขอบคุณ|ครับ|🙏🏽"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := seg(sg, tt.in); got != tt.want {
			t.Errorf("Segment(%q)\n got %s\nwant %s", tt.in, got, tt.want)
		}
	}
}

func TestTokenKinds(t *testing.T) {
	sg := Default()
	got := sg.Tokens("น้ำท่วม ซอย๕ BTS!! ฟฟฟฟ\u200b")
	want := []Token{
		{"น้ำ", 0, 9, KindThai},
		{"ท่วม", 9, 21, KindThai},
		{" ", 21, 22, KindSpace},
		{"ซอย", 22, 31, KindThai},
		{"๕", 31, 34, KindNumber},
		{" ", 34, 35, KindSpace},
		{"BTS", 35, 38, KindLatin},
		{"!!", 38, 40, KindOther},
		{" ", 40, 41, KindSpace},
		{"ฟฟฟฟ", 41, 53, KindUnknown}, // four unknown clusters, one token
		{"\u200b", 53, 56, KindSpace},
	}
	if !slices.Equal(got, want) {
		t.Errorf("Tokens:\n got %v\nwant %v", got, want)
	}
	for k := KindThai; k <= KindOther; k++ {
		if k.IsWord() != (k <= KindLatin) {
			t.Errorf("%s.IsWord() = %v", k, k.IsWord())
		}
	}
	if Kind(0).String() != "invalid" || KindLatin.String() != "latin" {
		t.Error("Kind.String")
	}
}

// TestUnknownGrouping checks that text the dictionary does not know becomes
// one token between the known words, not a spray of clusters.
func TestUnknownGrouping(t *testing.T) {
	sg := New([]string{"ถนน", "ซอย", "แขวง"})
	got := sg.Tokens("ถนนกิตติขจรซอย")
	var b strings.Builder
	for _, tk := range got {
		fmt.Fprintf(&b, "%s/%s ", tk.Text, tk.Kind)
	}
	if want := "ถนน/thai กิตติขจร/unknown ซอย/thai "; b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
}

// TestSpellingVariantsMatch checks that text typed with look-alike spellings
// still meets the dictionary, while the tokens keep the original bytes.
func TestSpellingVariantsMatch(t *testing.T) {
	sg := Default()
	tests := []struct{ in, want string }{
		{"เเจ้งเรื่องเเล้ว", "เเจ้ง|เรื่อง|เเล้ว"}, // เ+เ typed for แ
		{"น้ําท่วม", "น้ํา|ท่วม"},                  // ํ+า typed for ำ
		{"นํ้าท่วม", "นํ้า|ท่วม"},                  // ํ, tone, า
		{"ท่ีนี่", "ท่ี|นี่"},                      // tone typed before the vowel
		{"นำ้ท่วม", "นำ้|ท่วม"},                    // tone typed after ำ
	}
	for _, tt := range tests {
		toks := sg.Tokens(tt.in)
		var parts []string
		for _, tk := range toks {
			parts = append(parts, tk.Text)
			if tk.Kind != KindThai {
				t.Errorf("%q: token %q is %s, want thai", tt.in, tk.Text, tk.Kind)
			}
		}
		if got := strings.Join(parts, "|"); got != tt.want {
			t.Errorf("Segment(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestNormalizeThai(t *testing.T) {
	tests := []struct{ in, want string }{
		{"เเล้ว", "แล้ว"},
		{"น้ํา", "น้ำ"},
		{"นํ้า", "น้ำ"},
		{"นำ้", "น้ำ"},
		{"ท่ี", "ที่"},
		{"ที่่", "ที่"},
		{"แล้ว abc", "แล้ว abc"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := NormalizeThai(tt.in); got != tt.want {
			t.Errorf("NormalizeThai(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if n := testing.AllocsPerRun(100, func() { NormalizeThai("น้ำท่วมถนนแล้ว") }); n != 0 {
		t.Errorf("NormalizeThai of well-formed text allocates %v times, want 0", n)
	}
}

func TestTerms(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"น้ำท่วม ซอย๕ BTS!!", []string{"น้ำ", "ท่วม", "ซอย", "5", "bts"}},
		{"ค่าปรับ ๑,๒๕๐.๕๐ บาท", []string{"ค่า", "ปรับ", "1250.50", "บาท"}},
		{"เเจ้ง (ด่วน) น้ํา", []string{"แจ้ง", "ด่วน", "น้ำ"}},
		{"Café ถนนสีลม", []string{"café", "ถนน", "สีลม"}},
		{" \n\t ", []string{}},
	}
	for _, tt := range tests {
		if got := Terms(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Terms(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got, want := Default().IndexText("ท่อระบายน้ำอุดตัน ซ.5"), "ท่อ ระบาย น้ำ อุดตัน ซ 5"; got != want {
		t.Errorf("IndexText = %q, want %q", got, want)
	}
}

// TestRanking pins the order in which segmentations are compared.
func TestRanking(t *testing.T) {
	tests := []struct {
		words    []string
		in, want string
	}{
		// Fewest tokens: the compound wins over its parts.
		{[]string{"กิน", "ข้าว", "กินข้าว"}, "กินข้าว", "กินข้าว"},
		// Two ways with two words each: the longer first word is taken.
		{[]string{"ตา", "ตาก", "ลม", "กลม"}, "ตากลม", "ตาก|ลม"},
		// Fewer unknown letters beats fewer tokens: ก|ข unknown + คเคาะ (two
		// letters unknown, three tokens before merging) is better than
		// กขค + เคาะ unknown (four letters unknown, two tokens).
		{[]string{"กขค", "คเคาะ"}, "กขคเคาะ", "กข|คเคาะ"},
	}
	for _, tt := range tests {
		if got := seg(New(tt.words), tt.in); got != tt.want {
			t.Errorf("%v: Segment(%q) = %s, want %s", tt.words, tt.in, got, tt.want)
		}
	}
}

func TestNewCustomDictionary(t *testing.T) {
	sg := New([]string{"กิน", "ข้าว", "กินข้าว", "BTS", "ซอย 5", "ข้าว"})
	if sg.Len() != 3 {
		t.Errorf("Len = %d, want 3 (Latin and spaced entries ignored, duplicates merged)", sg.Len())
	}
	if !sg.Contains("กินข้าว") || sg.Contains("BTS") || sg.Contains("กิ") {
		t.Error("Contains disagrees with the word list")
	}
	if got := seg(sg, "กินข้าวข้าวกิน"); got != "กินข้าว|ข้าว|กิน" {
		t.Errorf("got %s", got)
	}
	// An empty dictionary still segments: every Thai run is unknown.
	empty := New(nil)
	toks := empty.Tokens("ไปกิน 5")
	if len(toks) != 3 || toks[0].Kind != KindUnknown || toks[2].Kind != KindNumber {
		t.Errorf("empty dictionary: %v", toks)
	}
}

func TestDefaultDictionary(t *testing.T) {
	sg := Default()
	if sg.Len() < 25000 {
		t.Errorf("default dictionary has %d words; the embedded lists did not load", sg.Len())
	}
	for _, w := range []string{"ลาดพร้าว", "บางกะปิ", "รามคำแหง", "ฟุตบาท", "ขยะ", "น้ำ", "ท่วม", "ไฟฟ้า", "หลุม"} {
		if !sg.Contains(w) {
			t.Errorf("default dictionary lacks %q", w)
		}
	}
	words := Words()
	words[0] = "changed"
	if Words()[0] == "changed" {
		t.Error("Words returns the shared slice, not a copy")
	}
}

// bangkokDistricts are the 50 district names of the reference data
// (spec/reference/districts.csv).
var bangkokDistricts = strings.Fields(`พระนคร ดุสิต หนองจอก บางรัก บางเขน บางกะปิ
ปทุมวัน ป้อมปราบศัตรูพ่าย พระโขนง มีนบุรี ลาดกระบัง ยานนาวา สัมพันธวงศ์ พญาไท
ธนบุรี บางกอกใหญ่ ห้วยขวาง คลองสาน ตลิ่งชัน บางกอกน้อย บางขุนเทียน ภาษีเจริญ
หนองแขม ราษฎร์บูรณะ บางพลัด ดินแดง บึงกุ่ม สาทร บางซื่อ จตุจักร บางคอแหลม ประเวศ
คลองเตย สวนหลวง จอมทอง ดอนเมือง ราชเทวี ลาดพร้าว วัฒนา บางแค หลักสี่ สายไหม
คันนายาว สะพานสูง วังทองหลาง คลองสามวา บางนา ทวีวัฒนา ทุ่งครุ บางบอน`)

func TestDistrictNamesStayWhole(t *testing.T) {
	if len(bangkokDistricts) != 50 {
		t.Fatalf("test table has %d districts, want 50", len(bangkokDistricts))
	}
	sg := Default()
	for _, d := range bangkokDistricts {
		// Alone, and glued to the words that usually surround it.
		for _, s := range []string{d, "เขต" + d, "สำนักงานเขต" + d + "ไม่ดำเนินการ", "ถนนในเขต" + d + "มีน้ำท่วม"} {
			if !slices.Contains(sg.Segment(s), d) {
				t.Errorf("%q: %s does not keep %q whole", s, seg(sg, s), d)
			}
		}
	}
}

func TestClusters(t *testing.T) {
	tests := []struct{ in, want string }{
		{"เป็นเด็ก", "เป็น|เด็ก"},
		{"น้ำ", "น้ำ"},
		{"กัน", "กัน"},
		{"ตัวตน", "ตัว|ต|น"},
		{"เกาะ", "เกาะ"},
		{"เมือง", "เมือ|ง"},
		{"เรียน", "เรีย|น"},
		{"เธอ", "เธอ"},
		{"เลอะ", "เลอะ"},
		{"เลอย", "เล|อ|ย"}, // อ before another consonant is not the vowel เ-อ
		{"จันทร์", "จัน|ทร์"},
		{"พันธุ์", "พันธุ์"}, // ธุ์ is silent: it joins the syllable before it
		{"ศาสตร์", "ศา|ส|ตร์"},
		{"เกิด", "เกิด"},
		{"แข็ง", "แข็ง"},
		{"ทะเลดี", "ทะ|เล|ดี"},
		{"ไม่", "ไม่"},
		{"ก็", "ก็"},
		{"่าง", "่า|ง"}, // text starting mid-syllable
		{"เฉํา", "เฉำ"}, // ํา (normalised to ำ) stays with its syllable
		{"เ", "เ"},
	}
	for _, tt := range tests {
		var n normalizer
		for i := 0; i < len(tt.in); i += 3 {
			n.push(thaiCode(tt.in, i), int32(i))
		}
		var parts []string
		for i := 0; i < len(n.codes); {
			j := clusterEnd(n.codes, i)
			if j <= i {
				t.Fatalf("%q: clusterEnd(%d) = %d", tt.in, i, j)
			}
			var b []byte
			for _, c := range n.codes[i:j] {
				b = appendCode(b, c)
			}
			parts = append(parts, string(b))
			i = j
		}
		if got := strings.Join(parts, "|"); got != tt.want {
			t.Errorf("clusters(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// checkTokens verifies the invariants every segmentation must keep and
// reports the first violation.
func checkTokens(s string, toks []Token) error {
	pos := 0
	for i, tk := range toks {
		if tk.Start != pos {
			return fmt.Errorf("token %d %q starts at %d, want %d", i, tk.Text, tk.Start, pos)
		}
		if tk.End <= tk.Start || tk.End > len(s) || tk.Text != s[tk.Start:tk.End] {
			return fmt.Errorf("token %d %q has bad span [%d,%d)", i, tk.Text, tk.Start, tk.End)
		}
		if tk.Kind < KindThai || tk.Kind > KindOther {
			return fmt.Errorf("token %d %q has kind %d", i, tk.Text, tk.Kind)
		}
		if tk.Start > 0 && startsWithThaiMark(tk.Text) {
			return fmt.Errorf("token %d %q starts with a combining mark (split cluster)", i, tk.Text)
		}
		if i > 0 && (tk.Kind == KindThai || tk.Kind == KindUnknown) && endsWithLeadingVowel(toks[i-1].Text) {
			return fmt.Errorf("token %d %q ends with a leading vowel (split cluster)", i-1, toks[i-1].Text)
		}
		pos = tk.End
	}
	if pos != len(s) {
		return fmt.Errorf("tokens cover %d of %d bytes", pos, len(s))
	}
	return nil
}

func startsWithThaiMark(s string) bool {
	c := thaiCode(s, 0)
	return c != 0 && classOf[c]&clsMark != 0
}

func endsWithLeadingVowel(s string) bool {
	if len(s) < 3 {
		return false
	}
	c := thaiCode(s, len(s)-3)
	return c != 0 && classOf[c] == clsLead
}

func TestTokensInvariantsOnEdgeCases(t *testing.T) {
	sg := Default()
	for _, s := range []string{
		"่าน้ำ",                     // text starting with a tone mark
		"ไป ่ที่",                   // stray mark after a space joins the space
		"ทดสอบ\xe0\xb8",             // truncated UTF-8 at the end
		"\xff\xfe ถนน \xe0\xb8\xc0", // invalid bytes, and E0 B8 C0 which is not Thai
		"เเเเเ",
		"ํ้้้า",
		"a\u0301bc ́ถนน",   // combining accents
		"👨‍👩‍👧‍👦 ครอบครัว", // a zero-width-joined emoji
		"๑๒.๓๔,๕ 1.2.3 1,,2 .5",
		strings.Repeat("ก", 5000),
		strings.Repeat("ท่อระบายน้ำ", 300),
	} {
		toks := sg.Tokens(s)
		if err := checkTokens(s, toks); err != nil {
			t.Errorf("%q: %v", s, err)
		}
	}
	if got := seg(sg, "👨‍👩‍👧‍👦 ครอบครัว"); got != "👨‍👩‍👧‍👦| |ครอบครัว" {
		t.Errorf("emoji sequence split: %s", got)
	}
}

func TestAppendTokensAllocationFree(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	sg := Default()
	s := "ท่อระบายน้ำอุดตันหน้าซอยลาดพร้าว 101 มา 3 วันแล้ว กรุณาแก้ไขด่วน BTS"
	dst := sg.AppendTokens(nil, s)
	sg.AppendTokens(dst[:0], s) // warm the scratch pool
	n := testing.AllocsPerRun(200, func() { dst = sg.AppendTokens(dst[:0], s) })
	if n != 0 {
		t.Errorf("AppendTokens with a reused slice allocates %v times per call, want 0", n)
	}
}

func TestConcurrentUse(t *testing.T) {
	sg := Default()
	inputs := []string{
		"ท่อระบายน้ำอุดตันหน้าซอยลาดพร้าว",
		"ไฟดับทั้งซอยตั้งแต่เมื่อวาน เขตบางกะปิ",
		strings.Repeat("ถนนเป็นหลุมเป็นบ่อ ", 50),
	}
	want := make([]string, len(inputs))
	for i, s := range inputs {
		want[i] = seg(sg, s)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 16)
	for g := range 8 {
		wg.Go(func() {
			for k := range 200 {
				i := (g + k) % len(inputs)
				if got := seg(sg, inputs[i]); got != want[i] {
					errs <- got
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Errorf("concurrent segmentation differs: %s", e)
	}
}

// TestRandomThaiInvariants throws random sequences of Thai letters – most of
// them misspelt in every way the cluster rules must survive – at the
// segmenter, mixed with spaces, digits and Latin.
func TestRandomThaiInvariants(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	var alphabet []string
	for c := range len(classOf) {
		if classOf[c] != 0 {
			alphabet = append(alphabet, string(appendCode(nil, uint8(c))))
		}
	}
	alphabet = append(alphabet, " ", "5", "๕", "a", ".", "ๆ", "\u200b")
	sg := Default()
	var b strings.Builder
	for range 20000 {
		b.Reset()
		for range 1 + rng.IntN(30) {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		s := b.String()
		if err := checkTokens(s, sg.Tokens(s)); err != nil {
			t.Fatalf("%q: %v", s, err)
		}
	}
}

func FuzzTokens(f *testing.F) {
	for _, s := range []string{
		"ท่อระบายน้ำอุดตัน", "เเจ้ง น้ํา ท่ี", "ซอย๕/1 BTS 1,000.50บาท!!", "่า", "👍🏽ดี", "\xe0\xb8", "",
	} {
		f.Add(s)
	}
	sg := Default()
	f.Fuzz(func(t *testing.T, s string) {
		toks := sg.Tokens(s)
		if err := checkTokens(s, toks); err != nil {
			t.Fatal(err)
		}
		for _, term := range sg.Terms(s) {
			if term == "" || (utf8.ValidString(s) && !utf8.ValidString(term)) {
				t.Fatalf("bad term %q", term)
			}
		}
	})
}
