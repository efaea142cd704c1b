package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/handoff-mcp/handoff-mcp/handoff/clock"
)

// Lock is an installation-wide lock held by this process: on PostgreSQL a
// session advisory lock on a connection of its own, which the server
// releases when the connection ends, so a process that dies (SIGKILL, a
// lost host) gives the lock up and another replica takes it at its next
// try. On SQLite, whose processes share one host and serialise their
// writes on the file, every TryLock succeeds: each process runs what the
// lock guards, as before.
type Lock struct {
	name string
	key  int64
	conn *pgx.Conn // nil on SQLite
}

// TryLock takes the lock name unless another process holds it, and reports
// whether it did.
func (s *DB) TryLock(ctx context.Context, name string) (*Lock, bool, error) {
	if s.backend != BackendPostgres {
		return &Lock{name: name}, true, nil
	}
	l := &Lock{name: name, key: s.pg.lockKey("lock:" + name)}
	conn, err := pgx.ConnectConfig(ctx, s.pg.cfg)
	if err != nil {
		return nil, false, dbErr("connecting for lock "+name, err)
	}
	var ok bool
	if err := conn.QueryRow(ctx, "SELECT pg_try_advisory_lock($1)", l.key).Scan(&ok); err != nil {
		conn.Close(context.WithoutCancel(ctx))
		return nil, false, dbErr("taking lock "+name, err)
	}
	if !ok {
		conn.Close(context.WithoutCancel(ctx))
		return nil, false, nil
	}
	l.conn = conn
	return l, true, nil
}

// Held checks that the lock is still held: that its connection answers.
// Once it fails the lock is lost (the server ended the session, or the
// network failed) and another process may hold it.
func (l *Lock) Held(ctx context.Context) error {
	if l.conn == nil {
		return nil
	}
	if err := l.conn.Ping(ctx); err != nil {
		return fmt.Errorf("lock %s lost: %w", l.name, err)
	}
	return nil
}

// Release gives the lock up.
func (l *Lock) Release(ctx context.Context) error {
	if l.conn == nil {
		return nil
	}
	_, err := l.conn.Exec(ctx, "SELECT pg_advisory_unlock($1)", l.key)
	if cerr := l.conn.Close(ctx); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("releasing lock %s: %w", l.name, err)
	}
	return nil
}

// LeaderOptions configure RunAsLeader.
type LeaderOptions struct {
	// Every is how often a process without the lock tries to take it, and
	// the holder checks that it still holds it (default 5 s).
	Every time.Duration
	// Clock times the tries and checks; nil means the wall clock.
	Clock clock.Clock
	// OnError receives failures to take or check the lock (nil: ignored).
	OnError func(error)
}

// RunAsLeader runs run while this process holds the lock name, until ctx
// ends: one process of the installation at a time runs it. When the lock
// is lost, run's context is cancelled and RunAsLeader waits for it to
// return before it tries again; when ctx ends, it releases the lock.
func (s *DB) RunAsLeader(ctx context.Context, name string, opts LeaderOptions, run func(context.Context)) {
	if opts.Every <= 0 {
		opts.Every = 5 * time.Second
	}
	opts.Clock = clock.Or(opts.Clock)
	fail := func(err error) {
		if opts.OnError != nil && ctx.Err() == nil {
			opts.OnError(err)
		}
	}
	for {
		l, ok, err := s.TryLock(ctx, name)
		if err != nil {
			fail(err)
		}
		if ok {
			s.lead1(ctx, l, opts, fail, run)
		}
		if ctx.Err() != nil {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-opts.Clock.After(opts.Every):
		}
	}
}

// lead1 runs run while l is held and ctx lasts, then releases l.
func (s *DB) lead1(ctx context.Context, l *Lock, opts LeaderOptions, fail func(error), run func(context.Context)) {
	rctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		run(rctx)
	}()
	lost := false
	defer func() {
		cancel()
		<-done
		if err := l.Release(context.WithoutCancel(ctx)); err != nil && !lost {
			fail(err)
		}
	}()
	for {
		select {
		case <-ctx.Done():
			return
		case <-done:
			return
		case <-opts.Clock.After(opts.Every):
		}
		if err := l.Held(ctx); err != nil {
			lost = true
			fail(err)
			return
		}
	}
}
