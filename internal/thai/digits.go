package thai

import "strings"

// ToThaiDigits returns s with the Arabic digits 0–9 replaced by the Thai
// digits ๐–๙, as official Thai documents print them. Other characters are
// unchanged; a string with no Arabic digit is returned without allocating.
func ToThaiDigits(s string) string {
	if strings.IndexFunc(s, func(r rune) bool { return '0' <= r && r <= '9' }) < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 2*countASCIIDigits(s))
	for i := 0; i < len(s); i++ {
		if c := s[i]; '0' <= c && c <= '9' {
			b.WriteRune('๐' + rune(c-'0'))
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// ToArabicDigits returns s with the Thai digits ๐–๙ replaced by 0–9, so
// numbers typed either way compare, sort and parse (strconv) alike. A string
// with no Thai digit is returned without allocating.
func ToArabicDigits(s string) string {
	if !hasThaiDigit(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if isThaiDigit(r) {
			b.WriteByte(byte('0' + r - '๐'))
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// hasThaiDigit reports whether s contains one of ๐–๙ (U+0E50–U+0E59, encoded
// E0 B9 90–99), scanning bytes rather than decoding runes.
func hasThaiDigit(s string) bool {
	for i := 0; i+2 < len(s); i++ {
		if s[i] == 0xE0 && s[i+1] == 0xB9 && 0x90 <= s[i+2] && s[i+2] <= 0x99 {
			return true
		}
	}
	return false
}

func countASCIIDigits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if '0' <= s[i] && s[i] <= '9' {
			n++
		}
	}
	return n
}
