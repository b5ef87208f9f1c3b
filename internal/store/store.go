// Package store defines the storage the application needs, independent of the database.
// internal/store/sqlite and internal/store/postgres implement it; internal/store/storetest is
// the contract suite both must pass.
package store

import (
	"context"
	"time"

	"github.com/rongtook/rongtook/internal/auth"
	"github.com/rongtook/rongtook/internal/cases"
	"github.com/rongtook/rongtook/internal/reference"
)

// Store is everything the application keeps. Every method that changes more than one row
// does so in one transaction. Errors are *apperr.Error for not-found (KindNotFound),
// concurrent change or duplicate (KindConflict); anything else is internal.
type Store interface {
	Close() error
	Ping(ctx context.Context) error
	// Dialect names the database: "sqlite" or "postgres".
	Dialect() string

	SyncReference(ctx context.Context, ref *reference.Data) error
	Units(ctx context.Context) ([]reference.Unit, error)
	RoutingRules(ctx context.Context) ([]reference.RoutingRule, error)
	PutRoutingRule(ctx context.Context, r reference.RoutingRule) error
	DeleteRoutingRule(ctx context.Context, category, district int) error
	Coordinators(ctx context.Context, unit string) ([]Coordinator, error)
	PutCoordinator(ctx context.Context, c Coordinator) error

	CreateUser(ctx context.Context, u *auth.User) error
	UserByUsername(ctx context.Context, username string) (auth.User, error)
	UserByID(ctx context.Context, id int64) (auth.User, error)
	Users(ctx context.Context, unit string) ([]auth.User, error)
	CreateToken(ctx context.Context, t *Token) error
	TokenUser(ctx context.Context, hash string, now time.Time) (auth.User, error)
	Tokens(ctx context.Context, userID int64) ([]Token, error)
	RevokeToken(ctx context.Context, id int64, now time.Time) error
	CreateSession(ctx context.Context, s Session) error
	SessionUser(ctx context.Context, hash string, now time.Time) (auth.User, error)
	DeleteSession(ctx context.Context, hash string) error
	RecordLoginFailure(ctx context.Context, username string, at time.Time) error
	LoginFailures(ctx context.Context, username string, since time.Time) (int, error)

	CreateCitizen(ctx context.Context, c *Citizen) error
	Citizen(ctx context.Context, id int64) (Citizen, error)
	CitizenByPhone(ctx context.Context, phone string) (Citizen, error)
	LogAccess(ctx context.Context, e AccessEntry) error
	AccessLog(ctx context.Context, citizenID int64) ([]AccessEntry, error)

	// CreateCase issues the receipt number and stores the case with its first events in one
	// transaction. With an idempotency key already used by the same user for the same
	// request, it returns the case created then and created=false.
	CreateCase(ctx context.Context, n NewCase) (c cases.Case, created bool, err error)
	CaseByReceipt(ctx context.Context, receipt string) (cases.Case, error)
	CaseBySource(ctx context.Context, source, ref string) (cases.Case, error)
	// ImportCases stores a batch of cases with their timelines in one transaction, skipping
	// those whose (Source, SourceRef) exists already; created[i] tells which were new.
	ImportCases(ctx context.Context, batch []NewCase) (created []bool, err error)
	Attachments(ctx context.Context, caseID int64) ([]Attachment, error)
	// UpdateCase stores c (whose Version is the one read) and appends ev, failing with a
	// conflict when the case has changed since it was read.
	UpdateCase(ctx context.Context, c cases.Case, ev cases.Event) (cases.Case, error)
	ListCases(ctx context.Context, f CaseFilter) (CasePage, error)
	Events(ctx context.Context, caseID int64) ([]cases.Event, error)
	// Timelines calls fn for every case alive in [from, to) — received before to and not
	// closed before from — with its whole timeline, in case order. It serves deadlines and
	// reports over many cases, so it loads only what they need: the case's ID, receipt,
	// channel, category, district, BEST flag, unit, status and times, and each event's sequence, type,
	// time, unit and actor's unit.
	Timelines(ctx context.Context, from, to time.Time, fn func(c cases.Case, events []cases.Event) error) error
	// SetNextDue records a recomputed next deadline without counting as a change of the case.
	SetNextDue(ctx context.Context, caseID int64, due *time.Time) error

	Holidays(ctx context.Context) ([]Holiday, error)
	PutHoliday(ctx context.Context, h Holiday) error
	DeleteHoliday(ctx context.Context, date string) error
	SLATargets(ctx context.Context) ([]SLATarget, error)
	PutSLATarget(ctx context.Context, t SLATarget) error
	DeleteSLATarget(ctx context.Context, unit string, category int) error

	// AcquireLease takes or renews the named lease for holder until now+ttl; false when
	// another holder has it. Jobs use it so that one server of many does the work.
	AcquireLease(ctx context.Context, name, holder string, now time.Time, ttl time.Duration) (bool, error)
	// DueCases lists open cases whose next deadline is in [after, before], soonest first.
	DueCases(ctx context.Context, after, before time.Time, limit int) ([]cases.Case, error)
	// AddReminder writes a reminder's messages to the outbox and its event to the case's
	// timeline in one transaction, unless a message with its first dedupe key exists
	// already: then nothing is written and added is false. Several servers may race; each
	// reminder is written once.
	AddReminder(ctx context.Context, r Reminder) (added bool, err error)
	Outbox(ctx context.Context, f OutboxFilter) ([]OutboxMessage, error)
	Auditor
	Reporter

	Searcher
	ChannelStore
}

