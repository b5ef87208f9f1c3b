package api

import "net/http"

type visitNoteRequest struct {
	Date     string `json:"date"`
	Progress *int   `json:"progress_percent"`
	Text     string `json:"text"`
}

// visitNoteCreate adds a dated progress note, and the new progress percentage if given.
func (s *Server) visitNoteCreate(w http.ResponseWriter, r *http.Request) {
	id, err := visitID(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var in visitNoteRequest
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	v, err := s.app.AddVisitNote(r.Context(), principal(r), id, in.Date, in.Progress, in.Text)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, s.visitOut(v, nil))
}
