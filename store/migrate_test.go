package store

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

func TestEmbeddedMigrations(t *testing.T) {
	ms, err := loadMigrations(migrationFS)
	require.NoError(t, err)
	require.NotEmpty(t, ms)
	assert.Equal(t, "0001_init", ms[0].name)
	for i, m := range ms {
		assert.Equal(t, i+1, m.version)
		assert.NotEmpty(t, m.sql)
	}
}

func TestLoadMigrationsRejects(t *testing.T) {
	tests := []struct {
		name  string
		files fstest.MapFS
		want  string
	}{
		{"gap", fstest.MapFS{
			"migrations/0001_a.sql": {Data: []byte("SELECT 1")},
			"migrations/0003_c.sql": {Data: []byte("SELECT 1")},
		}, "expected version 2"},
		{"duplicate", fstest.MapFS{
			"migrations/0001_a.sql": {Data: []byte("SELECT 1")},
			"migrations/0001_b.sql": {Data: []byte("SELECT 1")},
		}, "expected version 2"},
		{"no number", fstest.MapFS{"migrations/init.sql": {Data: []byte("SELECT 1")}}, "NNNN_description.sql"},
		{"zero", fstest.MapFS{"migrations/0000_a.sql": {Data: []byte("SELECT 1")}}, "NNNN_description.sql"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := loadMigrations(tt.files)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

// appliedMigrations returns schema_migrations as version -> applied_at.
func appliedMigrations(t *testing.T, db *sql.DB) map[int]string {
	t.Helper()
	rows, err := db.Query("SELECT version, applied_at FROM schema_migrations")
	require.NoError(t, err)
	defer rows.Close()
	out := map[int]string{}
	for rows.Next() {
		var (
			v  int
			at string
		)
		require.NoError(t, rows.Scan(&v, &at))
		out[v] = at
	}
	require.NoError(t, rows.Err())
	return out
}

func TestMigrationsAppliedOnce(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "handoff.db")
	ms, err := loadMigrations(migrationFS)
	require.NoError(t, err)
	want := map[int]string{}
	for _, m := range ms {
		want[m.version] = formatTime(t0)
	}

	clk := newClock()
	for i := range 3 {
		t.Run(fmt.Sprintf("open %d", i+1), func(t *testing.T) {
			var logs bytes.Buffer
			s, err := Open(ctx, path, Options{Clock: clk, Logger: zerolog.New(&logs)})
			require.NoError(t, err)
			defer s.Close()
			assert.Equal(t, want, appliedMigrations(t, s.w), "applied at the first open only")
			assert.Equal(t, i == 0, strings.Contains(logs.String(), `"name":"0001_init"`), "logs: %s", logs.String())
			v, err := schemaVersion(ctx, s.r)
			require.NoError(t, err)
			assert.Equal(t, len(ms), v)
			clk.Advance(time.Hour)
		})
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "handoff.db")
	s := openAt(t, path, newClock())
	create(t, s, "h_1", "conv", t0)
	_, err := s.w.Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, '0999_future', ?)", formatTime(t0))
	require.NoError(t, err)

	s2, err := Open(ctx, path, Options{})
	require.Error(t, err)
	assert.Nil(t, s2)
	assert.ErrorIs(t, err, ErrSchemaTooNew)
	assert.Contains(t, err.Error(), "version 999")
	assert.Contains(t, err.Error(), "upgrade handoff-mcp")

	// Nothing was touched: the running store still works.
	h, err := s.Handoff(ctx, "h_1")
	require.NoError(t, err)
	assert.Equal(t, handoff.StateQueued, h.State)
}

func TestMigrateStepByStep(t *testing.T) {
	ctx := context.Background()
	db, err := sql.Open("sqlite3", dsn(filepath.Join(t.TempDir(), "m.db"), false, SyncNormal))
	require.NoError(t, err)
	db.SetMaxOpenConns(1)
	defer db.Close()
	clk := newClock()
	tables := func() []string {
		rows, err := db.Query("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
		require.NoError(t, err)
		defer rows.Close()
		var out []string
		for rows.Next() {
			var n string
			require.NoError(t, rows.Scan(&n))
			out = append(out, n)
		}
		return out
	}
	v1 := &fstest.MapFile{Data: []byte("CREATE TABLE a (x INTEGER);")}
	// Its first statement succeeds, its second fails: the whole
	// migration must be rolled back.
	broken := &fstest.MapFile{Data: []byte("CREATE TABLE b (x INTEGER);\nINSERT INTO missing VALUES (1);")}
	fixed := &fstest.MapFile{Data: []byte("CREATE TABLE b (x INTEGER);\nINSERT INTO b VALUES (1);")}
	v3 := &fstest.MapFile{Data: []byte("ALTER TABLE b ADD COLUMN y TEXT;")}

	steps := []struct {
		name        string
		files       fstest.MapFS
		wantErr     string
		wantTables  []string
		wantApplied []int
	}{
		{"first", fstest.MapFS{"migrations/0001_a.sql": v1}, "", []string{"a", "schema_migrations"}, []int{1}},
		{"broken second", fstest.MapFS{"migrations/0001_a.sql": v1, "migrations/0002_b.sql": broken},
			"applying migration 0002_b", []string{"a", "schema_migrations"}, []int{1}},
		{"fixed second and a third", fstest.MapFS{"migrations/0001_a.sql": v1, "migrations/0002_b.sql": fixed, "migrations/0003_c.sql": v3},
			"", []string{"a", "b", "schema_migrations"}, []int{1, 2, 3}},
		{"again", fstest.MapFS{"migrations/0001_a.sql": v1, "migrations/0002_b.sql": fixed, "migrations/0003_c.sql": v3},
			"", []string{"a", "b", "schema_migrations"}, []int{1, 2, 3}},
		{"older binary", fstest.MapFS{"migrations/0001_a.sql": v1, "migrations/0002_b.sql": fixed},
			"upgrade handoff-mcp", []string{"a", "b", "schema_migrations"}, []int{1, 2, 3}},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			err := migrate(ctx, db, st.files, clk.Now, zerolog.Nop())
			if st.wantErr == "" {
				require.NoError(t, err)
			} else {
				require.Error(t, err)
				assert.Contains(t, err.Error(), st.wantErr)
			}
			assert.Equal(t, st.wantTables, tables())
			var applied []int
			for v := range appliedMigrations(t, db) {
				applied = append(applied, v)
			}
			assert.ElementsMatch(t, st.wantApplied, applied)
		})
	}
	var rows int
	require.NoError(t, db.QueryRow("SELECT COUNT(*) FROM b").Scan(&rows))
	assert.Equal(t, 1, rows, "migration 2 ran once")
}

