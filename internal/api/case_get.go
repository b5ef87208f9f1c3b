package api

import "net/http"

// caseGet returns one case by receipt number. A case the reader may not see is 404, the
// same as one that does not exist.
func (s *Server) caseGet(w http.ResponseWriter, r *http.Request) {
	v, err := s.app.GetCase(r.Context(), principal(r), r.PathValue("receipt"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := caseViewOut(s.app.Reference(), v, s.app.Now())
	w.Header().Set("ETag", `"`+itoa(v.Case.Version)+`"`)
	writeJSON(w, http.StatusOK, out)
}
