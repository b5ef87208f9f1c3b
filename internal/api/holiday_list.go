package api

import (
	"net/http"
	"strconv"

	"github.com/rongtook/rongtook/internal/apperr"
)

type holidayJSON struct {
	Date    string `json:"date"`
	NameTH  string `json:"name_th"`
	NameEN  string `json:"name_en"`
	Kind    string `json:"kind"`
	BuiltIn bool   `json:"built_in"`
}

// holidayList lists the days off of a year (?year=2026, Christian era; default this year):
// the built-in public holidays and those added by admins.
func (s *Server) holidayList(w http.ResponseWriter, r *http.Request) {
	year := s.app.Now().In(bangkok).Year()
	if v := r.URL.Query().Get("year"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil || y < 2000 || y > 2100 {
			s.writeError(w, r, apperr.Invalid("year", "out_of_range", "year must be a Christian-era year from 2000 to 2100", "ปีต้องเป็น ค.ศ. 2000–2100"))
			return
		}
		year = y
	}
	prefix := strconv.Itoa(year) + "-"
	out := []holidayJSON{}
	for _, h := range s.app.BuiltinHolidays() {
		if d := h.Date.String(); len(d) > 5 && d[:5] == prefix {
			out = append(out, holidayJSON{Date: d, NameTH: h.NameTH, NameEN: h.NameEN, Kind: h.Kind.String(), BuiltIn: true})
		}
	}
	added, err := s.app.Holidays(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	for _, h := range added {
		if len(h.Date) > 5 && h.Date[:5] == prefix {
			out = append(out, holidayJSON{Date: h.Date, NameTH: h.NameTH, NameEN: h.NameEN, Kind: h.Kind})
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"year": year, "holidays": out})
}
