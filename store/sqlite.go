package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"

	"github.com/mattn/go-sqlite3"
)

// stmtCacheSize is how many prepared statements each connection keeps.
const stmtCacheSize = 32

// BusyTimeout is how long a connection waits for another connection or
// process to release the write lock before giving up.
const BusyTimeout = 5 * time.Second

// DefaultPath returns where the database lives when no path is configured:
// $XDG_DATA_HOME/handoff-mcp/handoff.db, else
// ~/.local/share/handoff-mcp/handoff.db.
func DefaultPath() (string, error) {
	if dir := os.Getenv("XDG_DATA_HOME"); dir != "" && filepath.IsAbs(dir) {
		return filepath.Join(dir, "handoff-mcp", "handoff.db"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("finding the data directory: %w", err)
	}
	return filepath.Join(home, ".local", "share", "handoff-mcp", "handoff.db"), nil
}

// openSQLite opens the SQLite database at path (see Open).
func openSQLite(ctx context.Context, path string, opts Options) (*DB, error) {
	s := &DB{backend: BackendSQLite, path: path, log: opts.Logger, now: opts.Clock.Now, lead: make(chan struct{}, 1)}
	if err := s.prepareFile(); err != nil {
		return nil, err
	}
	if err := checkWritable(path); err != nil {
		return nil, err
	}
	var err error
	if err := (Config{Synchronous: opts.Synchronous}).Validate(); err != nil {
		return nil, fmt.Errorf("opening database %s: %w", path, err)
	}
	if s.w, err = sql.Open(writerDriver, dsn(path, false, opts.Synchronous)); err != nil {
		return nil, fmt.Errorf("opening database %s: %w", path, err)
	}
	s.w.SetMaxOpenConns(1)
	s.w.SetMaxIdleConns(1)
	s.w.SetConnMaxLifetime(0)
	s.w.SetConnMaxIdleTime(0)
	if err := connect(ctx, s.w); err != nil {
		s.w.Close()
		return nil, dbErr(fmt.Sprintf("opening database %s", path), err)
	}
	if err := s.migrateUnless(ctx, opts.NoMigrate); err != nil {
		s.w.Close()
		return nil, fmt.Errorf("migrating database %s: %w", path, err)
	}
	if s.r, err = sql.Open("sqlite3", dsn(path, true, opts.Synchronous)); err != nil {
		s.w.Close()
		return nil, fmt.Errorf("opening database %s: %w", path, err)
	}
	readers := max(4, runtime.GOMAXPROCS(0))
	s.r.SetMaxOpenConns(readers)
	s.r.SetMaxIdleConns(readers)
	ck, err := sql.Open("sqlite3", dsn(path, false, opts.Synchronous))
	if err != nil {
		s.w.Close()
		s.r.Close()
		return nil, fmt.Errorf("opening database %s: %w", path, err)
	}
	ck.SetMaxOpenConns(1)
	ck.SetMaxIdleConns(1)
	s.ck = newCheckpointer(ck, func(err error) { s.log.Warn().Err(err).Msg("checkpointing the write-ahead log; retrying") })
	return s, nil
}

// prepareFile creates the database file with mode 0600 (and its directory
// with 0700) so that SQLite never creates it with the umask's looser mode,
// and warns about an existing file that other users can reach.
func (s *DB) prepareFile() error {
	fi, err := os.Stat(s.path)
	switch {
	case err == nil:
		if fi.IsDir() {
			return fmt.Errorf("opening database %s: is a directory", s.path)
		}
		if perm := fi.Mode().Perm(); perm&0o077 != 0 {
			s.log.Warn().Str("path", s.path).Str("mode", fmt.Sprintf("%#o", perm)).
				Msg("database file is accessible to other users; chmod 600 it")
		}
		return nil
	case errors.Is(err, syscall.ENOTDIR):
		return writeProblem("the database directory", filepath.Dir(s.path), err)
	case !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("checking database %s: %w", s.path, err)
	}
	if err := os.MkdirAll(filepath.Dir(s.path), 0o700); err != nil {
		return writeProblem("the database directory", filepath.Dir(s.path), err)
	}
	f, err := os.OpenFile(s.path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil // another process created it first
	}
	if err != nil {
		return writeProblem("the database directory", filepath.Dir(s.path), err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("creating database %s: %w", s.path, err)
	}
	return nil
}

// checkWritable makes sure the server can write before it serves, so that a
// database it cannot write is refused at start with its real cause rather
// than failing every handoff later: the file must open for writing, and its
// directory must take new files (SQLite keeps its write-ahead log, -wal and
// -shm, next to the database).
func checkWritable(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return writeProblem("the database file", path, err)
	}
	f.Close()
	dir := filepath.Dir(path)
	probe, err := os.CreateTemp(dir, ".handoff-mcp-probe-*")
	if err != nil {
		return writeProblem("the database directory", dir, err)
	}
	probe.Close()
	if err := os.Remove(probe.Name()); err != nil {
		return fmt.Errorf("removing %s: %w", probe.Name(), err)
	}
	return nil
}

// writeProblem names why what (the database file or its directory) at path
// cannot be written, and what to do.
func writeProblem(what, path string, err error) error {
	switch {
	case errors.Is(err, syscall.EROFS):
		return fmt.Errorf("%s %s is on a read-only file system: mount it read-write, or pass --db (server.db) with a path on a writable disk: %w", what, path, err)
	case errors.Is(err, fs.ErrPermission):
		mode := ""
		if fi, serr := os.Stat(path); serr == nil {
			mode = fmt.Sprintf(" (mode %#o)", fi.Mode().Perm())
		}
		if what == "the database file" {
			return fmt.Errorf("%s %s is read-only for this user%s: chmod u+w it, or run handoff-mcp as its owner: %w", what, path, mode, err)
		}
		return fmt.Errorf("%s %s is not writable for this user%s: SQLite keeps its write-ahead log (-wal, -shm) next to the database, so make the directory writable or pass --db with a path in a writable one: %w", what, path, mode, err)
	case errors.Is(err, syscall.ENOTDIR), errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%s %s does not exist and cannot be created (a part of the path is missing or is a file): pass --db with a path in an existing directory: %w", what, path, err)
	case errors.Is(err, syscall.ENOSPC):
		return fmt.Errorf("%s %s is on a full disk: free some space: %w", what, path, err)
	}
	return fmt.Errorf("writing to %s %s: %w", what, path, err)
}

// connect opens db's first connection, which switches a new database to
// WAL. SQLite does not wait on the busy handler when two connections race
// to make that switch, so a busy error is retried until BusyTimeout; once
// the file is in WAL mode (it stays so), connections open without waiting.
func connect(ctx context.Context, db *sql.DB) error {
	ctx, cancel := context.WithTimeout(ctx, BusyTimeout)
	defer cancel()
	wait := 2 * time.Millisecond
	for {
		err := db.PingContext(ctx)
		var se sqlite3.Error
		if err == nil || !errors.As(err, &se) || (se.Code != sqlite3.ErrBusy && se.Code != sqlite3.ErrLocked) {
			return err
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return err
		case <-t.C:
		}
		wait = min(2*wait, 100*time.Millisecond)
	}
}

// dsn is the go-sqlite3 data source for path. The pragmas travel in the DSN
// so that every connection the pool opens runs with them; _txlock makes
// every transaction BEGIN IMMEDIATE; each connection keeps its prepared
// statements (the store runs a few fixed queries).
func dsn(path string, readOnly bool, sync Synchronous) string {
	q := fmt.Sprintf("_journal_mode=WAL&_busy_timeout=%d&_foreign_keys=on&_synchronous=%s&_txlock=immediate&_stmt_cache_size=%d",
		BusyTimeout.Milliseconds(), sync.pragma(), stmtCacheSize)
	if readOnly {
		q += "&_query_only=on"
	}
	return "file:" + uriEscaper.Replace(path) + "?" + q
}

// uriEscaper escapes the characters a SQLite URI filename gives meaning to.
var uriEscaper = strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")

// closeSQLite checkpoints the write-ahead log into the database file, lets
// SQLite update its query statistics, and closes every connection.
func (s *DB) closeSQLite() error {
	{
		rerr := errors.Join(s.r.Close(), s.ck.close())
		ctx, cancel := context.WithTimeout(context.Background(), BusyTimeout)
		defer cancel()
		if _, err := s.w.ExecContext(ctx, "PRAGMA optimize"); err != nil {
			s.log.Warn().Err(err).Msg("optimizing database on close")
		}
		var busy, logPages, checkpointed int
		err := s.w.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &logPages, &checkpointed)
		switch {
		case err != nil:
			s.log.Warn().Err(err).Msg("checkpointing database on close")
		case busy != 0: // another process is reading or writing; it checkpoints later
			s.log.Debug().Int("log_pages", logPages).Int("checkpointed", checkpointed).Msg("checkpoint incomplete on close")
		}
		return errors.Join(rerr, s.w.Close())
	}
}
