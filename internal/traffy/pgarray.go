package traffy

import (
	"errors"
	"strings"
)

// parseTextArray parses a one-dimensional PostgreSQL text[] literal such as
// {ถนน,"ทาง เท้า",NULL}, the form in which Traffy exports the type column.
//
// It follows PostgreSQL's output rules: elements are separated by commas; an element is
// either bare (surrounding white space dropped, backslash escapes the next character) or
// double-quoted (backslash escapes, white space kept); a bare NULL is a null element,
// which is left out since a null type carries nothing. An empty cell is read like {},
// because the 2022 dump writes some untyped tickets that way. Nested arrays are rejected.
func parseTextArray(s string) ([]string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	if len(s) < 2 || s[0] != '{' || s[len(s)-1] != '}' {
		return nil, errors.New("not enclosed in { }")
	}
	body := s[1 : len(s)-1]
	if strings.TrimSpace(body) == "" {
		return nil, nil
	}
	// Most cells are a few plain words: take them without building strings byte by byte.
	if !strings.ContainsAny(body, "\"\\{} \t") {
		if strings.Contains(","+body+",", ",,") {
			return nil, errors.New("empty element")
		}
		elems := strings.Split(body, ",")
		out := elems[:0]
		for _, e := range elems {
			if !strings.EqualFold(e, "NULL") {
				out = append(out, e)
			}
		}
		return out, nil
	}

	var out []string
	var b strings.Builder
	i := 0
	for {
		for i < len(body) && isArraySpace(body[i]) {
			i++
		}
		b.Reset()
		quoted := i < len(body) && body[i] == '"'
		if quoted {
			i++
			closed := false
			for i < len(body) {
				c := body[i]
				i++
				if c == '\\' {
					if i == len(body) {
						return nil, errors.New("dangling backslash")
					}
					b.WriteByte(body[i])
					i++
					continue
				}
				if c == '"' {
					closed = true
					break
				}
				b.WriteByte(c)
			}
			if !closed {
				return nil, errors.New("unterminated quoted element")
			}
			for i < len(body) && isArraySpace(body[i]) {
				i++
			}
			out = append(out, b.String())
		} else {
			// Trailing white space of a bare element is dropped, but not white space that
			// was escaped, so remember where the last significant byte ended.
			keep, escaped := 0, false
			for i < len(body) && body[i] != ',' {
				c := body[i]
				i++
				switch c {
				case '{', '}':
					return nil, errors.New("nested arrays are not supported")
				case '"':
					return nil, errors.New("quote inside a bare element")
				case '\\':
					if i == len(body) {
						return nil, errors.New("dangling backslash")
					}
					b.WriteByte(body[i])
					i++
					keep, escaped = b.Len(), true
					continue
				}
				b.WriteByte(c)
				if !isArraySpace(c) {
					keep = b.Len()
				}
			}
			e := b.String()[:keep]
			switch {
			case keep == 0:
				return nil, errors.New("empty element")
			case strings.EqualFold(e, "NULL") && !escaped:
				// A bare NULL is SQL null; an escaped \NULL would be the word itself.
			default:
				out = append(out, e)
			}
		}
		if i == len(body) {
			return out, nil
		}
		if body[i] != ',' {
			return nil, errors.New("text after a quoted element")
		}
		i++
	}
}

func isArraySpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}
