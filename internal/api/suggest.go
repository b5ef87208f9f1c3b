package api

import (
	"net/http"
	"time"

	"github.com/rongtook/rongtook/internal/app"
)

type suggestRequest struct {
	Description  string   `json:"description"`
	Lat          *float64 `json:"lat"`
	Lon          *float64 `json:"lon"`
	DistrictCode int      `json:"district_code"`
}

type suggestedCategoryJSON struct {
	Category nameJSON `json:"category"`
	Score    float64  `json:"score"`
}

type suggestionJSON struct {
	Categories   []suggestedCategoryJSON `json:"categories"`
	DistrictCode int                     `json:"district_code,omitempty"`
	UnitCode     string                  `json:"unit_code"`
	SectionCode  string                  `json:"section_code,omitempty"`
	ModelTrained time.Time               `json:"model_trained_at"`
}

// suggest answers with the three most likely categories of a report and the unit the
// routing rules give for the first.
func (s *Server) suggest(w http.ResponseWriter, r *http.Request) {
	var in suggestRequest
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	sg, err := s.app.Suggest(r.Context(), principal(r), app.SuggestInput{Description: in.Description, Lat: in.Lat, Lon: in.Lon, DistrictCode: in.DistrictCode})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := suggestionJSON{Categories: []suggestedCategoryJSON{}, DistrictCode: sg.DistrictCode, UnitCode: sg.Target.UnitCode,
		SectionCode: sg.Target.SectionCode, ModelTrained: sg.TrainedAt}
	for _, c := range sg.Categories {
		j := suggestedCategoryJSON{Score: float64(int(c.Score*10000+0.5)) / 10000}
		if cat, ok := s.app.Reference().Category(c.Category); ok {
			j.Category = nameJSON{cat.Code, cat.NameTH, cat.NameEN}
		}
		out.Categories = append(out.Categories, j)
	}
	writeJSON(w, http.StatusOK, out)
}
