package thai

// Thai letters are handled as small "codes" (rune - U+0E00) rather than runes:
// every Thai letter is three bytes in UTF-8 (E0 B8 xx or E0 B9 xx), so a code
// fits in a byte, the dictionary trie needs only a 79-symbol alphabet and the
// hot loops never decode UTF-8.

// Character classes of Thai letters, as bit flags so rules can test several at once.
const (
	clsCons   uint8 = 1 << iota // consonant, including ฤ and ฦ
	clsLead                     // leading vowel เ แ โ ใ ไ: written before its consonant
	clsFollow                   // following vowel ะ า ำ ๅ: spacing, but never starts a syllable
	clsVowel                    // above or below vowel ั ิ ี ึ ื ุ ู ฺ ็ (combining)
	clsTone                     // tone mark ่ ้ ๊ ๋ (combining)
	clsSign                     // thanthakhat ์, nikhahit ํ, yamakkan ๎ (combining)

	// clsMark is every combining character: none of them may start a token.
	clsMark = clsVowel | clsTone | clsSign
)

// Codes (rune - U+0E00) of the letters the cluster rules name.
const (
	codeOAng      = 0x2D // อ
	codeYoYak     = 0x22 // ย
	codeSaraA     = 0x30 // ะ
	codeMaiHanAk  = 0x31 // ั
	codeSaraAa    = 0x32 // า
	codeSaraAm    = 0x33 // ำ
	codeSaraI     = 0x34 // ิ
	codeSaraIi    = 0x35 // ี
	codeSaraUee   = 0x37 // ื
	codeSaraU     = 0x38 // ุ
	codeSaraE     = 0x40 // เ
	codeSaraAe    = 0x41 // แ
	codeMaiTaiKhu = 0x47 // ็
	codeKaran     = 0x4C // ์ (thanthakhat)
	codeNikhahit  = 0x4D // ํ
	numCodes      = 0x4F // codes run from 0x01 to 0x4E
)

// classOf maps a code to its class; 0 means "not a Thai letter" (digits, ฯ, ๆ,
// ฿ and the unassigned points are not part of Thai word runs).
var classOf = func() (t [128]uint8) {
	for c := 0x01; c <= 0x2E; c++ {
		t[c] = clsCons
	}
	for c := 0x40; c <= 0x44; c++ {
		t[c] = clsLead
	}
	for _, c := range []int{0x30, 0x32, 0x33, 0x45} {
		t[c] = clsFollow
	}
	for _, c := range []int{0x31, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3A, 0x47} {
		t[c] = clsVowel
	}
	for c := 0x48; c <= 0x4B; c++ {
		t[c] = clsTone
	}
	for c := 0x4C; c <= 0x4E; c++ {
		t[c] = clsSign
	}
	return t
}()

// thaiCode returns the code of the Thai letter encoded at s[i:i+3], or 0 when
// s[i:] does not start with a Thai letter that belongs in a word run.
func thaiCode(s string, i int) uint8 {
	if i+2 >= len(s) || s[i] != 0xE0 || s[i+2]&0xC0 != 0x80 {
		return 0 // not a three-byte sequence E0 xx 80–BF
	}
	c := s[i+2] - 0x80
	switch s[i+1] {
	case 0xB8:
	case 0xB9:
		c += 0x40
	default:
		return 0
	}
	if classOf[c&0x7F] == 0 {
		return 0
	}
	return c
}

// appendCode appends the UTF-8 encoding of a Thai code.
func appendCode(dst []byte, c uint8) []byte {
	if c < 0x40 {
		return append(dst, 0xE0, 0xB8, 0x80+c)
	}
	return append(dst, 0xE0, 0xB9, 0x80+c-0x40)
}

