package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// TestGroupCommit holds the lead while writes queue up, then lets them go:
// they commit as one transaction, each write's failure rolled back alone
// and reported to its caller only.
func TestGroupCommit(t *testing.T) {
	ctx := context.Background()
	forEachBackend(t, newClock(), func(t *testing.T, s *DB) {
		_, _, err := s.CreateHandoffIfRoom(ctx, sample("h_taken", "conv-taken", t0), 0)
		require.NoError(t, err)

		s.lead <- struct{}{} // as if another write were committing
		before := s.commits.Load()
		const n = 12
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				id := fmt.Sprintf("h_%d", i)
				if i%4 == 3 {
					id = "h_taken" // refused: the id is taken
				}
				_, _, errs[i] = s.CreateHandoffIfRoom(ctx, sample(id, fmt.Sprintf("conv-%d", i), t0), 0)
			}()
		}
		boom := errors.New("decided against it")
		wg.Add(1)
		var failed error
		go func() { // a write whose fn fails after writing
			defer wg.Done()
			failed = s.write(ctx, "test", func(tx *sql.Tx) error {
				if _, err := tx.ExecContext(ctx, "UPDATE handoffs SET reason = 'overwritten' WHERE id = 'h_taken'"); err != nil {
					return err
				}
				return boom
			})
		}()
		require.Eventually(t, func() bool {
			s.groupMu.Lock()
			defer s.groupMu.Unlock()
			return len(s.pending) == n+1
		}, 5*time.Second, time.Millisecond)
		<-s.lead
		wg.Wait()

		assert.Equal(t, int64(1), s.commits.Load()-before, "one transaction for the group")
		assert.ErrorIs(t, failed, boom)
		for i, err := range errs {
			if i%4 == 3 {
				assert.Equal(t, handoff.KindConflict, handoff.KindOf(err), "write %d: %v", i, err)
				continue
			}
			require.NoError(t, err, "write %d", i)
			h, err := s.Handoff(ctx, fmt.Sprintf("h_%d", i))
			require.NoError(t, err)
			assert.Equal(t, fmt.Sprintf("conv-%d", i), h.ConversationID)
		}
		taken, err := s.Handoff(ctx, "h_taken")
		require.NoError(t, err)
		assert.Equal(t, sample("h_taken", "conv-taken", t0).Reason, taken.Reason, "the failed write was rolled back alone")
		var events int
		require.NoError(t, s.r.QueryRowContext(ctx, "SELECT COUNT(*) FROM handoff_events").Scan(&events))
		assert.Equal(t, 1+n-n/4, events, "one creation event per stored handoff")
	})
}

// TestGroupCommitCancelledCaller: a caller whose context ends while its
// write waits is told so, and the others' writes are stored.
func TestGroupCommitCancelledCaller(t *testing.T) {
	forEachBackend(t, newClock(), func(t *testing.T, s *DB) {
		s.lead <- struct{}{}
		cctx, cancel := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		var cancelled, stored error
		wg.Add(2)
		go func() {
			defer wg.Done()
			_, _, cancelled = s.CreateHandoffIfRoom(cctx, sample("h_c", "conv-c", t0), 0)
		}()
		go func() {
			defer wg.Done()
			_, _, stored = s.CreateHandoffIfRoom(context.Background(), sample("h_s", "conv-s", t0), 0)
		}()
		require.Eventually(t, func() bool {
			s.groupMu.Lock()
			defer s.groupMu.Unlock()
			return len(s.pending) == 2
		}, 5*time.Second, time.Millisecond)
		cancel()
		<-s.lead
		wg.Wait()
		assert.ErrorIs(t, cancelled, context.Canceled)
		require.NoError(t, stored)
		_, err := s.Handoff(context.Background(), "h_c")
		assert.Equal(t, handoff.KindNotFound, handoff.KindOf(err))
		_, err = s.Handoff(context.Background(), "h_s")
		assert.NoError(t, err)
	})
}

// TestCheckpointsOffTheWritePath: the write connection never checkpoints
// (a commit never pays for syncing the database file), and the background
// checkpointer moves the log into the file.
func TestCheckpointsOffTheWritePath(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "handoff.db")
	s := openAt(t, path, newClock())
	var auto int
	require.NoError(t, s.w.QueryRowContext(ctx, "PRAGMA wal_autocheckpoint").Scan(&auto))
	assert.Zero(t, auto, "no automatic checkpoint in a commit")
	fi, err := os.Stat(path)
	require.NoError(t, err)
	before := fi.Size()
	for i := range checkpointEvery + 2 {
		_, _, err := s.CreateHandoffIfRoom(ctx, sample(fmt.Sprintf("h_%d", i), fmt.Sprintf("conv-%d", i), t0), 0)
		require.NoError(t, err)
	}
	require.Eventually(t, func() bool {
		fi, err := os.Stat(path)
		return err == nil && fi.Size() > before
	}, 10*time.Second, 10*time.Millisecond, "the checkpointer copied the log into the database file")
}
