// Package export writes lists of cases as files people open in a spreadsheet: CSV in UTF-8
// with a byte-order mark (so that Excel shows Thai correctly) and XLSX. It also reads the CSV
// back, so that one rongtook's export is another's import.
package export

import (
	"encoding/csv"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/rongtook/rongtook/internal/cases"
	"github.com/rongtook/rongtook/internal/reference"
	"github.com/rongtook/rongtook/internal/store"
)

// BOM makes Excel read a CSV file as UTF-8.
const BOM = "\ufeff"

// Row is one case with the personal data the reader may see (nil for others).
type Row struct {
	Case    cases.Case
	Citizen *store.Citizen
}

// Columns of the export, in order. The personal columns are present only in staff exports
// of readers allowed to see personal data.
var (
	CaseColumns = []string{"receipt", "created_at", "channel", "kind", "category_code", "category_th", "status", "status_th",
		"district_code", "district_th", "unit_code", "section_code", "description", "address", "lat", "lon", "best", "confidential",
		"rating", "reopen_count", "next_due_at", "closed_at", "result_type", "result_text", "source", "source_ref"}
	PersonalColumns = []string{"citizen_name", "citizen_phone", "citizen_email"}
)

// Options shape an export.
type Options struct {
	Personal bool // include the citizen's name and contacts
	// Public masks phone numbers, e-mail addresses and ID numbers typed inside free text,
	// for output anyone may read.
	Public bool
}

// Header returns the column names for opts.
func Header(opts Options) []string {
	h := append([]string(nil), CaseColumns...)
	if opts.Personal && !opts.Public {
		h = append(h, PersonalColumns...)
	}
	return h
}

func timeText(t *time.Time) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return t.In(cases.Bangkok()).Format("2006-01-02 15:04:05")
}

func floatText(p *float64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatFloat(*p, 'f', 6, 64)
}

// Record turns a row into the cells of Header(opts).
func Record(ref *reference.Data, r Row, opts Options) []string {
	c := r.Case
	cat, _ := ref.Category(c.CategoryCode)
	dist, _ := ref.District(c.Location.DistrictCode)
	district := ""
	if c.Location.DistrictCode != 0 {
		district = strconv.Itoa(c.Location.DistrictCode)
	}
	var resType, resText string
	if c.Result != nil {
		resType, resText = c.Result.Type, c.Result.Text
	}
	desc, addr := c.Description, c.Location.Address
	if opts.Public {
		desc, addr, resText = MaskPersonal(desc), MaskPersonal(addr), MaskPersonal(resText)
	}
	rating := ""
	if c.Rating != 0 {
		rating = strconv.Itoa(c.Rating)
	}
	created := c.CreatedAt
	out := []string{c.Receipt, timeText(&created), c.Channel, c.Kind, strconv.Itoa(c.CategoryCode), cat.NameTH, string(c.Status),
		cases.StatusTH(c.Status), district, dist.NameTH, c.UnitCode, c.SectionCode, desc, addr, floatText(c.Location.Lat),
		floatText(c.Location.Lon), strconv.FormatBool(c.BEST), strconv.FormatBool(c.Confidential), rating, strconv.Itoa(c.ReopenCount),
		timeText(c.NextDueAt), timeText(c.ClosedAt), resType, resText, c.Source, c.SourceRef}
	if opts.Personal && !opts.Public {
		var name, phone, email string
		if r.Citizen != nil {
			name, phone, email = r.Citizen.Name, r.Citizen.Phone, r.Citizen.Email
		}
		out = append(out, name, phone, email)
	}
	return out
}

// CSV writes rows as CSV in UTF-8 with a BOM. Cells that a spreadsheet would run as a formula
// are quoted with a leading apostrophe (CSV injection).
func CSV(w io.Writer, ref *reference.Data, rows []Row, opts Options) error {
	if _, err := io.WriteString(w, BOM); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true // what Excel writes and expects
	if err := cw.Write(Header(opts)); err != nil {
		return err
	}
	for _, r := range rows {
		rec := Record(ref, r, opts)
		for i, v := range rec {
			rec[i] = defuse(v)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func defuse(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		if _, err := strconv.ParseFloat(v, 64); err == nil {
			return v // a negative number is data, not a formula
		}
		return "'" + v
	}
	return v
}

// XLSX writes rows as an Excel workbook with one sheet, a bold frozen header and widths
// that fit Thai text.
func XLSX(w io.Writer, ref *reference.Data, rows []Row, opts Options) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "cases"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	header := Header(opts)
	for i, name := range header {
		width := 14.0
		switch name {
		case "description", "result_text", "address":
			width = 60
		case "category_th", "status_th", "district_th":
			width = 22
		}
		if err := sw.SetColWidth(i+1, i+1, width); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	cells := make([]any, len(header))
	for i, h := range header {
		cells[i] = excelize.Cell{StyleID: bold, Value: h}
	}
	if err := sw.SetRow("A1", cells); err != nil {
		return err
	}
	for n, r := range rows {
		rec := Record(ref, r, opts)
		row := make([]any, len(rec))
		for i, v := range rec {
			row[i] = v
		}
		cell, err := excelize.CoordinatesToCellName(1, n+2)
		if err != nil {
			return err
		}
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}

var (
	phonePattern = regexp.MustCompile(`(?:\+66|0)[\s-]?\d(?:[\s-]?\d){7,8}`)
	emailPattern = regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`)
	idPattern    = regexp.MustCompile(`\b\d[\s-]?\d{4}[\s-]?\d{5}[\s-]?\d{2}[\s-]?\d\b`) // Thai national ID, 13 digits
)

// MaskPersonal hides phone numbers, e-mail addresses and national ID numbers typed inside
// free text, for public output.
func MaskPersonal(s string) string {
	s = idPattern.ReplaceAllString(s, "[เลขประจำตัว]")
	s = emailPattern.ReplaceAllString(s, "[อีเมล]")
	return phonePattern.ReplaceAllString(s, "[เบอร์โทร]")
}

// ErrHeader reports a CSV that is not a rongtook export.
var ErrHeader = fmt.Errorf("not a rongtook case export: the header must start with %s", strings.Join(CaseColumns[:3], ","))

// Sheet is one sheet of a report workbook: a title line, a header and rows.
type Sheet struct {
	Name   string
	Title  string
	Header []string
	Rows   [][]any
}

// Workbook writes report sheets as XLSX: a bold title, a bold header, then the rows.
func Workbook(w io.Writer, sheets []Sheet) error {
	f := excelize.NewFile()
	defer f.Close()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	for i, sh := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", sh.Name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(sh.Name); err != nil {
			return err
		}
		sw, err := f.NewStreamWriter(sh.Name)
		if err != nil {
			return err
		}
		if err := sw.SetColWidth(1, max(1, len(sh.Header)), 22); err != nil {
			return err
		}
		row := 1
		if sh.Title != "" {
			if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: bold, Value: sh.Title}}); err != nil {
				return err
			}
			row = 3
		}
		head := make([]any, len(sh.Header))
		for j, h := range sh.Header {
			head[j] = excelize.Cell{StyleID: bold, Value: h}
		}
		cell, _ := excelize.CoordinatesToCellName(1, row)
		if err := sw.SetRow(cell, head); err != nil {
			return err
		}
		for _, r := range sh.Rows {
			row++
			cell, _ := excelize.CoordinatesToCellName(1, row)
			if err := sw.SetRow(cell, r); err != nil {
				return err
			}
		}
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	_, err = f.WriteTo(w)
	return err
}
