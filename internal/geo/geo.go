// Package geo places points in Bangkok's districts and measures distances on the ground.
//
// District boundaries are read at run time from a GeoJSON FeatureCollection (the official
// district polygons, each feature carrying its district code in the property amp_code);
// the data is never compiled in, so a boundary update is a file swap. An [Index] answers
// "which district is this point in" with an even-odd point-in-polygon test that honours
// holes, after a bounding-box prefilter that leaves one or two candidate polygons of the
// fifty, so lookups cost a few microseconds.
//
// Coordinates are WGS 84 degrees. Functions take (lat, lon), the order people say them;
// GeoJSON stores (lon, lat), which only [Load] deals with.
package geo

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
)

// CodeProperty is the feature property that holds a district's official code (1001–1050
// for Bangkok), as in the Royal Thai Survey's amphoe layer.
const CodeProperty = "amp_code"

// Index holds district boundaries and finds the district a point lies in. It is immutable
// after [Load] and safe for concurrent use.
type Index struct {
	districts []district // sorted by code, so that a point on a shared border gets a stable answer
}

type district struct {
	code  int
	box   box
	polys []polygon
}

// polygon is one GeoJSON polygon: rings[0] is the outer boundary, the others are holes.
type polygon struct {
	box   box
	rings [][]point
}

type point struct{ lon, lat float64 }

// box is a bounding box in degrees.
type box struct{ minLon, minLat, maxLon, maxLat float64 }

func emptyBox() box { return box{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)} }

func (b *box) extend(o box) {
	b.minLon, b.minLat = min(b.minLon, o.minLon), min(b.minLat, o.minLat)
	b.maxLon, b.maxLat = max(b.maxLon, o.maxLon), max(b.maxLat, o.maxLat)
}

func (b box) contains(p point) bool {
	return p.lon >= b.minLon && p.lon <= b.maxLon && p.lat >= b.minLat && p.lat <= b.maxLat
}

// LoadFile reads district boundaries from a GeoJSON file; see [Load].
func LoadFile(path string) (*Index, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("geo: %w", err)
	}
	defer f.Close()
	ix, err := Load(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return ix, nil
}

// geoJSON is the part of a FeatureCollection that Load reads.
type geoJSON struct {
	Type     string `json:"type"`
	Features []struct {
		Properties map[string]json.RawMessage `json:"properties"`
		Geometry   *struct {
			Type        string          `json:"type"`
			Coordinates json.RawMessage `json:"coordinates"`
		} `json:"geometry"`
	} `json:"features"`
}

// Load reads district boundaries from a GeoJSON FeatureCollection. Each feature must carry
// its district code in the property amp_code (a number or a string of digits) and a
// Polygon or MultiPolygon geometry; features with the same code are merged. Rings need not
// repeat their first position at the end. The error names the feature at fault.
func Load(r io.Reader) (*Index, error) {
	var doc geoJSON
	if err := json.NewDecoder(r).Decode(&doc); err != nil {
		return nil, fmt.Errorf("geo: not GeoJSON: %w", err)
	}
	if doc.Type != "FeatureCollection" {
		return nil, fmt.Errorf("geo: want a FeatureCollection, got %q", doc.Type)
	}
	byCode := map[int]*district{}
	for i, f := range doc.Features {
		code, err := featureCode(f.Properties)
		if err != nil {
			return nil, fmt.Errorf("geo: feature %d: %w", i, err)
		}
		if f.Geometry == nil {
			return nil, fmt.Errorf("geo: feature %d (%s %d): no geometry", i, CodeProperty, code)
		}
		polys, err := parseGeometry(f.Geometry.Type, f.Geometry.Coordinates)
		if err != nil {
			return nil, fmt.Errorf("geo: feature %d (%s %d): %w", i, CodeProperty, code, err)
		}
		d := byCode[code]
		if d == nil {
			d = &district{code: code, box: emptyBox()}
			byCode[code] = d
		}
		for _, p := range polys {
			d.box.extend(p.box)
		}
		d.polys = append(d.polys, polys...)
	}
	if len(byCode) == 0 {
		return nil, errors.New("geo: the collection has no features")
	}
	ix := &Index{districts: make([]district, 0, len(byCode))}
	for _, d := range byCode {
		ix.districts = append(ix.districts, *d)
	}
	slices.SortFunc(ix.districts, func(a, b district) int { return a.code - b.code })
	return ix, nil
}

func featureCode(props map[string]json.RawMessage) (int, error) {
	raw, ok := props[CodeProperty]
	if !ok {
		return 0, fmt.Errorf("no %s property", CodeProperty)
	}
	// Shapefile conversions write the code as a string ("1042"); hand-made files often as
	// a number. Both mean the same.
	s := strings.Trim(string(bytes.TrimSpace(raw)), `"`)
	code, err := strconv.Atoi(s)
	if err != nil || code <= 0 {
		return 0, fmt.Errorf("%s %s is not a positive whole number", CodeProperty, raw)
	}
	return code, nil
}

