package api

import (
	"bytes"
	"net/http"
	"time"

	"github.com/rongtook/rongtook/internal/app"
	"github.com/rongtook/rongtook/internal/apperr"
	"github.com/rongtook/rongtook/internal/export"
	"github.com/rongtook/rongtook/internal/sla"
)

type ShareJSON struct {
	Met     int      `json:"met"`
	Due     int      `json:"due"`
	Percent *float64 `json:"percent"`
}

func shareOut(s sla.Share) ShareJSON {
	out := ShareJSON{Met: s.Met, Due: s.Due}
	if p, ok := s.Percent(); ok {
		out.Percent = &p
	}
	return out
}

type SuccessJSON struct {
	UnitCode        string    `json:"unit_code,omitempty"`
	UnitName        string    `json:"unit_name_th,omitempty"`
	Received        int       `json:"received"`
	Acknowledge     ShareJSON `json:"acknowledged_within_target"`
	FirstProgress   ShareJSON `json:"first_progress_within_target"`
	Checkpoints     ShareJSON `json:"checkpoints_met"`
	Completed       int       `json:"completed"`
	Terminated      int       `json:"terminated"`
	BESTAcknowledge ShareJSON `json:"best_acknowledged_within_target"`
	BESTResult      ShareJSON `json:"best_result_within_target"`
	Overall         *float64  `json:"overall_percent"`
	MeetsTarget     bool      `json:"meets_target"`
}

// successOut shapes one success level; the CLI prints the same shape.
func successOut(code, name string, l sla.SuccessLevel) SuccessJSON {
	out := SuccessJSON{UnitCode: code, UnitName: name, Received: l.Received, Acknowledge: shareOut(l.Acknowledge),
		FirstProgress: shareOut(l.FirstProgress), Checkpoints: shareOut(l.Checkpoints), Completed: l.Completed,
		Terminated: l.Terminated, BESTAcknowledge: shareOut(l.BESTAcknowledge), BESTResult: shareOut(l.BESTResult),
		MeetsTarget: l.MeetsTarget()}
	if p, ok := l.Overall(); ok {
		out.Overall = &p
	}
	return out
}

type SuccessReportJSON struct {
	Period        string        `json:"period"`
	From          time.Time     `json:"from"`
	To            time.Time     `json:"to"`
	AsOf          time.Time     `json:"as_of"`
	TargetPercent float64       `json:"target_percent"`
	Units         []SuccessJSON `json:"units"`
	Total         SuccessJSON   `json:"total"`
}

// SuccessReportOut shapes the success-level report for JSON.
func SuccessReportOut(a *app.App, rep app.SuccessReport) SuccessReportJSON {
	out := SuccessReportJSON{Period: rep.Period.String(), From: rep.Period.Start().UTC(), To: rep.Period.End().UTC(), AsOf: rep.AsOf.UTC(),
		TargetPercent: sla.SuccessTarget, Units: []SuccessJSON{}, Total: successOut("", "", rep.Total)}
	for _, u := range rep.Units {
		out.Units = append(out.Units, successOut(u.UnitCode, a.UnitName(u.UnitCode), u.Level))
	}
	return out
}

// reportSLA is the success-level indicator (seed 001) per unit: ?period=2569-Q1 (required),
// ?unit=D1001, as JSON or ?format=xlsx.
func (s *Server) reportSLA(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	rep, err := s.app.SuccessLevel(r.Context(), principal(r), q.Get("period"), q.Get("unit"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := SuccessReportOut(s.app, rep)
	switch q.Get("format") {
	case "", "json":
		writeJSON(w, http.StatusOK, out)
	case "xlsx":
		pct := func(p *float64) any {
			if p == nil {
				return "-"
			}
			return *p
		}
		sh := export.Sheet{Name: "success level", Title: "ระดับความสำเร็จในการจัดการเรื่องร้องเรียน " + out.Period + " (เป้าหมายร้อยละ 100)",
			Header: []string{"หน่วยงาน", "ชื่อหน่วยงาน", "รับเรื่อง", "รับเรื่องภายใน 1 วัน", "ร้อยละ", "รายงานภายใน 3 วัน", "ร้อยละ",
				"รายงานวันที่ 15/30 ตามกำหนด", "จากที่ครบกำหนด", "ร้อยละ", "ดำเนินการแล้วเสร็จ", "ยุติเรื่อง", "ระดับความสำเร็จ (ร้อยละ)"}}
		for _, u := range append(out.Units, out.Total) {
			code, name := u.UnitCode, u.UnitName
			if code == "" {
				code, name = "ALL", "รวม"
			}
			sh.Rows = append(sh.Rows, []any{code, name, u.Received, u.Acknowledge.Met, pct(u.Acknowledge.Percent), u.FirstProgress.Met,
				pct(u.FirstProgress.Percent), u.Checkpoints.Met, u.Checkpoints.Due, pct(u.Checkpoints.Percent), u.Completed, u.Terminated, pct(u.Overall)})
		}
		var buf bytes.Buffer
		if err := export.Workbook(&buf, []export.Sheet{sh}); err != nil {
			s.writeError(w, r, err)
			return
		}
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", `attachment; filename="success-level-`+out.Period+`.xlsx"`)
		_, _ = w.Write(buf.Bytes())
	default:
		s.writeError(w, r, apperr.Invalid("format", "unknown_format", "format must be json or xlsx", "รูปแบบต้องเป็น json หรือ xlsx"))
	}
}
