package traffy

import (
	"fmt"
	"strings"
)

// Warning reports a problem in a row that the Reader worked around: the row still yields a
// valid [Record], with the faulty value dropped or inferred, and the warning says which and
// why. Warnings use the same stable codes as [RowError] (for example [CodeCoordsOutOfArea]),
// so a dashboard that groups by code sees one list whether a rule rejects or repairs.
//
// Like RowError, a Warning never quotes free text (comment, address).
type Warning struct {
	Field    string // column name, e.g. "coords"
	Code     string // stable machine code, one of the Code* constants
	Reason   string // English explanation for operators, saying what was done
	ReasonTH string // Thai explanation for the staff who fix the data
}

// String formats the warning for a log line: "coords: … [coords_out_of_area]".
func (w Warning) String() string { return w.Field + ": " + w.Reason + " [" + w.Code + "]" }

// stateFromStatus infers a ticket's state from the raw status column of the 2022 search-API
// dump, the platform's coarser state, for rows whose state cell is empty. The dump writes
// finish, inprogress and report (a fresh report nobody has accepted yet); a state name
// ([ParseState]) is taken too.
func stateFromStatus(status string) (State, bool) {
	switch strings.ToLower(strings.TrimSpace(status)) {
	case "finish":
		return StateFinished, true
	case "inprogress":
		return StateInProgress, true
	case "report":
		return StatePending, true
	}
	return ParseState(status)
}

// inferState picks the state for a row whose state cell is empty, and explains the choice.
func inferState(status string) (State, Warning) {
	w := Warning{Field: columnNames[colState], Code: CodeMissingState}
	if st, ok := stateFromStatus(status); ok {
		w.Reason = fmt.Sprintf("state is empty; taken as %s from status %s", st, quoteValue(strings.TrimSpace(status)))
		w.ReasonTH = fmt.Sprintf("ไม่มีสถานะเรื่อง จึงใช้สถานะ \"%s\" ตามคอลัมน์ status %s", st.Thai(), quoteValue(strings.TrimSpace(status)))
		return st, w
	}
	// Pending is the state that claims least: the ticket is open and nobody is said to
	// have worked on it, so no result or closure is invented.
	w.Reason = "state is empty and status gives no hint; taken as pending"
	w.ReasonTH = "ไม่มีสถานะเรื่อง จึงถือว่า \"รอรับเรื่อง\""
	return StatePending, w
}
