package api

import (
	"net/http"

	"github.com/rongtook/rongtook/internal/store"
)

type holidayRequest struct {
	Date   string `json:"date"`
	NameTH string `json:"name_th"`
	NameEN string `json:"name_en"`
	Kind   string `json:"kind"`
}

// holidayCreate adds a day off (the cabinet's special holidays are announced during the
// year); open cases' deadlines move with it.
func (s *Server) holidayCreate(w http.ResponseWriter, r *http.Request) {
	var in holidayRequest
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	p := principal(r)
	h, err := s.app.AddHoliday(r.Context(), &p, store.Holiday{Date: in.Date, NameTH: in.NameTH, NameEN: in.NameEN, Kind: in.Kind})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, holidayJSON{Date: h.Date, NameTH: h.NameTH, NameEN: h.NameEN, Kind: h.Kind})
}
