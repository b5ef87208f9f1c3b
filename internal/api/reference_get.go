package api

import (
	"net/http"

	"github.com/rongtook/rongtook/internal/cases"
	"github.com/rongtook/rongtook/internal/reference"
)

type statusJSON struct {
	Code   cases.Status `json:"code"`
	NameTH string       `json:"name_th"`
}

type referenceJSON struct {
	Districts          []reference.District `json:"districts"`
	Categories         []reference.Category `json:"categories"`
	Kinds              []reference.Named    `json:"kinds"`
	Channels           []reference.Named    `json:"channels"`
	Statuses           []statusJSON         `json:"statuses"`
	Actions            []cases.Action       `json:"actions"`
	ResultTypes        []string             `json:"result_types"`
	TerminationReasons []string             `json:"termination_reasons"`
}

// referenceGet returns the closed lists a client needs to build forms.
func (s *Server) referenceGet(w http.ResponseWriter, r *http.Request) {
	ref := s.app.Reference()
	out := referenceJSON{
		Districts: ref.Districts, Categories: ref.Categories, Kinds: ref.Kinds, Channels: ref.Channels,
		Actions: cases.Actions, ResultTypes: cases.ResultTypes, TerminationReasons: cases.TerminationReasons,
	}
	for _, st := range cases.Statuses {
		out.Statuses = append(out.Statuses, statusJSON{Code: st, NameTH: cases.StatusTH(st)})
	}
	writeJSON(w, http.StatusOK, out)
}
