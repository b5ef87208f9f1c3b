package thai

import (
	"math/rand/v2"
	"testing"
)

func TestTrieAgainstMap(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	// Random keys over a small alphabet make long shared prefixes, the case
	// where double-array placement collides most.
	randKey := func() []uint8 {
		k := make([]uint8, 1+rng.IntN(8))
		for i := range k {
			k[i] = uint8(1 + rng.IntN(6))
		}
		return k
	}
	in := map[string]bool{}
	var keys [][]uint8
	for range 3000 {
		k := randKey()
		in[string(k)] = true
		keys = append(keys, k)
	}
	keys = append(keys, []uint8{numCodes - 1}, []uint8{1}) // alphabet edges
	in[string([]uint8{numCodes - 1})], in[string([]uint8{1})] = true, true
	tr := buildTrie(sortKeys(keys))
	for k := range in {
		if !tr.contains([]uint8(k)) {
			t.Fatalf("inserted key %v not found", []uint8(k))
		}
	}
	for range 20000 {
		k := randKey()
		if got := tr.contains(k); got != in[string(k)] {
			t.Fatalf("contains(%v) = %v, want %v", k, got, in[string(k)])
		}
	}
	if tr.contains(nil) {
		t.Error("the empty key is never a word")
	}
}

func TestTrieEmpty(t *testing.T) {
	tr := buildTrie(nil)
	if tr.contains([]uint8{1}) || tr.child(trieRoot, numCodes-1) != -1 {
		t.Error("empty trie has a child")
	}
}
