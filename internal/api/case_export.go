package api

import (
	"bytes"
	"net/http"
	"strconv"
	"time"

	"github.com/rongtook/rongtook/internal/apperr"
	"github.com/rongtook/rongtook/internal/cases"
)

// caseExport downloads a case list, with the list's filters, as ?format=csv (UTF-8 with a
// BOM, for Excel) or xlsx; ?personal=true adds the citizen's name and contacts for roles
// that see them.
func (s *Server) caseExport(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	format := q.Get("format")
	if format == "" {
		format = "csv"
	}
	personal := false
	if v := q.Get("personal"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			s.writeError(w, r, apperr.Invalid("personal", "wrong_type", "personal must be true or false", "personal ต้องเป็น true หรือ false"))
			return
		}
		personal = b
	}
	q.Del("format")
	q.Del("personal")
	r.URL.RawQuery = q.Encode()
	f, err := parseCaseFilter(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	f.Now = s.app.Now()
	// Buffered, so that a failure midway is an error response rather than half a file.
	var buf bytes.Buffer
	if err := s.app.ExportCases(r.Context(), principal(r), f, format, personal, &buf); err != nil {
		s.writeError(w, r, err)
		return
	}
	name := "rongtook-cases-" + s.app.Now().In(cases.Bangkok()).Format("20060102-1504") + "." + format
	ct := "text/csv; charset=utf-8"
	if format == "xlsx" {
		ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(buf.Bytes()))
}
