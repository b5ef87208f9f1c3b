package api

import (
	"net/http"

	"github.com/rongtook/rongtook/internal/reference"
)

type routingRequest struct {
	ToDistrictOffice bool   `json:"to_district_office"`
	UnitCode         string `json:"unit_code"`
	SectionCode      string `json:"section_code"`
}

// routingPut sets where cases of a category (in one district, or 0 for all) go.
func (s *Server) routingPut(w http.ResponseWriter, r *http.Request) {
	cat, dist, err := routingKey(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var in routingRequest
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	rule := reference.RoutingRule{CategoryCode: cat, DistrictCode: dist, ToDistrictOffice: in.ToDistrictOffice, UnitCode: in.UnitCode, SectionCode: in.SectionCode}
	if err := s.app.PutRoutingRule(r.Context(), principal(r), rule); err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, rule)
}

func routingKey(r *http.Request) (int, int, error) {
	cat, err := intParam(r.PathValue("category"), "category", 1, 23)
	if err != nil {
		return 0, 0, err
	}
	dist := 0
	if v := r.PathValue("district"); v != "0" {
		if dist, err = intParam(v, "district", 1001, 1050); err != nil {
			return 0, 0, err
		}
	}
	return cat, dist, nil
}
