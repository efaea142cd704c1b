package delivery

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/helpdesk"
	"github.com/handoff-mcp/handoff-mcp/store"
)

const testPostgresEnv = "HANDOFF_MCP_TEST_POSTGRES"

// replicaDB is one database that two replicas, a and b, open.
type replicaDB struct {
	a, b string // what each replica opens: a file path, or a URL naming the replica
	// kill ends every connection of replica a, as its death does; nil on
	// SQLite, where the processes of one host share a file.
	kill func(t *testing.T)
}

// replicaDatabases runs f on a new database of each backend. Without
// HANDOFF_MCP_TEST_POSTGRES the PostgreSQL subtest skips, saying so.
func replicaDatabases(t *testing.T, f func(t *testing.T, db replicaDB)) {
	t.Run("sqlite", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "handoff.db")
		f(t, replicaDB{a: path, b: path})
	})
	t.Run("postgres", func(t *testing.T) {
		base := os.Getenv(testPostgresEnv)
		if base == "" {
			t.Skip("PostgreSQL tests skipped: set " + testPostgresEnv + " to a postgres:// URL of a database the tests may create schemas in; .ci/run sets it up")
		}
		admin, err := sql.Open("pgx", base)
		require.NoError(t, err)
		t.Cleanup(func() { admin.Close() })
		var b [6]byte
		_, _ = rand.Read(b[:])
		schema := "test_monitor_" + hex.EncodeToString(b[:])
		_, err = admin.Exec("CREATE SCHEMA " + schema)
		require.NoError(t, err)
		t.Cleanup(func() { _, _ = admin.Exec("DROP SCHEMA " + schema + " CASCADE") })
		named := func(replica string) string {
			u, err := url.Parse(base)
			require.NoError(t, err)
			q := u.Query()
			q.Set("search_path", schema)
			q.Set("application_name", schema+"_"+replica)
			u.RawQuery = q.Encode()
			return u.String()
		}
		f(t, replicaDB{a: named("a"), b: named("b"), kill: func(t *testing.T) {
			var n int
			require.NoError(t, admin.QueryRow(`SELECT COUNT(pg_terminate_backend(pid, 10000)) FROM pg_stat_activity
				WHERE application_name = $1`, schema+"_a").Scan(&n))
			require.Positive(t, n, "replica a had connections")
		}})
	})
}

// replica is one server's status monitor over its own store handle.
type replica struct {
	desk *desk
	st   *store.DB
	m    *Monitor
	stop context.CancelFunc
	done chan struct{}
}

func newReplica(t *testing.T, dsn string, clk *fakeClock) *replica {
	t.Helper()
	st, err := store.Open(context.Background(), dsn, store.Options{Clock: clk})
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	r := &replica{desk: newDesk(nil), st: st}
	r.m = NewMonitor(helpdesk.Config{Type: helpdesk.TypeZendesk}, r.desk, MonitorOptions{
		Interval: time.Minute, Clock: clk, Store: st, Logger: zerolog.Nop(),
	})
	return r
}

// start runs the replica's monitor as app.Start does: under the lock.
func (r *replica) start(t *testing.T, clk *fakeClock) {
	ctx, stop := context.WithCancel(context.Background())
	r.stop, r.done = stop, make(chan struct{})
	go func() {
		defer close(r.done)
		r.m.RunAsLeader(ctx, func(ctx context.Context, name string, run func(context.Context)) {
			r.st.RunAsLeader(ctx, name, store.LeaderOptions{Every: 10 * time.Second, Clock: clk}, run)
		})
	}()
	t.Cleanup(func() { stop(); <-r.done })
}

func (r *replica) checks() int { return len(r.desk.callLog()) }

// advanceUntil moves clk by step until cond holds, giving the loops woken
// by each step a moment to act.
func advanceUntil(t *testing.T, clk *fakeClock, step time.Duration, cond func() bool, what string) {
	t.Helper()
	for range 30 {
		clk.Advance(step)
		for range 50 {
			if cond() {
				return
			}
			time.Sleep(2 * time.Millisecond)
		}
	}
	t.Fatalf("%s: not after 30 steps of %s", what, step)
}

