package api

import (
	"net/http"

	"github.com/rongtook/rongtook/internal/app"
)

// citizenProfile returns one person across channels: the profile, channel identities, the
// cases the reader may see and the conversations. The read is logged (?purpose=).
func (s *Server) citizenProfile(w http.ResponseWriter, r *http.Request) {
	id, purpose, err := citizenRead(r)
	if err != nil {
		s.writeError(w, r, err)
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
