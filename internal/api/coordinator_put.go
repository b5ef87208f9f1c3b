package api

import (
	"net/http"

	"github.com/rongtook/rongtook/internal/store"
)

type coordinatorRequest struct {
	Title           string `json:"title"`
	FirstName       string `json:"first_name"`
	LastName        string `json:"last_name"`
	Position        string `json:"position"`
	Section         string `json:"section"`
	OfficePhone     string `json:"office_phone"`
	MobilePhone     string `json:"mobile_phone"`
	LineID          string `json:"line_id"`
	LineDisplayName string `json:"line_display_name"`
}

func (s *Server) coordinatorPut(w http.ResponseWriter, r *http.Request) {
	var in coordinatorRequest
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	c, err := s.app.PutCoordinator(r.Context(), principal(r), store.Coordinator{
		UnitCode: r.PathValue("code"), Kind: r.PathValue("kind"), Title: in.Title, FirstName: in.FirstName, LastName: in.LastName,
		Position: in.Position, Section: in.Section, OfficePhone: in.OfficePhone, MobilePhone: in.MobilePhone,
		LineID: in.LineID, LineDisplayName: in.LineDisplayName,
	})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, c)
}
