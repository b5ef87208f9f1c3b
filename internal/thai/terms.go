package thai

import (
	"strings"
	"unicode/utf8"
)

// Terms returns the search terms of s using the default segmenter.
func Terms(s string) []string { return Default().Terms(s) }

// Terms returns the normalised search terms of s, in order: one per word
// token, with whitespace and punctuation dropped, Latin letters lower-cased,
// Thai digits turned into Arabic ones and thousands separators removed from
// numbers ("๑,๒๕๐" → "1250"), and Thai spelling variants repaired (see
// NormalizeThai). Indexing and querying through the same function is what
// lets a query for "น้ำท่วม ซอย 5" find "น้ำท่วมซอย๕" and "BTS" find "bts".
func (sg *Segmenter) Terms(s string) []string {
	var buf [64]Token // most queries and short texts fit without a heap slice
	toks := sg.AppendTokens(buf[:0], s)
	terms := make([]string, 0, len(toks))
	for _, t := range toks {
		if term := termOf(t); term != "" {
			terms = append(terms, term)
		}
	}
	return terms
}

// IndexText returns the search terms of s joined by single spaces: the form
// to store in a full-text column (FTS5, tsvector 'simple'), whose tokenizers
// split on spaces but cannot split Thai.
func (sg *Segmenter) IndexText(s string) string {
	return strings.Join(sg.Terms(s), " ")
}

// termOf returns the search term of one token, or "" when it has none.
func termOf(t Token) string {
	switch t.Kind {
	case KindThai, KindUnknown:
		return NormalizeThai(t.Text)
	case KindNumber:
		return normalizeNumber(t.Text)
	case KindLatin:
		return strings.ToLower(t.Text) // returns t.Text itself when already lower case
	}
	return ""
}

// normalizeNumber converts Thai digits and drops thousands separators,
// allocating only when something changes.
func normalizeNumber(s string) string {
	if strings.IndexByte(s, ',') < 0 && !hasThaiDigit(s) {
		return s
	}
	b := make([]byte, 0, len(s))
	for _, r := range s {
		switch {
		case r == ',':
		case isThaiDigit(r):
			b = append(b, byte('0'+r-'๐'))
		default:
			b = utf8.AppendRune(b, r)
		}
	}
	return string(b)
}
