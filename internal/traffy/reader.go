package traffy

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"iter"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Format names one of the Traffy CSV layouts.
type Format int

const (
	// FormatSearchAPI is the 2022 dump of the public search API: ticket_id, type,
	// organization, comment, photo, photo_after, coords, address, subdistrict, district,
	// province, timestamp, state, star, count_reopen, status, type_id, message_id.
	FormatSearchAPI Format = iota + 1
	// FormatExport is the platform's 2023 export: ticket_id, type, organization, comment,
	// coords, photo, photo_after, address, subdistrict, district, province, timestamp,
	// state, star, count_reopen, last_activity.
	FormatExport
)

func (f Format) String() string {
	switch f {
	case FormatSearchAPI:
		return "search-api"
	case FormatExport:
		return "export"
	}
	return "Format(" + strconv.Itoa(int(f)) + ")"
}

// Column indexes of the fields a Record is built from.
const (
	colTicketID = iota
	colType
	colOrganization
	colComment
	colPhoto
	colPhotoAfter
	colCoords
	colAddress
	colSubdistrict
	colDistrict
	colProvince
	colTimestamp
	colState
	colStar
	colCountReopen
	colStatus
	colTypeID
	colMessageID
	colLastActivity
	numCols
)

var columnNames = [numCols]string{
	"ticket_id", "type", "organization", "comment", "photo", "photo_after", "coords",
	"address", "subdistrict", "district", "province", "timestamp", "state", "star",
	"count_reopen", "status", "type_id", "message_id", "last_activity",
}

// Columns that both formats share, and those that tell them apart.
var (
	commonColumns    = []int{colTicketID, colType, colOrganization, colComment, colPhoto, colPhotoAfter, colCoords, colAddress, colSubdistrict, colDistrict, colProvince, colTimestamp, colState, colStar, colCountReopen}
	searchAPIColumns = []int{colStatus, colTypeID, colMessageID}
	exportColumns    = []int{colLastActivity}
)

// The Bangkok bounding box for coords; see the package documentation for why it is this
// generous.
const (
	MinLat, MaxLat = 13.4, 14.2
	MinLon, MaxLon = 100.2, 101.0
)

// Reader reads Traffy records from a CSV stream. It is not safe for concurrent use.
type Reader struct {
	csv    *csv.Reader
	format Format
	width  int          // number of columns in the header
	index  [numCols]int // column position of each field, -1 when absent
	err    error        // sticky fatal error (I/O), returned by every later Read
}

// NewReader reads and checks the header of a Traffy CSV and returns a Reader positioned
// on the first row. It strips a UTF-8 byte-order mark and recognises the columns by name,
// in any order and any letter case; columns it does not know are ignored. The error wraps
// [ErrHeader] when the header is not a Traffy one, or is the underlying read error.
func NewReader(r io.Reader) (*Reader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if bom, err := br.Peek(3); err == nil && bytes.Equal(bom, []byte("\xef\xbb\xbf")) {
		_, _ = br.Discard(3) // cannot fail: the bytes are buffered
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1 // the column count is checked per row, to report it as a RowError
	cr.ReuseRecord = true   // the field strings are fresh each row; only the slice is reused

	header, err := cr.Read()
	switch {
	case err == io.EOF:
		return nil, fmt.Errorf("%w: empty input", ErrHeader)
	case err != nil:
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("%w: %v", ErrHeader, err)
		}
		return nil, err
	}

	rd := &Reader{csv: cr, width: len(header)}
	for i := range rd.index {
		rd.index[i] = -1
	}
	for pos, name := range header {
		name = strings.ToLower(strings.TrimSpace(name))
		for c, known := range columnNames {
			if name != known {
				continue
			}
			if rd.index[c] >= 0 {
				return nil, fmt.Errorf("%w: column %q appears twice", ErrHeader, name)
			}
			rd.index[c] = pos
		}
	}
	missing := func(cols []int) []string {
		var out []string
		for _, c := range cols {
			if rd.index[c] < 0 {
				out = append(out, columnNames[c])
			}
		}
		return out
	}
	if m := missing(commonColumns); len(m) > 0 {
		return nil, fmt.Errorf("%w: missing columns %s", ErrHeader, strings.Join(m, ", "))
	}
	switch {
	case len(missing(searchAPIColumns)) == 0:
		rd.format = FormatSearchAPI
	case len(missing(exportColumns)) == 0:
		rd.format = FormatExport
	default:
		return nil, fmt.Errorf("%w: neither %s (search-API dump) nor %s (export)",
			ErrHeader, strings.Join(missing(searchAPIColumns), ", "), columnNames[colLastActivity])
	}
	return rd, nil
}

