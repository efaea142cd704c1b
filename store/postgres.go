package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// changeChannel is the channel the handoffs trigger notifies on every
// change (migrations/postgres/0001_baseline.sql).
const changeChannel = "handoff_mcp_changes"

// pgReaders is how many connections a PostgreSQL store keeps for reads.
const pgReaders = 8

// listenRetry is how long the change listener waits before connecting
// again after it lost its connection.
const listenRetry = time.Second

// pgState is what a PostgreSQL store keeps besides its pools.
type pgState struct {
	cfg    *pgx.ConnConfig // parsed from the URL, for the dedicated connections
	dsn    string          // the URL, password included: for another handle in tests
	schema string          // current_schema() of the store's connections
	// writeKey is the advisory lock every write transaction takes; keys
	// derive from the schema so installations sharing a database do not
	// wait for each other.
	writeKey int64

	mu        sync.Mutex // protects the fields below
	listeners map[int]func()
	nextID    int
	stop      context.CancelFunc // ends the listener; nil until it runs
	done      chan struct{}
}

// lockKey returns the advisory lock key of name in the store's schema.
func (p *pgState) lockKey(name string) int64 {
	h := fnv.New64a()
	h.Write([]byte(p.schema + "\x00handoff-mcp\x00" + name))
	return int64(h.Sum64())
}

// openPostgres opens the PostgreSQL database at the URL dsn (see Open).
func openPostgres(ctx context.Context, dsn string, opts Options) (*DB, error) {
	masked := Redact(dsn)
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("database URL %s is malformed (use postgres://user:password@host:5432/database): %w", masked, err)
	}
	s := &DB{backend: BackendPostgres, path: masked, log: opts.Logger, now: opts.Clock.Now, lead: make(chan struct{}, 1),
		pg: &pgState{cfg: cfg, dsn: dsn, listeners: map[int]func(){}}}
	s.w = sql.OpenDB(pgConnector{stdlib.GetConnector(*cfg)})
	s.w.SetMaxOpenConns(1)
	s.w.SetMaxIdleConns(1)
	rcfg := cfg.Copy()
	rcfg.RuntimeParams["default_transaction_read_only"] = "on"
	s.r = sql.OpenDB(pgConnector{stdlib.GetConnector(*rcfg)})
	s.r.SetMaxOpenConns(pgReaders)
	s.r.SetMaxIdleConns(pgReaders)
	fail := func(what string, err error) (*DB, error) {
		s.w.Close()
		s.r.Close()
		return nil, fmt.Errorf("%s %s: %w", what, masked, err)
	}
	var schema sql.NullString
	if err := s.w.QueryRowContext(ctx, "SELECT current_schema()").Scan(&schema); err != nil {
		return fail("connecting to database", err)
	}
	if !schema.Valid {
		return fail("opening database", errors.New("no schema of the search_path exists: create it, or set search_path to an existing one"))
	}
	s.pg.schema = schema.String
	s.pg.writeKey = s.pg.lockKey("write")
	if err := s.migrateUnless(ctx, opts.NoMigrate); err != nil {
		return fail("migrating database", err)
	}
	return s, nil
}

// close stops the change listener.
func (p *pgState) close() error {
	p.mu.Lock()
	stop, done := p.stop, p.done
	p.mu.Unlock()
	if stop != nil {
		stop()
		<-done
	}
	return nil
}

// OnChange calls fn whenever any process changes a handoff of the database,
// until the returned function is called. On PostgreSQL a dedicated
// connection LISTENs for the notification the handoffs trigger sends at
// every commit that changes a handoff, so fn runs within milliseconds of a
// change made by another replica (and once after the connection is
// restored, since notifications may have been missed). On SQLite it does
// nothing: processes sharing a file find changes by polling (watch.Feed).
// fn must not block.
func (s *DB) OnChange(fn func()) (cancel func()) {
	if s.backend != BackendPostgres {
		return func() {}
	}
	p := s.pg
	p.mu.Lock()
	defer p.mu.Unlock()
	id := p.nextID
	p.nextID++
	p.listeners[id] = fn
	if p.stop == nil {
		ctx, stop := context.WithCancel(context.Background())
		p.stop, p.done = stop, make(chan struct{})
		go s.listen(ctx)
	}
	return func() {
		p.mu.Lock()
		delete(p.listeners, id)
		p.mu.Unlock()
	}
}

// changed calls every OnChange function.
func (p *pgState) changed() {
	p.mu.Lock()
	fns := make([]func(), 0, len(p.listeners))
	for _, fn := range p.listeners {
		fns = append(fns, fn)
	}
	p.mu.Unlock()
	for _, fn := range fns {
		fn()
	}
}

// listen keeps a connection LISTENing on changeChannel until ctx ends.
func (s *DB) listen(ctx context.Context) {
	defer close(s.pg.done)
	failing := false
	for ctx.Err() == nil {
		err := s.listenOnce(ctx, func() {
			if failing {
				s.log.Info().Msg("listening for changes again")
				failing = false
			}
		})
		if ctx.Err() != nil {
			return
		}
		if !failing {
			s.log.Warn().Err(err).Msg("listening for handoff changes; other replicas' changes are seen by polling until it reconnects")
			failing = true
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(listenRetry):
		}
	}
}

// listenOnce connects, LISTENs and calls the OnChange functions at every
// notification, until the connection fails or ctx ends.
func (s *DB) listenOnce(ctx context.Context, connected func()) error {
	conn, err := pgx.ConnectConfig(ctx, s.pg.cfg)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+changeChannel); err != nil {
		return err
	}
	connected()
	s.pg.changed() // what changed while no one listened
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return err
		}
		s.pg.changed()
	}
}
