package api

import (
	"net/http"
	"strconv"

	"github.com/rongtook/rongtook/internal/apperr"
	"github.com/rongtook/rongtook/internal/store"
)

// conversationList is the conversation inbox: tickets from the social channels, most
// recent first, filtered by ?tag=, ?channel=, ?unanswered=true|false, ?assignee= (a user id,
// or "me"), with the number still unanswered under the same filter.
func (s *Server) conversationList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit, err := intParam(q.Get("limit"), "limit", 1, 200)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	f := store.ConversationFilter{Tag: q.Get("tag"), Channel: q.Get("channel"), Limit: limit}
	switch v := q.Get("unanswered"); v {
	case "":
	case "true", "false":
		b := v == "true"
		f.Unanswered = &b
	default:
		s.writeError(w, r, apperr.Invalid("unanswered", "invalid", "unanswered is true or false", "unanswered ต้องเป็น true หรือ false"))
		return
	}
	switch v := q.Get("assignee"); v {
	case "":
	case "me":
		f.AssigneeID = principal(r).UserID
	default:
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			s.writeError(w, r, apperr.Invalid("assignee", "invalid", "assignee is a user id or me", "assignee ต้องเป็นรหัสผู้ใช้หรือ me"))
			return
		}
		f.AssigneeID = id
	}
	list, unanswered, err := s.app.Conversations(r.Context(), principal(r), f)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, conversationListJSON{Conversations: conversationsOut(list), Unanswered: unanswered})
}

func conversationID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.NotFound("conversation")
	}
	return id, nil
}