// Format reports which layout the header matched.
func (r *Reader) Format() Format { return r.format }

// Read returns the next record. At the end of the input it returns io.EOF.
//
// A row that fails validation yields a zero Record and a [*RowError]; the next call goes
// on with the following row, so a caller collects RowErrors and keeps reading. Any other
// error comes from the underlying reader; it is returned again by every later call.
func (r *Reader) Read() (Record, error) {
	if r.err != nil {
		return Record{}, r.err
	}
	fields, err := r.csv.Read()
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			// encoding/csv resumes on the line after the fault (not promised by its docs;
			// TestReaderBrokenCSV pins it), so this is a row error, not the end.
			return Record{}, malformed(pe)
		}
		r.err = err
		return Record{}, err
	}
	line, _ := r.csv.FieldPos(0)
	if len(fields) != r.width {
		return Record{}, &RowError{
			Line:     line,
			Reason:   fmt.Sprintf("row has %d columns, header has %d", len(fields), r.width),
			ReasonTH: fmt.Sprintf("แถวนี้มี %d คอลัมน์ แต่หัวตารางมี %d คอลัมน์", len(fields), r.width),
			Code:     CodeFieldCount,
		}
	}
	return r.parse(line, fields)
}

// All returns an iterator over the remaining rows: each valid Record with a nil error,
// each rejected row with a zero Record and its [*RowError]. It stops at the end of the
// input, after yielding a fatal (I/O) error, or when the loop body breaks.
func (r *Reader) All() iter.Seq2[Record, error] {
	return func(yield func(Record, error) bool) {
		for {
			rec, err := r.Read()
			if err == io.EOF {
				return
			}
			if !yield(rec, err) {
				return
			}
			var rowErr *RowError
			if err != nil && !errors.As(err, &rowErr) {
				return
			}
		}
	}
}

func malformed(pe *csv.ParseError) *RowError {
	what, whatTH := "malformed quoting", "เครื่องหมายคำพูด (\") ไม่ถูกต้อง"
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		what, whatTH = `a " inside an unquoted field`, `มีเครื่องหมาย " อยู่ในช่องที่ไม่ได้ครอบด้วยเครื่องหมายคำพูด`
	case errors.Is(pe.Err, csv.ErrQuote) && pe.Line > pe.StartLine:
		// A quoted field that runs over many lines and then breaks almost always began
		// with a quote that was never closed.
		what, whatTH = "a quoted field that is never properly closed", "ช่องข้อมูลที่เปิดเครื่องหมายคำพูดแล้วไม่ได้ปิด"
	}
	return &RowError{
		Line:     pe.StartLine,
		Reason:   fmt.Sprintf("broken CSV: %s (detected at line %d, column %d)", what, pe.Line, pe.Column),
		ReasonTH: fmt.Sprintf("โครงสร้าง CSV เสียหาย: %s (พบที่บรรทัด %d คอลัมน์ %d)", whatTH, pe.Line, pe.Column),
		Code:     CodeMalformedCSV,
	}
}