// stored waits until the database holds a status checked at at.
func stored(t *testing.T, st *store.DB, at time.Time) handoff.HelpdeskStatus {
	t.Helper()
	var got handoff.HelpdeskStatus
	require.Eventually(t, func() bool {
		s, ok, err := st.HelpdeskStatus(context.Background(), "fake")
		got = s
		return err == nil && ok && s.CheckedAt.Equal(at)
	}, 10*time.Second, time.Millisecond, "the status checked at %s is saved", at)
	return got
}

func TestMonitorOneReplicaChecksAllRead(t *testing.T) {
	replicaDatabases(t, func(t *testing.T, db replicaDB) {
		clk := newClock()
		a, b := newReplica(t, db.a, clk), newReplica(t, db.b, clk)
		a.start(t, clk)
		require.Eventually(t, func() bool { return a.checks() == 1 }, 10*time.Second, time.Millisecond, "a checks at start")
		stored(t, b.st, clk.Now())
		b.start(t, clk)
		if db.kill != nil {
			// b tries the lock every 10s and fails while a holds it.
			advanceUntil(t, clk, 10*time.Second, func() bool { return a.checks() == 2 }, "a checks every minute")
			assert.Zero(t, b.checks(), "on PostgreSQL one replica checks")
		} else {
			// On SQLite every process of the host takes the lock: each
			// checks, and they share the row.
			require.Eventually(t, func() bool { return b.checks() == 1 }, 10*time.Second, time.Millisecond, "b checks too")
		}
		up := stored(t, b.st, clk.Now())
		clk.Advance(DefaultStatusRefresh) // the replicas' cache expires
		assert.Equal(t, handoff.HelpdeskAvailable, up.Status)
		assert.Equal(t, up, a.m.Status())
		assert.Equal(t, up, b.m.Status(), "b reads what a found")

		// The helpdesk goes down: whoever checks next, both replicas say so.
		outage := handoff.Transient(errors.New("fake: 503 Service Unavailable"), 0)
		a.desk.checkErr, b.desk.checkErr = outage, outage
		before := a.checks() + b.checks()
		advanceUntil(t, clk, 10*time.Second, func() bool { return a.checks()+b.checks() > before }, "the next check")
		down := stored(t, a.st, clk.Now())
		clk.Advance(DefaultStatusRefresh)
		assert.Equal(t, handoff.HelpdeskUnavailable, down.Status)
		assert.Contains(t, down.Error, "503")
		assert.Equal(t, down, a.m.Status())
		assert.Equal(t, down, b.m.Status())
		assert.True(t, b.m.Status().Down(), "requests on b do not wait for a helpdesk a found down")

		// a dies (on PostgreSQL its sessions end, and its lock with them):
		// b takes over within the lock's 10s and checks at once.
		a.desk.checkErr, b.desk.checkErr = nil, nil
		if db.kill != nil {
			db.kill(t)
		}
		a.stop()
		<-a.done
		before = b.checks()
		advanceUntil(t, clk, 10*time.Second, func() bool { return b.checks() > before }, "b takes over")
		back := stored(t, b.st, clk.Now())
		assert.Equal(t, handoff.HelpdeskAvailable, back.Status)
		clk.Advance(DefaultStatusRefresh)
		assert.Equal(t, back, b.m.Status())

		// b dies too: nobody checks, and the old "available" turns unknown
		// after three intervals.
		b.stop()
		<-b.done
		c := newReplica(t, db.b, clk)
		assert.Equal(t, back, c.m.Status(), "a new replica reads the status at once")
		clk.Advance(3*time.Minute - DefaultStatusRefresh)
		assert.Equal(t, back, c.m.Status(), "three intervals old is not stale yet")
		clk.Advance(time.Second)
		st := c.m.Status()
		assert.Equal(t, handoff.HelpdeskUnknown, st.Status)
		assert.Equal(t, back.CheckedAt, st.CheckedAt, "it says when it was last checked")
		assert.Contains(t, st.Error, "has stopped")
		assert.False(t, st.Down())
		assert.Zero(t, c.checks(), "reading does not check")
	})
}
