package store

import (
	"context"
	"database/sql"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTryLockOnePostgresHolder(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	a := openBackend(t, BackendPostgres, clk)
	b := secondHandle(t, a, clk)

	la, ok, err := a.TryLock(ctx, "timeouts")
	require.NoError(t, err)
	require.True(t, ok, "the first process takes the lock")
	_, ok, err = b.TryLock(ctx, "timeouts")
	require.NoError(t, err)
	assert.False(t, ok, "a second process does not")
	lo, ok, err := b.TryLock(ctx, "another loop")
	require.NoError(t, err)
	assert.True(t, ok, "other names are other locks")
	require.NoError(t, lo.Release(ctx))

	// The holder dies: its session ends, as when its process is killed.
	terminate(t, la)
	assert.Error(t, la.Held(ctx), "the lost lock is noticed")
	lb, ok, err := b.TryLock(ctx, "timeouts")
	require.NoError(t, err)
	require.True(t, ok, "another process takes over")
	require.NoError(t, lb.Held(ctx))
	require.NoError(t, lb.Release(ctx))
	lc, ok, err := a.TryLock(ctx, "timeouts")
	require.NoError(t, err)
	assert.True(t, ok, "a released lock is free")
	require.NoError(t, lc.Release(ctx))
}

func TestRunAsLeaderTakeover(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	clk := newClock()
	a := openBackend(t, BackendPostgres, clk)
	b := secondHandle(t, a, clk)
	type event struct {
		who     string
		running bool
	}
	events := make(chan event, 8)
	loop := func(s *DB, who string) {
		s.RunAsLeader(ctx, "timeouts", LeaderOptions{Every: time.Second, Clock: clk}, func(ctx context.Context) {
			events <- event{who, true}
			<-ctx.Done()
			events <- event{who, false}
		})
	}
	go loop(a, "a")
	require.Equal(t, event{"a", true}, <-events)
	go loop(b, "b")
	// b tried, failed and sleeps; a checks its lock every second.
	require.Eventually(t, func() bool { return clk.Pending() == 2 }, 10*time.Second, time.Millisecond)
	clk.Advance(time.Second)
	require.Eventually(t, func() bool { return clk.Pending() == 2 }, 10*time.Second, time.Millisecond)
	select {
	case e := <-events:
		t.Fatalf("only a leads: %+v", e)
	default:
	}
	// a's lock session dies (its process is killed); a notices at its next
	// check and stops, b takes over at its next try.
	terminateLock(t, a, "timeouts")
	clk.Advance(time.Second)
	got := map[event]bool{}
	for len(got) < 2 {
		got[<-events] = true
	}
	assert.True(t, got[event{"a", false}], "a stopped")
	assert.True(t, got[event{"b", true}], "b leads")
	cancel()
	assert.Equal(t, event{"b", false}, <-events)
}

func TestTryLockSQLiteAlwaysHeld(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, newClock())
	l, ok, err := s.TryLock(ctx, "timeouts")
	require.NoError(t, err)
	assert.True(t, ok)
	assert.NoError(t, l.Held(ctx))
	assert.NoError(t, l.Release(ctx))
}

// terminate ends l's session from another connection and waits until
// its process is gone (and the lock with it).
func terminate(t *testing.T, l *Lock) {
	t.Helper()
	admin, err := sql.Open("pgx", os.Getenv(testPostgresEnv))
	require.NoError(t, err)
	defer admin.Close()
	_, err = admin.Exec("SELECT pg_terminate_backend($1, 10000)", l.conn.PgConn().PID())
	require.NoError(t, err)
}

// terminateLock ends the session holding s's lock name.
func terminateLock(t *testing.T, s *DB, name string) {
	t.Helper()
	admin, err := sql.Open("pgx", os.Getenv(testPostgresEnv))
	require.NoError(t, err)
	defer admin.Close()
	key := s.pg.lockKey("lock:" + name)
	var n int
	require.NoError(t, admin.QueryRow(`SELECT COUNT(pg_terminate_backend(pid, 10000)) FROM pg_locks
		WHERE locktype = 'advisory' AND granted AND ((classid::bigint << 32) | objid::bigint) = $1`, key).Scan(&n))
	require.Equal(t, 1, n, "one session holds the lock")
}
