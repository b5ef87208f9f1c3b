package traffy

import (
	"fmt"
	"log/slog"
	"time"
)

// Record is one valid Traffy ticket. Text fields are kept exactly as exported (line ends
// inside a comment are normalised to \n); photo fields are links, never fetched here.
type Record struct {
	Line int // 1-based physical line where the row starts in the input

	TicketID      string   // e.g. "2022-6XH9DR"
	Types         []string // Traffy types in the citizen's order; nil when none
	Organizations []string // responsible units; the 2023 export lists several, comma-separated
	Comment       string   // the citizen's text: personal data, may hold phone numbers
	Photo         string   // link to the photo filed with the report
	PhotoAfter    string   // link to the photo of the finished work; "" when none

	// HasLocation is false when coords was empty; Lon and Lat are then zero.
	HasLocation bool
	Lon, Lat    float64 // WGS 84 degrees, inside the Bangkok box when HasLocation

	Address     string // free-text address (personal data: often a house number)
	Subdistrict string // แขวง, Thai, as given
	District    string // เขต, Thai, as given; see DistrictCode
	Province    string // as given; "กรุงเทพมหานคร" or "จังหวัดกรุงเทพมหานคร" for Bangkok

	Timestamp    time.Time // when the ticket was filed, in UTC
	State        State     // never StateUnknown
	Star         int       // satisfaction rating 1–5; 0 when not rated
	ReopenCount  int       // times the citizen reopened the ticket; empty cell = 0
	LastActivity time.Time // 2023 export only; zero when absent

	// Warnings lists what was wrong with the row but worked around (a point outside
	// Bangkok dropped, an empty state inferred), in column order; nil when none.
	Warnings []Warning

	// Raw columns of the 2022 search-API dump, kept for traceability; "" in the 2023
	// export. Status is the API's own coarse state (finish, inprogress, report).
	Status, TypeID, MessageID string
}

// Category returns rongtook's category code and kind for the record's types; see
// [Classify].
func (r Record) Category() (int, Kind) { return Classify(r.Types) }

// DistrictCode returns the official code of the record's district; see [DistrictCode].
func (r Record) DistrictCode() (int, bool) { return DistrictCode(r.District) }

// String identifies the record without its personal data, so that a record that ends up
// in a log message or a test failure does not leak comments or addresses.
func (r Record) String() string {
	return fmt.Sprintf("traffy.Record{line %d, ticket %s, %s, %s}",
		r.Line, r.TicketID, r.State, r.Timestamp.Format(time.RFC3339))
}

// LogValue implements [slog.LogValuer], logging the structured fields only: comment,
// address and photo links (which show people and houses) are left out on purpose.
func (r Record) LogValue() slog.Value {
	return slog.GroupValue(
		slog.Int("line", r.Line),
		slog.String("ticket_id", r.TicketID),
		slog.Any("types", r.Types),
		slog.String("district", r.District),
		slog.String("state", r.State.String()),
		slog.Time("timestamp", r.Timestamp),
		slog.Int("warnings", len(r.Warnings)),
	)
}
