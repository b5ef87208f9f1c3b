package api

import (
	"bytes"
	_ "embed"
	"html/template"
	"net/http"
	"strconv"
	"time"

	"github.com/rongtook/rongtook/internal/app"
	"github.com/rongtook/rongtook/internal/apperr"
	"github.com/rongtook/rongtook/internal/export"
	"github.com/rongtook/rongtook/internal/store"
	"github.com/rongtook/rongtook/internal/thai"
)

//go:embed templates/monthly.html
var monthlyHTML string

var monthlyTemplate = template.Must(template.New("monthly").Parse(monthlyHTML))

// MonthlyJSON is a district's monthly report.
type MonthlyJSON struct {
	UnitCode           string               `json:"unit_code"`
	UnitName           string               `json:"unit_name_th"`
	Period             string               `json:"period"`
	Received           int                  `json:"received"`
	Finished           int                  `json:"finished"`
	PendingAtEnd       int                  `json:"pending_at_end"`
	OverdueAtEnd       int                  `json:"overdue_at_end"`
	ReceivedByCategory []app.Count          `json:"received_by_category"`
	ReceivedByChannel  []app.Count          `json:"received_by_channel"`
	Due                time.Time            `json:"due"`
	State              string               `json:"state"`
	Submission         *store.MonthlyReport `json:"submission,omitempty"`
}

func (s *Server) monthlyOut(r app.MonthlyReport) MonthlyJSON {
	nz := func(c []app.Count) []app.Count {
		if c == nil {
			return []app.Count{}
		}
		return c
	}
	return MonthlyJSON{UnitCode: r.UnitCode, UnitName: s.app.UnitName(r.UnitCode), Period: r.Period.String(), Received: r.Received,
		Finished: r.Finished, PendingAtEnd: r.PendingAtEnd, OverdueAtEnd: r.OverdueAtEnd, ReceivedByCategory: nz(r.ReceivedByCategory),
		ReceivedByChannel: nz(r.ReceivedByChannel), Due: r.Due.UTC(), State: r.State, Submission: r.Submission}
}

var stateTH = map[string]string{"not_due": "ยังไม่ถึงกำหนด", "missing": "ยังไม่ส่ง", "submitted": "ส่งแล้ว", "late": "ส่งล่าช้า"}

// reportMonthly is a district's monthly report to the governor's office: ?unit=D1001
// &period=2569-10, as JSON, ?format=xlsx, or ?format=html — a page that prints on A4.
func (s *Server) reportMonthly(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	rep, err := s.app.MonthlyReport(r.Context(), principal(r), q.Get("unit"), q.Get("period"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := s.monthlyOut(rep)
	ref := s.app.Reference()
	catName, chanName := ref.CategoryTH, ref.ChannelTH
	switch q.Get("format") {
	case "", "json":
		writeJSON(w, http.StatusOK, out)
	case "xlsx":
		title := "รายงานเรื่องราวร้องทุกข์ประจำเดือน " + out.Period + " " + out.UnitName
		summary := export.Sheet{Name: "summary", Title: title, Header: []string{"รายการ", "จำนวน"}, Rows: [][]any{
			{"รับเรื่องในเดือน", out.Received}, {"ดำเนินการแล้วเสร็จ/ยุติ", out.Finished},
			{"คงค้าง ณ สิ้นเดือน", out.PendingAtEnd}, {"เกินกำหนด ณ สิ้นเดือน", out.OverdueAtEnd}, {"สถานะการส่งรายงาน", stateTH[out.State]}}}
		if out.Submission != nil {
			summary.Rows = append(summary.Rows, []any{"เรื่องที่น่าสนใจ", out.Submission.Notable}, []any{"ปัญหาอุปสรรค", out.Submission.Obstacles})
		}
		byCat := export.Sheet{Name: "by category", Header: []string{"category_code", "ประเภทเรื่อง", "จำนวน"}}
		for _, c := range out.ReceivedByCategory {
			byCat.Rows = append(byCat.Rows, []any{c.Key, catName(c.Key), c.Count})
		}
		byChan := export.Sheet{Name: "by channel", Header: []string{"channel", "ช่องทาง", "จำนวน"}}
		for _, c := range out.ReceivedByChannel {
			byChan.Rows = append(byChan.Rows, []any{c.Key, chanName(c.Key), c.Count})
		}
		var buf bytes.Buffer
		if err := export.Workbook(&buf, []export.Sheet{summary, byCat, byChan}); err != nil {
			s.writeError(w, r, err)
			return
		}
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", `attachment; filename="monthly-`+out.UnitCode+`-`+out.Period+`.xlsx"`)
		_, _ = w.Write(buf.Bytes())
	case "html":
		type named struct {
			Name  string
			Count int
		}
		data := struct {
			R                                 MonthlyJSON
			UnitName, MonthTH, DueTH, StateTH string
			SubmittedTH, GeneratedTH          string
			Categories, Channels              []named
		}{R: out, UnitName: out.UnitName, StateTH: stateTH[out.State],
			MonthTH:     thai.MonthName(rep.Period.Start().Month()) + " " + strconv.Itoa(rep.Period.Year),
			DueTH:       thai.FormatDate(rep.Due.In(bangkok).Add(-time.Nanosecond)),
			GeneratedTH: thai.FormatDateTime(s.app.Now().In(bangkok))}
		if out.Submission != nil {
			data.SubmittedTH = thai.FormatDateTime(out.Submission.SubmittedAt.In(bangkok))
		}
		for _, c := range out.ReceivedByCategory {
			data.Categories = append(data.Categories, named{catName(c.Key), c.Count})
		}
		for _, c := range out.ReceivedByChannel {
			data.Channels = append(data.Channels, named{chanName(c.Key), c.Count})
		}
		var buf bytes.Buffer
		if err := monthlyTemplate.Execute(&buf, data); err != nil {
			s.writeError(w, r, err)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write(buf.Bytes())
	default:
		s.writeError(w, r, apperr.Invalid("format", "unknown_format", "format must be json, xlsx or html", "รูปแบบต้องเป็น json, xlsx หรือ html"))
	}
}