func TestConcurrentOpenOfNewDatabase(t *testing.T) {
	// Handles in one process take SQLite's file locks just as separate
	// processes do; TestCrossProcess covers real processes.
	const n = 8
	path := filepath.Join(t.TempDir(), "new", "handoff.db")
	stores := openAtOnce(t, path, n)
	ms, err := loadMigrations(migrationFS)
	require.NoError(t, err)
	assert.Len(t, appliedMigrations(t, stores[0].r), len(ms))
	create(t, stores[n-1], "h_1", "conv", t0)
	h, err := stores[0].Handoff(context.Background(), "h_1")
	require.NoError(t, err)
	assert.Equal(t, "conv", h.ConversationID)
}

// TestMigrationJudgesKeepsOldHandoffs opens a database written before
// migration 0005 (who decided): its handoffs read back without a vote or a
// server verdict, and new ones store both.
func TestMigrationJudgesKeepsOldHandoffs(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db := migratedBefore(t, path, "0005_judges.sql")
	_, err := db.Exec(`INSERT INTO handoffs (id, conversation_id, state, classifier, confidence, created_at, updated_at)
		VALUES ('h_old', 'c_old', 'closed', 'embedded', 0.9, '2026-01-01T00:00:00.000000000Z', '2026-01-01T00:00:00.000000000Z')`)
	require.NoError(t, err)
	require.NoError(t, db.Close())

	s, err := Open(ctx, path, Options{Logger: zerolog.Nop()})
	require.NoError(t, err)
	defer s.Close()
	h, err := s.Handoff(ctx, "h_old")
	require.NoError(t, err)
	assert.Equal(t, "embedded", h.Classifier)
	assert.Nil(t, h.Vote)
	assert.Nil(t, h.ServerVerdict)

	n := sample("h_new", "c_new", t0)
	n.Vote = &handoff.Vote{Triggers: []string{"explicit_request"}, Evidence: "a person", Grounded: true}
	n.ServerVerdict = &handoff.Verdict{Handoff: true, Triggers: []string{"explicit_request"}, Confidence: 0.9, Classifier: "embedded"}
	_, _, err = s.CreateHandoffIfRoom(ctx, n, 0)
	require.NoError(t, err)
	got, err := s.Handoff(ctx, "h_new")
	require.NoError(t, err)
	assert.Equal(t, n.Vote, got.Vote)
	assert.Equal(t, n.ServerVerdict, got.ServerVerdict)
}