// normalizer turns a run of Thai letters into codes, repairing the spelling
// variants that look identical on screen but would defeat dictionary lookups:
//
//   - "เเ" (two sara e, a common way of typing แ) becomes แ;
//   - nikhahit + sara aa ("ํา", from some keyboards and PDF copies) becomes ำ,
//     also when a tone mark sits between them;
//   - a tone mark typed before an above/below vowel, or after ำ, is moved to
//     the standard order (vowel, then tone; tone, then ำ);
//   - a combining mark typed twice in a row is kept once.
//
// Each code remembers the byte offset where its source begins, so tokens can
// still be reported in the caller's original string.
type normalizer struct {
	codes []uint8
	offs  []int32
}

func (n *normalizer) reset() {
	n.codes = n.codes[:0]
	n.offs = n.offs[:0]
}

// push adds code c whose source starts at byte offset off.
func (n *normalizer) push(c uint8, off int32) {
	k := len(n.codes)
	if k > 0 {
		last := n.codes[k-1]
		switch {
		case c == codeSaraE && last == codeSaraE:
			n.codes[k-1] = codeSaraAe
			return
		case c == codeSaraAa && last == codeNikhahit:
			n.codes[k-1] = codeSaraAm
			return
		case c == codeSaraAa && k > 1 && classOf[last] == clsTone && n.codes[k-2] == codeNikhahit:
			n.codes[k-2], n.codes[k-1] = last, codeSaraAm
			return
		case classOf[c]&clsMark != 0 && c == last:
			return // doubled mark
		case classOf[c] == clsVowel && classOf[last] == clsTone && k > 1 && classOf[n.codes[k-2]] == clsCons:
			// Tone typed before the vowel: store vowel then tone. The pair keeps
			// the offsets of the two source letters in order; no boundary can
			// fall between two marks, so only the outer offsets matter.
			n.codes[k-1] = c
			n.codes = append(n.codes, last)
			n.offs = append(n.offs, off)
			return
		case classOf[c] == clsTone && last == codeSaraAm:
			n.codes[k-1] = c
			n.codes = append(n.codes, codeSaraAm)
			n.offs = append(n.offs, off)
			return
		}
	}
	n.codes = append(n.codes, c)
	n.offs = append(n.offs, off)
}

// word loads w, which must consist of Thai letters only, and reports
// whether it did.
func (n *normalizer) word(w string) bool {
	n.reset()
	if w == "" || len(w)%3 != 0 {
		return false
	}
	for i := 0; i < len(w); i += 3 {
		c := thaiCode(w, i)
		if c == 0 {
			return false
		}
		n.push(c, int32(i))
	}
	return true
}

// NormalizeThai repairs the Thai spellings that look the same on screen as
// the standard one but are different bytes: เเ → แ, ํา → ำ, tone marks in
// standard order, doubled marks removed. Search terms go through it so such
// text is found either way. Text without such variants is returned unchanged
// and without allocating.
func NormalizeThai(s string) string {
	if !needsNormalizing(s) {
		return s
	}
	var n normalizer
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		if c := thaiCode(s, i); c != 0 {
			n.reset()
			j := i
			for ; j < len(s); j += 3 {
				c = thaiCode(s, j)
				if c == 0 {
					break
				}
				n.push(c, int32(j))
			}
			for _, c := range n.codes {
				out = appendCode(out, c)
			}
			i = j
			continue
		}
		out = append(out, s[i])
		i++
	}
	return string(out)
}

// needsNormalizing reports whether NormalizeThai would change s, so the common
// case (well-typed text) costs one scan and no allocation.
func needsNormalizing(s string) bool {
	var prev, prev2 uint8
	for i := 0; i < len(s); {
		c := thaiCode(s, i)
		if c == 0 {
			prev, prev2 = 0, 0
			i++
			continue
		}
		switch {
		case c == codeSaraE && prev == codeSaraE,
			c == codeSaraAa && prev == codeNikhahit,
			c == codeSaraAa && classOf[prev] == clsTone && prev2 == codeNikhahit,
			classOf[c]&clsMark != 0 && c == prev,
			classOf[c] == clsVowel && classOf[prev] == clsTone && classOf[prev2] == clsCons,
			classOf[c] == clsTone && prev == codeSaraAm:
			return true
		}
		prev2, prev = prev, c
		i += 3
	}
	return false
}
