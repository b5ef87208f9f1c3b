package store

import (
	"context"
	"time"
)

// Auditor records what staff did that is not a change to a case: exports, bulk reads of
// personal data.
type Auditor interface {
	Audit(ctx context.Context, e AuditEntry) error
	AuditLog(ctx context.Context, limit int) ([]AuditEntry, error)
	// LogAccessMany writes many access-log rows in one transaction (an export with personal
	// data reads many citizens at once).
	LogAccessMany(ctx context.Context, es []AccessEntry) error
}

// AuditEntry is one audited act.
type AuditEntry struct {
	ID       int64     `json:"id"`
	UserID   int64     `json:"user_id"`
	Username string    `json:"username"`
	Action   string    `json:"action"` // e.g. export
	Detail   string    `json:"detail"` // what exactly: format, filters, rows, personal data or not
	At       time.Time `json:"at"`
}
