// Package importer brings cases that other systems recorded into rongtook, so that a city
// starts with its history instead of an empty database. Today it reads the exports of
// Traffy Fondue ([Traffy]).
//
// An import streams its input: rows are read, mapped to cases with a timeline and handed to
// a [Sink] in batches, each stored in one transaction, so a file of any size runs in
// constant memory (apart from one map entry per ticket id, to catch repeats). Every case
// keeps the id it had at its source; the sink skips ids it already holds, so running the
// same import twice, or again after an interruption, adds nothing twice.
//
// A bad row never stops the rest: it is reported as an [Issue] with its line, a stable
// code and reasons in English and Thai, and counted in the [Summary]. Only a failure to
// read the input or to store anything at all ends an import early.
package importer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rongtook/rongtook/internal/geo"
	"github.com/rongtook/rongtook/internal/reference"
	"github.com/rongtook/rongtook/internal/store"
)

// Sink stores imported cases. store.Store satisfies it; tests substitute their own.
type Sink interface {
	// ImportCases stores a batch in one transaction, skipping cases whose (Source,
	// SourceRef) exists already; created[i] tells which were new. On error nothing of the
	// batch is stored.
	ImportCases(ctx context.Context, batch []store.NewCase) (created []bool, err error)
}

// DefaultBatchSize is the number of cases stored per transaction when Options.BatchSize is
// zero: large enough that the commit cost is spread thin, small enough that a transaction
// holds the database's write lock for well under a second.
const DefaultBatchSize = 500

// Options configure an import. The zero value works: built-in reference data and routing,
// no district boundaries, the wall clock, no callbacks.
type Options struct {
	// Reference is the reference data cases are checked against; nil loads the built-in set.
	Reference *reference.Data
	// Rules route cases whose source names no responsible unit. Pass the store's current
	// rules (Store.RoutingRules) so that changes made by admins apply; nil uses the
	// built-in defaults.
	Rules []reference.RoutingRule
	// Districts, when set, places a case by its point when the source's district column
	// names no Bangkok district.
	Districts *geo.Index
	// Now is the clock, used to time the import; nil means time.Now.
	Now func() time.Time
	// BatchSize is the number of cases stored per transaction; 0 means DefaultBatchSize.
	BatchSize int
	// OnIssue, when set, receives each rejected row and each warning as it is found, in
	// input order (except store failures, reported when their batch is stored).
	OnIssue func(Issue)
	// OnProgress, when set, is called after each stored batch and once at the end.
	OnProgress func(Progress)
}

// Issue is one problem found in the input: a row that was rejected or, when Warning is
// set, a row that was imported with a value dropped, inferred or shortened. Reasons never
// quote free text (comments and addresses hold personal data).
type Issue struct {
	Line     int    // 1-based physical line where the row starts
	TicketID string // the row's id at its source, when known
	Field    string // column at fault; empty when the whole row is
	Code     string // stable machine code: a traffy.Code* constant or one of this package's
	Reason   string // English, for operators
	ReasonTH string // Thai, for the staff who fix the data
	Warning  bool   // the row was imported (or had been already) despite the problem
}

// String formats the issue for a log or a terminal, on one line:
//
//	line 123: invalid_timestamp: timestamp "": empty (ticket 2022-ABC123) — วันเวลาที่แจ้ง "" ไม่ถูกต้อง
//
// A warning reads "line 123: coords_out_of_area (warning): …".
func (i Issue) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "line %d: %s", i.Line, i.Code)
	if i.Warning {
		b.WriteString(" (warning)")
	}
	b.WriteString(": ")
	if i.Field != "" && !strings.HasPrefix(i.Reason, i.Field) {
		b.WriteString(i.Field + ": ")
	}
	b.WriteString(i.Reason)
	if i.TicketID != "" {
		b.WriteString(" (ticket " + i.TicketID + ")")
	}
	if i.ReasonTH != "" {
		b.WriteString(" — " + i.ReasonTH)
	}
	return b.String()
}

// Counts are the rows of an import by outcome. Every row read ends in exactly one of
// Created, Warned, Skipped or Rejected.
type Counts struct {
	Rows     int // data rows read (a broken stretch of CSV counts as one row)
	Created  int // rows that became new cases, without warnings
	Warned   int // rows that became new cases, with at least one warning
	Skipped  int // rows whose case had been imported before
	Rejected int // rows not imported
}

