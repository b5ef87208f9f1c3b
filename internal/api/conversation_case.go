package api

import (
	"net/http"

	"github.com/rongtook/rongtook/internal/cases"
)

type conversationCaseRequest struct {
	Kind         string         `json:"kind,omitempty"`
	CategoryCode int            `json:"category_code"`
	Description  string         `json:"description,omitempty"`
	Location     cases.Location `json:"location"`
}

// conversationCase turns a conversation into a case: the receipt number is issued, the
// conversation linked and tagged, and the citizen answered with the number. Asked again,
// it answers with the same case.
func (s *Server) conversationCase(w http.ResponseWriter, r *http.Request) {
	id, err := conversationID(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var in conversationCaseRequest
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	c, err := s.app.ConversationCase(r.Context(), principal(r), id, cases.Draft{Kind: in.Kind, CategoryCode: in.CategoryCode, Description: in.Description, Location: in.Location})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, caseOut(s.app.Reference(), c, s.app.Now()))
}
