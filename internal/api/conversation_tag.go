package api

import "net/http"

type conversationTagRequest struct {
	Add    []string `json:"add"`
	Remove []string `json:"remove"`
}

// conversationTag adds and removes tags (the nine of seed 003).
func (s *Server) conversationTag(w http.ResponseWriter, r *http.Request) {
	id, err := conversationID(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var in conversationTagRequest
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	c, err := s.app.TagConversation(r.Context(), principal(r), id, in.Add, in.Remove)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, conversationOut(c))
}