// NewCase is a case to create with its opening events (created, and forwarded when routed
// at intake). Case.Receipt, ID and Version are assigned by the store.
type NewCase struct {
	Case cases.Case
	// SearchText is the case's search text (SearchText(Case)) when the caller computed it
	// already; empty means the store computes it.
	SearchText     string
	Events         []cases.Event
	Attachments    []Attachment
	IdempotencyKey string
	RequestHash    string
	// Outbox messages are written with the case; "{receipt}" in their dedupe key and text
	// becomes the issued receipt number.
	Outbox []OutboxMessage
}

// CaseFilter selects cases for a list. Zero fields do not filter.
type CaseFilter struct {
	Visibility   Visibility
	Statuses     []cases.Status
	UnitCode     string
	DistrictCode int
	CategoryCode int
	Channel      string
	BEST         *bool
	CreatedFrom  time.Time // inclusive
	CreatedTo    time.Time // exclusive
	Overdue      *bool     // next deadline before Now (true) or not (false)
	Now          time.Time // the reference time for Overdue
	SortByDue    bool      // soonest next deadline first, over the cases that owe one, instead of newest first
	Limit        int
	Cursor       string // opaque, from CasePage.Next
	// Query is search text: cases whose terms include every term of it (split as
	// thai.Terms splits), best match first among the newest sqlstore.SearchWindow matches,
	// instead of newest first.
	Query     string
	CitizenID int64 // the citizen's cases only
}

// Visibility is what the reader may see, pushed down into the query so that pagination and
// counts never include what the reader cannot see.
type Visibility struct {
	// ConfidentialAll sees every case (centre supervisors).
	ConfidentialAll bool
	// ReadAll sees every non-confidential case, plus the confidential ones of OwnUnit.
	ReadAll bool
	// OwnUnit is the reader's unit; without ReadAll only its cases are visible.
	OwnUnit string
}

// CasePage is one page of a list, newest first. Next is empty on the last page.
type CasePage struct {
	Cases []cases.Case
	Next  string
}

// Coordinator is one of the two people a unit names for complaints (seed 002): the main
// complaint coordinator and the BEST (urgent) coordinator.
type Coordinator struct {
	UnitCode        string    `json:"unit_code"`
	Kind            string    `json:"kind"` // "main" or "best"
	Title           string    `json:"title"`
	FirstName       string    `json:"first_name"`
	LastName        string    `json:"last_name"`
	Position        string    `json:"position"`
	Section         string    `json:"section"`
	OfficePhone     string    `json:"office_phone"`
	MobilePhone     string    `json:"mobile_phone"`
	LineID          string    `json:"line_id"`
	LineDisplayName string    `json:"line_display_name"`
	UpdatedAt       time.Time `json:"updated_at"`
	UpdatedBy       int64     `json:"updated_by"`
}

