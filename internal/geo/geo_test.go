package geo

import (
	"errors"
	"io/fs"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/rongtook/rongtook/internal/reference"
	"github.com/rongtook/rongtook/internal/sharedtest"
)

// squares is a hand-made collection: district 1 is the square 0–10 with a hole 4–6 in it,
// district 2 fills that hole (a Polygon, code as a number), district 3 is two separate
// unit squares far away (a MultiPolygon, code as a string), and its second feature, also
// code 3, adds a third square: features with one code merge.
const squares = `{"type":"FeatureCollection","features":[
 {"type":"Feature","properties":{"amp_code":1},"geometry":{"type":"Polygon","coordinates":[
   [[0,0],[10,0],[10,10],[0,10],[0,0]],
   [[4,4],[6,4],[6,6],[4,6],[4,4]]]}},
 {"type":"Feature","properties":{"amp_code":2},"geometry":{"type":"Polygon","coordinates":[
   [[4,4],[6,4],[6,6],[4,6]]]}},
 {"type":"Feature","properties":{"amp_code":"3"},"geometry":{"type":"MultiPolygon","coordinates":[
   [[[20,20],[21,20],[21,21],[20,21],[20,20]]],
   [[[30,30],[31,30],[31,31],[30,31],[30,30]]]]}},
 {"type":"Feature","properties":{"amp_code":"3"},"geometry":{"type":"Polygon","coordinates":[
   [[40,40],[41,40],[41,41],[40,41],[40,40]]]}}
]}`

func TestDistrictAtHandMade(t *testing.T) {
	ix, err := Load(strings.NewReader(squares))
	if err != nil {
		t.Fatal(err)
	}
	if got := ix.Codes(); !reflect.DeepEqual(got, []int{1, 2, 3}) {
		t.Errorf("Codes() = %v, want [1 2 3]", got)
	}
	tests := []struct {
		name     string
		lat, lon float64
		code     int // 0: in none
	}{
		{"inside the square", 2, 2, 1},
		{"inside near the top right", 9.9, 9.9, 1},
		{"in the hole: the other district", 5, 5, 2},
		{"between hole and edge", 5, 7, 1},
		{"beside the hole", 3.9, 5, 1},
		{"outside, left", 5, -1, 0},
		{"outside, above", 11, 5, 0},
		{"in the bounding box of 3 but in no polygon", 25, 25, 0},
		{"first part of the MultiPolygon", 20.5, 20.5, 3},
		{"second part of the MultiPolygon", 30.5, 30.5, 3},
		{"merged feature", 40.5, 40.5, 3},
		{"NaN", math.NaN(), 5, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, ok := ix.DistrictAt(tt.lat, tt.lon)
			if code != tt.code || ok != (tt.code != 0) {
				t.Errorf("DistrictAt(%v, %v) = %d, %v; want %d", tt.lat, tt.lon, code, ok, tt.code)
			}
		})
	}
}

func TestDistrictAtConcave(t *testing.T) {
	// A U shape: the notch between the arms is outside although inside the bounding box.
	const u = `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"amp_code":7},
	  "geometry":{"type":"Polygon","coordinates":[[[0,0],[3,0],[3,3],[2,3],[2,1],[1,1],[1,3],[0,3],[0,0]]]}}]}`
	ix, err := Load(strings.NewReader(u))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		lat, lon float64
		in       bool
	}{{0.5, 1.5, true}, {2, 0.5, true}, {2, 2.5, true}, {2, 1.5, false}, {2.9, 1.5, false}} {
		if _, ok := ix.DistrictAt(tt.lat, tt.lon); ok != tt.in {
			t.Errorf("DistrictAt(%v, %v) in = %v, want %v", tt.lat, tt.lon, ok, tt.in)
		}
	}
}

func TestLoadErrors(t *testing.T) {
	feature := func(props, geom string) string {
		return `{"type":"FeatureCollection","features":[{"type":"Feature","properties":` + props + `,"geometry":` + geom + `}]}`
	}
	const square = `{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}`
	tests := []struct{ name, input, mention string }{
		{"not JSON", "<kml/>", "not GeoJSON"},
		{"a single feature", `{"type":"Feature"}`, "FeatureCollection"},
		{"no features", `{"type":"FeatureCollection","features":[]}`, "no features"},
		{"no code", feature(`{"name":"x"}`, square), "amp_code"},
		{"code not a number", feature(`{"amp_code":"abc"}`, square), "amp_code"},
		{"code negative", feature(`{"amp_code":-3}`, square), "amp_code"},
		{"null geometry", feature(`{"amp_code":1}`, `null`), "no geometry"},
		{"point geometry", feature(`{"amp_code":1}`, `{"type":"Point","coordinates":[0,0]}`), "Point"},
		{"two positions", feature(`{"amp_code":1}`, `{"type":"Polygon","coordinates":[[[0,0],[1,1],[0,0]]]}`), "fewer than 3"},
		{"position with one number", feature(`{"amp_code":1}`, `{"type":"Polygon","coordinates":[[[0],[1,0],[1,1]]]}`), "not [lon, lat]"},
		{"no rings", feature(`{"amp_code":1}`, `{"type":"Polygon","coordinates":[]}`), "without rings"},
		{"empty multipolygon", feature(`{"amp_code":1}`, `{"type":"MultiPolygon","coordinates":[]}`), "empty"},
		{"bad nesting", feature(`{"amp_code":1}`, `{"type":"MultiPolygon","coordinates":[[0,0]]}`), "MultiPolygon coordinates"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix, err := Load(strings.NewReader(tt.input))
			if err == nil || !strings.Contains(err.Error(), tt.mention) {
				t.Errorf("Load() = %v, %v; want an error mentioning %q", ix, err, tt.mention)
			}
		})
	}
	if _, err := LoadFile("/nonexistent/districts.geojson"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("LoadFile of a missing file = %v, want a not-exist error", err)
	}
}

