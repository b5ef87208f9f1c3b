package thai

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Kind says what a Token is.
type Kind uint8

const (
	// KindThai is a Thai word found in the dictionary.
	KindThai Kind = iota + 1
	// KindUnknown is a run of Thai character clusters the dictionary does not
	// cover (names, misspellings, new words), kept together as one token.
	KindUnknown
	// KindNumber is a number in Arabic or Thai digits, with any decimal point
	// or thousands separators between digits ("1,250.50", "๑๒").
	KindNumber
	// KindLatin is a word in Latin or another non-Thai script, with any
	// digits that follow its first letter ("COVID19", "A4").
	KindLatin
	// KindSpace is a run of whitespace, including zero-width spaces.
	KindSpace
	// KindOther is punctuation, a symbol or an emoji sequence, and the Thai
	// signs ฯ and ๆ.
	KindOther
)

var kindNames = [...]string{"invalid", "thai", "unknown", "number", "latin", "space", "other"}

// String returns a short lower-case name of the kind, for tests and logs.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "invalid"
}

// IsWord reports whether tokens of this kind carry searchable text (Thai
// words, unknown Thai, numbers and Latin words) rather than spacing or
// punctuation.
func (k Kind) IsWord() bool { return k >= KindThai && k <= KindLatin }

// Token is one piece of segmented text. Text is always s[Start:End] of the
// string that was segmented: it shares that string's memory.
type Token struct {
	Text       string
	Start, End int // byte offsets in the segmented string
	Kind       Kind
}

// Segmenter splits text into tokens using a fixed dictionary. It is immutable
// once built and safe for concurrent use.
type Segmenter struct {
	trie  *trie
	words int
	// scratch holds per-call buffers: segmenting allocates only the result.
	scratch sync.Pool
}

// scratch is the working memory for one Thai run.
type scratch struct {
	norm  normalizer
	bound []bool   // bound[i]: a cluster boundary lies before code i
	cost  []uint64 // cost[i]: best cost of segmenting codes[i:]
	next  []int32  // next[i]: end of the first token of that best segmentation
	known []bool   // known[i]: that first token is a dictionary word
}

// New returns a segmenter whose dictionary is exactly words. Words are
// normalised like the text they will match (see NormalizeThai); entries that
// contain anything but Thai letters (digits, spaces, ฯ, Latin) are ignored,
// because a Thai word run never contains those characters.
//
// To extend the default dictionary, pass append(thai.Words(), extra...).
func New(words []string) *Segmenter {
	var n normalizer
	keys := make([][]uint8, 0, len(words))
	arena := make([]uint8, 0, 8*len(words))
	for _, w := range words {
		w = strings.TrimSpace(w)
		if !n.word(w) {
			continue
		}
		// One backing array for all keys keeps building cheap.
		start := len(arena)
		arena = append(arena, n.codes...)
		keys = append(keys, arena[start:len(arena):len(arena)])
	}
	keys = sortKeys(keys)
	return &Segmenter{trie: buildTrie(keys), words: len(keys)}
}

// Len returns the number of distinct words in the dictionary.
func (sg *Segmenter) Len() int { return sg.words }

// Contains reports whether word, after normalisation, is in the dictionary.
func (sg *Segmenter) Contains(word string) bool {
	var n normalizer
	return n.word(word) && sg.trie.contains(n.codes)
}

// Segment splits s into the texts of its tokens. Joining the result gives s
// back exactly.
func (sg *Segmenter) Segment(s string) []string {
	toks := sg.Tokens(s)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Text
	}
	return out
}

// Tokens splits s into tokens. The tokens cover s from start to end with no
// gap or overlap, and no token starts with a combining vowel or tone mark
// except one at the very start of s.
func (sg *Segmenter) Tokens(s string) []Token {
	// Thai averages about 12 bytes a word; over-estimating slightly
	// avoids regrowing the slice for typical text.
	return sg.AppendTokens(make([]Token, 0, len(s)/8+1), s)
}

