package store

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// field maps one column of a table to its place in the Go value T: get
// returns what an INSERT stores, set returns a scan target and the step
// that decodes the scanned value into T. A rowMap lists a table's fields
// once, and the column list, the placeholders, the arguments and the scan
// targets all derive from it, so they cannot drift apart.
type field[T any] struct {
	column string
	get    func(*T) (any, error)
	set    func(*T) (target any, decode func() error)
}

// rowMap is the fields of a row, in column order.
type rowMap[T any] []field[T]

// columns returns the comma-separated column list.
func (m rowMap[T]) columns() string {
	names := make([]string, len(m))
	for i, f := range m {
		names[i] = f.column
	}
	return strings.Join(names, ", ")
}

// marks returns one ? per column.
func (m rowMap[T]) marks() string {
	return strings.TrimSuffix(strings.Repeat("?, ", len(m)), ", ")
}

// args returns v's column values in column order.
func (m rowMap[T]) args(v *T) ([]any, error) {
	out := make([]any, len(m))
	for i, f := range m {
		a, err := f.get(v)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.column, err)
		}
		out[i] = a
	}
	return out, nil
}

// scan reads one row of m's columns into v. sql.ErrNoRows comes back
// unwrapped; a value that does not decode names its column.
func (m rowMap[T]) scan(row interface{ Scan(...any) error }, v *T) error {
	targets := make([]any, len(m))
	decoders := make([]func() error, len(m))
	for i, f := range m {
		targets[i], decoders[i] = f.set(v)
	}
	if err := row.Scan(targets...); err != nil {
		return err
	}
	var errs []error
	for i, d := range decoders {
		if d == nil {
			continue
		}
		if err := d(); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", m[i].column, err))
		}
	}
	return errors.Join(errs...)
}

// plain maps a column scanned and stored as it is (TEXT, INTEGER, REAL).
func plain[T any, V string | int | int64 | float64](col string, p func(*T) *V) field[T] {
	return field[T]{column: col,
		get: func(v *T) (any, error) { return *p(v), nil },
		set: func(v *T) (any, func() error) { return p(v), nil },
	}
}

// text maps a TEXT column to a string type (a state, a priority).
func text[T any, S ~string](col string, p func(*T) *S) field[T] {
	return field[T]{column: col,
		get: func(v *T) (any, error) { return string(*p(v)), nil },
		set: func(v *T) (any, func() error) {
			var s string
			return &s, func() error { *p(v) = S(s); return nil }
		},
	}
}

// timeAt maps a time column: fixed-width RFC 3339 text, the zero time as
// NULL.
func timeAt[T any](col string, p func(*T) *time.Time) field[T] {
	return field[T]{column: col,
		get: func(v *T) (any, error) { return nullTime(*p(v)), nil },
		set: func(v *T) (any, func() error) {
			var s sql.NullString
			return &s, func() (err error) { *p(v), err = parseTime(s); return err }
		},
	}
}

// jsonOf maps a NOT NULL JSON column.
func jsonOf[T, V any](col string, p func(*T) *V) field[T] {
	return field[T]{column: col,
		get: func(v *T) (any, error) { return encodeJSON(*p(v)) },
		set: func(v *T) (any, func() error) {
			var s string
			return &s, func() error { return json.Unmarshal([]byte(s), p(v)) }
		},
	}
}

// jsonMap maps a nullable JSON object column: an empty map is NULL.
func jsonMap[T any](col string, p func(*T) *map[string]string) field[T] {
	return field[T]{column: col,
		get: func(v *T) (any, error) { return encodeMap(*p(v)) },
		set: func(v *T) (any, func() error) {
			var s sql.NullString
			return &s, func() (err error) { *p(v), err = decodeMap(s); return err }
		},
	}
}

// jsonPtr maps a nullable JSON column to a pointer: nil is NULL.
func jsonPtr[T, V any](col string, p func(*T) **V) field[T] {
	return field[T]{column: col,
		get: func(v *T) (any, error) { return encodeOptional(*p(v)) },
		set: func(v *T) (any, func() error) {
			var s sql.NullString
			return &s, func() error { return decodeOptional(s, p(v)) }
		},
	}
}

// jsonList maps a nullable JSON list column: an empty list is NULL.
func jsonList[T, V any](col string, p func(*T) *[]V) field[T] {
	return field[T]{column: col,
		get: func(v *T) (any, error) {
			if len(*p(v)) == 0 {
				return sql.NullString{}, nil
			}
			s, err := encodeJSON(*p(v))
			return sql.NullString{String: s, Valid: err == nil}, err
		},
		set: func(v *T) (any, func() error) {
			var s sql.NullString
			return &s, func() error { return decodeList(s, p(v)) }
		},
	}
}