// parse validates one row of the right width and builds its Record. Checks run in a fixed
// order and the first failure is reported, so a row always yields the same error.
func (r *Reader) parse(line int, fields []string) (Record, error) {
	get := func(c int) string {
		if i := r.index[c]; i >= 0 {
			return fields[i]
		}
		return ""
	}
	rec := Record{Line: line, TicketID: strings.TrimSpace(get(colTicketID))}
	fail := func(c int, code, reason, reasonTH string) (Record, error) {
		field := ""
		if c >= 0 {
			field = columnNames[c]
		}
		return Record{}, &RowError{Line: line, TicketID: rec.TicketID, Field: field, Reason: reason, ReasonTH: reasonTH, Code: code}
	}

	for c, i := range r.index {
		if i >= 0 && !utf8.ValidString(fields[i]) {
			if c == colTicketID {
				rec.TicketID = "" // do not carry broken bytes into the error
			}
			return fail(c, CodeInvalidEncoding, "text is not valid UTF-8 (is the file TIS-620?)",
				"ข้อความไม่ใช่ UTF-8 (ไฟล์อาจเป็นรหัส TIS-620)")
		}
	}
	if rec.TicketID == "" {
		return fail(colTicketID, CodeMissingTicketID, "ticket_id is empty", "ไม่มีเลขที่เรื่อง (ticket_id)")
	}

	types, err := parseTextArray(get(colType))
	if err != nil {
		return fail(colType, CodeInvalidTypes,
			fmt.Sprintf("type %s is not an array like {a,b}: %v", quoteValue(get(colType)), err),
			fmt.Sprintf("ประเภทปัญหา %s ไม่อยู่ในรูปแบบ {ก,ข}", quoteValue(get(colType))))
	}
	rec.Types = types

	if s := strings.TrimSpace(get(colCoords)); s != "" {
		lon, lat, ok := parseCoords(s)
		if !ok {
			return fail(colCoords, CodeInvalidCoords,
				fmt.Sprintf("coords %s is not \"lon,lat\"", quoteValue(s)),
				fmt.Sprintf("พิกัด %s ไม่อยู่ในรูปแบบ ลองจิจูด,ละติจูด", quoteValue(s)))
		}
		if inBangkokBox(lon, lat) {
			rec.HasLocation, rec.Lon, rec.Lat = true, lon, lat
		} else {
			// The report itself is real (a Bangkok resident pinned the wrong place, or the
			// app sent a stale GPS fix); only the point is wrong, so the row is kept
			// without it rather than lost.
			reason := fmt.Sprintf("coords %s are outside the Bangkok box (lat %.1f–%.1f, lon %.1f–%.1f); kept without a location",
				quoteValue(s), MinLat, MaxLat, MinLon, MaxLon)
			if inBangkokBox(lat, lon) {
				reason += "; they look like lat,lon in the wrong order"
			}
			rec.Warnings = append(rec.Warnings, Warning{Field: columnNames[colCoords], Code: CodeCoordsOutOfArea, Reason: reason,
				ReasonTH: fmt.Sprintf("พิกัด %s อยู่นอกพื้นที่กรุงเทพมหานคร จึงนำเข้าโดยไม่มีตำแหน่ง", quoteValue(s))})
		}
	}

	ts := get(colTimestamp)
	if rec.Timestamp, err = parseTime(ts); err != nil {
		return fail(colTimestamp, CodeInvalidTimestamp,
			fmt.Sprintf("timestamp %s: %v", quoteValue(ts), err),
			fmt.Sprintf("วันเวลาที่แจ้ง %s ไม่ถูกต้อง", quoteValue(ts)))
	}

	if st := get(colState); strings.TrimSpace(st) == "" {
		// An empty state is an export glitch, not a missing ticket: infer it rather than
		// lose the report. An unknown word is different (it may be a state this package
		// has not learnt) and is still an error.
		var w Warning
		rec.State, w = inferState(get(colStatus))
		rec.Warnings = append(rec.Warnings, w)
	} else {
		var ok bool
		if rec.State, ok = ParseState(st); !ok {
			return fail(colState, CodeUnknownState,
				fmt.Sprintf("state %s is none of รอรับเรื่อง, กำลังดำเนินการ, ส่งต่อ, เสร็จสิ้น, ไม่เกี่ยวข้อง", quoteValue(st)),
				fmt.Sprintf("ไม่รู้จักสถานะ %s", quoteValue(st)))
		}
	}

	if s := strings.TrimSpace(get(colStar)); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 5 {
			return fail(colStar, CodeInvalidStar,
				fmt.Sprintf("star %s is not a whole number from 1 to 5", quoteValue(s)),
				fmt.Sprintf("คะแนนความพึงพอใจ %s ต้องเป็นจำนวนเต็ม 1 ถึง 5", quoteValue(s)))
		}
		rec.Star = n
	}

	if s := strings.TrimSpace(get(colCountReopen)); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return fail(colCountReopen, CodeInvalidReopenCount,
				fmt.Sprintf("count_reopen %s is not a count", quoteValue(s)),
				fmt.Sprintf("จำนวนครั้งที่เปิดเรื่องใหม่ %s ไม่ถูกต้อง", quoteValue(s)))
		}
		rec.ReopenCount = n
	}

	if s := get(colLastActivity); strings.TrimSpace(s) != "" {
		if rec.LastActivity, err = parseTime(s); err != nil {
			return fail(colLastActivity, CodeInvalidLastActivity,
				fmt.Sprintf("last_activity %s: %v", quoteValue(s), err),
				fmt.Sprintf("วันเวลาที่มีความเคลื่อนไหวล่าสุด %s ไม่ถูกต้อง", quoteValue(s)))
		}
	}

	rec.Organizations = splitList(get(colOrganization))
	rec.Comment = get(colComment)
	rec.Photo = strings.TrimSpace(get(colPhoto))
	rec.PhotoAfter = strings.TrimSpace(get(colPhotoAfter))
	rec.Address = get(colAddress)
	rec.Subdistrict = strings.TrimSpace(get(colSubdistrict))
	rec.District = strings.TrimSpace(get(colDistrict))
	rec.Province = strings.TrimSpace(get(colProvince))
	rec.Status = get(colStatus)
	rec.TypeID = get(colTypeID)
	rec.MessageID = get(colMessageID)
	return rec, nil
}

