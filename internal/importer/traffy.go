package importer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rongtook/rongtook/internal/apperr"
	"github.com/rongtook/rongtook/internal/cases"
	"github.com/rongtook/rongtook/internal/reference"
	"github.com/rongtook/rongtook/internal/store"
	"github.com/rongtook/rongtook/internal/traffy"
)

// What imported Traffy cases carry.
const (
	// TraffySource is Case.Source of an imported Traffy ticket; Case.SourceRef is its
	// ticket id.
	TraffySource = "traffy"
	// TraffyChannel is the intake channel of an imported Traffy ticket.
	TraffyChannel = "traffy"
	// TraffyActor is the name on the timeline events an import writes (ActorID 0).
	TraffyActor = "Traffy Fondue (นำเข้า)"
)

// The texts an import writes where the file states an outcome but not its words.
const (
	traffyResultText     = "ดำเนินการแล้วเสร็จ (ตามสถานะใน Traffy Fondue)"
	traffyProgressText   = "กำลังดำเนินการ (ตามสถานะใน Traffy Fondue)"
	traffyIrrelevantText = "ไม่เกี่ยวข้อง (ตามสถานะใน Traffy Fondue)"
)

// Traffy imports a Traffy Fondue CSV export (either layout; see package traffy) into dst.
//
// Each ticket becomes a case from source "traffy" with the ticket id as its reference:
//
//   - channel traffy; kind and category from the ticket's types (traffy.Classify);
//     description the citizen's comment or, when empty, the types' names ("ถนน, ทางเท้า");
//     the point, address, star rating, reopen count; photo links as attachments of kind
//     "photo" and "photo_after".
//   - district: the district column; when it names no Bangkok district and
//     Options.Districts is set, the district the point lies in.
//   - unit: the district office of the case's district when the organization column
//     names a district office or the district column names a district (that is where
//     Traffy sent the ticket), with the section the organization or the routing rules
//     name; otherwise the unit Options.Rules give; otherwise the complaint centre.
//   - timeline, by actor [TraffyActor]: imported (status new) and forwarded to the unit
//     at the ticket's timestamp; then by Traffy state, at last_activity (or the
//     timestamp): pending and forwarded stay forwarded; in progress is acknowledged and
//     progress; finished is acknowledged, result_proposed and approved with result
//     "fixed"; irrelevant is terminated as outside_authority. Each step goes through
//     cases.Apply, so an imported case is in a state the workflow could have reached.
//
// A row the reader rejects, a ticket id seen earlier in the input, or a case that breaks
// rongtook's rules is reported through Options.OnIssue and counted as rejected; the
// import goes on. Tickets already in dst are skipped. The error is non-nil only when the
// input is not a Traffy export, cannot be read to the end, the store fails for a whole
// batch, or ctx ends; the Summary then counts what was done until that point.
func Traffy(ctx context.Context, r io.Reader, dst Sink, opts Options) (Summary, error) {
	if dst == nil {
		return Summary{}, errors.New("importer: no sink")
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	start := now()
	m, err := newTraffyMapper(&opts)
	if err != nil {
		return Summary{}, err
	}
	in := &countingReader{r: r}
	b := newBatcher(dst, &opts, in)
	finish := func(err error) (Summary, error) {
		// A batch may still be in flight when reading stops early.
		if werr := b.wait(); werr != nil && err == nil {
			err = werr
		}
		b.mu.Lock()
		defer b.mu.Unlock()
		b.sum.Elapsed = now().Sub(start)
		return b.sum, err
	}
	rd, err := traffy.NewReader(in)
	if err != nil {
		return finish(fmt.Errorf("importer: %w", err))
	}
	b.sum.Format = rd.Format().String()

	seen := map[string]int{} // ticket id → line of its first row
	for {
		if err := ctx.Err(); err != nil {
			return finish(fmt.Errorf("importer: %w", err))
		}
		rec, err := rd.Read()
		if err == io.EOF {
			break
		}
		var rowErr *traffy.RowError
		if errors.As(err, &rowErr) {
			b.row()
			b.reject(Issue{Line: rowErr.Line, TicketID: rowErr.TicketID, Field: rowErr.Field, Code: rowErr.Code,
				Reason: rowErr.Reason, ReasonTH: rowErr.ReasonTH})
			continue
		}
		if err != nil {
			// Store what was read in full before the failure, then stop.
			return finish(errors.Join(fmt.Errorf("importer: reading the input: %w", err), b.flush(ctx)))
		}
		b.row()
		if first, ok := seen[rec.TicketID]; ok {
			b.reject(Issue{Line: rec.Line, TicketID: rec.TicketID, Field: "ticket_id", Code: CodeDuplicateTicket,
				Reason:   fmt.Sprintf("ticket %s already appears on line %d; this row is left out", rec.TicketID, first),
				ReasonTH: fmt.Sprintf("เลขที่เรื่อง %s ซ้ำกับบรรทัดที่ %d จึงไม่นำเข้าแถวนี้", rec.TicketID, first)})
			continue
		}
		seen[rec.TicketID] = rec.Line

		nc, warnings, rejection := m.mapRecord(rec)
		for _, w := range warnings {
			b.issue(w)
		}
		if rejection != nil {
			b.reject(*rejection)
			continue
		}
		// Segmented here, on this goroutine, while the store works on the previous batch.
		nc.SearchText = store.SearchText(nc.Case)
		if err := b.add(ctx, nc, pending{line: rec.Line, ticket: rec.TicketID, warned: len(warnings) > 0}); err != nil {
			return finish(err)
		}
	}
	if err := b.flush(ctx); err != nil {
		return finish(err)
	}
	b.progress()
	return finish(nil)
}

// traffyMapper turns Traffy records into cases.
type traffyMapper struct {
	ref   *reference.Data
	rules []reference.RoutingRule
	opts  *Options
	actor cases.Actor
}

func newTraffyMapper(opts *Options) (*traffyMapper, error) {
	ref := opts.Reference
	if ref == nil {
		var err error
		if ref, err = reference.Load(); err != nil {
			return nil, fmt.Errorf("importer: reference data: %w", err)
		}
	}
	rules := opts.Rules
	if rules == nil {
		rules = ref.Routing
	}
	return &traffyMapper{ref: ref, rules: rules, opts: opts, actor: cases.Actor{Name: TraffyActor}}, nil
}

// mapRecord builds the case for one record with its timeline and attachments. It returns
// the warnings about the row and, when the row cannot become a case, the rejection.
func (m *traffyMapper) mapRecord(rec traffy.Record) (store.NewCase, []Issue, *Issue) {
	var warnings []Issue
	warn := func(field, code, reason, reasonTH string) {
		warnings = append(warnings, Issue{Line: rec.Line, TicketID: rec.TicketID, Field: field, Code: code,
			Reason: reason, ReasonTH: reasonTH, Warning: true})
	}
	for _, w := range rec.Warnings {
		warn(w.Field, w.Code, w.Reason, w.ReasonTH)
	}

	category, kind := rec.Category()
	loc := cases.Location{Address: m.truncate(rec.Address, cases.MaxShort, "address", warn)}
	if rec.HasLocation {
		if reference.NearBangkok(rec.Lat, rec.Lon) {
			lat, lon := rec.Lat, rec.Lon
			loc.Lat, loc.Lon = &lat, &lon
		} else {
			// The reader's box and rongtook's differ slightly at the edges; rongtook's
			// decides what a case may hold.
			warn("coords", traffy.CodeCoordsOutOfArea,
				fmt.Sprintf("coords %.5f,%.5f are not in or near Bangkok; imported without a location", rec.Lon, rec.Lat),
				"พิกัดไม่อยู่ในหรือใกล้กรุงเทพมหานคร จึงนำเข้าโดยไม่มีตำแหน่ง")
		}
	}
	district, named := rec.DistrictCode()
	if _, ok := m.ref.District(district); !ok {
		district, named = 0, false
	}
	if district == 0 && loc.Lat != nil && m.opts.Districts != nil {
		if code, ok := m.opts.Districts.DistrictAt(*loc.Lat, *loc.Lon); ok {
			if _, known := m.ref.District(code); known {
				district = code
			}
		}
	}
	if district == 0 && rec.District != "" {
		why, whyTH := "no district boundaries are loaded to place it by its point", "ไม่ได้โหลดขอบเขตเขตเพื่อระบุเขตจากพิกัด"
		switch {
		case m.opts.Districts == nil:
		case loc.Lat == nil:
			why, whyTH = "it has no point to place it by", "ไม่มีพิกัดให้ระบุเขต"
		default:
			why, whyTH = "its point lies in no Bangkok district", "พิกัดไม่อยู่ในเขตใดของกรุงเทพมหานคร"
		}
		warn("district", CodeUnknownDistrict,
			fmt.Sprintf("district %q is not a Bangkok district and %s; imported without a district", rec.District, why),
			fmt.Sprintf("เขต %q ไม่ใช่เขตของกรุงเทพมหานคร และ%s จึงนำเข้าโดยไม่ระบุเขต", rec.District, whyTH))
	}
	loc.DistrictCode = district

	d := cases.Draft{
		Channel: TraffyChannel, Kind: string(kind), CategoryCode: category,
		Description: m.truncate(m.description(rec, category), cases.MaxDescription, "comment", warn),
		Location:    loc, Source: TraffySource, SourceRef: rec.TicketID,
	}
	if err := d.Validate(m.ref); err != nil {
		return store.NewCase{}, warnings, m.invalid(rec, err)
	}

	var atts []store.Attachment
	for _, p := range []struct{ kind, field, url string }{{"photo", "photo", rec.Photo}, {"photo_after", "photo_after", rec.PhotoAfter}} {
		switch {
		case p.url == "":
		case isWebLink(p.url):
			atts = append(atts, store.Attachment{Kind: p.kind, URL: p.url})
		default:
			// Links are shown to staff as links; anything but http(s) (javascript:, file:)
			// must not reach a page.
			warn(p.field, CodeInvalidLink, p.field+" is not an http(s) link; dropped", "ลิงก์รูปภาพไม่ใช่ลิงก์ http(s) จึงไม่นำเข้า")
		}
	}

	target, why := m.route(rec, category, district, named)
	c, events, err := m.timeline(rec, d, target, why)
	if err != nil {
		return store.NewCase{}, warnings, m.invalid(rec, err)
	}
	return store.NewCase{Case: c, Events: events, Attachments: atts}, warnings, nil
}

// description is the citizen's comment or, when there is none, the names of the ticket's
// types: a case always says what it is about.
func (m *traffyMapper) description(rec traffy.Record, category int) string {
	if s := strings.TrimSpace(rec.Comment); s != "" {
		return s
	}
	if len(rec.Types) > 0 {
		return strings.Join(rec.Types, ", ")
	}
	if c, ok := m.ref.Category(category); ok {
		return c.NameTH
	}
	return "แจ้งผ่าน Traffy Fondue"
}

// truncate shortens s to max runes, with a warning, so that an overlong text costs its tail
// rather than the whole case.
func (m *traffyMapper) truncate(s string, max int, field string, warn func(field, code, reason, reasonTH string)) string {
	n := utf8.RuneCountInString(s)
	if n <= max {
		return s
	}
	warn(field, CodeTruncated, fmt.Sprintf("%s has %d characters; kept the first %d", field, n, max-1),
		fmt.Sprintf("ข้อความยาว %d ตัวอักษร เก็บไว้ %d ตัวอักษรแรก", n, max-1))
	return string([]rune(s)[:max-1]) + "…"
}

// invalid reports a case that rongtook's rules refuse, with the rule's own messages.
func (m *traffyMapper) invalid(rec traffy.Record, err error) *Issue {
	is := &Issue{Line: rec.Line, TicketID: rec.TicketID, Code: CodeInvalidCase, Reason: err.Error(),
		ReasonTH: "ข้อมูลเรื่องไม่เป็นไปตามกฎของระบบ"}
	var e *apperr.Error
	if errors.As(err, &e) {
		is.Field, is.Reason, is.ReasonTH = e.Field, e.Code+": "+e.Message, e.MessageTH
	}
	return is
}

func isWebLink(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

// route picks the unit (and section) responsible for the case, and says why for the
// forwarded event.
func (m *traffyMapper) route(rec traffy.Record, category, district int, named bool) (reference.Target, string) {
	// The organization column lists where Traffy sent the ticket. A district office there,
	// or a section of one, means the district office handles it.
	office, sectionTH := 0, ""
	for _, org := range rec.Organizations {
		code, sec, ok := traffy.DistrictOffice(org)
		if !ok || office != 0 && code != office {
			continue
		}
		office = code
		if sectionTH == "" {
			sectionTH = sec
		}
	}
	switch {
	case office != 0:
		sentTo := office
		if district != 0 {
			office = district // the case's own district, as the rest of the system sees it
		}
		t := reference.Target{UnitCode: reference.DistrictUnitCode(office)}
		if sentTo == office {
			t.SectionCode = m.sectionNamed(t.UnitCode, sectionTH)
		}
		if t.SectionCode == "" {
			t.SectionCode = m.officeSection(category, office)
		}
		return t, "หน่วยงานตามที่ Traffy Fondue ส่งเรื่อง (organization)"
	case named:
		return reference.Target{UnitCode: reference.DistrictUnitCode(district), SectionCode: m.officeSection(category, district)},
			"สำนักงานเขตตามเขตที่ระบุใน Traffy Fondue"
	}
	t := reference.Resolve(m.rules, category, district)
	if _, ok := m.ref.Unit(t.UnitCode); !ok {
		return reference.Target{UnitCode: reference.CentreCode}, "ไม่พบหน่วยงานรับผิดชอบ ศูนย์ฯ จะพิจารณาส่งต่อ"
	}
	return t, "ตามกฎการส่งต่อเรื่อง (ประเภทเรื่องและเขต)"
}

// officeSection is the section of district office `district` that the routing rules give
// for the category, or "" when the rules send that category elsewhere.
func (m *traffyMapper) officeSection(category, district int) string {
	t := reference.Resolve(m.rules, category, district)
	if t.UnitCode != reference.DistrictUnitCode(district) {
		return ""
	}
	return t.SectionCode
}

// sectionNamed finds the unit's section with the Thai name Traffy wrote, which abbreviates
// long names with ฯ: "ฝ่ายรักษาความสะอาดฯ" is ฝ่ายรักษาความสะอาดและสวนสาธารณะ.
func (m *traffyMapper) sectionNamed(unit, nameTH string) string {
	if nameTH == "" {
		return ""
	}
	u, ok := m.ref.Unit(unit)
	if !ok {
		return ""
	}
	prefix, abbreviated := strings.CutSuffix(nameTH, "ฯ")
	for _, s := range u.Sections {
		if s.NameTH == nameTH || abbreviated && strings.HasPrefix(s.NameTH, prefix) {
			return s.Code
		}
	}
	return ""
}

// timeline builds the case and its events from the draft, the unit and the Traffy state.
// Every change after the first event goes through cases.Apply, so the case's fields and
// its last event agree and no transition the workflow forbids can be imported.
func (m *traffyMapper) timeline(rec traffy.Record, d cases.Draft, target reference.Target, why string) (cases.Case, []cases.Event, error) {
	filed := rec.Timestamp
	// The 2023 export stamps last_activity a few milliseconds before the timestamp of a
	// ticket nobody has touched; later steps never precede the filing.
	last := filed
	if rec.LastActivity.After(last) {
		last = rec.LastActivity
	}
	c := cases.Case{
		Channel: d.Channel, Kind: d.Kind, CategoryCode: d.CategoryCode, Description: d.Description, Location: d.Location,
		UnitCode: reference.CentreCode, Status: cases.StatusNew, Source: d.Source, SourceRef: d.SourceRef,
		CreatedAt: filed, UpdatedAt: filed, ReachedUnitAt: &filed, Rating: rec.Star, ReopenCount: rec.ReopenCount,
	}
	events := make([]cases.Event, 0, 5)
	events = append(events, cases.Event{
		Type: cases.EventImported, At: filed, ActorName: m.actor.Name, ToStatus: cases.StatusNew, UnitCode: c.UnitCode,
		Text:   fmt.Sprintf("นำเข้าจาก Traffy Fondue เรื่องเลขที่ %s (สถานะในไฟล์: %s)", rec.TicketID, rec.State.Thai()),
		Public: true,
	})
	type step struct {
		cmd cases.Command
		at  time.Time
	}
	steps := []step{{cases.Command{Action: cases.ActForward, UnitCode: target.UnitCode, SectionCode: target.SectionCode, Reason: why}, filed}}
	switch rec.State {
	case traffy.StatePending, traffy.StateForwarded:
		// Waiting for a unit to accept it: forwarded is where it stays.
	case traffy.StateInProgress:
		steps = append(steps,
			step{cases.Command{Action: cases.ActAcknowledge}, last},
			step{cases.Command{Action: cases.ActProgress, Text: traffyProgressText}, last})
	case traffy.StateFinished:
		steps = append(steps,
			step{cases.Command{Action: cases.ActAcknowledge}, last},
			step{cases.Command{Action: cases.ActProposeResult, ResultType: "fixed", Text: traffyResultText}, last},
			step{cases.Command{Action: cases.ActApprove}, last})
	case traffy.StateIrrelevant:
		steps = append(steps,
			step{cases.Command{Action: cases.ActTerminate, TerminationReason: "outside_authority", Text: traffyIrrelevantText}, last})
	default:
		return c, nil, fmt.Errorf("traffy state %v has no timeline", rec.State)
	}
	// The unit's own steps (acknowledge onwards) are recorded as the unit's: deadline and
	// success-level reports attribute each step to the acting unit (app.SLACase), and it
	// was the unit that did them on Traffy.
	unitActor := m.actor
	unitActor.Unit = target.UnitCode
	for i, st := range steps {
		actor := m.actor
		if i > 0 {
			actor = unitActor
		}
		next, ev, err := cases.Apply(c, st.cmd, actor, st.at)
		if err != nil {
			return c, nil, fmt.Errorf("%s: %w", st.cmd.Action, err)
		}
		c, events = next, append(events, ev)
	}
	return c, events, nil
}
