package api

import (
	"net/http"

	"github.com/rongtook/rongtook/internal/app"
)

type visitCreateRequest struct {
	Number       int    `json:"number"`
	Date         string `json:"date"`
	DistrictCode int    `json:"district_code"`
	Title        string `json:"title"`
	Notes        string `json:"notes"`
}

// visitCreate records a field visit and plans its five steps.
func (s *Server) visitCreate(w http.ResponseWriter, r *http.Request) {
	var in visitCreateRequest
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	v, err := s.app.CreateVisit(r.Context(), principal(r), app.NewVisit{Number: in.Number, Date: in.Date, DistrictCode: in.DistrictCode, Title: in.Title, Notes: in.Notes})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, s.visitOut(v, nil))
}
