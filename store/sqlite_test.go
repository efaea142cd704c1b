package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

func TestOpenCreatesPrivateFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data", "handoff-mcp")
	path := filepath.Join(dir, "handoff.db")
	s := openAt(t, path, newClock())
	create(t, s, "h_1", "conv", t0) // a write, so the WAL exists

	tests := []struct {
		name string
		path string
		want fs.FileMode
	}{
		{"database", path, 0o600},
		{"write-ahead log", path + "-wal", 0o600},
		{"shared memory", path + "-shm", 0o600},
		{"directory", dir, 0o700},
		{"parent directory", filepath.Dir(dir), 0o700},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fi, err := os.Stat(tt.path)
			require.NoError(t, err)
			assert.Equal(t, tt.want, fi.Mode().Perm())
		})
	}
}

func TestOpenExistingFileMode(t *testing.T) {
	tests := []struct {
		name string
		mode fs.FileMode
		warn bool
	}{
		{"private", 0o600, false},
		{"world readable", 0o644, true},
		{"group writable", 0o660, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "handoff.db")
			require.NoError(t, os.WriteFile(path, nil, tt.mode))
			require.NoError(t, os.Chmod(path, tt.mode)) // past the umask
			var logs bytes.Buffer
			s, err := Open(context.Background(), path, Options{Logger: zerolog.New(&logs)})
			require.NoError(t, err)
			require.NoError(t, s.Close())

			fi, err := os.Stat(path)
			require.NoError(t, err)
			assert.Equal(t, tt.mode, fi.Mode().Perm(), "an existing file's mode is left alone")
			if tt.warn {
				assert.Contains(t, logs.String(), `"level":"warn"`)
				assert.Contains(t, logs.String(), "accessible to other users")
			} else {
				assert.NotContains(t, logs.String(), `"level":"warn"`)
			}
		})
	}
}

func TestPragmas(t *testing.T) {
	s := openTest(t, newClock())
	pools := []struct {
		name      string
		db        *sql.DB
		queryOnly int
	}{
		{"writer", s.w, 0},
		{"reader", s.r, 1},
	}
	for _, p := range pools {
		t.Run(p.name, func(t *testing.T) {
			// Hold several connections at once so that the check covers
			// more than the first one the pool opened.
			ctx := context.Background()
			n := 1
			if p.db == s.r {
				n = 3
			}
			for i := range n {
				conn, err := p.db.Conn(ctx)
				require.NoError(t, err)
				defer conn.Close()
				var (
					journal                       string
					busy, fk, syncMode, queryOnly int
				)
				require.NoError(t, conn.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&journal))
				require.NoError(t, conn.QueryRowContext(ctx, "PRAGMA busy_timeout").Scan(&busy))
				require.NoError(t, conn.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk))
				require.NoError(t, conn.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&syncMode))
				require.NoError(t, conn.QueryRowContext(ctx, "PRAGMA query_only").Scan(&queryOnly))
				assert.Equal(t, "wal", journal, "connection %d", i)
				assert.Equal(t, 5000, busy, "connection %d", i)
				assert.Equal(t, 1, fk, "connection %d", i)
				assert.Equal(t, 1, syncMode, "connection %d: NORMAL", i)
				assert.Equal(t, p.queryOnly, queryOnly, "connection %d", i)
			}
		})
	}
	t.Run("WAL is persistent in the file", func(t *testing.T) {
		raw, err := sql.Open("sqlite3", s.Path())
		require.NoError(t, err)
		defer raw.Close()
		var journal string
		require.NoError(t, raw.QueryRow("PRAGMA journal_mode").Scan(&journal))
		assert.Equal(t, "wal", journal)
	})
}

