package api

import "github.com/rongtook/rongtook/internal/store"

// visitJSON is a visit with the receipts of its cases.
type visitJSON struct {
	store.Visit
	DistrictName string   `json:"district_name_th"`
	Cases        []string `json:"cases"`
}

func (s *Server) visitOut(v store.Visit, receipts []string) visitJSON {
	d, _ := s.app.Reference().District(v.DistrictCode)
	if v.Milestones == nil {
		v.Milestones = []store.Milestone{}
	}
	if v.Log == nil {
		v.Log = []store.VisitNote{}
	}
	if receipts == nil {
		receipts = []string{}
	}
	return visitJSON{Visit: v, DistrictName: d.NameTH, Cases: receipts}
}
