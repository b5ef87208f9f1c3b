package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/rongtook/rongtook/internal/apperr"
	"github.com/rongtook/rongtook/internal/auth"
	"github.com/rongtook/rongtook/internal/cases"
	"github.com/rongtook/rongtook/internal/reference"
	"github.com/rongtook/rongtook/internal/search"
	"github.com/rongtook/rongtook/internal/store"
)

// searchShortcut answers a query that names one case or one citizen at once: a receipt
// number finds its case (if the reader may see it); a phone number or a citizen's full name,
// for staff who see personal data, turns into the citizen's cases (and the lookup is
// logged). handled is false when the query is a search of the cases' text.
func (a *App) searchShortcut(ctx context.Context, p auth.Principal, f *store.CaseFilter) (page store.CasePage, handled bool, err error) {
	q := strings.TrimSpace(f.Query)
	if cases.ValidReceipt(q) {
		c, err := a.store.CaseByReceipt(ctx, q)
		if apperr.Is(err, apperr.KindNotFound) || (err == nil && !auth.CanView(p, &c)) {
			return store.CasePage{}, true, nil
		}
		if err != nil {
			return page, true, err
		}
		return store.CasePage{Cases: []cases.Case{c}}, true, nil
	}
	if phone, ok := NormalizePhone(q); ok && auth.SeesPersonalData(p) {
		cit, err := a.store.CitizenByPhone(ctx, phone)
		if apperr.Is(err, apperr.KindNotFound) {
			return store.CasePage{}, true, nil
		}
		if err != nil {
			return page, true, err
		}
		if err := a.store.LogAccess(ctx, store.AccessEntry{UserID: p.UserID, CitizenID: cit.ID, Purpose: "case_search", At: a.now()}); err != nil {
			return page, true, fmt.Errorf("access log: %w", err)
		}
		f.Query, f.CitizenID = "", cit.ID
		return page, false, nil
	}
	// A first name and a surname (two words or more) that begin exactly one citizen's name,
	// for staff who see personal data, is that citizen.
	if len(strings.Fields(q)) >= 2 && auth.SeesPersonalData(p) {
		found, err := a.store.FindCitizens(ctx, store.CitizenFilter{Name: q, Limit: 2})
		if err != nil {
			return page, true, err
		}
		if len(found) == 1 {
			if err := a.store.LogAccess(ctx, store.AccessEntry{UserID: p.UserID, CitizenID: found[0].ID, Purpose: "case_search", At: a.now()}); err != nil {
				return page, true, fmt.Errorf("access log: %w", err)
			}
			f.Query, f.CitizenID = "", found[0].ID
		}
	}
	return page, false, nil
}

// DuplicateCheck is a report at intake, before or just after it is saved.
type DuplicateCheck struct {
	Draft   cases.Draft
	Citizen *CitizenInput
	// ExcludeID leaves out the case just created from this report.
	ExcludeID int64
}

// maxDuplicates is how many candidates intake staff are shown.
const maxDuplicates = 10

// FindDuplicates returns the open cases that are probably the same problem as the report:
// nearby cases of the same or a related category (within the category's radius and
// window), and the same citizen's open cases, best first with a score and the reasons.
func (a *App) FindDuplicates(ctx context.Context, p auth.Principal, in DuplicateCheck) ([]search.Candidate, error) {
	if !auth.CanCreateCase(p) {
		return nil, apperr.Forbidden("your role cannot take in cases", "บทบาทของคุณไม่สามารถรับเรื่องได้")
	}
	d := in.Draft
	if _, ok := a.ref.Category(d.CategoryCode); !ok {
		return nil, apperr.Invalid("category_code", "unknown_category", "unknown category", "ไม่รู้จักประเภทเรื่องที่ระบุ")
	}
	var citizenID int64
	if in.Citizen != nil {
		citizenID = in.Citizen.ID
		if citizenID == 0 && in.Citizen.Phone != "" {
			if phone, ok := NormalizePhone(in.Citizen.Phone); ok {
				if cit, err := a.store.CitizenByPhone(ctx, phone); err == nil {
					citizenID = cit.ID
				} else if !apperr.Is(err, apperr.KindNotFound) {
					return nil, err
				}
			}
		}
	}
	now := a.now()
	q := store.NearbyQuery{
		Categories: search.Categories(d.CategoryCode), CitizenID: citizenID, ExcludeID: in.ExcludeID, Limit: 200,
		Visibility: a.visibility(p),
	}
	lat, lon := d.Location.Lat, d.Location.Lon
	if r := search.MaxRadius(d.CategoryCode); lat != nil && lon != nil && r > 0 {
		q.HasPoint = true
		q.MinLat, q.MaxLat, q.MinLon, q.MaxLon = search.Box(*lat, *lon, r)
		window := time.Duration(0)
		for _, c := range q.Categories {
			window = max(window, search.RuleFor(c).Window)
		}
		q.Since = now.Add(-window)
	}
	found, err := a.store.NearbyOpenCases(ctx, q)
	if err != nil {
		return nil, err
	}
	fs := make([]search.Found, len(found))
	for i, f := range found {
		fs[i] = search.Found{Case: f.Case, Terms: f.Terms}
	}
	return search.Rank(search.Report{CategoryCode: d.CategoryCode, Description: d.Description, Address: d.Location.Address,
		Lat: lat, Lon: lon, CitizenID: citizenID}, fs, now, maxDuplicates), nil
}

