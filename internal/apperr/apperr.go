// Package apperr defines the application's error type: a kind that the HTTP edge maps to a
// status once, a stable code for programs, and safe messages in English and Thai for people.
// Internal causes are kept in Err for logs and never shown to clients.
package apperr

import (
	"errors"
	"fmt"
)

// Kind classifies an error for the edge (HTTP status, CLI exit code).
type Kind int

const (
	KindInternal Kind = iota
	KindInvalid
	KindUnauthenticated
	KindForbidden
	KindNotFound
	KindConflict
	KindRule
	KindRateLimited
)

// Error is an error a client may see. Code is stable for programs; Message and MessageTH are
// for people; Field names the input at fault, when there is one.
type Error struct {
	Kind      Kind
	Code      string
	Message   string
	MessageTH string
	Field     string
	Err       error
}

func (e *Error) Error() string {
	s := e.Code + ": " + e.Message
	if e.Field != "" {
		s = e.Field + ": " + s
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// Invalid reports bad input in one field (HTTP 400).
func Invalid(field, code, msg, msgTH string) *Error {
	return &Error{Kind: KindInvalid, Code: code, Field: field, Message: msg, MessageTH: msgTH}
}

// Rule reports a well-formed request that a business rule forbids (HTTP 422).
func Rule(code, msg, msgTH string) *Error {
	return &Error{Kind: KindRule, Code: code, Message: msg, MessageTH: msgTH}
}

// NotFound reports a missing (or invisible) resource (HTTP 404).
func NotFound(what string) *Error {
	return &Error{Kind: KindNotFound, Code: "not_found", Message: what + " not found", MessageTH: "ไม่พบ" + thaiNoun(what)}
}

// Forbidden reports an action the actor's role or unit does not allow (HTTP 403).
func Forbidden(msg, msgTH string) *Error {
	return &Error{Kind: KindForbidden, Code: "forbidden", Message: msg, MessageTH: msgTH}
}

// Unauthenticated reports missing or bad credentials (HTTP 401).
func Unauthenticated(msg, msgTH string) *Error {
	return &Error{Kind: KindUnauthenticated, Code: "unauthenticated", Message: msg, MessageTH: msgTH}
}

// Conflict reports a concurrent change or a duplicate (HTTP 409).
func Conflict(code, msg, msgTH string) *Error {
	return &Error{Kind: KindConflict, Code: code, Message: msg, MessageTH: msgTH}
}

// RateLimited reports too many attempts (HTTP 429).
func RateLimited(msg, msgTH string) *Error {
	return &Error{Kind: KindRateLimited, Code: "rate_limited", Message: msg, MessageTH: msgTH}
}

// Internal wraps an unexpected failure; its cause is for logs only.
func Internal(err error) *Error {
	return &Error{Kind: KindInternal, Code: "internal", Message: "internal error", MessageTH: "ระบบขัดข้อง กรุณาลองใหม่อีกครั้ง", Err: err}
}

// As returns the *Error in err's chain, or an internal error wrapping err.
func As(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return Internal(err)
}

// KindOf returns the kind of err (KindInternal for foreign errors).
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindInternal
}

// Is reports whether err is an *Error of kind k.
func Is(err error, k Kind) bool { return err != nil && KindOf(err) == k }

// Wrapf adds context to err while keeping its kind and messages.
func Wrapf(err error, format string, args ...any) error {
	return fmt.Errorf(format+": %w", append(args, err)...)
}

var thaiNouns = map[string]string{
	"case":         "เรื่อง",
	"user":         "ผู้ใช้",
	"unit":         "หน่วยงาน",
	"citizen":      "ประชาชนผู้ร้อง",
	"token":        "โทเคน",
	"routing rule": "กฎการส่งต่อ",
	"coordinator":  "ผู้ประสานงาน",
	"resource":     "ข้อมูล",
}

func thaiNoun(what string) string {
	if s, ok := thaiNouns[what]; ok {
		return s
	}
	return "ข้อมูล"
}
