package search

import (
	"bytes"
	"compress/gzip"
	"encoding/gob"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"

	"github.com/rongtook/rongtook/internal/thai"
)

// ModelName is the name the category suggester is stored under.
const ModelName = "category_suggester"

// Example is one case the suggester learns from or is asked about.
type Example struct {
	Text         string   // description (and address)
	DistrictCode int      // 0 when unknown
	Lat, Lon     *float64 // the point, when known
	Category     int      // the answer, when learning
}

// Suggester predicts a case's category from its words and place: a multinomial logistic
// regression over the words of the Thai segmenter (single words and pairs), character
// n-grams (which catch misspellings and words the dictionary lacks) and the place (district
// and a grid of about 1 km and 5 km), trained by stochastic gradient descent with AdaGrad.
// Features are hashed into a fixed number of buckets, so the model's size does not grow
// with the vocabulary.
type Suggester struct {
	Version    int
	Bits       uint
	Categories []int       // class index → category code
	Weights    [][]float32 // class → bucket → weight
	Bias       []float32
	Trained    int // examples learned from
	// Districts maps a grid cell of about 1 km ("13.79,100.61") to the district most of the
	// cases learned from in it lie in: where a point is when no boundaries are at hand.
	Districts map[string]int
}

const suggesterVersion = 1

// TrainOptions tune training; the zero value uses good defaults.
type TrainOptions struct {
	Bits   uint    // log2 of the number of feature buckets (default 18)
	Epochs int     // passes over the data (default 6)
	Rate   float64 // AdaGrad learning rate (default 0.2)
	L2     float64 // weight decay per example (default 1e-6)
	Seed   uint64  // shuffling seed
}

// feature is a hashed bucket and its value.
type feature struct {
	idx uint32
	val float32
}

// Features returns the hashed, L2-normalised feature vector of an example.
func features(ex Example, bits uint) []feature {
	mask := uint32(1)<<bits - 1
	counts := map[uint32]float32{}
	add := func(kind byte, s string, w float32) {
		h := fnv.New32a()
		h.Write([]byte{kind})
		h.Write([]byte(s))
		counts[h.Sum32()&mask] += w
	}
	terms := thai.Default().Terms(ex.Text)
	prev := ""
	for _, t := range terms {
		add('w', t, 1)
		if prev != "" {
			add('b', prev+" "+t, 1)
		}
		prev = t
	}
	// Character n-grams over the terms run together, so that they cross word boundaries the
	// segmenter may have drawn wrongly.
	runes := []rune(strings.Join(terms, ""))
	for n := 2; n <= 4; n++ {
		for i := 0; i+n <= len(runes); i++ {
			add(byte('0'+n), string(runes[i:i+n]), 0.5)
		}
	}
	out := make([]feature, 0, len(counts)+4)
	norm := 0.0
	for idx, c := range counts {
		v := float32(1 + math.Log(float64(c)+1))
		if c < 1 {
			v = c * 1.5
		}
		out = append(out, feature{idx, v})
		norm += float64(v * v)
	}
	if norm > 0 {
		inv := float32(1 / math.Sqrt(norm))
		for i := range out {
			out[i].val *= inv
		}
	}
	// Place: features of their own, outside the text's normalisation.
	place := func(s string) {
		h := fnv.New32a()
		h.Write([]byte{'p'})
		h.Write([]byte(s))
		out = append(out, feature{h.Sum32() & mask, 0.3})
	}
	if ex.DistrictCode != 0 {
		place("d" + strconv.Itoa(ex.DistrictCode))
	}
	if ex.Lat != nil && ex.Lon != nil {
		place("g" + cell(*ex.Lat, *ex.Lon))
		place(fmt.Sprintf("G%.1f,%.1f", math.Round(*ex.Lat*20)/20, math.Round(*ex.Lon*20)/20))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].idx < out[j].idx })
	return out
}

// Train learns a suggester from examples.
func Train(examples []Example, opt TrainOptions) (*Suggester, error) {
	if opt.Bits == 0 {
		opt.Bits = 18
	}
	if opt.Epochs == 0 {
		opt.Epochs = 6
	}
	if opt.Rate == 0 {
		opt.Rate = 0.2
	}
	if opt.L2 == 0 {
		opt.L2 = 1e-6
	}
	classOf := map[int]int{}
	var cats []int
	for _, ex := range examples {
		if _, ok := classOf[ex.Category]; !ok {
			classOf[ex.Category] = len(cats)
			cats = append(cats, ex.Category)
		}
	}
	if len(cats) < 2 {
		return nil, errors.New("need examples of at least two categories to learn from")
	}
	// Stable class order: by category code.
	sort.Ints(cats)
	for i, c := range cats {
		classOf[c] = i
	}
	k, size := len(cats), 1<<opt.Bits
	s := &Suggester{Version: suggesterVersion, Bits: opt.Bits, Categories: cats, Bias: make([]float32, k), Trained: len(examples),
		Districts: learnDistricts(examples)}
	s.Weights = make([][]float32, k)
	grad2 := make([][]float32, k)
	for c := range k {
		s.Weights[c] = make([]float32, size)
		grad2[c] = make([]float32, size)
	}
	biasG2 := make([]float32, k)
	xs := make([][]feature, len(examples))
	ys := make([]int, len(examples))
	for i, ex := range examples {
		xs[i] = features(ex, opt.Bits)
		ys[i] = classOf[ex.Category]
	}
	order := make([]int, len(examples))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(opt.Seed, 0x5eed))
	probs := make([]float64, k)
	rate := float32(opt.Rate)
	for range opt.Epochs {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, i := range order {
			x, y := xs[i], ys[i]
			s.scores(x, probs)
			softmax(probs)
			for c := range k {
				g := float32(probs[c])
				if c == y {
					g--
				}
				if g > -1e-4 && g < 1e-4 {
					continue
				}
				w, g2 := s.Weights[c], grad2[c]
				for _, f := range x {
					gi := g*f.val + float32(opt.L2)*w[f.idx]
					g2[f.idx] += gi * gi
					w[f.idx] -= rate * gi / float32(math.Sqrt(float64(g2[f.idx]))+1e-6)
				}
				biasG2[c] += g * g
				s.Bias[c] -= rate * g / float32(math.Sqrt(float64(biasG2[c]))+1e-6)
			}
		}
	}
	return s, nil
}