// AppendTokens appends the tokens of s to dst and returns the extended slice.
// Reusing dst across calls makes segmentation allocation-free.
func (sg *Segmenter) AppendTokens(dst []Token, s string) []Token {
	for i := 0; i < len(s); {
		b := s[i]
		if b < utf8.RuneSelf {
			switch {
			case asciiSpace[b]:
				j := scanSpace(s, i+1)
				dst = appendTok(dst, s, i, j, KindSpace)
				i = j
			case isDigitByte(b):
				j := scanNumber(s, i)
				dst = appendTok(dst, s, i, j, KindNumber)
				i = j
			case isASCIILetter(b):
				j := scanLatin(s, i)
				dst = appendTok(dst, s, i, j, KindLatin)
				i = j
			default:
				j := scanOther(s, i)
				dst = appendTok(dst, s, i, j, KindOther)
				i = j
			}
			continue
		}
		if c := thaiCode(s, i); c != 0 {
			j := i + 3
			for j < len(s) && thaiCode(s, j) != 0 {
				j += 3
			}
			// Marks that open the run belong to the token before it (see
			// the stray-mark case below); they cannot start a cluster.
			if len(dst) > 0 && classOf[c]&clsMark != 0 {
				k := i
				for k < j && classOf[thaiCode(s, k)]&clsMark != 0 {
					k += 3
				}
				extendLast(dst, s, k)
				i = k
			}
			if i < j {
				dst = sg.appendThai(dst, s, i, j)
			}
			i = j
			continue
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		switch {
		case isThaiDigit(r):
			j := scanNumber(s, i)
			dst = appendTok(dst, s, i, j, KindNumber)
			i = j
		case isSpaceRune(r):
			j := scanSpace(s, i+w)
			dst = appendTok(dst, s, i, j, KindSpace)
			i = j
		case unicode.In(r, unicode.Mn, unicode.Me) && len(dst) > 0:
			// A combining mark with no letter of its own script before it
			// (an accent after a space, say) stays with the previous token,
			// as it would in a grapheme cluster.
			extendLast(dst, s, i+w)
			i += w
		case '\u0E00' <= r && r <= '\u0E7F':
			// ฯ, ๆ, ฿ and the rare Thai symbols: punctuation, not letters.
			j := scanOther(s, i)
			dst = appendTok(dst, s, i, j, KindOther)
			i = j
		case unicode.IsLetter(r):
			j := scanLatin(s, i)
			dst = appendTok(dst, s, i, j, KindLatin)
			i = j
		default:
			j := scanOther(s, i)
			dst = appendTok(dst, s, i, j, KindOther)
			i = j
		}
	}
	return dst
}

// extendLast stretches the last token of dst to end at byte end.
func extendLast(dst []Token, s string, end int) {
	t := &dst[len(dst)-1]
	t.End = end
	t.Text = s[t.Start:end]
}

func appendTok(dst []Token, s string, i, j int, k Kind) []Token {
	return append(dst, Token{Text: s[i:j], Start: i, End: j, Kind: k})
}

// appendThai segments the Thai run s[start:end] (only Thai letters).
func (sg *Segmenter) appendThai(dst []Token, s string, start, end int) []Token {
	sc, _ := sg.scratch.Get().(*scratch)
	if sc == nil {
		sc = new(scratch)
	}

	sc.norm.reset()
	for i := start; i < end; i += 3 {
		sc.norm.push(thaiCode(s, i), int32(i))
	}
	codes := sc.norm.codes
	n := len(codes)
	offs := append(sc.norm.offs, int32(end)) // offs[n] is the end of the run
	sc.norm.offs = offs[:n]

	sc.bound = grow(sc.bound, n+1)
	sc.cost = grow(sc.cost, n+1)
	sc.next = grow(sc.next, n+1)
	sc.known = grow(sc.known, n+1)
	bound, cost, next, known := sc.bound, sc.cost, sc.next, sc.known

	clear(bound)
	for i := 0; i < n; {
		bound[i] = true
		i = clusterEnd(codes, i)
	}
	bound[n] = true

	// Dynamic programming from the end: cost[i] is the cheapest way to
	// segment codes[i:]. A cost packs, most significant first, the number of
	// letters left unknown and the number of tokens, so a plain integer
	// comparison ranks segmentations by "fewest unknown letters, then fewest
	// tokens" – maximal matching that still prefers real words over a
	// shorter count of guessed ones.
	const tokenCost, unknownCost = 1, 1 << 32
	t := sg.trie
	cost[n] = 0
	for i := n - 1; i >= 0; i-- {
		if !bound[i] {
			continue
		}
		// Fallback: the cluster starting here as an unknown token.
		j := i + 1
		for !bound[j] {
			j++
		}
		best := cost[j] + tokenCost + uint64(j-i)*unknownCost
		bestEnd, isWord := int32(j), false
		// Every dictionary word starting here that ends on a boundary. Using
		// <= lets a later (longer) first word win a tie: among equally good
		// segmentations the one with the longest first word is taken, as a
		// reader scanning left to right would.
		cells := t.cells
		node := int32(trieRoot)
		for k := i; k < n; k++ {
			nx := cells[node].base + int32(codes[k])
			if uint(nx) >= uint(len(cells)) || cells[nx].check>>1 != node {
				break
			}
			node = nx
			if cells[node].check&1 != 0 && bound[k+1] {
				if c := cost[k+1] + tokenCost; c <= best {
					best, bestEnd, isWord = c, int32(k+1), true
				}
			}
		}
		cost[i], next[i], known[i] = best, bestEnd, isWord
	}

	for i := 0; i < n; {
		j := int(next[i])
		kind := KindThai
		if !known[i] {
			kind = KindUnknown
			for j < n && !known[j] {
				j = int(next[j]) // merge neighbouring unknown clusters
			}
		}
		dst = appendTok(dst, s, int(offs[i]), int(offs[j]), kind)
		i = j
	}
	// Keep buffers for ordinary text; one huge run should not pin tens of
	// megabytes in the pool.
	if n <= maxPooledRun {
		sg.scratch.Put(sc)
	}
	return dst
}

// maxPooledRun is the longest Thai run (in letters) whose scratch buffers are
// reused: about 1.2 MB of buffers, far beyond any report.
const maxPooledRun = 1 << 16

// grow returns buf resized to n elements, reusing its memory when it can.
// Callers overwrite every element they read, so stale values do no harm.
func grow[T any](buf []T, n int) []T {
	if cap(buf) >= n {
		return buf[:n]
	}
	return make([]T, n, n+n/2)
}

var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// isSpaceRune reports whether r separates words: Unicode white space plus the
// zero-width space and byte-order mark, which Thai writers and editors use as
// invisible word separators.
func isSpaceRune(r rune) bool {
	return unicode.IsSpace(r) || r == '\u200B' || r == '\uFEFF'
}

// scanSpace returns the end of the whitespace run that continues at s[i].
func scanSpace(s string, i int) int {
	for i < len(s) {
		if s[i] < utf8.RuneSelf {
			if !asciiSpace[s[i]] {
				break
			}
			i++
			continue
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		if !isSpaceRune(r) {
			break
		}
		i += w
	}
	return i
}

func isDigitByte(b byte) bool   { return '0' <= b && b <= '9' }
func isASCIILetter(b byte) bool { return 'a' <= b|0x20 && b|0x20 <= 'z' }
func isThaiDigit(r rune) bool   { return '๐' <= r && r <= '๙' }
func isAnyDigit(r rune) bool    { return '0' <= r && r <= '9' || isThaiDigit(r) }
func decodeAt(s string, i int) (rune, int) {
	if s[i] < utf8.RuneSelf {
		return rune(s[i]), 1
	}
	return utf8.DecodeRuneInString(s[i:])
}

// scanNumber returns the end of the number starting at s[i]: digits, where a
// single '.' or ',' between two digits continues the number (3.5, 1,000).
func scanNumber(s string, i int) int {
	for i < len(s) {
		r, w := decodeAt(s, i)
		if isAnyDigit(r) {
			i += w
			continue
		}
		if (r == '.' || r == ',') && i+1 < len(s) {
			if r2, _ := decodeAt(s, i+1); isAnyDigit(r2) {
				i++
				continue
			}
		}
		break
	}
	return i
}

// scanLatin returns the end of the non-Thai word starting at s[i]: letters,
// combining marks (accents) and digits.
func scanLatin(s string, i int) int {
	for i < len(s) {
		if b := s[i]; b < utf8.RuneSelf {
			if isASCIILetter(b) || isDigitByte(b) {
				i++
				continue
			}
			break
		}
		if thaiCode(s, i) != 0 {
			break
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		if isThaiDigit(r) || !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.In(r, unicode.Mn, unicode.Mc)) {
			break
		}
		i += w
	}
	return i
}

// scanOther returns the end of the symbol starting at s[i]. A symbol keeps
// what renders with it – variation selectors, combining marks, emoji skin
// tones, and zero-width-joined sequences – and a run of the same symbol
// ("!!!", "...", "555" is a number, not this) stays one token.
func scanOther(s string, i int) int {
	first, w := decodeAt(s, i)
	i += w
	for i < len(s) {
		r, w := decodeAt(s, i)
		switch {
		case r == first && r != utf8.RuneError:
			i += w
		case r == '\u200D': // zero-width joiner: take the joined rune too
			i += w
			if i < len(s) {
				_, w2 := decodeAt(s, i)
				i += w2
			}
		case '\uFE00' <= r && r <= '\uFE0F', '\U0001F3FB' <= r && r <= '\U0001F3FF',
			'\U000E0020' <= r && r <= '\U000E007F',
			r >= utf8.RuneSelf && thaiCode(s, i) == 0 && unicode.In(r, unicode.Mn, unicode.Me):
			i += w
		default:
			return i
		}
	}
	return i
}
