package traffy

import (
	"errors"
	"fmt"
)

// ErrHeader is wrapped by the error [NewReader] returns when the first row is not a
// Traffy header (missing or duplicated columns, or an empty input).
var ErrHeader = errors.New("traffy: unrecognised header")

// Stable codes of [RowError]. They are part of the API: importers store them and
// dashboards group by them, so existing values must never change meaning.
const (
	CodeMalformedCSV        = "malformed_csv"         // the CSV itself is broken (quotes)
	CodeFieldCount          = "field_count"           // column count differs from the header
	CodeInvalidEncoding     = "invalid_encoding"      // a field is not valid UTF-8
	CodeMissingTicketID     = "missing_ticket_id"     // ticket_id is empty
	CodeInvalidTypes        = "invalid_types"         // type is not a {a,b} array literal
	CodeInvalidCoords       = "invalid_coords"        // coords is not "lon,lat"
	CodeCoordsOutOfArea     = "coords_out_of_area"    // coords outside the Bangkok box (a Warning: point dropped)
	CodeInvalidTimestamp    = "invalid_timestamp"     // timestamp empty or unparseable
	CodeMissingState        = "missing_state"         // state is empty (a Warning: state inferred)
	CodeUnknownState        = "unknown_state"         // state is not one of the five known
	CodeInvalidStar         = "invalid_star"          // star not empty and not 1–5
	CodeInvalidReopenCount  = "invalid_reopen_count"  // count_reopen not a count
	CodeInvalidLastActivity = "invalid_last_activity" // last_activity unparseable
)

// RowError reports one row that was rejected. The Reader goes on with the next row after
// returning it, so callers can collect RowErrors and keep reading.
//
// Reason and ReasonTH never quote free text from the row (comments carry personal data);
// they may quote the offending value of a structured field such as coords or star.
type RowError struct {
	Line     int    // 1-based physical line where the row starts
	TicketID string // ticket_id of the row when it is known, for the rejection report
	Field    string // column name, e.g. "coords"; empty when the whole row is at fault
	Reason   string // English explanation for operators
	ReasonTH string // Thai explanation for the staff who fix the data
	Code     string // stable machine code, one of the Code* constants
}

func (e *RowError) Error() string {
	where := fmt.Sprintf("traffy: line %d", e.Line)
	if e.TicketID != "" {
		where += " (ticket " + e.TicketID + ")"
	}
	if e.Field != "" {
		where += ": " + e.Field
	}
	return where + ": " + e.Reason + " [" + e.Code + "]"
}
