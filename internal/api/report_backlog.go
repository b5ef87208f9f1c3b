package api

import (
	"net/http"

	"github.com/rongtook/rongtook/internal/app"
)

type BacklogPointJSON struct {
	Date            string   `json:"date"`
	Group           string   `json:"group,omitempty"`
	Pending         int      `json:"pending"`
	PercentBaseline *float64 `json:"percent_of_baseline,omitempty"`
}

type BacklogJSON struct {
	From         string             `json:"from"`
	To           string             `json:"to"`
	By           string             `json:"by"`
	Group        string             `json:"group,omitempty"`
	Unit         string             `json:"unit,omitempty"`
	Baseline     int                `json:"baseline"`
	BaselineDate string             `json:"baseline_date"`
	Points       []BacklogPointJSON `json:"points"`
}

// BacklogOut shapes the backlog for JSON; ungrouped points carry their share of the baseline.
func BacklogOut(b app.Backlog) BacklogJSON {
	q := b.Query
	out := BacklogJSON{From: q.From, To: q.To, By: q.By, Group: q.Group, Unit: q.Unit, Baseline: q.Baseline, BaselineDate: q.BaselineDate, Points: []BacklogPointJSON{}}
	for _, p := range b.Points {
		j := BacklogPointJSON{Date: p.Date, Group: p.Group, Pending: p.Pending}
		if q.Group == "" && q.Baseline > 0 {
			pc := 100 * float64(p.Pending) / float64(q.Baseline)
			j.PercentBaseline = &pc
		}
		out.Points = append(out.Points, j)
	}
	return out
}

// reportBacklog is the number of pending cases over time: ?from=&to= (dates), ?by=day|month,
// ?group=unit|district|category, ?unit=, ?baseline=&baseline_date= (default 5,785 on
// 2020-09-30, seed 000).
func (s *Server) reportBacklog(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	in := app.BacklogQuery{From: q.Get("from"), To: q.Get("to"), By: q.Get("by"), Group: q.Get("group"), Unit: q.Get("unit"), BaselineDate: q.Get("baseline_date")}
	var err error
	if in.Baseline, err = intParam(q.Get("baseline"), "baseline", 1, 100000000); err != nil {
		s.writeError(w, r, err)
		return
	}
	if in.From == "" || in.To == "" {
		today := s.app.Now().In(bangkok)
		if in.To == "" {
			in.To = today.Format("2006-01-02")
		}
		if in.From == "" {
			in.From = today.AddDate(0, 0, -30).Format("2006-01-02")
		}
	}
	b, err := s.app.Backlog(r.Context(), principal(r), in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, BacklogOut(b))
}
