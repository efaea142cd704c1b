package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// A database the server cannot write is refused at start, naming the real
// cause (issue 16).
func TestOpenNamesWhyTheDatabaseIsNotWritable(t *testing.T) {
	ctx := context.Background()
	t.Run("a missing directory that cannot be created", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "a-file")
		require.NoError(t, os.WriteFile(file, nil, 0o600))
		_, err := Open(ctx, filepath.Join(file, "sub", "handoff.db"), Options{Logger: zerolog.Nop()})
		require.Error(t, err)
		assert.Contains(t, err.Error(), "does not exist and cannot be created")
	})
	t.Run("causes, named", func(t *testing.T) {
		for _, tt := range []struct {
			what string
			err  error
			want string
		}{
			{"the database file", &fs.PathError{Op: "open", Path: "/ro/h.db", Err: syscall.EROFS}, "is on a read-only file system: mount it read-write"},
			{"the database file", &fs.PathError{Op: "open", Path: "/x/h.db", Err: syscall.EACCES}, "is read-only for this user"},
			{"the database directory", &fs.PathError{Op: "open", Path: "/x", Err: syscall.EACCES}, "(-wal, -shm) next to the database"},
			{"the database directory", &fs.PathError{Op: "mkdir", Path: "/x", Err: syscall.ENOENT}, "does not exist and cannot be created"},
			{"the database file", &fs.PathError{Op: "open", Path: "/x/h.db", Err: syscall.ENOSPC}, "on a full disk"},
		} {
			err := writeProblem(tt.what, "/x/h.db", tt.err)
			assert.Contains(t, err.Error(), tt.want)
			assert.ErrorIs(t, err, tt.err.(*fs.PathError).Err)
		}
	})
	if os.Geteuid() == 0 {
		t.Log("running as root: file modes do not stop root, so the read-only file and directory cases are not run")
		return
	}
	t.Run("a read-only file", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "handoff.db")
		s, err := Open(ctx, path, Options{Logger: zerolog.Nop()})
		require.NoError(t, err)
		require.NoError(t, s.Close())
		require.NoError(t, os.Chmod(path, 0o400))
		_, err = Open(ctx, path, Options{Logger: zerolog.Nop()})
		require.Error(t, err)
		assert.Contains(t, err.Error(), "is read-only for this user (mode 0400): chmod u+w it")
	})
	t.Run("a writable file in a read-only directory", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "db")
		path := filepath.Join(dir, "handoff.db")
		s, err := Open(ctx, path, Options{Logger: zerolog.Nop()})
		require.NoError(t, err)
		require.NoError(t, s.Close())
		require.NoError(t, os.Chmod(dir, 0o500))
		t.Cleanup(func() { os.Chmod(dir, 0o700) })
		_, err = Open(ctx, path, Options{Logger: zerolog.Nop()})
		require.Error(t, err)
		assert.Contains(t, err.Error(), "is not writable for this user")
	})
}

// A full disk fails the write with an error that says nothing was stored.
func TestDiskFullIsNotStored(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	s := openTest(t, clk)
	var pages int
	require.NoError(t, s.w.QueryRowContext(ctx, "PRAGMA page_count").Scan(&pages))
	_, err := s.w.ExecContext(ctx, fmt.Sprintf("PRAGMA max_page_count = %d", pages))
	require.NoError(t, err)
	var last error
	for i := range 200 {
		if _, _, last = s.CreateHandoffIfRoom(ctx, sample(fmt.Sprintf("h_full%04d", i), fmt.Sprintf("c-%d", i), clk.Now()), 0); last != nil {
			break
		}
	}
	require.Error(t, last, "the database could not grow")
	assert.ErrorIs(t, last, handoff.ErrNotStored)
	assert.False(t, errors.Is(dbErr("reading", errors.New("plain")), handoff.ErrNotStored))
}
