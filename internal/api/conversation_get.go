package api

import "net/http"

// conversationGet returns one conversation ticket with its messages.
func (s *Server) conversationGet(w http.ResponseWriter, r *http.Request) {
	id, err := conversationID(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	c, msgs, err := s.app.Conversation(r.Context(), principal(r), id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := conversationDetailJSON{Conversation: conversationOut(c), Messages: make([]conversationMessageJSON, 0, len(msgs))}
	for _, m := range msgs {
		out.Messages = append(out.Messages, conversationMessageOut(m))
	}
	writeJSON(w, http.StatusOK, out)
}
