package store

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/mattn/go-sqlite3"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// timeLayout is RFC 3339 with a fixed nine-digit fraction: formatted in UTC,
// stored times sort as text in time order.
const timeLayout = "2006-01-02T15:04:05.000000000Z07:00"

// formatTime renders t for storage.
func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

// nullTime renders t for a nullable column: the zero time is NULL.
func nullTime(t time.Time) sql.NullString {
	if t.IsZero() {
		return sql.NullString{}
	}
	return sql.NullString{String: formatTime(t), Valid: true}
}

// parseTime reads a stored time; NULL is the zero time.
func parseTime(s sql.NullString) (time.Time, error) {
	if !s.Valid {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s.String)
	if err != nil {
		return time.Time{}, fmt.Errorf("reading stored time %q: %w", s.String, err)
	}
	return t.UTC(), nil
}

// encodeJSON renders v as compact JSON, leaving <, > and & as they are.
func encodeJSON(v any) (string, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return string(bytes.TrimSuffix(b.Bytes(), []byte("\n"))), nil
}

// encodeMap renders a map for a nullable column: an empty map is NULL.
func encodeMap(m map[string]string) (sql.NullString, error) {
	if len(m) == 0 {
		return sql.NullString{}, nil
	}
	s, err := encodeJSON(m)
	return sql.NullString{String: s, Valid: err == nil}, err
}

// decodeMap reads a map stored by encodeMap; NULL is a nil map.
func decodeMap(s sql.NullString) (map[string]string, error) {
	if !s.Valid {
		return nil, nil
	}
	var m map[string]string
	if err := json.Unmarshal([]byte(s.String), &m); err != nil {
		return nil, err
	}
	if len(m) == 0 {
		return nil, nil
	}
	return m, nil
}

// encodeOptional renders a pointer for a nullable JSON column: nil is NULL.
func encodeOptional[T any](v *T) (sql.NullString, error) {
	if v == nil {
		return sql.NullString{}, nil
	}
	s, err := encodeJSON(v)
	return sql.NullString{String: s, Valid: err == nil}, err
}

// decodeOptional reads a column stored by encodeOptional into *dst; NULL
// leaves it nil.
func decodeOptional[T any](s sql.NullString, dst **T) error {
	if !s.Valid {
		*dst = nil
		return nil
	}
	v := new(T)
	if err := json.Unmarshal([]byte(s.String), v); err != nil {
		return err
	}
	*dst = v
	return nil
}

// conflict returns a KindConflict error.
func conflict(format string, args ...any) error {
	return &handoff.Error{Kind: handoff.KindConflict, Msg: fmt.Sprintf(format, args...)}
}

// dbErr wraps err from the database with context; nil stays nil. A lock that outlived the
// busy timeout becomes a KindTransient error: the caller may retry.
func dbErr(op string, err error) error {
	if err == nil {
		return nil
	}
	wrapped := notStored(fmt.Errorf("%s: %w", op, err))
	var se sqlite3.Error
	if errors.As(err, &se) && (se.Code == sqlite3.ErrBusy || se.Code == sqlite3.ErrLocked) {
		return handoff.Transient(wrapped, 0)
	}
	if pgTransient(err) {
		return handoff.Transient(wrapped, 0)
	}
	return wrapped
}

// notStored marks err with handoff.ErrNotStored when it is SQLite failing
// to write: the disk is full, the file or its directory is read-only, the
// database stayed locked, or the disk failed.
func notStored(err error) error {
	var se sqlite3.Error
	if err == nil || errors.Is(err, handoff.ErrNotStored) {
		return err
	}
	if pgNotStored(err) {
		return fmt.Errorf("%w (%w)", err, handoff.ErrNotStored)
	}
	if !errors.As(err, &se) {
		return err
	}
	switch se.Code {
	case sqlite3.ErrFull, sqlite3.ErrReadonly, sqlite3.ErrBusy, sqlite3.ErrLocked, sqlite3.ErrIoErr,
		sqlite3.ErrCantOpen, sqlite3.ErrPerm:
		return fmt.Errorf("%w (%w)", err, handoff.ErrNotStored)
	}
	return err
}

// isConstraint reports whether err is a violation of the constraint kind
// code (sqlite3.ErrConstraintForeignKey, ...).
func isConstraint(err error, code sqlite3.ErrNoExtended) bool {
	var se sqlite3.Error
	if errors.As(err, &se) {
		return se.ExtendedCode == code
	}
	return pgConstraint(err, code)
}

// decodeList reads a nullable JSON list column; NULL leaves dst nil.
func decodeList[T any](s sql.NullString, dst *[]T) error {
	if !s.Valid || s.String == "" {
		return nil
	}
	return json.Unmarshal([]byte(s.String), dst)
}
