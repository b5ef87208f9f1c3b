package api

import "net/http"

func (s *Server) holidayDelete(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	if err := s.app.DeleteHoliday(r.Context(), &p, r.PathValue("date")); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
