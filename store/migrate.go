package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/rs/zerolog"
)

//go:embed migrations/*.sql migrations/postgres/*.sql
var migrationFS embed.FS

// Where the migrations of each backend live in migrationFS.
const (
	sqliteMigrations   = "migrations"
	postgresMigrations = "migrations/postgres"
)

// migration is one schema step, read from migrations/NNNN_name.sql.
type migration struct {
	version int
	name    string
	sql     string
}

// ErrSchemaTooNew is returned (wrapped) by Open for a database written by a
// newer handoff-mcp.
var ErrSchemaTooNew = errors.New("database schema is newer than this handoff-mcp")

// loadMigrations reads the migrations in fsys's migrations directory, in
// version order. Versions must run 1, 2, 3, ... without gaps.
func loadMigrations(fsys fs.FS) ([]migration, error) {
	return loadMigrationsIn(fsys, sqliteMigrations)
}

// migrationsOf returns the embedded migrations of backend b.
func migrationsOf(b Backend) ([]migration, error) {
	if b == BackendPostgres {
		return loadMigrationsIn(migrationFS, postgresMigrations)
	}
	return loadMigrationsIn(migrationFS, sqliteMigrations)
}

// loadMigrationsIn reads the migrations in fsys's directory dir.
func loadMigrationsIn(fsys fs.FS, dir string) ([]migration, error) {
	names, err := fs.Glob(fsys, dir+"/*.sql")
	if err != nil {
		return nil, fmt.Errorf("listing migrations: %w", err)
	}
	ms := make([]migration, 0, len(names))
	for _, name := range names {
		base := path.Base(name)
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name must be NNNN_description.sql", base)
		}
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("reading migration %s: %w", base, err)
		}
		ms = append(ms, migration{version: v, name: strings.TrimSuffix(base, ".sql"), sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %s: expected version %d", m.name, i+1)
		}
	}
	return ms, nil
}

const createMigrationsTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER NOT NULL PRIMARY KEY,
    name       TEXT    NOT NULL,
    applied_at TEXT    NOT NULL
)`

// migrate brings db's schema up to the newest migration in fsys. Each
// migration runs in its own transaction, begun IMMEDIATE (db's DSN sets
// _txlock) so that it holds the write lock before it reads the current
// version: processes racing to migrate one database apply every migration
// exactly once.
func migrate(ctx context.Context, db *sql.DB, fsys fs.FS, now func() time.Time, log zerolog.Logger) error {
	ms, err := loadMigrations(fsys)
	if err != nil {
		return err
	}
	s := &DB{backend: BackendSQLite, w: db, now: now, log: log}
	return s.migrateTo(ctx, ms)
}

// migrate brings s's schema up to its backend's newest embedded migration.
// On PostgreSQL each migration's transaction takes the store's advisory
// write lock first (beginWrite), so replicas starting at once apply every
// migration exactly once.
func (s *DB) migrate(ctx context.Context) error {
	ms, err := migrationsOf(s.backend)
	if err != nil {
		return err
	}
	return s.migrateTo(ctx, ms)
}

func (s *DB) migrateTo(ctx context.Context, ms []migration) error {
	db, now, log := s.w, s.now, s.log
	latest := len(ms)
	// The common case, an up-to-date database, needs no write lock.
	cur, err := s.schemaVersion(ctx, db)
	if err != nil {
		return err
	}
	if err := checkVersion(cur, latest); err != nil || cur == latest {
		return err
	}
	for _, m := range ms {
		applied, err := s.applyMigration(ctx, db, m, latest, now)
		if err != nil {
			return err
		}
		if applied {
			log.Info().Int("version", m.version).Str("name", m.name).Msg("database migration applied")
		}
	}
	return nil
}

// applyMigration applies m unless the database already has it, and reports
// whether it did.
func (s *DB) applyMigration(ctx context.Context, db *sql.DB, m migration, latest int, now func() time.Time) (applied bool, err error) {
	tx, err := s.beginWrite(ctx, db)
	if err != nil {
		return false, dbErr("beginning migration", err)
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	create := createMigrationsTable
	if s.backend == BackendSQLite {
		create += " STRICT"
	}
	if _, err := tx.ExecContext(ctx, create); err != nil {
		return false, dbErr("creating schema_migrations", err)
	}
	var cur int
	if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations").Scan(&cur); err != nil {
		return false, dbErr("reading schema version", err)
	}
	if err := checkVersion(cur, latest); err != nil {
		return false, err
	}
	if cur >= m.version {
		return false, tx.Rollback()
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return false, dbErr(fmt.Sprintf("applying migration %s", m.name), err)
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
		m.version, m.name, formatTime(now())); err != nil {
		return false, dbErr(fmt.Sprintf("recording migration %s", m.name), err)
	}
	if err := tx.Commit(); err != nil {
		return false, dbErr(fmt.Sprintf("committing migration %s", m.name), err)
	}
	return true, nil
}

// schemaVersion returns the newest applied migration of a SQLite database,
// 0 for a new database.
func schemaVersion(ctx context.Context, q queryRower) (int, error) {
	return (&DB{backend: BackendSQLite}).schemaVersion(ctx, q)
}

// queryRower is what schemaVersion reads with.
type queryRower interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}

// schemaVersion returns the newest applied migration, 0 for a new database.
func (s *DB) schemaVersion(ctx context.Context, q queryRower) (int, error) {
	exists := "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'"
	if s.backend == BackendPostgres {
		exists = "SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'schema_migrations'"
	}
	var n int
	err := q.QueryRowContext(ctx, exists).Scan(&n)
	if err != nil {
		return 0, dbErr("reading schema version", err)
	}
	if n == 0 {
		return 0, nil
	}
	var v int
	if err := q.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations").Scan(&v); err != nil {
		return 0, dbErr("reading schema version", err)
	}
	return v, nil
}

// checkVersion refuses a schema newer than the binary's.
func checkVersion(cur, latest int) error {
	if cur > latest {
		return fmt.Errorf("%w: it is at version %d, this binary knows up to %d; upgrade handoff-mcp to use it",
			ErrSchemaTooNew, cur, latest)
	}
	return nil
}
