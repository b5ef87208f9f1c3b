package api

import (
	"net/http"
	"strconv"

	"github.com/rongtook/rongtook/internal/app"
	"github.com/rongtook/rongtook/internal/apperr"
)

// citizenProfile returns one person across channels: the profile, channel identities, the
// cases the reader may see and the conversations. The read is logged (?purpose=).
func (s *Server) citizenProfile(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.writeError(w, r, apperr.NotFound("citizen"))
		return
	}
	purpose := r.URL.Query().Get("purpose")
	if len(purpose) > 200 {
		s.writeError(w, r, apperr.Invalid("purpose", "too_long", "purpose is longer than 200 bytes", "เหตุผลการเข้าถึงยาวเกินไป"))
		return
	}
	p, err := s.app.CitizenProfile(r.Context(), principal(r), id, purpose)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.profileOut(p))
}

func (s *Server) profileOut(p app.CitizenProfile) citizenProfileJSON {
	out := citizenProfileJSON{Citizen: citizenOut(p.Citizen), Identities: make([]identityJSON, 0, len(p.Identities)),
		Cases: make([]caseJSON, 0, len(p.Cases)), Conversations: conversationsOut(p.Conversations)}
	for _, i := range p.Identities {
		out.Identities = append(out.Identities, identityJSON{Kind: i.Kind, Value: i.Value, Account: i.Account, CreatedAt: i.CreatedAt})
	}
	now := s.app.Now()
	for _, c := range p.Cases {
		out.Cases = append(out.Cases, caseOut(s.app.Reference(), c, now))
	}
	return out
}
