package store

import (
	"context"
	"time"

	"github.com/rongtook/rongtook/internal/cases"
)

// Reporter keeps what reports need beyond the cases' timelines: the districts' monthly
// submissions and the governor's field visits.
type Reporter interface {
	// CaseFacts lists the cases received in [from, to) with the fields statistics count:
	// channel, category, district, unit, status, BEST, confidential and the times.
	CaseFacts(ctx context.Context, from, to time.Time) ([]cases.Case, error)
	CaseByID(ctx context.Context, id int64) (cases.Case, error)
	// ConversationFacts lists the social-media conversations started in [from, to).
	ConversationFacts(ctx context.Context, from, to time.Time) ([]ConversationFact, error)

	PutMonthlyReport(ctx context.Context, r MonthlyReport) error
	MonthlyReports(ctx context.Context, period string) ([]MonthlyReport, error)

	CreateVisit(ctx context.Context, v *Visit) error
	Visits(ctx context.Context) ([]Visit, error)
	Visit(ctx context.Context, id int64) (Visit, error)
	PutMilestone(ctx context.Context, m Milestone) error
	AddVisitNote(ctx context.Context, n VisitNote) error
	LinkVisitCase(ctx context.Context, visitID, caseID int64) error
	// DueMilestones lists the milestones not done whose due date is on or before date.
	DueMilestones(ctx context.Context, date string) ([]Milestone, error)
	// AddNotices writes messages that concern no case (a visit's milestone, say) to the
	// outbox, skipping those whose dedupe key exists; it returns how many were new.
	AddNotices(ctx context.Context, msgs []OutboxMessage) (int, error)
}

// MonthlyReport is what a district office adds to its computed monthly figures, and when it
// submitted them.
type MonthlyReport struct {
	UnitCode    string    `json:"unit_code"`
	Period      string    `json:"period"` // 2569-10
	Notable     string    `json:"notable_cases"`
	Obstacles   string    `json:"obstacles"`
	SubmittedBy int64     `json:"submitted_by"`
	SubmittedAt time.Time `json:"submitted_at"`
}

// Visit is one of the governor's field visits (ผู้ว่าฯ สัญจร).
type Visit struct {
	ID           int64       `json:"id"`
	Number       int         `json:"number"`
	Date         string      `json:"date"` // 2026-11-12
	DistrictCode int         `json:"district_code"`
	Title        string      `json:"title"`
	Notes        string      `json:"notes"`
	Progress     int         `json:"progress_percent"`
	CreatedBy    int64       `json:"created_by,omitempty"`
	CreatedAt    time.Time   `json:"created_at"`
	Milestones   []Milestone `json:"milestones"`
	Log          []VisitNote `json:"progress_notes"`
	CaseIDs      []int64     `json:"-"`
}

// Milestone is one of the five steps of a visit's cases; step 5 (evaluation) repeats twice a
// year, numbered by Round.
type Milestone struct {
	VisitID     int64      `json:"visit_id"`
	VisitNumber int        `json:"visit_number,omitempty"`
	Step        int        `json:"step"`
	Round       int        `json:"round"`
	DueDate     string     `json:"due_date,omitempty"`
	DoneAt      *time.Time `json:"done_at,omitempty"`
	Note        string     `json:"note,omitempty"`
}

// VisitNote is a dated progress note, e.g. "29/11/2565: visit 15, Bang Rak, 1 case".
type VisitNote struct {
	ID       int64     `json:"id"`
	VisitID  int64     `json:"visit_id"`
	Date     string    `json:"date"`
	Progress *int      `json:"progress_percent,omitempty"`
	Text     string    `json:"text"`
	By       int64     `json:"by,omitempty"`
	At       time.Time `json:"at"`
}

// ConversationFact is what channel statistics count of one conversation.
type ConversationFact struct {
	Channel    string
	Tags       []string
	Unanswered bool
	CitizenID  int64
	HasCase    bool
}
