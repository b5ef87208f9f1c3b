package api

import (
	"net/http"

	"github.com/rongtook/rongtook/internal/app"
)

// citizenFind finds profiles by ?name= (prefix), ?phone=, ?email=, ?line_id= or
// ?facebook_id=; every profile shown is written to the access log.
func (s *Server) citizenFind(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit, err := intParam(q.Get("limit"), "limit", 1, 200)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	list, err := s.app.FindCitizens(r.Context(), principal(r), app.CitizenQuery{Name: q.Get("name"), Phone: q.Get("phone"), Email: q.Get("email"),
		LineID: q.Get("line_id"), FacebookID: q.Get("facebook_id"), Limit: limit})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := citizenListJSON{Citizens: make([]*citizenJSON, 0, len(list))}
	for _, c := range list {
		out.Citizens = append(out.Citizens, citizenOut(c))
	}
	writeJSON(w, http.StatusOK, out)
}
