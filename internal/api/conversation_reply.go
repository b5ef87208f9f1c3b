package api

import "net/http"

type conversationReplyRequest struct {
	Text string `json:"text"`
}

// conversationReply answers the citizen where they wrote (under their comment, in
// Messenger, on LINE), through the outbox.
func (s *Server) conversationReply(w http.ResponseWriter, r *http.Request) {
	id, err := conversationID(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var in conversationReplyRequest
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	m, err := s.app.ReplyConversation(r.Context(), principal(r), id, in.Text)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, conversationMessageOut(m))
}
