package store

import (
	"context"
	"time"

	"github.com/rongtook/rongtook/internal/cases"
	"github.com/rongtook/rongtook/internal/thai"
)

// SearchText is what the search index holds for a case: the search terms of its receipt
// number, description and address, split by the Thai segmenter, separated by spaces.
func SearchText(c cases.Case) string {
	return thai.Default().IndexText(c.Receipt + "\n" + c.Description + "\n" + c.Location.Address)
}

// Searcher is what search, duplicate detection, linking and the category suggester need of
// the store. Full-text search itself is CaseFilter.Query on ListCases.
type Searcher interface {
	// NearbyOpenCases lists open cases (not completed or terminated) of the given categories
	// whose point lies inside the box, created at or after Since, plus — when CitizenID is
	// set — every open case of that citizen; each with its stored search terms.
	NearbyOpenCases(ctx context.Context, q NearbyQuery) ([]CaseTerms, error)
	// LinkDuplicate closes a case as a duplicate of another in one transaction: the
	// duplicate is stored (its version checked) with its event, the original gets an event
	// on its timeline (without counting as a change of it), the link is recorded and the
	// messages are written to the outbox.
	LinkDuplicate(ctx context.Context, l DuplicateLink) (cases.Case, error)
	// UnlinkDuplicate undoes the active link of l.Duplicate the same way.
	UnlinkDuplicate(ctx context.Context, l DuplicateLink) (cases.Case, error)
	// ActiveLink returns the original a case is linked to as a duplicate (not found when
	// it is not linked).
	ActiveLink(ctx context.Context, caseID int64) (CaseLink, error)
	// Links lists the active links to an original: the cases whose citizens follow it.
	Links(ctx context.Context, originalID int64) ([]CaseLink, error)
	// RepeatComplaints counts the links made in [from, to) by the original's unit and
	// category and the month (Bangkok) of the duplicate's creation.
	RepeatComplaints(ctx context.Context, from, to time.Time) ([]RepeatCount, error)
	// TrainingCases calls fn for every case with a description, in ID order: what the
	// category suggester learns from.
	TrainingCases(ctx context.Context, fn func(TrainingCase) error) error
	// PutModel stores a learned model under name, replacing the previous one.
	PutModel(ctx context.Context, m Model) error
	// Model returns the model stored under name.
	Model(ctx context.Context, name string) (Model, error)
	// ReindexSearch fills the search terms of cases that have none (cases written before
	// search existed); it returns how many it filled.
	ReindexSearch(ctx context.Context) (int, error)
}

// NearbyQuery selects the open cases a new report may duplicate.
type NearbyQuery struct {
	Categories     []int
	MinLat, MaxLat float64
	MinLon, MaxLon float64
	Since          time.Time
	CitizenID      int64
	ExcludeID      int64
	Limit          int
	HasPoint       bool // false: no place given, only the citizen's cases
	Visibility     Visibility
}

// CaseTerms is a case with its stored search terms.
type CaseTerms struct {
	Case  cases.Case
	Terms string
}

// DuplicateLink is one link or unlink: the duplicate's new state and event, the event on
// the original's timeline and the messages that tell people.
type DuplicateLink struct {
	Duplicate      cases.Case // as it will be stored; Version is the one read
	DuplicateEvent cases.Event
	OriginalID     int64
	OriginalEvent  cases.Event
	Messages       []OutboxMessage
	By             int64
	At             time.Time
}

// CaseLink is a case linked as a duplicate of an original.
type CaseLink struct {
	CaseID     int64     `json:"-"`
	Receipt    string    `json:"receipt"`
	OriginalID int64     `json:"-"`
	Original   string    `json:"original"`
	LinkedBy   int64     `json:"linked_by,omitempty"`
	LinkedAt   time.Time `json:"linked_at"`
}

// RepeatCount is the number of repeat complaints of one unit, category and month.
type RepeatCount struct {
	Month        string `json:"month"` // 2026-11, Bangkok
	UnitCode     string `json:"unit_code"`
	CategoryCode int    `json:"category_code"`
	Count        int    `json:"count"`
}

// TrainingCase is what the category suggester learns from one case.
type TrainingCase struct {
	ID           int64
	CategoryCode int
	Description  string
	Address      string
	DistrictCode int
	Lat, Lon     *float64
	Source       string
}

// Model is a learned model as stored.
type Model struct {
	Name      string
	Data      []byte
	TrainedAt time.Time
	Info      string // a short JSON summary: cases learned from, accuracy
}
