// Command gendict derives the word list embedded in package thai from the
// dictionary that Debian's libthai-data package installs as
// /usr/share/libthai/thbrk.tri (libthai's word-break dictionary, LGPL-2.1+).
//
// That file is a libdatrie double-array trie, not text, so this program walks
// the trie and prints every key: one word per line, sorted, with a short
// header of '#' comments saying where the words came from. The output is
// gzip-compressed deterministically (no name or time stamp in the header), so
// running it twice on the same input gives byte-identical files.
//
// Run it from package thai with
//
//	apt-get install libthai-data
//	go generate ./internal/thai
//
// Input format (libdatrie 0.2, all integers big-endian):
//
//	alpha map:   uint32 0xD9FCD9FC, int32 n, n × (int32 first, int32 last)
//	             Unicode ranges; trie symbol 0 ends a key, symbols 1, 2, …
//	             stand for the range members in order
//	double array: int32 0xDAFCDAFC, int32 cells, then (cells-1) × (int32 base,
//	             int32 check); the root is cell 2, a child of s on symbol c is
//	             base[s]+c when check[base[s]+c] == s, and a negative base
//	             points at tail block -base
//	tail:        uint32 0xDFFCDFFC, int32 first free, int32 n, n × (int32 next
//	             free, int32 data, int16 length, length bytes of symbols);
//	             blocks are numbered from 1, and a suffix stops at symbol 0
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"slices"
	"strings"
	"unicode/utf8"
)

func main() {
	in := flag.String("in", "/usr/share/libthai/thbrk.tri", "libdatrie trie file from libthai-data")
	out := flag.String("out", "dict/libthai.txt.gz", "gzip-compressed word list to write")
	changelog := flag.String("changelog", "/usr/share/doc/libthai-data/changelog.Debian.gz", "Debian changelog to read the package version from (optional)")
	flag.Parse()

	source := "Debian package libthai-data"
	if v := debianVersion(*changelog); v != "" {
		source += " " + v
	}
	source += " (" + *in + ")"

	raw, err := os.ReadFile(*in)
	if err != nil {
		log.Fatal(err)
	}
	words, err := readDatrie(raw)
	if err != nil {
		log.Fatalf("%s: %v", *in, err)
	}
	slices.Sort(words)
	words = slices.Compact(words)

	var text bytes.Buffer
	fmt.Fprintf(&text, "# Thai word list derived from %s\n", source)
	fmt.Fprintf(&text, "# by internal/thai/internal/gendict. LGPL-2.1-or-later: see NOTICE and LICENSE.LGPL-2.1.\n")
	fmt.Fprintf(&text, "# %d words, one per line.\n", len(words))
	for _, w := range words {
		text.WriteString(w)
		text.WriteByte('\n')
	}

	var gz bytes.Buffer
	zw, err := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	if err != nil {
		log.Fatal(err)
	}
	if _, err := zw.Write(text.Bytes()); err != nil {
		log.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, gz.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
	log.Printf("wrote %d words (%d bytes, %d compressed) to %s", len(words), text.Len(), gz.Len(), *out)
}

// debianVersion returns the version on the first line of a gzip-compressed
// Debian changelog ("libthai (0.1.29-1) unstable; …"), or "" if it cannot.
func debianVersion(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return ""
	}
	head := make([]byte, 200)
	n, _ := io.ReadFull(zr, head)
	line, _, _ := strings.Cut(string(head[:n]), "\n")
	_, rest, ok := strings.Cut(line, "(")
	v, _, ok2 := strings.Cut(rest, ")")
	if !ok || !ok2 {
		return ""
	}
	return v
}

const (
	alphaMagic = 0xD9FCD9FC
	arrayMagic = 0xDAFCDAFC
	tailMagic  = 0xDFFCDFFC
	rootCell   = 2
)

var errFormat = errors.New("not a libdatrie trie file")

// reader reads big-endian integers and remembers the first error.
type reader struct {
	b   []byte
	err error
}

