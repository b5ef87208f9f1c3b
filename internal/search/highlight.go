package search

import (
	"strings"
	"unicode/utf8"

	"github.com/rongtook/rongtook/internal/thai"
)

// maxQueryTerms bounds the work one query can ask for.
const maxQueryTerms = 12

// QueryTerms returns the distinct search terms of a query, in order, at most 12: the words
// every found case must contain, split and normalised as the stored text was.
func QueryTerms(q string) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range thai.Default().Terms(q) {
		if !seen[t] && len(out) < maxQueryTerms {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// Span is a matched word in a text, as byte offsets [Start, End).
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Highlight returns where the terms occur in text as whole words, in order.
func Highlight(text string, terms []string) []Span {
	if len(terms) == 0 {
		return nil
	}
	want := make(map[string]bool, len(terms))
	for _, t := range terms {
		want[t] = true
	}
	var out []Span
	for _, tok := range thai.Default().Tokens(text) {
		if !tok.Kind.IsWord() {
			continue
		}
		ts := thai.Default().Terms(tok.Text)
		if len(ts) == 1 && want[ts[0]] {
			out = append(out, Span{tok.Start, tok.End})
		}
	}
	return out
}

// Snippet returns the part of text around the first span, at most about width runes, with
// every span inside it marked «like this»; the whole text (shortened) when there is none.
func Snippet(text string, spans []Span, width int) string {
	start, end := 0, len(text)
	if len(spans) > 0 {
		start = back(text, spans[0].Start, width/3)
	}
	end = forward(text, start, width)
	var b strings.Builder
	if start > 0 {
		b.WriteString("…")
	}
	at := start
	for _, s := range spans {
		if s.Start < start || s.End > end {
			continue
		}
		b.WriteString(text[at:s.Start])
		b.WriteString("«")
		b.WriteString(text[s.Start:s.End])
		b.WriteString("»")
		at = s.End
	}
	b.WriteString(text[at:end])
	if end < len(text) {
		b.WriteString("…")
	}
	return b.String()
}

// back moves n runes back from byte offset i.
func back(s string, i, n int) int {
	for ; n > 0 && i > 0; n-- {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
	}
	return i
}

// forward moves n runes forward from byte offset i.
func forward(s string, i, n int) int {
	for ; n > 0 && i < len(s); n-- {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return i
}