func (a *App) visibility(p auth.Principal) store.Visibility {
	return store.Visibility{
		ConfidentialAll: p.Role == auth.RoleSupervisor && p.Unit == reference.CentreCode,
		ReadAll:         p.ReadsAll(),
		OwnUnit:         p.Unit,
	}
}

// linkAction links a case as a duplicate of the original named in cmd.Of, or undoes it. The
// duplicate closes (terminated, reason duplicate) or reopens; the original's timeline shows
// it; the duplicate's citizen is told through the outbox that they now follow the original.
func (a *App) linkAction(ctx context.Context, p auth.Principal, dup cases.Case, cmd cases.Command) (cases.Case, cases.Event, error) {
	orig, err := a.visibleCase(ctx, p, strings.TrimSpace(cmd.Of))
	if err != nil {
		if apperr.Is(err, apperr.KindNotFound) {
			return dup, cases.Event{}, apperr.Invalid("of", "unknown_case", "no case you can see has that receipt number", "ไม่พบเรื่องตามเลขที่รับแจ้งที่ระบุ")
		}
		return dup, cases.Event{}, err
	}
	cmd.Of = orig.Receipt
	if orig.ID == dup.ID {
		return dup, cases.Event{}, apperr.Rule("duplicate_of_itself", "a case cannot duplicate itself", "เรื่องไม่สามารถซ้ำกับตัวเองได้")
	}
	linking := cmd.Action == cases.ActLinkDuplicate
	if linking {
		if _, err := a.store.ActiveLink(ctx, orig.ID); err == nil {
			return dup, cases.Event{}, apperr.Rule("original_is_duplicate", "the original is itself linked as a duplicate; link to its original", "เรื่องเดิมถูกเชื่อมเป็นเรื่องซ้ำของเรื่องอื่นแล้ว กรุณาเชื่อมกับเรื่องต้นทาง")
		} else if !apperr.Is(err, apperr.KindNotFound) {
			return dup, cases.Event{}, err
		}
	} else {
		link, err := a.store.ActiveLink(ctx, dup.ID)
		if err != nil {
			if apperr.Is(err, apperr.KindNotFound) {
				return dup, cases.Event{}, apperr.Rule("not_linked", "the case is not linked as a duplicate", "เรื่องนี้ไม่ได้ถูกเชื่อมเป็นเรื่องซ้ำ")
			}
			return dup, cases.Event{}, err
		}
		if link.OriginalID != orig.ID {
			return dup, cases.Event{}, apperr.Invalid("of", "other_original", "the case is linked to "+link.Original+", not "+orig.Receipt, "เรื่องนี้เชื่อมกับเรื่องเลขที่ "+link.Original)
		}
	}
	now := a.now()
	next, ev, err := cases.Apply(dup, cmd, p.Actor(), now)
	if err != nil {
		return dup, cases.Event{}, err
	}
	evs, err := a.store.Events(ctx, dup.ID)
	if err != nil {
		return dup, cases.Event{}, err
	}
	eng, err := a.Engine(ctx)
	if err != nil {
		return dup, cases.Event{}, err
	}
	if next.NextDueAt, err = nextDue(eng, next, append(evs, ev), now); err != nil {
		return dup, cases.Event{}, err
	}
	actor := p.Actor()
	origEv := cases.Event{CaseID: orig.ID, At: now, ActorID: actor.ID, ActorName: actor.Name, ActorRole: actor.Role, ActorUnit: actor.Unit,
		FromStatus: orig.Status, ToStatus: orig.Status, UnitCode: orig.UnitCode, Text: dup.Receipt, Public: false}
	var msgs []store.OutboxMessage
	if linking {
		origEv.Type = cases.EventDuplicateLinked
		msgs, err = a.citizenNotice(ctx, dup, "duplicate_linked", fmt.Sprintf("duplicate_linked:%d:%d", dup.ID, dup.Version),
			fmt.Sprintf("เรื่องเลขที่ %s ของท่านเป็นเรื่องเดียวกับเรื่องเลขที่ %s ซึ่งหน่วยงานกำลังดำเนินการอยู่ ท่านจะได้รับแจ้งผลของเรื่องเลขที่ %s",
				dup.Receipt, orig.Receipt, orig.Receipt), orig.UnitCode)
	} else {
		origEv.Type = cases.EventDuplicateUnlinked
		msgs, err = a.citizenNotice(ctx, dup, "duplicate_unlinked", fmt.Sprintf("duplicate_unlinked:%d:%d", dup.ID, dup.Version),
			fmt.Sprintf("เรื่องเลขที่ %s ของท่านได้รับการพิจารณาแยกจากเรื่องเลขที่ %s แล้ว หน่วยงานจะดำเนินการและแจ้งผลเรื่องของท่านต่อไป", dup.Receipt, orig.Receipt),
			next.UnitCode)
	}
	if err != nil {
		return dup, cases.Event{}, err
	}
	l := store.DuplicateLink{Duplicate: next, DuplicateEvent: ev, OriginalID: orig.ID, OriginalEvent: origEv, Messages: msgs, By: p.UserID, At: now}
	ev.CaseID = dup.ID
	l.DuplicateEvent = ev
	var saved cases.Case
	if linking {
		saved, err = a.store.LinkDuplicate(ctx, l)
	} else {
		saved, err = a.store.UnlinkDuplicate(ctx, l)
	}
	if err != nil {
		return dup, cases.Event{}, err
	}
	a.log.InfoContext(ctx, "case action", "receipt", dup.Receipt, "action", cmd.Action, "of", orig.Receipt, "by", p.Username)
	return saved, ev, nil
}

