package thai

import (
	"bytes"
	"slices"
)

// trie is a double-array trie over Thai codes: the child of node s on code c
// is node base[s]+c, and it exists when check[base[s]+c] == s. One addition
// and one comparison per letter, one flat array and no pointers: that is what
// lets the segmenter try every dictionary word at every cluster boundary and
// still run at tens of megabytes per second.
type trie struct {
	// Base and check of a node share one 8-byte cell, and the check also
	// carries the node's "is a word" flag in its low bit, so a step of a
	// walk reads one cell: the child's check and flag now, its base on the
	// next step. (The walk is bound by these reads; the default dictionary
	// packs into about 74,000 cells, 99.9% of them used.)
	cells []trieCell
}

type trieCell struct {
	base  int32
	check int32 // parent<<1 | isWord; negative for free cells and the root
}

// The root is node 0. It and the free cells have negative checks, which no
// walk can match because node numbers are never negative.
const trieRoot = 0

// child returns the node reached from s on code c, or -1.
func (t *trie) child(s int32, c uint8) int32 {
	n := t.cells[s].base + int32(c)
	if int(n) < len(t.cells) && t.cells[n].check>>1 == s {
		return n
	}
	return -1
}

// isWord reports whether the path to node s spells a dictionary word.
func (t *trie) isWord(s int32) bool { return s > trieRoot && t.cells[s].check&1 != 0 }

// contains reports whether the code sequence is a word in the trie.
func (t *trie) contains(codes []uint8) bool {
	s := int32(trieRoot)
	for _, c := range codes {
		if s = t.child(s, c); s < 0 {
			return false
		}
	}
	return t.isWord(s)
}

// buildTrie builds a trie from keys, which must be sorted and free of
// duplicates and empty keys.
func buildTrie(keys [][]uint8) *trie {
	b := &trieBuilder{}
	b.grow(1024)
	b.check[trieRoot] = -2
	b.unlink(trieRoot)
	b.insert(trieRoot, keys, 0)
	// Drop the unused tail but keep numCodes cells past the last node so a
	// leaf (base 0) or any base+code stays inside the array.
	last := 0
	for i := len(b.check) - 1; i >= 0; i-- {
		if b.check[i] != -1 {
			last = i
			break
		}
	}
	t := &trie{cells: make([]trieCell, max(last+1, numCodes))}
	for i := range t.cells {
		c := &t.cells[i]
		switch p := b.check[i]; {
		case i == trieRoot:
			c.base, c.check = b.base[i], -2
		case p >= 0:
			c.base, c.check = b.base[i], p<<1
			if b.term[i] {
				c.check |= 1
			}
		default:
			c.base, c.check = 0, -1
		}
	}
	return t
}

// trieBuilder places nodes in separate base/check/term arrays, which
// buildTrie then packs into cells.
type trieBuilder struct {
	base, check []int32 // check: parent, -1 for a free cell
	term        []bool
	// Free cells form a doubly linked list (nextFree/prevFree, with -1 as
	// the end), so finding room for a node's children skips occupied cells
	// instead of rescanning them: building the default dictionary then takes
	// milliseconds rather than seconds.
	nextFree, prevFree []int32
	headFree           int32
}

// grow extends the arrays to n cells, adding the new cells to the free list.
func (b *trieBuilder) grow(n int) {
	old := len(b.check)
	if n <= old {
		return
	}
	b.base = append(b.base, make([]int32, n-old)...)
	b.term = append(b.term, make([]bool, n-old)...)
	b.nextFree = append(b.nextFree, make([]int32, n-old)...)
	b.prevFree = append(b.prevFree, make([]int32, n-old)...)
	for i := old; i < n; i++ {
		b.check = append(b.check, -1)
		b.nextFree[i] = int32(i + 1)
		b.prevFree[i] = int32(i - 1)
	}
	b.nextFree[n-1] = -1
	// Link the new block after the current last free cell.
	tail := int32(-1)
	if old > 0 {
		for i := old - 1; i >= 0; i-- {
			if b.check[i] == -1 {
				tail = int32(i)
				break
			}
		}
	}
	b.prevFree[old] = tail
	if tail >= 0 {
		b.nextFree[tail] = int32(old)
	} else {
		b.headFree = int32(old)
	}
}

func (b *trieBuilder) unlink(i int32) {
	p, n := b.prevFree[i], b.nextFree[i]
	if p >= 0 {
		b.nextFree[p] = n
	} else {
		b.headFree = n
	}
	if n >= 0 {
		b.prevFree[n] = p
	}
}

// findBase returns a base such that base+l is free for every label l (sorted
// ascending), growing the arrays when needed.
func (b *trieBuilder) findBase(labels []uint8) int32 {
	first := int32(labels[0])
	for {
		for cell := b.headFree; cell >= 0; cell = b.nextFree[cell] {
			base := cell - first
			if base < 1 {
				continue
			}
			if int(base)+numCodes > len(b.check) {
				break // grow first so every label's cell exists
			}
			ok := true
			for _, l := range labels[1:] {
				if b.check[base+int32(l)] != -1 {
					ok = false
					break
				}
			}
			if ok {
				return base
			}
		}
		b.grow(len(b.check) * 2)
	}
}

// insert places the children of node s for keys[*][depth:] and recurses.
func (b *trieBuilder) insert(s int32, keys [][]uint8, depth int) {
	// Sorted keys put the one that ends here (if any) first.
	if len(keys) > 0 && len(keys[0]) == depth {
		b.term[s] = true
		keys = keys[1:]
	}
	if len(keys) == 0 {
		return
	}
	var labels []uint8
	for i, k := range keys {
		if i == 0 || k[depth] != keys[i-1][depth] {
			labels = append(labels, k[depth])
		}
	}
	base := b.findBase(labels)
	b.base[s] = base
	for _, l := range labels {
		n := base + int32(l)
		b.check[n] = s
		b.unlink(n)
	}
	// Recurse per label over the contiguous group of keys sharing it.
	for lo := 0; lo < len(keys); {
		l := keys[lo][depth]
		hi := lo + 1
		for hi < len(keys) && keys[hi][depth] == l {
			hi++
		}
		b.insert(base+int32(l), keys[lo:hi], depth+1)
		lo = hi
	}
}

// sortKeys sorts and de-duplicates keys in place and drops empty ones.
func sortKeys(keys [][]uint8) [][]uint8 {
	slices.SortFunc(keys, bytes.Compare)
	keys = slices.CompactFunc(keys, bytes.Equal)
	for len(keys) > 0 && len(keys[0]) == 0 {
		keys = keys[1:]
	}
	return keys
}
