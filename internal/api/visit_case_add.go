package api

import "net/http"

type visitCaseRequest struct {
	Receipt string `json:"receipt"`
}

// visitCaseAdd records that a case was raised at the visit.
func (s *Server) visitCaseAdd(w http.ResponseWriter, r *http.Request) {
	id, err := visitID(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var in visitCaseRequest
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.app.AddCaseToVisit(r.Context(), principal(r), id, in.Receipt); err != nil {
		s.writeError(w, r, err)
		return
	}
	v, receipts, err := s.app.Visit(r.Context(), principal(r), id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.visitOut(v, receipts))
}