// citizenNotice is a message telling the citizen of case c something: on LINE when the
// citizen has a LINE identity (as status messages go), otherwise a message on the internal
// channel addressed to citizen:<id>, for the centre to pass on by the channel the citizen
// used (a hotline caller is called back). Anonymous cases tell nobody.
func (a *App) citizenNotice(ctx context.Context, c cases.Case, kind, dedupe, text, unit string) ([]store.OutboxMessage, error) {
	if c.CitizenID == 0 || c.Anonymous {
		return nil, nil
	}
	ids, err := a.store.Identities(ctx, c.CitizenID)
	if err != nil {
		return nil, err
	}
	now := a.now()
	var out []store.OutboxMessage
	for _, id := range ids {
		if id.Kind == "line" {
			out = append(out, store.OutboxMessage{DedupeKey: dedupe + ":line:" + id.Value, Kind: kind, Channel: "line", Recipient: "line:" + id.Value,
				UnitCode: unit, CaseID: c.ID, Text: text, Payload: LinePayload{Account: id.Account}.Encode(), CreatedAt: now})
		}
	}
	if len(out) == 0 {
		out = append(out, store.OutboxMessage{DedupeKey: dedupe + ":internal", Kind: kind, Channel: "internal",
			Recipient: fmt.Sprintf("citizen:%d", c.CitizenID), UnitCode: unit, CaseID: c.ID, Text: text, CreatedAt: now})
	}
	return out, nil
}

// followerMessages tell the citizens of the cases linked to an original as its duplicates
// that the original has been closed, and how. Act writes them with the original's change.
func (a *App) followerMessages(ctx context.Context, before, after cases.Case) ([]store.OutboxMessage, error) {
	if before.Status == after.Status || (after.Status != cases.StatusCompleted && after.Status != cases.StatusTerminated) {
		return nil, nil
	}
	links, err := a.store.Links(ctx, after.ID)
	if err != nil {
		return nil, err
	}
	var out []store.OutboxMessage
	for _, l := range links {
		dup, err := a.store.CaseByReceipt(ctx, l.Receipt)
		if err != nil {
			return nil, err
		}
		text := fmt.Sprintf("เรื่องเลขที่ %s ซึ่งเป็นเรื่องเดียวกับเรื่องเลขที่ %s ของท่าน: %s", after.Receipt, dup.Receipt, cases.StatusTH(after.Status))
		if after.Status == cases.StatusCompleted && after.Result != nil && after.Result.Text != "" {
			text += "\nผลการดำเนินการ: " + after.Result.Text
		}
		msgs, err := a.citizenNotice(ctx, dup, "original_closed", fmt.Sprintf("original_closed:%d:%d:%d", after.ID, before.Version+1, dup.ID), text, after.UnitCode)
		if err != nil {
			return nil, err
		}
		out = append(out, msgs...)
	}
	return out, nil
}

// Followers lists the cases linked to an original as its duplicates: their citizens
// follow it.
func (a *App) Followers(ctx context.Context, p auth.Principal, receipt string) ([]store.CaseLink, error) {
	c, err := a.visibleCase(ctx, p, receipt)
	if err != nil {
		return nil, err
	}
	return a.store.Links(ctx, c.ID)
}

// RepeatComplaints reports the repeat complaints (cases linked as duplicates) per unit,
// category and month over [from, to). Unit staff see their unit's figures; centre staff,
// executives and admins see all.
func (a *App) RepeatComplaints(ctx context.Context, p auth.Principal, from, to time.Time) ([]store.RepeatCount, error) {
	if !to.After(from) {
		return nil, apperr.Invalid("to", "empty_period", "to must be after from", "วันสิ้นสุดต้องอยู่หลังวันเริ่มต้น")
	}
	all, err := a.store.RepeatComplaints(ctx, from, to)
	if err != nil {
		return nil, err
	}
	if p.ReadsAll() {
		return all, nil
	}
	out := []store.RepeatCount{}
	for _, r := range all {
		if r.UnitCode == p.Unit {
			out = append(out, r)
		}
	}
	return out, nil
}