func parseGeometry(typ string, coords json.RawMessage) ([]polygon, error) {
	switch typ {
	case "Polygon":
		var rings [][][]float64
		if err := json.Unmarshal(coords, &rings); err != nil {
			return nil, fmt.Errorf("Polygon coordinates: %w", err)
		}
		p, err := newPolygon(rings)
		if err != nil {
			return nil, err
		}
		return []polygon{p}, nil
	case "MultiPolygon":
		var multi [][][][]float64
		if err := json.Unmarshal(coords, &multi); err != nil {
			return nil, fmt.Errorf("MultiPolygon coordinates: %w", err)
		}
		if len(multi) == 0 {
			return nil, errors.New("empty MultiPolygon")
		}
		out := make([]polygon, 0, len(multi))
		for i, rings := range multi {
			p, err := newPolygon(rings)
			if err != nil {
				return nil, fmt.Errorf("polygon %d: %w", i, err)
			}
			out = append(out, p)
		}
		return out, nil
	}
	return nil, fmt.Errorf("geometry %q is not a Polygon or MultiPolygon", typ)
}

func newPolygon(rings [][][]float64) (polygon, error) {
	if len(rings) == 0 {
		return polygon{}, errors.New("polygon without rings")
	}
	p := polygon{box: emptyBox(), rings: make([][]point, 0, len(rings))}
	for i, ring := range rings {
		pts := make([]point, 0, len(ring))
		for _, pos := range ring {
			if len(pos) < 2 || math.IsNaN(pos[0]+pos[1]) || math.IsInf(pos[0]+pos[1], 0) {
				return polygon{}, fmt.Errorf("ring %d: position %v is not [lon, lat]", i, pos)
			}
			pts = append(pts, point{lon: pos[0], lat: pos[1]})
		}
		// The closing position repeats the first; the edge walk below closes the ring
		// itself, so drop it to save an empty edge.
		if n := len(pts); n > 1 && pts[0] == pts[n-1] {
			pts = pts[:n-1]
		}
		if len(pts) < 3 {
			return polygon{}, fmt.Errorf("ring %d has fewer than 3 distinct positions", i)
		}
		if i == 0 {
			for _, q := range pts {
				p.box.extend(box{q.lon, q.lat, q.lon, q.lat})
			}
		}
		p.rings = append(p.rings, pts)
	}
	return p, nil
}

// DistrictAt returns the code of the district that contains the point, and false when the
// point lies in none of them (or is NaN). A point exactly on a border shared by two
// districts may be given to either, but always to the same one.
func (ix *Index) DistrictAt(lat, lon float64) (code int, ok bool) {
	p := point{lon: lon, lat: lat}
	for i := range ix.districts {
		d := &ix.districts[i]
		if !d.box.contains(p) {
			continue
		}
		for j := range d.polys {
			if d.polys[j].contains(p) {
				return d.code, true
			}
		}
	}
	return 0, false
}

// Codes returns the district codes loaded, in ascending order.
func (ix *Index) Codes() []int {
	out := make([]int, len(ix.districts))
	for i, d := range ix.districts {
		out[i] = d.code
	}
	return out
}

// contains applies the even-odd rule over all rings: a point inside the outer ring and
// inside one hole crosses an even number of edges in total, so holes need no special case.
func (pg *polygon) contains(p point) bool {
	if !pg.box.contains(p) {
		return false
	}
	in := false
	for _, ring := range pg.rings {
		if ringCrossings(ring, p) {
			in = !in
		}
	}
	return in
}

// ringCrossings reports whether a ray from p towards +lon crosses the ring an odd number of
// times (W. R. Franklin's PNPOLY test). Degrees are used as plane coordinates: at district
// scale, a few kilometres, the error is far below the precision of the boundaries.
func ringCrossings(ring []point, p point) bool {
	odd := false
	j := len(ring) - 1
	for i := range ring {
		a, b := ring[i], ring[j]
		if (a.lat > p.lat) != (b.lat > p.lat) &&
			p.lon < (b.lon-a.lon)*(p.lat-a.lat)/(b.lat-a.lat)+a.lon {
			odd = !odd
		}
		j = i
	}
	return odd
}

// EarthRadius is the mean radius of the Earth in metres (IUGG), used by [Distance].
const EarthRadius = 6371008.8

// Distance returns the great-circle distance in metres between two points, by the
// haversine formula. On a sphere of mean radius it is within 0.5% of the true ellipsoidal
// distance, which is ample for "is this report near that one".
func Distance(lat1, lon1, lat2, lon2 float64) float64 {
	const rad = math.Pi / 180
	sinLat := math.Sin((lat2 - lat1) * rad / 2)
	sinLon := math.Sin((lon2 - lon1) * rad / 2)
	h := sinLat*sinLat + math.Cos(lat1*rad)*math.Cos(lat2*rad)*sinLon*sinLon
	return 2 * EarthRadius * math.Asin(math.Sqrt(min(h, 1)))
}