// Imported is the number of new cases, with or without warnings.
func (c Counts) Imported() int { return c.Created + c.Warned }

// Summary is the outcome of an import.
type Summary struct {
	Counts
	// Format names the input's layout, e.g. "search-api" or "export" for Traffy.
	Format string
	// Codes counts issues (rejections and warnings) by code.
	Codes map[string]int
	// Elapsed is how long the import took, by Options.Now.
	Elapsed time.Duration
}

// RowsPerSecond is the import's throughput; 0 when nothing was timed.
func (s Summary) RowsPerSecond() float64 {
	if s.Elapsed <= 0 {
		return 0
	}
	return float64(s.Rows) / s.Elapsed.Seconds()
}

// Progress is reported while an import runs. Rows counts rows read; the outcomes count rows
// whose batch has been stored, so they trail Rows by at most one batch.
type Progress struct {
	Counts
	// BytesRead is how much of the input has been consumed, for a progress bar against
	// the input's size. It runs ahead of Rows by the reader's buffer (64 KiB).
	BytesRead int64
}

// Codes of issues the importer finds itself; the Traffy reader's codes (traffy.Code*)
// appear alongside them.
const (
	// CodeDuplicateTicket: the ticket id appeared on an earlier line of the same input;
	// the later row is rejected (the earlier one was imported).
	CodeDuplicateTicket = "duplicate_ticket_id"
	// CodeUnknownDistrict (warning): the district column names no Bangkok district and the
	// point does not place the case in one either; the case has no district.
	CodeUnknownDistrict = "unknown_district"
	// CodeInvalidLink (warning): a photo link is not an http(s) URL and was dropped.
	CodeInvalidLink = "invalid_link"
	// CodeTruncated (warning): a text was longer than rongtook keeps and was shortened.
	CodeTruncated = "text_truncated"
	// CodeInvalidCase: the case built from the row breaks one of rongtook's rules.
	CodeInvalidCase = "invalid_case"
	// CodeStoreFailed: the database refused the case although its batch-mates were stored.
	CodeStoreFailed = "store_failed"
)

// countingReader counts the bytes read through it, for progress reports (which the storing
// goroutine makes, hence the atomic).
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// pending is one row waiting in the current batch.
type pending struct {
	line   int
	ticket string
	warned bool
}

// batcher collects mapped cases, stores them in batches and keeps the score. It is the
// part of an import that does not depend on the source format.
//
// Storing runs beside reading: while the database stores one batch, the next is read and
// mapped (and its search text segmented) on the other core. At most one batch is in flight,
// so memory stays bounded and batches are stored in input order.
type batcher struct {
	dst      Sink
	size     int
	opts     *Options
	in       *countingReader
	mu       sync.Mutex // guards sum and the callbacks, shared with the storing goroutine
	sum      Summary
	cases    []store.NewCase
	pending  []pending
	inflight chan error // the result of the batch being stored; nil when none is
}

func newBatcher(dst Sink, opts *Options, in *countingReader) *batcher {
	size := opts.BatchSize
	if size <= 0 {
		size = DefaultBatchSize
	}
	return &batcher{dst: dst, size: size, opts: opts, in: in, sum: Summary{Codes: map[string]int{}},
		cases: make([]store.NewCase, 0, size), pending: make([]pending, 0, size)}
}

// row counts one row read.
func (b *batcher) row() {
	b.mu.Lock()
	b.sum.Rows++
	b.mu.Unlock()
}

// issue reports one problem and counts it by code.
func (b *batcher) issue(is Issue) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.issueLocked(is)
}

func (b *batcher) issueLocked(is Issue) {
	b.sum.Codes[is.Code]++
	if b.opts.OnIssue != nil {
		b.opts.OnIssue(is)
	}
}

// reject counts a row as rejected and reports why.
func (b *batcher) reject(is Issue) {
	b.mu.Lock()
	defer b.mu.Unlock()
	is.Warning = false
	b.sum.Rejected++
	b.issueLocked(is)
}

// add queues a mapped case, storing the batch when it is full.
func (b *batcher) add(ctx context.Context, nc store.NewCase, p pending) error {
	b.cases = append(b.cases, nc)
	b.pending = append(b.pending, p)
	if len(b.cases) >= b.size {
		return b.dispatch(ctx)
	}
	return nil
}

