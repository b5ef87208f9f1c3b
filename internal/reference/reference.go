// Package reference holds Bangkok's built-in reference data: districts, categories, case
// kinds, channels, units with their sections, and the default routing of category × district
// to a unit. It does no I/O beyond reading its own embedded tables.
package reference

import (
	"embed"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"sync"
)

//go:embed data/*.csv
var files embed.FS

// District is one of Bangkok's 50 districts (เขต), by its official code 1001–1050.
type District struct {
	Code   int    `json:"code"`
	NameTH string `json:"name_th"`
	NameEN string `json:"name_en"`
	// Centre is the centroid of the district's boundary (computed once from the official
	// district polygons), for maps and for placing cases that have only a district.
	Lat float64 `json:"lat"`
	Lon float64 `json:"lon"`
}

// Category is one of the 23 official complaint types (seed 004).
type Category struct {
	Code   int    `json:"code"`
	NameTH string `json:"name_th"`
	NameEN string `json:"name_en"`
}

// Named is a code with Thai and English names, for small closed lists.
type Named struct {
	Code   string `json:"code"`
	NameTH string `json:"name_th"`
	NameEN string `json:"name_en"`
}

// Data is the whole reference set, built once from the embedded tables.
type Data struct {
	Districts  []District
	Categories []Category
	Kinds      []Named
	Channels   []Named
	Units      []Unit
	Routing    []RoutingRule

	districtByCode map[int]District
	categoryByCode map[int]Category
	unitByCode     map[string]*Unit
}

var (
	loadOnce sync.Once
	loaded   *Data
	loadErr  error
)

// Load returns the built-in reference data. The result is immutable and shared.
func Load() (*Data, error) {
	loadOnce.Do(func() { loaded, loadErr = build() })
	return loaded, loadErr
}

// MustLoad is Load for program start-up and tests, where the embedded tables cannot be wrong
// without a failing build.
func MustLoad() *Data {
	d, err := Load()
	if err != nil {
		panic(err)
	}
	return d
}

func build() (*Data, error) {
	d := &Data{Kinds: kinds, Channels: channels}
	rows, err := readCSV("data/districts.csv")
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		code, err := strconv.Atoi(r[0])
		if err != nil {
			return nil, fmt.Errorf("districts.csv: code %q: %w", r[0], err)
		}
		d.Districts = append(d.Districts, District{Code: code, NameTH: r[1], NameEN: r[2]})
	}
	rows, err = readCSV("data/district_centres.csv")
	if err != nil {
		return nil, err
	}
	if len(rows) != len(d.Districts) {
		return nil, fmt.Errorf("district_centres.csv: %d rows for %d districts", len(rows), len(d.Districts))
	}
	for i, r := range rows {
		lat, err1 := strconv.ParseFloat(r[1], 64)
		lon, err2 := strconv.ParseFloat(r[2], 64)
		if r[0] != strconv.Itoa(d.Districts[i].Code) || err1 != nil || err2 != nil {
			return nil, fmt.Errorf("district_centres.csv: bad row %v", r)
		}
		d.Districts[i].Lat, d.Districts[i].Lon = lat, lon
	}
	rows, err = readCSV("data/categories.csv")
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		code, err := strconv.Atoi(r[0])
		if err != nil {
			return nil, fmt.Errorf("categories.csv: code %q: %w", r[0], err)
		}
		d.Categories = append(d.Categories, Category{Code: code, NameTH: r[1], NameEN: r[2]})
	}
	d.Units = buildUnits(d.Districts)
	d.Routing = defaultRouting()
	d.index()
	return d, nil
}

func (d *Data) index() {
	d.districtByCode = make(map[int]District, len(d.Districts))
	for _, x := range d.Districts {
		d.districtByCode[x.Code] = x
	}
	d.categoryByCode = make(map[int]Category, len(d.Categories))
	for _, x := range d.Categories {
		d.categoryByCode[x.Code] = x
	}
	d.unitByCode = make(map[string]*Unit, len(d.Units))
	for i := range d.Units {
		d.unitByCode[d.Units[i].Code] = &d.Units[i]
	}
}

func readCSV(name string) ([][]string, error) {
	f, err := files.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	if _, err := r.Read(); err != nil { // header
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	var out [][]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		out = append(out, rec)
	}
}

// District returns the district with the official code.
func (d *Data) District(code int) (District, bool) { x, ok := d.districtByCode[code]; return x, ok }

// Category returns the category with the code 1–23.
func (d *Data) Category(code int) (Category, bool) { x, ok := d.categoryByCode[code]; return x, ok }

// Unit returns the built-in unit with the code.
func (d *Data) Unit(code string) (Unit, bool) {
	u, ok := d.unitByCode[code]
	if !ok {
		return Unit{}, false
	}
	return *u, true
}

// ChannelTH is the Thai name of a channel, or the code when it is unknown.
func (d *Data) ChannelTH(code string) string {
	for _, n := range d.Channels {
		if n.Code == code {
			return n.NameTH
		}
	}
	return code
}

// CategoryTH is the Thai name of a category given as its code in text ("6"), as counts
// are keyed; "" when there is none.
func (d *Data) CategoryTH(code string) string {
	n, err := strconv.Atoi(code)
	if err != nil {
		return ""
	}
	c, _ := d.Category(n)
	return c.NameTH
}

// HasKind reports whether code is a known case kind.
func (d *Data) HasKind(code string) bool { return hasCode(d.Kinds, code) }

// HasChannel reports whether code is a known intake channel.
func (d *Data) HasChannel(code string) bool { return hasCode(d.Channels, code) }

func hasCode(list []Named, code string) bool {
	for _, n := range list {
		if n.Code == code {
			return true
		}
	}
	return false
}

var kinds = []Named{
	{"complaint", "ร้องเรียน/ร้องทุกข์", "Complaint"},
	{"inquiry", "สอบถาม", "Inquiry"},
	{"suggestion", "เสนอแนะ", "Suggestion"},
	{"compliment", "ชมเชย", "Compliment"},
}

var channels = []Named{
	{"hotline", "สายด่วน 1555", "Hotline 1555"},
	{"web", "เว็บไซต์", "Web form"},
	{"line", "LINE", "LINE Official Account"},
	{"facebook", "เฟซบุ๊ก", "Facebook page"},
	{"twitter", "สื่อสังคมออนไลน์", "Social media"},
	{"letter", "หนังสือ", "Letter"},
	{"walkin", "ติดต่อด้วยตนเอง", "Walk-in"},
	{"field_visit", "ผู้ว่าฯ สัญจร", "Governor's field visit"},
	{"agency", "หน่วยงานอื่น", "Other agency"},
	{"open311", "Open311", "Open311 API"},
	{"traffy", "Traffy Fondue", "Traffy Fondue app"},
}
