// Package search holds what rongtook learns and compares about the text and place of cases:
// the duplicate finder's rules and scoring, and the category suggester. It does no I/O; the
// store finds the candidates (internal/store Searcher) and the application wires the two.
package search

import (
	"math"
	"sort"
	"time"

	"github.com/rongtook/rongtook/internal/cases"
	"github.com/rongtook/rongtook/internal/geo"
	"github.com/rongtook/rongtook/internal/thai"
)

// Rule is how far apart and how long apart two reports of one category can be and still be
// the same problem.
type Rule struct {
	Radius float64       // metres; 0: the category is not about a place
	Window time.Duration // how far back open cases are looked at
}

const day = 24 * time.Hour

// rules by category (DOMAIN.md §3). A pothole is one spot; a flooded soi is a street; smoke
// or a smell carries further. Categories about people rather than places have no radius:
// only the citizen's own open cases are offered.
var rules = map[int]Rule{
	1:  {150, 60 * day}, // nuisance
	2:  {100, 90 * day}, // offences in public places
	3:  {200, 30 * day}, // traffic
	4:  {100, 30 * day}, // garbage
	5:  {100, 90 * day}, // drains
	6:  {50, 90 * day},  // roads
	7:  {50, 90 * day},  // street lights
	8:  {300, 14 * day}, // flooding
	9:  {50, 90 * day},  // trees and parks
	10: {50, 180 * day}, // buildings
	11: {300, 90 * day}, // canals
	12: {50, 90 * day},  // footpaths
	13: {100, 90 * day}, // bridges
	14: {50, 90 * day},  // bus shelters
	15: {150, 30 * day}, // water supply
	16: {50, 90 * day},  // telephone
	18: {500, 30 * day}, // pollution
	22: {100, 2 * day},  // emergencies
	23: {100, 60 * day}, // other
	17: {0, 180 * day},  // personnel
	19: {0, 180 * day},  // drugs
	20: {0, 180 * day},  // consumer protection
	21: {0, 180 * day},  // domestic violence
}

// RuleFor returns the rule of a category.
func RuleFor(category int) Rule {
	if r, ok := rules[category]; ok {
		return r
	}
	return Rule{Radius: 100, Window: 60 * day}
}

// related lists categories citizens confuse with each other for one problem: a broken
// footpath reported as a road, a blocked drain as a flood.
var related = map[int][]int{
	5:  {8, 6},
	6:  {12, 13, 5},
	8:  {5, 11},
	11: {8},
	12: {6},
	13: {6},
	7:  {16},
	16: {7},
	1:  {18},
	18: {1},
	2:  {12},
	4:  {1},
}

// Categories returns the category and those related to it.
func Categories(category int) []int {
	return append([]int{category}, related[category]...)
}

// Report is what is known of a new report at intake.
type Report struct {
	CategoryCode int
	Description  string
	Address      string
	Lat, Lon     *float64
	CitizenID    int64
}

// Candidate is an open case that may be the same problem as the report, with a score from
// 0 to 1 and the reasons for it.
type Candidate struct {
	Case     cases.Case
	Score    float64
	Distance *float64 // metres, when both have a point
	Reasons  []string // same_citizen, same_category, related_category, nearby, similar_text, recent
}

// Reasons a candidate is offered.
const (
	ReasonSameCitizen     = "same_citizen"
	ReasonSameCategory    = "same_category"
	ReasonRelatedCategory = "related_category"
	ReasonNearby          = "nearby"
	ReasonSimilarText     = "similar_text"
)

// Box returns the latitude and longitude range within radius metres of a point: the
// prefilter an index answers before distances are computed exactly.
func Box(lat, lon, radius float64) (minLat, maxLat, minLon, maxLon float64) {
	dLat := radius / geo.EarthRadius * 180 / math.Pi
	dLon := dLat / math.Cos(lat*math.Pi/180)
	return lat - dLat, lat + dLat, lon - dLon, lon + dLon
}

