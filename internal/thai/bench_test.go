package thai

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// benchParagraph stands in for the Traffy reports when the shared data is not
// there, so the benchmark always runs.
const benchParagraph = `ท่อระบายน้ำอุดตันหน้าซอยลาดพร้าว 101 ทำให้น้ำท่วมขังเวลาฝนตกหนัก ` +
	`รถมอเตอร์ไซค์ขับขึ้นฟุตบาทเป็นประจำ ทางเท้าชำรุดเป็นหลุมเป็นบ่อ อันตรายต่อคนเดินเท้า ` +
	`ไฟฟ้าส่องสว่างดับมาหลายวันแล้ว เสาไฟฟ้าเอียงใกล้ล้ม สายสื่อสารห้อยต่ำเกะกะ ` +
	`มีคนนำขยะมาทิ้งริมคลองแสนแสบส่งกลิ่นเหม็น กรุณาให้เจ้าหน้าที่เขตบางกะปิมาตรวจสอบและดำเนินการด่วนค่ะ ` +
	`ขอบคุณครับ BTS สถานีอโศก 1,250 บาท`

// benchTexts returns the comments of the Traffy sample (or copies of the
// paragraph above, about the same size) and their total length in bytes.
func benchTexts(b *testing.B) ([]string, int64) {
	b.Helper()
	dir := os.Getenv("RONGTOOK_SHARED_DATA")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "data")
	}
	var texts []string
	if reports, err := readReports(filepath.Join(dir, "traffy", "sample10k.csv")); err == nil {
		for _, r := range reports {
			texts = append(texts, r.comment)
		}
	} else {
		b.Logf("Traffy sample not available (%v): using the built-in paragraph", err)
		for range 3_000_000 / len(benchParagraph) {
			texts = append(texts, benchParagraph)
		}
	}
	var n int64
	for _, s := range texts {
		n += int64(len(s))
	}
	return texts, n
}

// BenchmarkSegment measures segmentation throughput on real reports, one
// Segment call per report as an indexer would make.
func BenchmarkSegment(b *testing.B) {
	texts, n := benchTexts(b)
	sg := Default()
	b.SetBytes(n)
	for b.Loop() {
		for _, s := range texts {
			sg.Segment(s)
		}
	}
}

// BenchmarkAppendTokens is the allocation-free path: one reused token slice.
func BenchmarkAppendTokens(b *testing.B) {
	texts, n := benchTexts(b)
	sg := Default()
	b.SetBytes(n)
	b.ReportAllocs()
	var dst []Token
	for b.Loop() {
		for _, s := range texts {
			dst = sg.AppendTokens(dst[:0], s)
		}
	}
}

func BenchmarkTerms(b *testing.B) {
	texts, n := benchTexts(b)
	sg := Default()
	b.SetBytes(n)
	for b.Loop() {
		for _, s := range texts {
			sg.Terms(s)
		}
	}
}

// BenchmarkNew is the one-off cost of building the default segmenter.
func BenchmarkNew(b *testing.B) {
	words := Words()
	b.ReportAllocs()
	for b.Loop() {
		New(words)
	}
}

func TestBenchParagraphIsThai(t *testing.T) {
	// Keep the fallback honest: it must be mostly dictionary Thai.
	var thai, unknown int
	for _, tk := range Default().Tokens(benchParagraph) {
		switch tk.Kind {
		case KindThai:
			thai += len(tk.Text)
		case KindUnknown:
			unknown += len(tk.Text)
		}
	}
	if thai < len(benchParagraph)*3/4 || unknown > 0 {
		t.Errorf("paragraph: %d Thai bytes, %d unknown, of %d: %s", thai, unknown, len(benchParagraph),
			strings.Join(Default().Segment(benchParagraph), "|"))
	}
}
