package thai

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"embed"
	"io"
	"slices"
	"strings"
	"sync"
)

// The dictionary ships inside the binary ("one binary, zero setup"):
//
//   - dict/libthai.txt.gz: libthai-data's word-break dictionary, LGPL-2.1+,
//     regenerated with go generate (see gen.go and dict/NOTICE);
//   - dict/bangkok.txt: rongtook's own additions – the 50 district names,
//     subdistricts, roads, landmarks and the vocabulary of complaints – and,
//     on lines starting with "-", base words it removes.
//
//go:embed dict/libthai.txt.gz dict/bangkok.txt
var dictFS embed.FS

var (
	defaultOnce  sync.Once
	defaultWords []string
	defaultSeg   *Segmenter
)

func loadDefault() {
	defaultOnce.Do(func() {
		words, err := readEmbedded()
		if err != nil {
			// The files are compiled into the binary; failing to read them
			// is a build defect, not a runtime condition to handle.
			panic("thai: embedded dictionary: " + err.Error())
		}
		defaultWords = words
		defaultSeg = New(words)
	})
}

// Default returns the segmenter built from the embedded dictionary. It is
// built on first use (a few tens of milliseconds) and shared afterwards.
func Default() *Segmenter {
	loadDefault()
	return defaultSeg
}

// Words returns a copy of the embedded dictionary's word list, for building
// an extended segmenter with New.
func Words() []string {
	loadDefault()
	return append([]string(nil), defaultWords...)
}

func readEmbedded() ([]string, error) {
	f, err := dictFS.Open("dict/libthai.txt.gz")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	words, err := ReadWords(zr)
	if err != nil {
		return nil, err
	}
	local, err := dictFS.ReadFile("dict/bangkok.txt")
	if err != nil {
		return nil, err
	}
	more, err := ReadWords(bytes.NewReader(local))
	if err != nil {
		return nil, err
	}
	// "-word" in our list removes a base word that, in complaints, is far
	// more often two words (น้ำหน้า is "face", but "น้ำ|หน้า|บ้าน" is water in
	// front of the house) and would win by maximal matching.
	drop := make(map[string]bool)
	for _, w := range more {
		if rest, ok := strings.CutPrefix(w, "-"); ok {
			drop[rest] = true
		} else {
			words = append(words, w)
		}
	}
	return slices.DeleteFunc(words, func(w string) bool { return drop[w] }), nil
}

// ReadWords reads a word list: one word per line, blank lines and lines
// starting with '#' ignored, and anything after a '#' on a line treated as a
// comment. It is the format of the embedded files, so deployments can keep
// extra words in a file of their own.
func ReadWords(r io.Reader) ([]string, error) {
	var words []string
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "#")
		if w := strings.TrimSpace(line); w != "" {
			words = append(words, w)
		}
	}
	return words, sc.Err()
}