// MaxRadius is the largest radius of a category and those related to it: the box the store
// is asked for.
func MaxRadius(category int) float64 {
	r := 0.0
	for _, c := range Categories(category) {
		r = max(r, RuleFor(c).Radius)
	}
	return r
}

// Terms returns the set of search terms of a text worth comparing: words of more than one
// character.
func Terms(text string) map[string]bool {
	out := map[string]bool{}
	for _, t := range thai.Default().Terms(text) {
		if len([]rune(t)) > 1 {
			out[t] = true
		}
	}
	return out
}

// TermsOf splits stored search text (space-separated terms) into a set.
func TermsOf(indexText string) map[string]bool {
	out := map[string]bool{}
	start := 0
	for i := 0; i <= len(indexText); i++ {
		if i == len(indexText) || indexText[i] == ' ' {
			if t := indexText[start:i]; len([]rune(t)) > 1 {
				out[t] = true
			}
			start = i + 1
		}
	}
	return out
}

// Similarity is the overlap coefficient of two term sets: the share of the smaller set's
// terms found in the other (a short second report inside a longer first one scores high).
func Similarity(a, b map[string]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	n := 0
	for t := range a {
		if b[t] {
			n++
		}
	}
	return float64(n) / float64(len(a))
}

// Score rates an open case against the report. ok is false when the case is not a
// candidate at all: another category, too far, or too old, and not the same citizen's.
func Score(r Report, reportTerms map[string]bool, c cases.Case, caseTerms map[string]bool, now time.Time) (Candidate, bool) {
	cand := Candidate{Case: c}
	sameCitizen := r.CitizenID != 0 && c.CitizenID == r.CitizenID
	text := Similarity(reportTerms, caseTerms)
	catScore := 0.0
	switch {
	case c.CategoryCode == r.CategoryCode:
		catScore = 1
		cand.Reasons = append(cand.Reasons, ReasonSameCategory)
	case contains(related[r.CategoryCode], c.CategoryCode):
		catScore = 0.5
		cand.Reasons = append(cand.Reasons, ReasonRelatedCategory)
	}
	place := 0.0
	rule := RuleFor(r.CategoryCode)
	if catScore > 0 && r.Lat != nil && r.Lon != nil && c.Location.Lat != nil && c.Location.Lon != nil && rule.Radius > 0 {
		d := geo.Distance(*r.Lat, *r.Lon, *c.Location.Lat, *c.Location.Lon)
		cand.Distance = &d
		if d <= rule.Radius && now.Sub(c.CreatedAt) <= rule.Window {
			place = 1 - d/rule.Radius
			cand.Reasons = append(cand.Reasons, ReasonNearby)
		}
	}
	if text >= 0.3 {
		cand.Reasons = append(cand.Reasons, ReasonSimilarText)
	}
	if sameCitizen {
		cand.Reasons = append([]string{ReasonSameCitizen}, cand.Reasons...)
	}
	switch {
	case place > 0:
		cand.Score = 0.35 + 0.25*place + 0.25*text + 0.15*catScore
		if sameCitizen {
			cand.Score = min(1, cand.Score+0.1)
		}
	case sameCitizen:
		cand.Score = 0.2 + 0.4*text + 0.2*catScore
	default:
		return cand, false
	}
	cand.Score = math.Round(cand.Score*1000) / 1000
	return cand, true
}

// Rank scores the candidates and keeps the best limit, best first.
func Rank(r Report, found []Found, now time.Time, limit int) []Candidate {
	rt := Terms(r.Description + "\n" + r.Address)
	var out []Candidate
	for _, f := range found {
		if c, ok := Score(r, rt, f.Case, TermsOf(f.Terms), now); ok {
			out = append(out, c)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Case.CreatedAt.After(out[j].Case.CreatedAt)
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}

// Found is a case the store found with its stored search terms.
type Found struct {
	Case  cases.Case
	Terms string
}

func contains(list []int, v int) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