func TestOpenPathNeedsNoEscaping(t *testing.T) {
	// Characters that mean something in a SQLite URI must stay part of the
	// file name.
	dir := filepath.Join(t.TempDir(), "a dir?x=1#frag%20")
	path := filepath.Join(dir, "hand off?.db")
	s := openAt(t, path, newClock())
	create(t, s, "h_1", "conv", t0)
	fi, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, fs.FileMode(0o600), fi.Mode().Perm())
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, e := range entries {
		assert.Contains(t, e.Name(), "hand off?.db", "stray file %q", e.Name())
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	notDir := filepath.Join(dir, "file")
	require.NoError(t, os.WriteFile(notDir, []byte("x"), 0o600))
	garbage := filepath.Join(dir, "garbage.db")
	require.NoError(t, os.WriteFile(garbage, bytes.Repeat([]byte("not a database "), 512), 0o600))
	tests := []struct {
		name, path, want string
	}{
		{"empty path", "", "empty path"},
		{"a directory", dir, "is a directory"},
		{"parent is a file", filepath.Join(notDir, "handoff.db"), "not a directory"},
		{"not a database", garbage, "not a database"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Open(context.Background(), tt.path, Options{})
			require.Error(t, err)
			assert.Nil(t, s)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestDefaultPath(t *testing.T) {
	home := t.TempDir()
	tests := []struct {
		name, xdg, want string
	}{
		{"XDG_DATA_HOME", "/srv/data", "/srv/data/handoff-mcp/handoff.db"},
		{"unset", "", filepath.Join(home, ".local/share/handoff-mcp/handoff.db")},
		{"relative is ignored", "rel/data", filepath.Join(home, ".local/share/handoff-mcp/handoff.db")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("HOME", home)
			t.Setenv("XDG_DATA_HOME", tt.xdg)
			got, err := DefaultPath()
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestClose(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "handoff.db")
	s, err := Open(ctx, path, Options{})
	require.NoError(t, err)
	create(t, s, "h_1", "conv", t0)
	fi, err := os.Stat(path + "-wal")
	require.NoError(t, err)
	require.NotZero(t, fi.Size(), "the write went to the WAL")

	require.NoError(t, s.Close())
	require.NoError(t, s.Close(), "a second Close is harmless")
	if fi, err := os.Stat(path + "-wal"); err == nil {
		assert.Zero(t, fi.Size(), "the WAL was checkpointed")
	} else {
		assert.True(t, errors.Is(err, fs.ErrNotExist))
	}
	_, err = s.Handoff(ctx, "h_1")
	assert.Error(t, err, "a closed store refuses calls")

	// The data reached the database file itself.
	raw, err := sql.Open("sqlite3", path)
	require.NoError(t, err)
	defer raw.Close()
	var id string
	require.NoError(t, raw.QueryRow("SELECT id FROM handoffs").Scan(&id))
	assert.Equal(t, "h_1", id)
}

func TestErrorsKeepTheirKind(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, newClock())
	create(t, s, "h_1", "conv", t0)
	_, err := s.transition(ctx, "h_1", handoff.StateClosed, "done", t0)
	require.NoError(t, err)
	_, err = s.transition(ctx, "h_1", handoff.StateQueued, "reopen", t0)
	require.Error(t, err)
	assert.Equal(t, handoff.KindConflict, handoff.KindOf(err))
	assert.NotContains(t, err.Error(), "SELECT")
	assert.NotContains(t, err.Error(), "UPDATE")
}

func TestSynchronousSetting(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		set  Synchronous
		want int // PRAGMA synchronous: 1 NORMAL, 2 FULL
	}{{"", 1}, {SyncNormal, 1}, {SyncFull, 2}} {
		t.Run(string(tt.set), func(t *testing.T) {
			s, err := Open(ctx, filepath.Join(t.TempDir(), "h.db"), Options{Synchronous: tt.set})
			require.NoError(t, err)
			t.Cleanup(func() { s.Close() })
			for _, db := range []*sql.DB{s.w, s.r} {
				var got int
				require.NoError(t, db.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&got))
				assert.Equal(t, tt.want, got)
			}
		})
	}
	_, err := Open(ctx, filepath.Join(t.TempDir(), "h.db"), Options{Synchronous: "off"})
	assert.ErrorContains(t, err, `synchronous: "off" is not a setting; use normal`)
}
