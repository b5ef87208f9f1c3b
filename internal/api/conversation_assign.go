package api

import "net/http"

type conversationAssignRequest struct {
	UserID int64 `json:"user_id"`
}

// conversationAssign gives a conversation to a centre user (user_id 0 unassigns).
func (s *Server) conversationAssign(w http.ResponseWriter, r *http.Request) {
	id, err := conversationID(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var in conversationAssignRequest
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	c, err := s.app.AssignConversation(r.Context(), principal(r), id, in.UserID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, conversationOut(c))
}
