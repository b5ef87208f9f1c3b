package main

import (
	"bytes"
	"encoding/binary"
	"os"
	"slices"
	"testing"
)

// tinyTrie encodes, by hand, a libdatrie file holding ก, กข and คข over the
// alphabet ก ข ฃ ค (symbols 1–4): two keys end in the double array through a
// terminator cell, one in a tail block with a real suffix.
func tinyTrie() []byte {
	var b bytes.Buffer
	put := func(vs ...any) {
		for _, v := range vs {
			binary.Write(&b, binary.BigEndian, v)
		}
	}
	put(uint32(alphaMagic), int32(1), int32(0x0E01), int32(0x0E04)) // one range: ก–ค
	put(uint32(arrayMagic), int32(9))                               // cell 0: magic, cell count
	cells := [][2]int32{
		{-1, -1}, // 1: free-list head
		{2, 0},   // 2: root, children at 2+symbol
		{5, 2},   // 3: "ก", children at 5+symbol
		{0, -1},  // 4: free
		{-1, 3},  // 5: "ก" + terminator → tail block 1
		{-3, 2},  // 6: "ค" → tail block 3
		{-2, 3},  // 7: "กข" → tail block 2
		{0, -1},  // 8: free
	}
	for _, c := range cells {
		put(c[0], c[1])
	}
	put(uint32(tailMagic), int32(0), int32(3)) // first free, three blocks
	for _, suffix := range [][]byte{{0}, {0}, {2, 0}} {
		put(int32(-1), int32(0), int16(len(suffix)), suffix)
	}
	return b.Bytes()
}

func TestReadDatrie(t *testing.T) {
	words, err := readDatrie(tinyTrie())
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(words)
	if want := []string{"ก", "กข", "คข"}; !slices.Equal(words, want) {
		t.Errorf("got %q, want %q", words, want)
	}
}

func TestReadDatrieRejectsDamage(t *testing.T) {
	raw := tinyTrie()
	for n := range len(raw) {
		if _, err := readDatrie(raw[:n]); err == nil {
			t.Errorf("truncated to %d of %d bytes: no error", n, len(raw))
		}
	}
	bad := slices.Clone(raw)
	bad[0] = 0
	if _, err := readDatrie(bad); err == nil {
		t.Error("wrong magic number accepted")
	}
}

// TestInstalledDictionary reads the real file when libthai-data is installed
// (it is not needed to build or test rongtook, so its absence is no failure).
func TestInstalledDictionary(t *testing.T) {
	raw, err := os.ReadFile("/usr/share/libthai/thbrk.tri")
	if err != nil {
		t.Skip("libthai-data not installed:", err)
	}
	words, err := readDatrie(raw)
	if err != nil {
		t.Fatal(err)
	}
	if len(words) < 20000 || !slices.Contains(words, "ภาษา") || !slices.Contains(words, "ลาดพร้าว") {
		t.Errorf("%d words; expected common words missing", len(words))
	}
}