// cell names the grid cell of about 1 km of a point.
func cell(lat, lon float64) string { return fmt.Sprintf("%.2f,%.2f", lat, lon) }

func learnDistricts(exs []Example) map[string]int {
	votes := map[string]map[int]int{}
	for _, ex := range exs {
		if ex.Lat == nil || ex.Lon == nil || ex.DistrictCode == 0 {
			continue
		}
		c := cell(*ex.Lat, *ex.Lon)
		if votes[c] == nil {
			votes[c] = map[int]int{}
		}
		votes[c][ex.DistrictCode]++
	}
	out := make(map[string]int, len(votes))
	for c, v := range votes {
		best, n := 0, 0
		for d, k := range v {
			if k > n || (k == n && d < best) {
				best, n = d, k
			}
		}
		out[c] = best
	}
	return out
}

// DistrictAt guesses the district of a point from the cases learned from: the district of
// most of them in its grid cell, or in the nearest cells around it.
func (s *Suggester) DistrictAt(lat, lon float64) (int, bool) {
	for r := 0; r <= 2; r++ {
		votes := map[int]int{}
		for i := -r; i <= r; i++ {
			for j := -r; j <= r; j++ {
				if d, ok := s.Districts[cell(lat+float64(i)*0.01, lon+float64(j)*0.01)]; ok {
					votes[d]++
				}
			}
		}
		best, n := 0, 0
		for d, k := range votes {
			if k > n || (k == n && d < best) {
				best, n = d, k
			}
		}
		if n > 0 {
			return best, true
		}
	}
	return 0, false
}

func (s *Suggester) scores(x []feature, out []float64) {
	for c, w := range s.Weights {
		sum := float64(s.Bias[c])
		for _, f := range x {
			sum += float64(w[f.idx] * f.val)
		}
		out[c] = sum
	}
}

func softmax(v []float64) {
	m := math.Inf(-1)
	for _, x := range v {
		m = max(m, x)
	}
	sum := 0.0
	for i, x := range v {
		v[i] = math.Exp(x - m)
		sum += v[i]
	}
	for i := range v {
		v[i] /= sum
	}
}

// Scored is a category with its probability.
type Scored struct {
	Category int
	Score    float64
}

// Suggest returns the n most likely categories, most likely first.
func (s *Suggester) Suggest(ex Example, n int) []Scored {
	probs := make([]float64, len(s.Categories))
	s.scores(features(ex, s.Bits), probs)
	softmax(probs)
	out := make([]Scored, len(probs))
	for i, p := range probs {
		out[i] = Scored{s.Categories[i], p}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Category < out[j].Category
	})
	if n > 0 && len(out) > n {
		out = out[:n]
	}
	return out
}

// Marshal encodes the model for storage (gzip of gob; weights that are zero cost little).
func (s *Suggester) Marshal() ([]byte, error) {
	var b bytes.Buffer
	zw, err := gzip.NewWriterLevel(&b, gzip.BestSpeed)
	if err != nil {
		return nil, err
	}
	if err := gob.NewEncoder(zw).Encode(s); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Unmarshal decodes a stored model.
func Unmarshal(data []byte) (*Suggester, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("model: %w", err)
	}
	var s Suggester
	if err := gob.NewDecoder(zr).Decode(&s); err != nil {
		return nil, fmt.Errorf("model: %w", err)
	}
	if s.Version != suggesterVersion || len(s.Weights) != len(s.Categories) || len(s.Bias) != len(s.Categories) {
		return nil, fmt.Errorf("model: version %d with %d classes is not one this build reads", s.Version, len(s.Categories))
	}
	for _, w := range s.Weights {
		if len(w) != 1<<s.Bits {
			return nil, errors.New("model: weights of the wrong size")
		}
	}
	return &s, nil
}

// Accuracy is how often the right category is first, and among the first three.
type Accuracy struct {
	N    int     `json:"n"`
	Top1 float64 `json:"top1"`
	Top3 float64 `json:"top3"`
}

// Evaluate measures the suggester on examples it has not learned from.
func (s *Suggester) Evaluate(test []Example) Accuracy {
	a := Accuracy{N: len(test)}
	if len(test) == 0 {
		return a
	}
	t1, t3 := 0, 0
	for _, ex := range test {
		for i, sc := range s.Suggest(ex, 3) {
			if sc.Category == ex.Category {
				if i == 0 {
					t1++
				}
				t3++
			}
		}
	}
	a.Top1 = float64(t1) / float64(len(test))
	a.Top3 = float64(t3) / float64(len(test))
	return a
}
