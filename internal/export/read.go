package export

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/rongtook/rongtook/internal/cases"
	"github.com/rongtook/rongtook/internal/reference"
	"github.com/rongtook/rongtook/internal/store"
)

// RowError is a row of an export that cannot be imported.
type RowError struct {
	Line   int
	Field  string
	Reason string
}

func (e *RowError) Error() string { return fmt.Sprintf("line %d: %s: %s", e.Line, e.Field, e.Reason) }

// Reader reads a case export back as cases to import. Each case keeps its source: a case
// first imported from elsewhere keeps that source and id; others are identified by their
// receipt number under the source "rongtook". So importing the same file twice adds
// nothing twice, and an export of an import round-trips.
type Reader struct {
	cr  *csv.Reader
	ref *reference.Data
	col map[string]int
}

// NewReader checks the header and returns a reader.
func NewReader(r io.Reader, ref *reference.Data) (*Reader, error) {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && string(b) == BOM {
		_, _ = br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%w (%v)", ErrHeader, err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.TrimSpace(h)] = i
	}
	for _, need := range CaseColumns {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("%w: column %q is missing", ErrHeader, need)
		}
	}
	return &Reader{cr: cr, ref: ref, col: col}, nil
}

// Read returns the next case, a *RowError for a bad row (reading may go on), or io.EOF.
func (r *Reader) Read() (store.NewCase, int, error) {
	rec, err := r.cr.Read()
	line, _ := r.cr.FieldPos(0)
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return store.NewCase{}, pe.StartLine, &RowError{Line: pe.StartLine, Field: "", Reason: pe.Err.Error()}
		}
		return store.NewCase{}, line, err
	}
	get := func(name string) string {
		if i := r.col[name]; i < len(rec) {
			return strings.TrimSpace(strings.TrimPrefix(rec[i], "'"))
		}
		return ""
	}
	bad := func(field, reason string) (store.NewCase, int, error) {
		return store.NewCase{}, line, &RowError{Line: line, Field: field, Reason: reason}
	}
	receipt := get("receipt")
	if !cases.ValidReceipt(receipt) {
		return bad("receipt", "not a receipt number")
	}
	created, err := time.ParseInLocation("2006-01-02 15:04:05", get("created_at"), cases.Bangkok())
	if err != nil {
		return bad("created_at", "not a time like 2026-11-22 09:30:00")
	}
	cat, err := strconv.Atoi(get("category_code"))
	if err != nil {
		return bad("category_code", "not a number")
	}
	st := cases.Status(get("status"))
	if !st.Valid() {
		return bad("status", "unknown status")
	}
	c := cases.Case{
		Channel: get("channel"), Kind: get("kind"), CategoryCode: cat, Description: get("description"),
		Location: cases.Location{Address: get("address")}, UnitCode: get("unit_code"), SectionCode: get("section_code"),
		Status: st, CreatedAt: created.UTC(), UpdatedAt: created.UTC(), Source: get("source"), SourceRef: get("source_ref"),
	}
	if c.Source == "" {
		c.Source, c.SourceRef = "rongtook", receipt
	}
	if d := get("district_code"); d != "" {
		if c.Location.DistrictCode, err = strconv.Atoi(d); err != nil {
			return bad("district_code", "not a number")
		}
	}
	if la, lo := get("lat"), get("lon"); la != "" || lo != "" {
		lat, err1 := strconv.ParseFloat(la, 64)
		lon, err2 := strconv.ParseFloat(lo, 64)
		if err1 != nil || err2 != nil {
			return bad("lat", "lat and lon must be numbers")
		}
		c.Location.Lat, c.Location.Lon = &lat, &lon
	}
	c.BEST, _ = strconv.ParseBool(get("best"))
	c.Confidential, _ = strconv.ParseBool(get("confidential"))
	if v := get("rating"); v != "" {
		if c.Rating, err = strconv.Atoi(v); err != nil || c.Rating < 1 || c.Rating > 5 {
			return bad("rating", "must be 1–5")
		}
	}
	if v := get("reopen_count"); v != "" {
		if c.ReopenCount, err = strconv.Atoi(v); err != nil || c.ReopenCount < 0 {
			return bad("reopen_count", "must be a whole number")
		}
	}
	if v := get("closed_at"); v != "" {
		t, err := time.ParseInLocation("2006-01-02 15:04:05", v, cases.Bangkok())
		if err != nil {
			return bad("closed_at", "not a time")
		}
		t = t.UTC()
		c.ClosedAt, c.UpdatedAt = &t, t
	}
	if rt := get("result_type"); rt != "" {
		c.Result = &cases.Result{Type: rt, Text: get("result_text")}
	}
	// Validate as a new case would be, so that an edited file cannot bring in what intake refuses.
	d := cases.Draft{Channel: c.Channel, Kind: c.Kind, CategoryCode: c.CategoryCode, Description: c.Description, Location: c.Location,
		Source: c.Source, SourceRef: c.SourceRef}
	if err := d.Validate(r.ref); err != nil {
		e := err.Error()
		return bad("case", e)
	}
	if _, ok := r.ref.Unit(c.UnitCode); !ok {
		return bad("unit_code", "unknown unit")
	}
	c.Kind = d.Kind
	ev := cases.Event{Type: cases.EventImported, At: c.UpdatedAt, ActorName: "นำเข้าจากไฟล์ส่งออก", ToStatus: c.Status, UnitCode: c.UnitCode,
		Text: "imported from export, receipt " + receipt}
	return store.NewCase{Case: c, Events: []cases.Event{ev}}, line, nil
}
