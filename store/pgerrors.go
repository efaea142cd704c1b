package store

import (
	"errors"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/mattn/go-sqlite3"
)

// pgConstraint reports whether err is PostgreSQL's violation of the
// constraint kind SQLite calls code: a unique or primary key (23505), a
// foreign key (23503) or a check (23514).
func pgConstraint(err error, code sqlite3.ErrNoExtended) bool {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return false
	}
	switch code {
	case sqlite3.ErrConstraintPrimaryKey, sqlite3.ErrConstraintUnique:
		return pe.Code == "23505"
	case sqlite3.ErrConstraintForeignKey:
		return pe.Code == "23503"
	case sqlite3.ErrConstraintCheck:
		return pe.Code == "23514"
	}
	return false
}

// pgTransient reports whether err is a PostgreSQL failure that a retry may
// cure: a serialization failure or deadlock (class 40), a lock or resource
// shortage (55P03, class 53), the server shutting down or unreachable
// (class 57P, 08).
func pgTransient(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return strings.HasPrefix(pe.Code, "40") || strings.HasPrefix(pe.Code, "53") ||
			strings.HasPrefix(pe.Code, "08") || strings.HasPrefix(pe.Code, "57P") || pe.Code == "55P03"
	}
	var ce *pgconn.ConnectError
	return errors.As(err, &ce) || pgconn.Timeout(err)
}

// pgNotStored reports whether err is PostgreSQL failing to write: the
// server cannot be reached, is out of disk (53100) or read-only (25006).
func pgNotStored(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "53100" || pe.Code == "25006" || strings.HasPrefix(pe.Code, "08") || strings.HasPrefix(pe.Code, "57P")
	}
	var ce *pgconn.ConnectError
	return errors.As(err, &ce)
}