// Token is a bearer token; only its hash is stored.
type Token struct {
	ID        int64
	UserID    int64
	Name      string
	Hash      string
	CreatedAt time.Time
	ExpiresAt *time.Time
	RevokedAt *time.Time
}

// Session is a web-console login; only the hash of its cookie value is stored.
type Session struct {
	Hash      string
	UserID    int64
	CreatedAt time.Time
	ExpiresAt time.Time
}

// Citizen is a person who reports matters. Name and contact details are personal data.
type Citizen struct {
	ID        int64
	Name      string
	Phone     string // digits only, as normalised at intake
	Email     string
	CreatedAt time.Time
}

// AccessEntry records one read of a citizen's personal data by staff.
type AccessEntry struct {
	ID        int64
	UserID    int64
	Username  string
	CitizenID int64
	CaseID    int64
	Purpose   string
	At        time.Time
}

// Attachment is a file or link attached to a case: a citizen's photo, a scanned letter, the
// photo after the fix. Imported photos are kept as links.
type Attachment struct {
	ID          int64     `json:"id"`
	CaseID      int64     `json:"-"`
	Kind        string    `json:"kind"` // photo, photo_after, document
	URL         string    `json:"url,omitempty"`
	ContentType string    `json:"content_type,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
}

// Holiday is a day off added to the built-in calendar (a cabinet's special day, say).
type Holiday struct {
	Date      string    `json:"date"` // 2006-01-02, Bangkok
	NameTH    string    `json:"name_th"`
	NameEN    string    `json:"name_en"`
	Kind      string    `json:"kind"` // public, government, special
	CreatedBy int64     `json:"created_by,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// SLATarget overrides the default deadlines for a unit, a category, or both ("" and 0 mean
// any).
type SLATarget struct {
	UnitCode          string `json:"unit_code"`
	CategoryCode      int    `json:"category_code"`
	AckDays           int    `json:"ack_working_days"`
	FirstProgressDays int    `json:"first_progress_working_days"`
	BESTAckMinutes    int    `json:"best_ack_minutes"`
	BESTResultMinutes int    `json:"best_result_minutes"`
	CheckpointDays    []int  `json:"checkpoint_days"`
}

// Reminder is an escalation: an event on the case and the messages it sends.
type Reminder struct {
	CaseID   int64
	Event    cases.Event
	Messages []OutboxMessage
}

// OutboxMessage is a message waiting to leave the system (or sent). DedupeKey makes each
// message unique: the same reminder written twice is written once.
type OutboxMessage struct {
	ID            int64      `json:"id"`
	DedupeKey     string     `json:"dedupe_key"`
	Kind          string     `json:"kind"`    // due_soon, overdue, escalated, …
	Channel       string     `json:"channel"` // internal, line, …
	Recipient     string     `json:"recipient"`
	UnitCode      string     `json:"unit_code"`
	CaseID        int64      `json:"case_id,omitempty"`
	Text          string     `json:"text"`
	Status        string     `json:"status"` // pending, sent, dead
	Attempts      int        `json:"attempts"`
	NextAttemptAt time.Time  `json:"next_attempt_at"`
	LastError     string     `json:"last_error,omitempty"`
	CreatedAt     time.Time  `json:"created_at"`
	SentAt        *time.Time `json:"sent_at,omitempty"`
	// Payload is channel-specific JSON for the sender (LINE account, reply token, Facebook
	// comment id).
	Payload string `json:"-"`
}

// OutboxFilter selects outbox messages, newest first.
type OutboxFilter struct {
	Status   string
	UnitCode string
	CaseID   int64
	Limit    int
}