func (r *reader) u32() uint32 {
	if r.err != nil || len(r.b) < 4 {
		r.err = firstErr(r.err, io.ErrUnexpectedEOF)
		return 0
	}
	v := binary.BigEndian.Uint32(r.b)
	r.b = r.b[4:]
	return v
}

func (r *reader) i32() int32 { return int32(r.u32()) }

func (r *reader) bytes(n int) []byte {
	if r.err != nil || n < 0 || len(r.b) < n {
		r.err = firstErr(r.err, io.ErrUnexpectedEOF)
		return nil
	}
	v := r.b[:n]
	r.b = r.b[n:]
	return v
}

func firstErr(old, next error) error {
	if old != nil {
		return old
	}
	return next
}

// readDatrie returns every key stored in a libdatrie file.
func readDatrie(raw []byte) ([]string, error) {
	r := &reader{b: raw}

	if r.u32() != alphaMagic {
		return nil, errFormat
	}
	var symbols []rune // symbols[c-1] is the character for trie symbol c
	for n := r.i32(); n > 0 && r.err == nil; n-- {
		first, last := r.i32(), r.i32()
		if last < first || last-first > 0x10FFFF {
			return nil, fmt.Errorf("%w: bad alphabet range", errFormat)
		}
		for c := first; c <= last; c++ {
			symbols = append(symbols, rune(c))
		}
	}
	if len(symbols) > 255 {
		return nil, fmt.Errorf("%w: alphabet too large", errFormat)
	}

	if r.u32() != arrayMagic {
		return nil, errFormat
	}
	cells := int(r.i32())
	if cells <= rootCell || cells > len(r.b)/8+1 {
		return nil, fmt.Errorf("%w: bad cell count", errFormat)
	}
	base := make([]int32, cells)
	check := make([]int32, cells)
	for i := 1; i < cells; i++ {
		base[i], check[i] = r.i32(), r.i32()
	}

	if r.u32() != tailMagic {
		return nil, errFormat
	}
	r.i32() // first free tail block: not needed to read
	nTails := int(r.i32())
	if nTails < 0 || nTails > len(r.b) {
		return nil, fmt.Errorf("%w: bad tail count", errFormat)
	}
	tails := make([][]byte, nTails)
	for i := range tails {
		r.i32() // next free
		r.i32() // data
		if len(r.b) < 2 {
			r.err = firstErr(r.err, io.ErrUnexpectedEOF)
			break
		}
		n := int(binary.BigEndian.Uint16(r.b))
		r.b = r.b[2:]
		tails[i] = r.bytes(n)
	}
	if r.err != nil {
		return nil, r.err
	}

	toRune := func(sym byte) (rune, error) {
		if sym == 0 || int(sym) > len(symbols) {
			return 0, fmt.Errorf("%w: symbol %d outside the alphabet", errFormat, sym)
		}
		return symbols[sym-1], nil
	}

	var words []string
	var walk func(s int32, prefix []byte) error
	walk = func(s int32, prefix []byte) error {
		for sym := 0; sym <= len(symbols); sym++ {
			next := base[s] + int32(sym)
			if next <= rootCell-1 || int(next) >= cells || check[next] != s {
				continue
			}
			key := slices.Clone(prefix)
			if sym != 0 {
				ch, err := toRune(byte(sym))
				if err != nil {
					return err
				}
				key = utf8.AppendRune(key, ch)
			}
			switch {
			case base[next] < 0: // the rest of the key lives in a tail block
				block := int(-base[next]) - 1
				if block >= len(tails) {
					return fmt.Errorf("%w: tail block %d out of range", errFormat, block+1)
				}
				for _, t := range tails[block] {
					if t == 0 {
						break
					}
					ch, err := toRune(t)
					if err != nil {
						return err
					}
					key = utf8.AppendRune(key, ch)
				}
				words = append(words, string(key))
			case sym == 0: // key terminator inside the double array
				words = append(words, string(key))
			default:
				if err := walk(next, key); err != nil {
					return err
				}
			}
		}
		return nil
	}
	if err := walk(rootCell, nil); err != nil {
		return nil, err
	}
	for i, w := range words {
		words[i] = strings.TrimSpace(w)
	}
	return words, nil
}