// dispatch hands the queued cases to a goroutine that stores them, after the batch before
// has been stored.
func (b *batcher) dispatch(ctx context.Context) error {
	if err := b.wait(); err != nil {
		return err
	}
	if len(b.cases) == 0 {
		return nil
	}
	cs, ps := b.cases, b.pending
	b.cases, b.pending = make([]store.NewCase, 0, b.size), make([]pending, 0, b.size)
	ch := make(chan error, 1)
	b.inflight = ch
	go func() { ch <- b.store(ctx, cs, ps) }()
	return nil
}

// wait waits for the batch in flight, if any, and returns its error.
func (b *batcher) wait() error {
	if b.inflight == nil {
		return nil
	}
	err := <-b.inflight
	b.inflight = nil
	return err
}

// flush stores everything queued and waits until it is stored.
func (b *batcher) flush(ctx context.Context) error {
	if err := b.dispatch(ctx); err != nil {
		return err
	}
	return b.wait()
}

// outcome is what the store did with one queued case.
type outcome uint8

const (
	outcomeNew      outcome = iota // stored as a new case
	outcomeExisting                // skipped: imported before
	outcomeRefused                 // the store refused it (reported already)
)

// store stores one batch. When the batch as a whole fails, its cases are tried one by one,
// so that a single case the database refuses costs one row and not five hundred; if none of
// them can be stored, the database rather than the data is at fault and the import stops.
func (b *batcher) store(ctx context.Context, cs []store.NewCase, ps []pending) error {
	var outcomes []outcome
	created, err := b.dst.ImportCases(ctx, cs)
	switch {
	case err != nil && ctx.Err() != nil:
		return fmt.Errorf("importer: %w", ctx.Err())
	case err != nil:
		if outcomes, err = b.oneByOne(ctx, cs, ps, err); err != nil {
			return err
		}
	case len(created) != len(cs):
		return fmt.Errorf("importer: the store answered for %d of %d cases", len(created), len(cs))
	default:
		outcomes = make([]outcome, len(created))
		for i, ok := range created {
			if !ok {
				outcomes[i] = outcomeExisting
			}
		}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	for i, p := range ps {
		switch {
		case outcomes[i] == outcomeRefused:
		case outcomes[i] == outcomeExisting:
			b.sum.Skipped++
		case p.warned:
			b.sum.Warned++
		default:
			b.sum.Created++
		}
	}
	b.progressLocked()
	return nil
}

// oneByOne stores the queued cases one per transaction after batchErr failed the batch,
// and reports each case the store refuses.
func (b *batcher) oneByOne(ctx context.Context, cs []store.NewCase, ps []pending, batchErr error) ([]outcome, error) {
	outcomes := make([]outcome, len(cs))
	errs := make([]error, len(cs))
	refused := 0
	for i := range cs {
		created, err := b.dst.ImportCases(ctx, cs[i:i+1])
		if ctx.Err() != nil {
			return nil, fmt.Errorf("importer: %w", ctx.Err())
		}
		if err == nil && len(created) != 1 {
			err = fmt.Errorf("the store answered for %d of 1 case", len(created))
		}
		switch {
		case err != nil:
			outcomes[i], errs[i] = outcomeRefused, err
			refused++
		case !created[0]:
			outcomes[i] = outcomeExisting
		}
	}
	if refused == len(cs) {
		return nil, fmt.Errorf("importer: storing the rows from line %d: %w", ps[0].line, errors.Join(batchErr, errs[0]))
	}
	for i, p := range ps {
		if errs[i] != nil {
			b.reject(Issue{Line: p.line, TicketID: p.ticket, Code: CodeStoreFailed,
				Reason:   "the database refused the case: " + errs[i].Error(),
				ReasonTH: "ฐานข้อมูลไม่รับบันทึกเรื่องนี้"})
		}
	}
	return outcomes, nil
}

func (b *batcher) progress() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.progressLocked()
}

func (b *batcher) progressLocked() {
	if b.opts.OnProgress != nil {
		b.opts.OnProgress(Progress{Counts: b.sum.Counts, BytesRead: b.in.n.Load()})
	}
}
