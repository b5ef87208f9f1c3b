package api

import (
	"net/http"
	"time"

	"github.com/rongtook/rongtook/internal/app"
	"github.com/rongtook/rongtook/internal/cases"
	"github.com/rongtook/rongtook/internal/search"
)

// duplicateJSON is an open case that may be the same problem as a new report.
type duplicateJSON struct {
	Receipt     string       `json:"receipt"`
	Status      cases.Status `json:"status"`
	Category    nameJSON     `json:"category"`
	Description string       `json:"description"`
	UnitCode    string       `json:"unit_code"`
	CreatedAt   time.Time    `json:"created_at"`
	Score       float64      `json:"score"`
	DistanceM   *float64     `json:"distance_m,omitempty"`
	Reasons     []string     `json:"reasons"`
}

type duplicateListJSON struct {
	Duplicates []duplicateJSON `json:"duplicates"`
}

func (s *Server) duplicatesOut(cands []search.Candidate) []duplicateJSON {
	out := make([]duplicateJSON, 0, len(cands))
	for _, c := range cands {
		d := duplicateJSON{Receipt: c.Case.Receipt, Status: c.Case.Status, Description: c.Case.Description, UnitCode: c.Case.UnitCode,
			CreatedAt: c.Case.CreatedAt, Score: c.Score, Reasons: c.Reasons}
		if c.Distance != nil {
			m := float64(int(*c.Distance*10+0.5)) / 10
			d.DistanceM = &m
		}
		if cat, ok := s.app.Reference().Category(c.Case.CategoryCode); ok {
			d.Category = nameJSON{cat.Code, cat.NameTH, cat.NameEN}
		}
		out = append(out, d)
	}
	return out
}

// caseDuplicates takes the body of a new case and answers with the open cases that are
// probably the same problem, best first, before the case is saved.
func (s *Server) caseDuplicates(w http.ResponseWriter, r *http.Request) {
	var in caseCreateRequest
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	cands, err := s.app.FindDuplicates(r.Context(), principal(r), app.DuplicateCheck{
		Draft:   cases.Draft{Channel: in.Channel, Kind: in.Kind, CategoryCode: in.CategoryCode, Description: in.Description, Location: in.Location},
		Citizen: in.Citizen,
	})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, duplicateListJSON{Duplicates: s.duplicatesOut(cands)})
}
