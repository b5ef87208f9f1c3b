package api

import (
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rongtook/rongtook/internal/apperr"
	"github.com/rongtook/rongtook/internal/cases"
	"github.com/rongtook/rongtook/internal/search"
	"github.com/rongtook/rongtook/internal/store"
)

// caseList lists the cases the reader may see, newest first, with filters and a cursor.
func (s *Server) caseList(w http.ResponseWriter, r *http.Request) {
	f, err := parseCaseFilter(r)
	f.Now = s.app.Now()
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	page, err := s.app.ListCases(r.Context(), principal(r), f)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := make([]caseJSON, 0, len(page.Cases))
	now := s.app.Now()
	terms := search.QueryTerms(f.Query)
	for _, c := range page.Cases {
		j := caseOut(s.app.Reference(), c, now)
		if f.Query != "" {
			j.Search = searchHitOut(c, terms)
		}
		out = append(out, j)
	}
	writeJSON(w, http.StatusOK, map[string]any{"cases": out, "next_cursor": page.Next})
}

func parseCaseFilter(r *http.Request) (store.CaseFilter, error) {
	q := r.URL.Query()
	var f store.CaseFilter
	for key := range q {
		switch key {
		case "status", "unit", "district", "category", "channel", "best", "created_from", "created_to", "limit", "cursor", "overdue", "sort", "q":
		default:
			return f, apperr.Invalid(key, "unknown_parameter", "unknown query parameter "+key, "ไม่รู้จักพารามิเตอร์ "+key)
		}
	}
	if v := q.Get("status"); v != "" {
		for _, part := range strings.Split(v, ",") {
			st := cases.Status(strings.TrimSpace(part))
			if !st.Valid() {
				return f, apperr.Invalid("status", "unknown_status", "unknown status "+string(st), "ไม่รู้จักสถานะที่ระบุ")
			}
			f.Statuses = append(f.Statuses, st)
		}
	}
	f.UnitCode = q.Get("unit")
	f.Channel = q.Get("channel")
	f.Cursor = q.Get("cursor")
	if f.Query = strings.TrimSpace(q.Get("q")); utf8.RuneCountInString(f.Query) > 200 {
		return f, apperr.Invalid("q", "too_long", "q is longer than 200 characters", "คำค้นยาวเกินไป")
	}
	var err error
	if f.DistrictCode, err = intParam(q.Get("district"), "district", 1001, 1050); err != nil {
		return f, err
	}
	if f.CategoryCode, err = intParam(q.Get("category"), "category", 1, 23); err != nil {
		return f, err
	}
	if f.Limit, err = intParam(q.Get("limit"), "limit", 1, 200); err != nil {
		return f, err
	}
	if v := q.Get("best"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return f, apperr.Invalid("best", "wrong_type", "best must be true or false", "best ต้องเป็น true หรือ false")
		}
		f.BEST = &b
	}
	if v := q.Get("overdue"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return f, apperr.Invalid("overdue", "wrong_type", "overdue must be true or false", "overdue ต้องเป็น true หรือ false")
		}
		f.Overdue = &b
	}
	switch q.Get("sort") {
	case "", "newest":
	case "due":
		f.SortByDue = true
	default:
		return f, apperr.Invalid("sort", "unknown_sort", "sort must be newest or due", "sort ต้องเป็น newest หรือ due")
	}
	if f.CreatedFrom, err = timeParam(q.Get("created_from"), "created_from"); err != nil {
		return f, err
	}
	if f.CreatedTo, err = timeParam(q.Get("created_to"), "created_to"); err != nil {
		return f, err
	}
	return f, nil
}

func intParam(v, name string, min, max int) (int, error) {
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < min || n > max {
		return 0, apperr.Invalid(name, "out_of_range", name+" must be a whole number from "+itoa(min)+" to "+itoa(max), name+" ต้องเป็นตัวเลข "+itoa(min)+"–"+itoa(max))
	}
	return n, nil
}

// timeParam accepts RFC 3339 or a plain date, which means midnight in Bangkok.
func timeParam(v, name string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, nil
	}
	if t, err := time.ParseInLocation("2006-01-02", v, cases.Bangkok()); err == nil {
		return t, nil
	}
	return time.Time{}, apperr.Invalid(name, "invalid_time", name+" must be a date (2026-11-22) or an RFC 3339 time", name+" ต้องเป็นวันที่ (2026-11-22) หรือเวลาแบบ RFC 3339")
}

func itoa(n int) string { return strconv.Itoa(n) }

var bangkok = cases.Bangkok()
