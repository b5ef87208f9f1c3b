package api

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/rongtook/rongtook/internal/apperr"
	"github.com/rongtook/rongtook/internal/cases"
)

type actionRequest struct {
	UnitCode          string `json:"unit_code"`
	SectionCode       string `json:"section_code"`
	OfficerID         int64  `json:"officer_id"`
	Text              string `json:"text"`
	Reason            string `json:"reason"`
	Public            bool   `json:"public"`
	ResultType        string `json:"result_type"`
	Law               string `json:"law"`
	TerminationReason string `json:"termination_reason"`
	// Of is the original's receipt number (link_duplicate, unlink_duplicate).
	Of string `json:"of"`
	// IfVersion guards against acting on a state the client has not seen (as If-Match does).
	IfVersion *int `json:"if_version"`
}

type actionResponse struct {
	Case  caseJSON  `json:"case"`
	Event eventJSON `json:"event"`
}

// caseAction takes one action on a case. An empty body is allowed for actions without fields
// (acknowledge, approve).
func (s *Server) caseAction(w http.ResponseWriter, r *http.Request) {
	action, ok := cases.ParseAction(r.PathValue("action"))
	if !ok {
		s.writeError(w, r, &apperr.Error{Kind: apperr.KindNotFound, Code: "unknown_action", Message: "unknown action " + r.PathValue("action"), MessageTH: "ไม่รู้จักการดำเนินการที่ระบุ"})
		return
	}
	var in actionRequest
	if r.ContentLength != 0 {
		if err := decode(w, r, &in); err != nil && !(r.ContentLength < 0 && apperr.As(err).Code == "empty_body") {
			s.writeError(w, r, err)
			return
		}
	}
	if h := r.Header.Get("If-Match"); h != "" && in.IfVersion == nil {
		v, err := strconv.Atoi(strings.Trim(strings.TrimPrefix(h, "W/"), `"`))
		if err != nil {
			s.writeError(w, r, apperr.Invalid("If-Match", "invalid_version", "If-Match must be the case's ETag", "If-Match ต้องเป็นค่า ETag ของเรื่อง"))
			return
		}
		in.IfVersion = &v
	}
	c, ev, err := s.app.Act(r.Context(), principal(r), r.PathValue("receipt"), cases.Command{
		Action: action, UnitCode: in.UnitCode, SectionCode: in.SectionCode, OfficerID: in.OfficerID, Text: in.Text,
		Reason: in.Reason, Public: in.Public, ResultType: in.ResultType, Law: in.Law, TerminationReason: in.TerminationReason,
		Of: in.Of,
	}, in.IfVersion)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("ETag", `"`+itoa(c.Version)+`"`)
	writeJSON(w, http.StatusOK, actionResponse{Case: caseOut(s.app.Reference(), c, s.app.Now()), Event: eventOut(ev)})
}
