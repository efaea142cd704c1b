package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rs/zerolog"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/clock"
)

// Options configure Open. The zero value is usable.
type Options struct {
	// Logger receives warnings (a database file other users can read) and
	// migration notices. The zero Logger discards everything.
	Logger zerolog.Logger
	// Clock gives the times the caller leaves zero and the applied time of
	// migrations; nil means the wall clock.
	Clock clock.Clock
	// Synchronous is how commits wait for the disk (SQLite); empty means
	// SyncNormal. PostgreSQL commits are durable as the server is set.
	Synchronous Synchronous
	// NoMigrate leaves the schema as it is (for db status and db migrate,
	// which call Migrate); a schema newer than the binary is still
	// refused.
	NoMigrate bool
}

// Backend names the database engine of a DB.
type Backend string

const (
	// BackendSQLite is a database file, the default.
	BackendSQLite Backend = "sqlite"
	// BackendPostgres is a PostgreSQL database, for several replicas.
	BackendPostgres Backend = "postgres"
)

// DB is a handoff.Store in a SQLite database file or a PostgreSQL
// database. It is safe for concurrent use; several processes (SQLite: on
// one host; PostgreSQL: anywhere) may open the same database.
type DB struct {
	backend Backend
	path    string // the SQLite file, or the PostgreSQL URL with its password masked
	log     zerolog.Logger
	now     func() time.Time
	w       *sql.DB // one connection: every write transaction
	r       *sql.DB // connections for reads (query-only on SQLite)

	closeOnce sync.Once
	closeErr  error

	pruneMu         sync.Mutex // protects pruned, decisionsPruned and contextsPruned
	pruned          time.Time  // when old inbound events were last deleted
	decisionsPruned time.Time  // when old decisions were last deleted
	contextsPruned  time.Time  // when stale request contexts were last deleted

	ck      *checkpointer // SQLite: moves the write-ahead log into the file, off the write path
	lead    chan struct{} // one token: the caller that runs group commits
	commits atomic.Int64  // write transactions committed or tried
	groupMu sync.Mutex    // protects pending
	pending []*writeReq   // writes waiting for a group commit

	pg *pgState // PostgreSQL only: lock keys and the change listener
}

var (
	_ handoff.Store = (*DB)(nil)
)

// Open opens the database dsn names and brings its schema up to date: a
// postgres:// or postgresql:// URL is a PostgreSQL database; anything else
// without a URL scheme is a SQLite file, created (mode 0600, its directory
// 0700) when it does not exist. Any other URL scheme is an error. Open
// refuses a database whose schema is newer than this binary knows.
func Open(ctx context.Context, dsn string, opts Options) (*DB, error) {
	if dsn == "" {
		return nil, errors.New("opening database: empty path")
	}
	opts.Clock = clock.Or(opts.Clock)
	backend, err := ParseBackend(dsn)
	if err != nil {
		return nil, err
	}
	if backend == BackendPostgres {
		return openPostgres(ctx, dsn, opts)
	}
	return openSQLite(ctx, dsn, opts)
}

// ParseBackend tells which backend dsn names, or why it names none: a
// postgres:// or postgresql:// URL is PostgreSQL, a path is SQLite.
func ParseBackend(dsn string) (Backend, error) {
	scheme, _, isURL := strings.Cut(dsn, "://")
	if !isURL || strings.ContainsAny(scheme, `/\ .`) {
		return BackendSQLite, nil
	}
	switch strings.ToLower(scheme) {
	case "postgres", "postgresql":
		if _, err := url.Parse(dsn); err != nil {
			return "", errors.New("the URL is malformed: use postgres://user:password@host:5432/database")
		}
		return BackendPostgres, nil
	}
	return "", fmt.Errorf("the %s:// scheme is not supported; use a SQLite file path (handoff.db) or a postgres:// (postgresql://) URL", scheme)
}

// Redact returns dsn with the password of a URL (in its user part or a
// password= parameter) masked, for logs and errors.
func Redact(dsn string) string {
	if !strings.Contains(dsn, "://") {
		return dsn
	}
	u, err := url.Parse(dsn)
	if err != nil {
		// Mask what lies between "//" and "@", where a password may be.
		scheme, rest, _ := strings.Cut(dsn, "://")
		if at := strings.LastIndex(rest, "@"); at >= 0 {
			rest = "xxxxx" + rest[at:]
		}
		return scheme + "://" + rest
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	if q := u.Query(); q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// Backend returns the database engine.
func (s *DB) Backend() Backend { return s.backend }

// Path returns the SQLite database file's path, or the PostgreSQL URL with
// its password masked.
func (s *DB) Path() string { return s.path }

// Close closes every connection; on SQLite it first checkpoints the
// write-ahead log into the database file and lets SQLite update its query
// statistics. Calling it again does nothing.
func (s *DB) Close() error {
	s.closeOnce.Do(func() {
		if s.backend == BackendPostgres {
			s.closeErr = errors.Join(s.pg.close(), s.r.Close(), s.w.Close())
		} else {
			s.closeErr = s.closeSQLite()
		}
		if s.closeErr != nil {
			s.closeErr = fmt.Errorf("closing database %s: %w", s.path, s.closeErr)
		}
	})
	return s.closeErr
}

// beginWrite starts a write transaction on db: SQLite's begins IMMEDIATE
// (from the DSN), taking the write lock; PostgreSQL's takes the store's
// advisory transaction lock, so that writers of every process are
// serialised as on SQLite: a read-then-write is never overtaken, and the
// change sequence grows in commit order.
func (s *DB) beginWrite(ctx context.Context, db *sql.DB) (*sql.Tx, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil || s.backend != BackendPostgres {
		return tx, err
	}
	if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(?)", s.pg.writeKey); err != nil {
		tx.Rollback()
		return nil, err
	}
	return tx, nil
}
