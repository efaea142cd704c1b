package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/mattn/go-sqlite3"
)

// writerDriver opens the write connection: SQLite's automatic checkpoint
// is off there, because it runs in the commit that crosses its threshold
// and syncs the database file on the caller's time (the p99 of a created
// handoff). The checkpointer does it in the background instead. Its page
// cache holds up to writerCacheKiB: no other connection writes, so the
// cache stays valid from one write transaction to the next, and the
// indexes a write walks in a large database stay in memory (with the
// default 2 MB a created handoff in a database of a million handoffs took
// 10-12% more CPU than in one of ten thousand, with 16 MB 5%:
// BenchmarkCreatedHandoffHistory in package handoff).
const writerDriver = "sqlite3_handoff_writer"

// writerCacheKiB bounds the write connection's page cache, in KiB; it
// fills only as far as the database's pages are written to.
const writerCacheKiB = 16000

// checkpointEvery is how many commits kick the checkpointer between its
// ticks; checkpointTick is how often it runs anyway.
const (
	checkpointEvery = 128
	checkpointTick  = time.Second
)

func init() {
	sql.Register(writerDriver, &sqlite3.SQLiteDriver{ConnectHook: func(c *sqlite3.SQLiteConn) error {
		_, err := c.Exec(fmt.Sprintf("PRAGMA wal_autocheckpoint = 0; PRAGMA cache_size = -%d", writerCacheKiB), nil)
		return err
	}})
}

// checkpointer copies the write-ahead log into the database file on a
// connection of its own (PASSIVE: it never blocks writers or readers, and
// does what it can while readers hold older snapshots), every
// checkpointTick and after every checkpointEvery commits, until stop is
// closed.
type checkpointer struct {
	db   *sql.DB
	kick chan struct{}
	stop chan struct{}
	done chan struct{}
	fail func(error)
}

func newCheckpointer(db *sql.DB, fail func(error)) *checkpointer {
	c := &checkpointer{db: db, kick: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{}), fail: fail}
	go c.run()
	return c
}

func (c *checkpointer) run() {
	defer close(c.done)
	t := time.NewTicker(checkpointTick)
	defer t.Stop()
	for {
		select {
		case <-c.stop:
			return
		case <-c.kick:
		case <-t.C:
		}
		ctx, cancel := context.WithTimeout(context.Background(), BusyTimeout)
		var busy, logPages, done int
		if err := c.db.QueryRowContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &logPages, &done); err != nil {
			c.fail(err)
		}
		cancel()
	}
}

// committed counts a commit and kicks a checkpoint every checkpointEvery.
func (c *checkpointer) committed(n int64) {
	if n%checkpointEvery != 0 {
		return
	}
	select {
	case c.kick <- struct{}{}:
	default:
	}
}

// close stops the checkpointer and closes its connection.
func (c *checkpointer) close() error {
	close(c.stop)
	<-c.done
	return c.db.Close()
}