func TestDistance(t *testing.T) {
	tests := []struct {
		name                   string
		lat1, lon1, lat2, lon2 float64
		want, tolerance        float64 // metres
	}{
		{"same point", 13.75, 100.5, 13.75, 100.5, 0, 1e-9},
		// One minute of arc along a meridian is one nautical mile on the mean sphere:
		// 2πR/21600.
		{"one minute of latitude", 13.0, 100.5, 13.0 + 1.0/60, 100.5, 2 * math.Pi * EarthRadius / 21600, 0.01},
		{"quarter of the equator", 0, 0, 0, 90, math.Pi / 2 * EarthRadius, 0.01},
		{"antipodes", 0, 0, 0, 180, math.Pi * EarthRadius, 0.01},
		// Democracy Monument to the Grand Palace, about 1.5 km on a map.
		{"two Bangkok landmarks", 13.756603, 100.501897, 13.750012, 100.491289, 1360, 30},
		// Bangkok to Chiang Mai, about 580 km as the crow flies.
		{"Bangkok to Chiang Mai", 13.7563, 100.5018, 18.7883, 98.9853, 584_000, 5_000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Distance(tt.lat1, tt.lon1, tt.lat2, tt.lon2)
			if math.Abs(got-tt.want) > tt.tolerance {
				t.Errorf("Distance = %.3f m, want %.3f ± %.3f", got, tt.want, tt.tolerance)
			}
			if back := Distance(tt.lat2, tt.lon2, tt.lat1, tt.lon1); math.Abs(back-got) > 1e-6 {
				t.Errorf("not symmetric: %v vs %v", got, back)
			}
		})
	}
}

func loadBangkok(tb testing.TB) *Index {
	tb.Helper()
	ix, err := LoadFile(sharedtest.File(tb, "bangkok_districts_50.geojson"))
	if err != nil {
		tb.Fatal(err)
	}
	return ix
}

func TestBangkokDistricts(t *testing.T) {
	ix := loadBangkok(t)
	ref := reference.MustLoad()
	var want []int
	for _, d := range ref.Districts {
		want = append(want, d.Code)
	}
	if got := ix.Codes(); !reflect.DeepEqual(got, want) {
		t.Fatalf("codes loaded = %v, want the 50 reference districts", got)
	}
	for _, d := range ref.Districts {
		if code, ok := ix.DistrictAt(d.Lat, d.Lon); !ok || code != d.Code {
			t.Errorf("centre of %d %s (%v, %v) lies in %d (%v)", d.Code, d.NameEN, d.Lat, d.Lon, code, ok)
		}
	}
	for _, p := range []struct {
		name     string
		lat, lon float64
	}{
		{"Gulf of Thailand", 13.30, 100.50},
		{"Nonthaburi city hall", 13.8614, 100.5133},
		{"Samut Prakan city", 13.5990, 100.5998},
		{"Chiang Mai", 18.7883, 98.9853},
		{"null island", 0, 0},
	} {
		if code, ok := ix.DistrictAt(p.lat, p.lon); ok {
			t.Errorf("%s (%v, %v) placed in district %d", p.name, p.lat, p.lon, code)
		}
	}
	// Well-known places, as a check that lat and lon are not swapped somewhere.
	for _, p := range []struct {
		name     string
		lat, lon float64
		code     int
	}{
		{"Grand Palace", 13.7500, 100.4913, 1001},
		{"Siam Paragon", 13.7462, 100.5347, 1007},
		{"Chatuchak market", 13.7999, 100.5504, 1030},
		{"KMITL, Lat Krabang", 13.7299, 100.7757, 1011},
		{"Don Mueang airport", 13.9126, 100.6068, 1036},
	} {
		if code, ok := ix.DistrictAt(p.lat, p.lon); !ok || code != p.code {
			t.Errorf("%s placed in %d (%v), want %d", p.name, code, ok, p.code)
		}
	}
}

// TestBangkokLookupSpeed checks that the bounding-box prefilter pays off: 10,000 lookups of
// random points over the Bangkok area take a few milliseconds; a second would mean every
// polygon is being walked for every point.
func TestBangkokLookupSpeed(t *testing.T) {
	ix := loadBangkok(t)
	rng := rand.New(rand.NewPCG(1, 2))
	found := 0
	start := time.Now()
	for range 10_000 {
		if _, ok := ix.DistrictAt(13.49+rng.Float64()*0.47, 100.33+rng.Float64()*0.61); ok {
			found++
		}
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("10,000 lookups took %v", d)
	}
	// Bangkok fills roughly half of its bounding box.
	if found < 3_000 || found > 8_000 {
		t.Errorf("%d of 10,000 random points in the box fell in a district", found)
	}
}

func BenchmarkDistrictAt(b *testing.B) {
	ix := loadBangkok(b)
	rng := rand.New(rand.NewPCG(1, 2))
	for b.Loop() {
		ix.DistrictAt(13.49+rng.Float64()*0.47, 100.33+rng.Float64()*0.61)
	}
}
