package store

import (
	"context"
)

// SchemaStatus says where a database's schema stands.
type SchemaStatus struct {
	// Backend is the database engine.
	Backend Backend `json:"backend"`
	// Database is the SQLite file, or the PostgreSQL URL with its password
	// masked.
	Database string `json:"database"`
	// Version is the newest migration applied (0: a new database);
	// Latest is the newest this binary knows.
	Version int `json:"version"`
	Latest  int `json:"latest"`
	// Pending names the migrations Migrate would apply, in order.
	Pending []string `json:"pending"`
}

// migrateUnless migrates unless skip; then it only refuses a schema newer
// than the binary.
func (s *DB) migrateUnless(ctx context.Context, skip bool) error {
	if !skip {
		return s.migrate(ctx)
	}
	st, err := s.SchemaStatus(ctx)
	if err != nil {
		return err
	}
	return checkVersion(st.Version, st.Latest)
}

// SchemaStatus reports the schema version against this binary's
// migrations.
func (s *DB) SchemaStatus(ctx context.Context) (SchemaStatus, error) {
	ms, err := migrationsOf(s.backend)
	if err != nil {
		return SchemaStatus{}, err
	}
	cur, err := s.schemaVersion(ctx, s.w)
	if err != nil {
		return SchemaStatus{}, err
	}
	st := SchemaStatus{Backend: s.backend, Database: s.path, Version: cur, Latest: len(ms), Pending: []string{}}
	for _, m := range ms {
		if m.version > cur {
			st.Pending = append(st.Pending, m.name)
		}
	}
	return st, nil
}

// Migrate applies the pending migrations and returns their names.
func (s *DB) Migrate(ctx context.Context) ([]string, error) {
	before, err := s.SchemaStatus(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkVersion(before.Version, before.Latest); err != nil {
		return nil, err
	}
	if err := s.migrate(ctx); err != nil {
		return nil, err
	}
	return before.Pending, nil
}
