package search

import (
	"strings"
	"testing"
	"time"

	"github.com/rongtook/rongtook/internal/cases"
	"github.com/rongtook/rongtook/internal/geo"
	"github.com/rongtook/rongtook/internal/thai"
)

func fp(f float64) *float64 { return &f }

func TestBoxHoldsTheRadius(t *testing.T) {
	lat, lon := 13.7946, 100.6086
	minLat, maxLat, minLon, maxLon := Box(lat, lon, 300)
	for _, p := range [][2]float64{{minLat, lon}, {maxLat, lon}, {lat, minLon}, {lat, maxLon}} {
		if d := geo.Distance(lat, lon, p[0], p[1]); d < 299 || d > 301 {
			t.Errorf("box edge %v is %.1f m away, want 300", p, d)
		}
	}
}

func TestScore(t *testing.T) {
	now := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	r := Report{CategoryCode: 6, Description: "ถนนเป็นหลุมลึกหน้าซอยลาดพร้าว 101", Lat: fp(13.7946), Lon: fp(100.6086), CitizenID: 7}
	rt := Terms(r.Description)
	open := func(cat int, dLat float64, desc string, age time.Duration) cases.Case {
		return cases.Case{CategoryCode: cat, Description: desc, Location: cases.Location{Lat: fp(13.7946 + dLat), Lon: fp(100.6086)}, CreatedAt: now.Add(-age)}
	}
	score := func(c cases.Case) (Candidate, bool) { return Score(r, rt, c, Terms(c.Description), now) }

	same, ok := score(open(6, 0.00018, "หลุมลึกบนถนนหน้าซอยลาดพร้าว 101", time.Hour))
	if !ok || same.Score < 0.7 || *same.Distance > 21 || strings.Join(same.Reasons, ",") != "same_category,nearby,similar_text" {
		t.Errorf("same pothole 20 m away: %+v %v", same, ok)
	}
	other, ok := score(open(6, 0.00018, "ไฟดับ", time.Hour))
	if !ok || other.Score >= same.Score {
		t.Errorf("different words nearby should score lower: %+v", other)
	}
	if c, ok := score(open(6, 0.018, "ถนนเป็นหลุมลึกหน้าซอยลาดพร้าว 101", time.Hour)); ok {
		t.Errorf("2 km away offered: %+v", c)
	}
	if c, ok := score(open(6, 0.00018, "ถนนเป็นหลุม", 200*24*time.Hour)); ok {
		t.Errorf("a case older than the window offered: %+v", c)
	}
	if c, ok := score(open(12, 0.00018, "ทางเท้าเป็นหลุม", time.Hour)); !ok || c.Reasons[0] != ReasonRelatedCategory || c.Score >= same.Score {
		t.Errorf("related category: %+v %v", c, ok)
	}
	if c, ok := score(open(4, 0.00018, "ขยะ", time.Hour)); ok {
		t.Errorf("unrelated category offered: %+v", c)
	}
	mine := open(17, 0.5, "เจ้าหน้าที่ไม่สุภาพ", 100*24*time.Hour)
	mine.CitizenID = 7
	if c, ok := score(mine); !ok || c.Reasons[0] != ReasonSameCitizen {
		t.Errorf("same citizen: %+v %v", c, ok)
	}
}

func TestSimilarity(t *testing.T) {
	a := Terms("ท่อระบายน้ำอุดตันหน้าตลาด")
	if s := Similarity(a, Terms("ท่อระบายน้ำอุดตัน")); s != 1 {
		t.Errorf("contained text: %v", s)
	}
	if s := Similarity(a, Terms("ไฟฟ้าดับทั้งซอย")); s != 0 {
		t.Errorf("unrelated text: %v", s)
	}
	if s := Similarity(a, TermsOf(thai.Default().IndexText("ท่อระบายน้ำอุดตันหน้าตลาด"))); s != 1 {
		t.Errorf("stored terms: %v", s)
	}
}

func TestHighlightAndSnippet(t *testing.T) {
	text := "มีท่อระบายน้ำอุดตันหน้าตลาดทำให้น้ำขัง BTS หมอชิต"
	spans := Highlight(text, QueryTerms("ตลาด bts"))
	var got []string
	for _, s := range spans {
		got = append(got, text[s.Start:s.End])
	}
	if strings.Join(got, "|") != "ตลาด|BTS" {
		t.Errorf("highlights %q", got)
	}
	if s := Snippet(text, spans, 200); s != "มีท่อระบายน้ำอุดตันหน้า«ตลาด»ทำให้น้ำขัง «BTS» หมอชิต" {
		t.Errorf("snippet %q", s)
	}
	if s := Snippet(strings.Repeat("ก", 50)+"ตลาด"+strings.Repeat("ข", 50), []Span{{150, 162}}, 20); !strings.HasPrefix(s, "…") || !strings.HasSuffix(s, "…") || !strings.Contains(s, "«ตลาด»") {
		t.Errorf("cut snippet %q", s)
	}
	if QueryTerms("ตลาด ตลาด") == nil || len(QueryTerms("ตลาด ตลาด")) != 1 {
		t.Error("repeated words are one term")
	}
}
