package api

import (
	"net/http"

	"github.com/rongtook/rongtook/internal/apperr"
	"github.com/rongtook/rongtook/internal/store"
)

type repeatReportJSON struct {
	From  string              `json:"from"`
	To    string              `json:"to"`
	Total int                 `json:"total"`
	Rows  []store.RepeatCount `json:"rows"`
}

// reportRepeats counts repeat complaints — cases linked as duplicates of another — per unit
// (of the original), category and month, for links made in [from, to) (dates, Bangkok;
// default the last 12 months).
func (s *Server) reportRepeats(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	for key := range q {
		if key != "from" && key != "to" {
			s.writeError(w, r, apperr.Invalid(key, "unknown_parameter", "unknown query parameter "+key, "ไม่รู้จักพารามิเตอร์ "+key))
			return
		}
	}
	today := s.app.Now().In(bangkok)
	from, to := q.Get("from"), q.Get("to")
	if to == "" {
		to = today.AddDate(0, 0, 1).Format("2006-01-02")
	}
	if from == "" {
		from = today.AddDate(-1, 0, 0).Format("2006-01-02")
	}
	f, err := timeParam(from, "from")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	t, err := timeParam(to, "to")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	rows, err := s.app.RepeatComplaints(r.Context(), principal(r), f, t)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := repeatReportJSON{From: from, To: to, Rows: rows}
	if out.Rows == nil {
		out.Rows = []store.RepeatCount{}
	}
	for _, row := range rows {
		out.Total += row.Count
	}
	writeJSON(w, http.StatusOK, out)
}
