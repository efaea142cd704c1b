package handoff

import (
	"errors"
	"fmt"
	"time"
)

// ErrorKind classifies an error so that callers decide by category: report
// invalid input to the model, retry a transient helpdesk failure, never retry
// a permanent one.
type ErrorKind int

// The kinds of error.
const (
	// KindOther is an internal fault.
	KindOther ErrorKind = iota
	// KindInvalid is input the caller can correct.
	KindInvalid
	// KindNotFound is a missing handoff, conversation or record.
	KindNotFound
	// KindConflict is a request that contradicts the current state.
	KindConflict
	// KindTransient is a failure worth retrying later (timeouts, 429, 5xx).
	KindTransient
	// KindPermanent is a failure that retrying cannot fix (401, 403, 404,
	// 422 from a helpdesk): the configuration needs a person.
	KindPermanent
)

func (k ErrorKind) String() string {
	switch k {
	case KindInvalid:
		return "invalid"
	case KindNotFound:
		return "not found"
	case KindConflict:
		return "conflict"
	case KindTransient:
		return "transient"
	case KindPermanent:
		return "permanent"
	}
	return "internal"
}

// Error is an error with a kind. Field names the offending input for
// KindInvalid; RetryAfter is the delay a remote asked for on KindTransient.
type Error struct {
	Kind       ErrorKind
	Field      string
	Msg        string
	RetryAfter time.Duration
	Err        error
}

func (e *Error) Error() string {
	msg := e.Msg
	if e.Field != "" {
		msg = e.Field + ": " + msg
	}
	switch {
	case msg == "" && e.Err != nil:
		return e.Err.Error()
	case e.Err != nil:
		return msg + ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// ErrNotStored marks a failure of the database to write (disk full, a
// read-only file, a lock held too long, an I/O error): what the call was to
// store was not stored, and the caller must be told so.
var ErrNotStored = errors.New("the database could not store it")

// Invalid returns a KindInvalid error about field.
func Invalid(field, format string, args ...any) error {
	return &Error{Kind: KindInvalid, Field: field, Msg: fmt.Sprintf(format, args...)}
}

// NotFound returns a KindNotFound error.
func NotFound(format string, args ...any) error {
	return &Error{Kind: KindNotFound, Msg: fmt.Sprintf(format, args...)}
}

// Transient wraps err as worth retrying, after retryAfter when positive.
func Transient(err error, retryAfter time.Duration) error {
	return &Error{Kind: KindTransient, Err: err, RetryAfter: retryAfter}
}

// Permanent wraps err as a failure that retrying cannot fix.
func Permanent(err error) error {
	return &Error{Kind: KindPermanent, Err: err}
}

// KindOf returns the kind of the first *Error in err's chain, or KindOther.
func KindOf(err error) ErrorKind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindOther
}

// FieldOf returns the field the first *Error in err's chain is about, or
// "".
func FieldOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}

// Is reports whether err carries kind k.
func Is(err error, k ErrorKind) bool { return err != nil && KindOf(err) == k }

// RetryAfterOf returns the delay a remote asked for, or 0.
func RetryAfterOf(err error) time.Duration {
	var e *Error
	if errors.As(err, &e) {
		return e.RetryAfter
	}
	return 0
}