// parseCoords reads "lon,lat" (the order Traffy uses, as GeoJSON does). Both numbers
// must be finite: strconv accepts "NaN" and "Inf", which are no place at all.
func parseCoords(s string) (lon, lat float64, ok bool) {
	a, b, found := strings.Cut(s, ",")
	if !found {
		return 0, 0, false
	}
	lon, err1 := strconv.ParseFloat(strings.TrimSpace(a), 64)
	lat, err2 := strconv.ParseFloat(strings.TrimSpace(b), 64)
	if err1 != nil || err2 != nil || math.IsNaN(lon+lat) || math.IsInf(lon+lat, 0) {
		return 0, 0, false
	}
	return lon, lat, true
}

func inBangkokBox(lon, lat float64) bool {
	return lat >= MinLat && lat <= MaxLat && lon >= MinLon && lon <= MaxLon
}

// timeLayouts are the timestamp forms accepted, most common first. Traffy writes
// PostgreSQL's text form, "2022-05-29 10:09:48.912192+00", in both formats; the others
// are what a re-export through a spreadsheet or another tool tends to produce. Fractional
// seconds of any length are accepted by time.Parse without being in the layout. A time
// without a UTC offset is refused rather than guessed: the files mix UTC and, once
// edited by hand, may hold Bangkok local time, seven hours apart.
var timeLayouts = []string{
	"2006-01-02 15:04:05Z07",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05Z0700",
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z07",
}

func parseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, errors.New("empty")
	}
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, errors.New(`not a time with UTC offset like "2022-05-29 10:09:48.912192+00"`)
}

// splitList splits the comma-separated organization column, dropping blanks.
func splitList(s string) []string {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	parts := strings.Split(s, ",")
	out := parts[:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// quoteValue quotes a structured field's value for an error message, shortened so that a
// misplaced comment (a row shifted by a broken export) cannot spill into logs whole.
func quoteValue(s string) string {
	const max = 40
	if utf8.RuneCountInString(s) > max {
		s = string([]rune(s)[:max]) + "…"
	}
	return strconv.Quote(s)
}
