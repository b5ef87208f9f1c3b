package api

import (
	"net/http"

	"github.com/rongtook/rongtook/internal/app"
	"github.com/rongtook/rongtook/internal/cases"
)

type caseCreateRequest struct {
	Channel        string            `json:"channel"`
	Kind           string            `json:"kind"`
	CategoryCode   int               `json:"category_code"`
	Description    string            `json:"description"`
	Location       cases.Location    `json:"location"`
	Citizen        *app.CitizenInput `json:"citizen"`
	Anonymous      bool              `json:"anonymous"`
	Confidential   bool              `json:"confidential"`
	BEST           bool              `json:"best"`
	AutoRoute      bool              `json:"auto_route"`
	ForwardTo      string            `json:"forward_to"`
	ForwardSection string            `json:"forward_section"`
}

// caseCreate takes in a case. With an Idempotency-Key header a retried request returns the
// case the first one created (200, Idempotent-Replayed: true) instead of a second case.
func (s *Server) caseCreate(w http.ResponseWriter, r *http.Request) {
	var in caseCreateRequest
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	c, created, err := s.app.CreateCase(r.Context(), principal(r), app.NewCase{
		Draft: cases.Draft{
			Channel: in.Channel, Kind: in.Kind, CategoryCode: in.CategoryCode, Description: in.Description, Location: in.Location,
			Anonymous: in.Anonymous, Confidential: in.Confidential, BEST: in.BEST,
		},
		Citizen: in.Citizen, AutoRoute: in.AutoRoute, ForwardTo: in.ForwardTo, ForwardSection: in.ForwardSection,
		IdempotencyKey: r.Header.Get("Idempotency-Key"),
	})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := caseOut(s.app.Reference(), c, s.app.Now())
	// Staff see at once the open cases this one may repeat, to link it if it does. A failure
	// here must not hide that the case was taken in.
	if cands, err := s.app.FindDuplicates(r.Context(), principal(r), app.DuplicateCheck{Draft: cases.Draft{
		CategoryCode: c.CategoryCode, Description: c.Description, Location: c.Location}, Citizen: &app.CitizenInput{ID: c.CitizenID}, ExcludeID: c.ID}); err != nil {
		s.log.WarnContext(r.Context(), "duplicate check after intake", "receipt", c.Receipt, "err", err)
	} else {
		out.PossibleDuplicates = s.duplicatesOut(cands)
	}
	w.Header().Set("Location", "/api/v1/cases/"+c.Receipt)
	status := http.StatusCreated
	if !created {
		w.Header().Set("Idempotent-Replayed", "true")
		status = http.StatusOK
	}
	writeJSON(w, status, out)
}
