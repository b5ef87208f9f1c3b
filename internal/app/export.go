package app

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/rongtook/rongtook/internal/apperr"
	"github.com/rongtook/rongtook/internal/auth"
	"github.com/rongtook/rongtook/internal/export"
	"github.com/rongtook/rongtook/internal/store"
)

// MaxExportRows bounds one export; a larger list must be narrowed by its filters.
const MaxExportRows = 100000

// ExportCases writes the cases the reader may see that match f, as CSV (UTF-8 with a BOM)
// or XLSX. The citizen's name and contacts are included only when asked for and the
// reader's role sees personal data; every such citizen's read goes to the access log, and
// the export itself to the audit log.
func (a *App) ExportCases(ctx context.Context, p auth.Principal, f store.CaseFilter, format string, personal bool, w io.Writer) error {
	if format != "csv" && format != "xlsx" {
		return apperr.Invalid("format", "unknown_format", "format must be csv or xlsx", "รูปแบบไฟล์ต้องเป็น csv หรือ xlsx")
	}
	if personal && !auth.SeesPersonalData(p) {
		return apperr.Forbidden("your role does not see citizens' personal data", "บทบาทของคุณไม่สามารถดูข้อมูลส่วนบุคคลของประชาชนได้")
	}
	f.Limit, f.Cursor = 200, ""
	var rows []export.Row
	for {
		page, err := a.ListCases(ctx, p, f)
		if err != nil {
			return err
		}
		for _, c := range page.Cases {
			rows = append(rows, export.Row{Case: c})
		}
		if len(rows) > MaxExportRows {
			return apperr.Rule("export_too_large", fmt.Sprintf("more than %d cases; narrow the filters", MaxExportRows), fmt.Sprintf("มีเรื่องเกิน %d เรื่อง กรุณากรองให้แคบลง", MaxExportRows))
		}
		if page.Next == "" {
			break
		}
		f.Cursor = page.Next
	}
	now := a.now()
	if personal {
		seen := map[int64]*store.Citizen{}
		var reads []store.AccessEntry
		for i := range rows {
			id := rows[i].Case.CitizenID
			if id == 0 {
				continue
			}
			cit, ok := seen[id]
			if !ok {
				c, err := a.store.Citizen(ctx, id)
				if err != nil {
					return err
				}
				cit = &c
				seen[id] = cit
			}
			rows[i].Citizen = cit
			reads = append(reads, store.AccessEntry{UserID: p.UserID, CitizenID: id, CaseID: rows[i].Case.ID, Purpose: "export", At: now})
		}
		if err := a.store.LogAccessMany(ctx, reads); err != nil {
			return fmt.Errorf("access log: %w", err)
		}
	}
	detail := fmt.Sprintf("format=%s rows=%d personal=%v filters=%s", format, len(rows), personal, describeFilter(f))
	if err := a.store.Audit(ctx, store.AuditEntry{UserID: p.UserID, Action: "export_cases", Detail: detail, At: now}); err != nil {
		return fmt.Errorf("audit log: %w", err)
	}
	opts := export.Options{Personal: personal}
	if format == "xlsx" {
		return export.XLSX(w, a.ref, rows, opts)
	}
	return export.CSV(w, a.ref, rows, opts)
}

func describeFilter(f store.CaseFilter) string {
	var parts []string
	add := func(k string, v any, set bool) {
		if set {
			parts = append(parts, fmt.Sprintf("%s=%v", k, v))
		}
	}
	add("status", f.Statuses, len(f.Statuses) > 0)
	add("unit", f.UnitCode, f.UnitCode != "")
	add("district", f.DistrictCode, f.DistrictCode != 0)
	add("category", f.CategoryCode, f.CategoryCode != 0)
	add("channel", f.Channel, f.Channel != "")
	add("created_from", f.CreatedFrom.Format("2006-01-02"), !f.CreatedFrom.IsZero())
	add("created_to", f.CreatedTo.Format("2006-01-02"), !f.CreatedTo.IsZero())
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ",")
}

// AuditLog lists audited acts for admins and centre supervisors.
func (a *App) AuditLog(ctx context.Context, p auth.Principal, limit int) ([]store.AuditEntry, error) {
	if !(auth.CanManage(p) || (p.Role == auth.RoleSupervisor && p.CentreStaff())) {
		return nil, apperr.Forbidden("only supervisors and admins read the audit log", "เฉพาะหัวหน้าศูนย์และผู้ดูแลระบบเท่านั้นที่ดูบันทึกการตรวจสอบได้")
	}
	return a.store.AuditLog(ctx, limit)
}
