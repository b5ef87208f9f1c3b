package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/rongtook/rongtook/internal/apperr"
	"github.com/rongtook/rongtook/internal/cases"
	"github.com/rongtook/rongtook/internal/store"
)

func (s *DB) CaseFacts(ctx context.Context, from, to time.Time) ([]cases.Case, error) {
	rows, err := s.query(ctx, s.db, `SELECT id, channel, category_code, COALESCE(district_code, 0), unit_code, status, best, confidential,
		created_at, reached_unit_at, acknowledged_at, closed_at, next_due_at, COALESCE(source, '')
		FROM cases WHERE created_at >= ? AND created_at < ? ORDER BY id`, s.t(from), s.t(to))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []cases.Case
	for rows.Next() {
		var c cases.Case
		if err := rows.Scan(&c.ID, &c.Channel, &c.CategoryCode, &c.Location.DistrictCode, &c.UnitCode, &c.Status, &c.BEST, &c.Confidential,
			timeCol{&c.CreatedAt}, optTime{&c.ReachedUnitAt}, optTime{&c.AcknowledgedAt}, optTime{&c.ClosedAt}, optTime{&c.NextDueAt}, &c.Source); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func (s *DB) CaseByID(ctx context.Context, id int64) (cases.Case, error) {
	c, err := scanCase(s.row(ctx, s.db, `SELECT `+caseCols+` FROM cases WHERE id = ?`, id))
	return c, notFound(err, "case")
}

func (s *DB) ConversationFacts(ctx context.Context, from, to time.Time) ([]store.ConversationFact, error) {
	rows, err := s.query(ctx, s.db, `SELECT channel, tags, unanswered, COALESCE(citizen_id, 0), case_id IS NOT NULL
		FROM conversations WHERE created_at >= ? AND created_at < ?`, s.t(from), s.t(to))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.ConversationFact
	for rows.Next() {
		var f store.ConversationFact
		var tags string
		if err := rows.Scan(&f.Channel, &tags, &f.Unanswered, &f.CitizenID, &f.HasCase); err != nil {
			return nil, err
		}
		f.Tags = splitTags(tags)
		out = append(out, f)
	}
	return out, rows.Err()
}

func (s *DB) PutMonthlyReport(ctx context.Context, r store.MonthlyReport) error {
	_, err := s.exec(ctx, s.db, `INSERT INTO monthly_reports (unit_code, period, notable, obstacles, submitted_by, submitted_at)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (unit_code, period) DO UPDATE SET notable = excluded.notable,
		obstacles = excluded.obstacles, submitted_by = excluded.submitted_by, submitted_at = excluded.submitted_at`,
		r.UnitCode, r.Period, r.Notable, r.Obstacles, nullInt(r.SubmittedBy), s.t(r.SubmittedAt))
	return err
}

func (s *DB) MonthlyReports(ctx context.Context, period string) ([]store.MonthlyReport, error) {
	rows, err := s.query(ctx, s.db, `SELECT unit_code, period, notable, obstacles, COALESCE(submitted_by, 0), submitted_at
		FROM monthly_reports WHERE period = ? ORDER BY unit_code`, period)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.MonthlyReport
	for rows.Next() {
		var r store.MonthlyReport
		if err := rows.Scan(&r.UnitCode, &r.Period, &r.Notable, &r.Obstacles, &r.SubmittedBy, timeCol{&r.SubmittedAt}); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// CreateVisit stores a visit with its milestones in one transaction.
func (s *DB) CreateVisit(ctx context.Context, v *store.Visit) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		err := s.row(ctx, tx, `INSERT INTO visits (number, date, district_code, title, notes, progress, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, v.Number, v.Date, v.DistrictCode, v.Title, v.Notes, v.Progress,
			nullInt(v.CreatedBy), s.t(v.CreatedAt)).Scan(&v.ID)
		if err != nil {
			if s.d.IsUniqueViolation(err) {
				return apperr.Conflict("visit_number_taken", fmt.Sprintf("visit number %d exists already", v.Number), "มีการลงพื้นที่ครั้งที่นี้อยู่แล้ว")
			}
			return err
		}
		for i := range v.Milestones {
			v.Milestones[i].VisitID = v.ID
			if err := s.putMilestone(ctx, tx, v.Milestones[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

const visitCols = `id, number, date, district_code, title, notes, progress, COALESCE(created_by, 0), created_at`

func scanVisit(sc interface{ Scan(...any) error }) (store.Visit, error) {
	var v store.Visit
	err := sc.Scan(&v.ID, &v.Number, dateCol{&v.Date}, &v.DistrictCode, &v.Title, &v.Notes, &v.Progress, &v.CreatedBy, timeCol{&v.CreatedAt})
	return v, err
}

func (s *DB) Visits(ctx context.Context) ([]store.Visit, error) {
	rows, err := s.query(ctx, s.db, `SELECT `+visitCols+` FROM visits ORDER BY number DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.Visit
	for rows.Next() {
		v, err := scanVisit(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// Visit returns a visit with its milestones, progress notes and cases.
func (s *DB) Visit(ctx context.Context, id int64) (store.Visit, error) {
	v, err := scanVisit(s.row(ctx, s.db, `SELECT `+visitCols+` FROM visits WHERE id = ?`, id))
	if err != nil {
		return v, notFound(err, "resource")
	}
	rows, err := s.query(ctx, s.db, `SELECT visit_id, step, round, due_date, done_at, note FROM visit_milestones WHERE visit_id = ? ORDER BY step, round`, id)
	if err != nil {
		return v, err
	}
	for rows.Next() {
		m, err := scanMilestone(rows)
		if err != nil {
			rows.Close()
			return v, err
		}
		v.Milestones = append(v.Milestones, m)
	}
	rows.Close()
	rows, err = s.query(ctx, s.db, `SELECT id, visit_id, date, progress, text, COALESCE(by_user, 0), at FROM visit_notes WHERE visit_id = ? ORDER BY date, id`, id)
	if err != nil {
		return v, err
	}
	for rows.Next() {
		var n store.VisitNote
		var progress sql.NullInt64
		if err := rows.Scan(&n.ID, &n.VisitID, dateCol{&n.Date}, &progress, &n.Text, &n.By, timeCol{&n.At}); err != nil {
			rows.Close()
			return v, err
		}
		if progress.Valid {
			p := int(progress.Int64)
			n.Progress = &p
		}
		v.Log = append(v.Log, n)
	}
	rows.Close()
	rows, err = s.query(ctx, s.db, `SELECT case_id FROM visit_cases WHERE visit_id = ? ORDER BY case_id`, id)
	if err != nil {
		return v, err
	}
	defer rows.Close()
	for rows.Next() {
		var cid int64
		if err := rows.Scan(&cid); err != nil {
			return v, err
		}
		v.CaseIDs = append(v.CaseIDs, cid)
	}
	return v, rows.Err()
}

type nullDate struct{ s *string }

func (c nullDate) Scan(src any) error {
	if src == nil {
		*c.s = ""
		return nil
	}
	return dateCol(c).Scan(src)
}

func scanMilestone(sc interface{ Scan(...any) error }) (store.Milestone, error) {
	var m store.Milestone
	var note sql.NullString
	err := sc.Scan(&m.VisitID, &m.Step, &m.Round, nullDate{&m.DueDate}, optTime{&m.DoneAt}, &note)
	m.Note = note.String
	return m, err
}

func (s *DB) PutMilestone(ctx context.Context, m store.Milestone) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return s.putMilestone(ctx, tx, m) })
}

func (s *DB) putMilestone(ctx context.Context, tx *sql.Tx, m store.Milestone) error {
	_, err := s.exec(ctx, tx, `INSERT INTO visit_milestones (visit_id, step, round, due_date, done_at, note) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (visit_id, step, round) DO UPDATE SET due_date = excluded.due_date, done_at = excluded.done_at, note = excluded.note`,
		m.VisitID, m.Step, m.Round, nullStr(m.DueDate), s.tp(m.DoneAt), m.Note)
	return err
}

// AddVisitNote adds a dated progress note; a note with a percentage also sets the visit's
// progress.
func (s *DB) AddVisitNote(ctx context.Context, n store.VisitNote) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var progress any
		if n.Progress != nil {
			progress = *n.Progress
			res, err := s.exec(ctx, tx, `UPDATE visits SET progress = ? WHERE id = ?`, *n.Progress, n.VisitID)
			if err != nil {
				return err
			}
			if k, _ := res.RowsAffected(); k == 0 {
				return apperr.NotFound("resource")
			}
		}
		_, err := s.exec(ctx, tx, `INSERT INTO visit_notes (visit_id, date, progress, text, by_user, at) VALUES (?, ?, ?, ?, ?, ?)`,
			n.VisitID, n.Date, progress, n.Text, nullInt(n.By), s.t(n.At))
		return err
	})
}

func (s *DB) LinkVisitCase(ctx context.Context, visitID, caseID int64) error {
	_, err := s.exec(ctx, s.db, `INSERT INTO visit_cases (visit_id, case_id) VALUES (?, ?)`, visitID, caseID)
	if err != nil && s.d.IsUniqueViolation(err) {
		return apperr.Conflict("case_in_a_visit", "the case belongs to a visit already", "เรื่องนี้อยู่ในการลงพื้นที่ครั้งอื่นแล้ว")
	}
	return err
}

func (s *DB) DueMilestones(ctx context.Context, date string) ([]store.Milestone, error) {
	rows, err := s.query(ctx, s.db, `SELECT m.visit_id, m.step, m.round, m.due_date, m.done_at, m.note, v.number
		FROM visit_milestones m JOIN visits v ON v.id = m.visit_id
		WHERE m.done_at IS NULL AND m.due_date IS NOT NULL AND m.due_date <= ? ORDER BY m.due_date, m.visit_id`, date)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.Milestone
	for rows.Next() {
		var m store.Milestone
		var note sql.NullString
		if err := rows.Scan(&m.VisitID, &m.Step, &m.Round, nullDate{&m.DueDate}, optTime{&m.DoneAt}, &note, &m.VisitNumber); err != nil {
			return nil, err
		}
		m.Note = note.String
		out = append(out, m)
	}
	return out, rows.Err()
}

func (s *DB) AddNotices(ctx context.Context, msgs []store.OutboxMessage) (int, error) {
	added := 0
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		for _, m := range msgs {
			res, err := s.exec(ctx, tx, `INSERT INTO outbox (dedupe_key, kind, channel, recipient, unit_code, text, status, next_attempt_at, created_at)
				VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?) ON CONFLICT (dedupe_key) DO NOTHING`,
				m.DedupeKey, m.Kind, m.Channel, m.Recipient, m.UnitCode, m.Text, s.t(m.CreatedAt), s.t(m.CreatedAt))
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n > 0 {
				added++
			}
		}
		return nil
	})
	return added, err
}
