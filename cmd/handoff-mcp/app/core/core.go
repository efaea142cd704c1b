// Package core assembles the parts of handoff-mcp that do not speak MCP: the
// store, the classifier, the schedule, the helpdesk connector, the delivery
// worker, the helpdesk status monitor, the change feed, the handoff service,
// the inbound hooks, the agent desk and the metrics. The app adds the MCP
// server and the HTTP listener on top; the tests of package tools and of
// the handoff service build the same assembly through New, with a fake
// clock, a fake helpdesk or a classifier of their own.
package core

import (
	"time"

	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net/http"
	"os"
	"sync"

	"github.com/rs/zerolog"

	"github.com/handoff-mcp/handoff-mcp/cmd/handoff-mcp/config"
	agentdesk "github.com/handoff-mcp/handoff-mcp/desk"
	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/clock"
	"github.com/handoff-mcp/handoff-mcp/handoff/delivery"
	"github.com/handoff-mcp/handoff-mcp/handoff/helpdesk"
	"github.com/handoff-mcp/handoff-mcp/handoff/hooks"
	"github.com/handoff-mcp/handoff-mcp/handoff/privacy"
	"github.com/handoff-mcp/handoff-mcp/handoff/summary"
	"github.com/handoff-mcp/handoff-mcp/handoff/watch"
	"github.com/handoff-mcp/handoff-mcp/metrics"
	"github.com/handoff-mcp/handoff-mcp/store"
)

// Options are what the caller chooses beyond the configuration: production
// sets the first group from flags; tests set the replacements.
type Options struct {
	// DBPath overrides the configured database (a SQLite file or a
	// postgres:// URL; ResolveDB).
	DBPath string
	// Log receives every part's logs.
	Log zerolog.Logger
	// Clock is the time of every part; nil means the wall clock.
	Clock clock.Clock
	// Stdio tells that the server runs over stdio, with no HTTP listener
	// for the helpdesk's events.
	Stdio bool
	// HTTPClient and TLSConfig reach the helpdesk: a proxy, a private CA
	// (TLSConfig is the email connector's); nil means the defaults.
	HTTPClient *http.Client
	TLSConfig  *tls.Config

	// Connector replaces the configured helpdesk connector (tests: a fake
	// helpdesk). It is not masked by privacy.redact.
	Connector handoff.Connector
	// Classifier replaces the configured classifier.
	Classifier handoff.Classifier
	// WrapStore, when set, wraps the store the service uses.
	WrapStore func(*store.DB) handoff.Store
}

// Core is the assembled handoff-mcp without its MCP server.
type Core struct {
	Config    *config.Config
	Log       zerolog.Logger
	Clock     clock.Clock
	Store     *store.DB
	Connector handoff.Connector
	// Worker delivers the outbox; Monitor keeps the helpdesk's status.
	// Start runs both.
	Worker  *delivery.Worker
	Monitor *delivery.Monitor
	Service *handoff.Service
	// Redactor is privacy.redact (nil when switched off): what the
	// helpdesk and any LLM get masked. The desk can show with it what left
	// the server.
	Redactor *privacy.Redactor
	// Feed tells resource subscribers and waiting calls about handoff
	// changes, whichever process made them. Start runs it.
	Feed *watch.Feed
	// Hooks receives the helpdesk's events at POST /hooks/{connector}.
	Hooks *hooks.Handler
	// Desk is the built-in agent desk. Start runs its live updates.
	Desk *agentdesk.Server
	// Metrics count requests, deliveries, inbound events and tool calls.
	Metrics *metrics.Metrics

	stop    context.CancelFunc // ends what Start started
	running sync.WaitGroup
}

// ResolveDB returns the database to open: path (the --db flag) when set,
// else $HANDOFF_MCP_DB, else store.db, else server.db of cfg, else the
// default path.
func ResolveDB(cfg *config.Config, path string) (string, error) {
	for _, p := range []string{path, os.Getenv(store.EnvDB), cfg.Store.DB, cfg.Server.DB} {
		if p != "" {
			return p, nil
		}
	}
	return store.DefaultPath()
}

// OpenStore opens the database ResolveDB names (a SQLite file or a
// postgres:// URL) and brings its schema up to date. clk is the store's
// time (nil: the wall clock).
func OpenStore(ctx context.Context, cfg *config.Config, path string, log zerolog.Logger, clk clock.Clock) (*store.DB, error) {
	path, err := ResolveDB(cfg, path)
	if err != nil {
		return nil, err
	}
	st, err := store.Open(ctx, path, store.Options{Logger: log, Synchronous: cfg.Store.Synchronous, Clock: clk})
	if err != nil {
		return nil, fmt.Errorf("opening database %s: %w", store.Redact(path), err)
	}
	return st, nil
}

// New opens the store and assembles every part from cfg. Close releases
// them.
//
// At log level debug it logs how long opening the store and building the
// rest took (wall time, for the start-up's diagnosis only).
func New(ctx context.Context, cfg *config.Config, opts Options) (*Core, error) {
	// The change feed's nudge gap is a bound on its reads in real time:
	// with an injected clock (tests), which moves only when told to, it
	// would hold every nudged poll after the first, so there is none.
	nudgeGap := watch.DefaultNudgeGap
	if opts.Clock != nil {
		nudgeGap = 0
	}
	opts.Clock = clock.Or(opts.Clock)
	start := time.Now()
	st, err := OpenStore(ctx, cfg, opts.DBPath, opts.Log, opts.Clock)
	if err != nil {
		return nil, err
	}
	opened := time.Now()
	c := &Core{Config: cfg, Log: opts.Log, Clock: opts.Clock, Store: st}
	if err := c.build(opts, nudgeGap); err != nil {
		st.Close()
		return nil, err
	}
	c.Log.Debug().Dur("store_open_ms", opened.Sub(start)).Dur("parts_ms", time.Since(opened)).Msg("core assembled")
	return c, nil
}

// build makes the parts; the change feed's nudged polls are at least
// nudgeGap apart.
func (c *Core) build(opts Options, nudgeGap time.Duration) error {
	cfg, clk := c.Config, c.Clock
	cls := opts.Classifier
	if cls == nil {
		var err error
		if cls, err = cfg.BuildClassifier(c.Log, clk); err != nil {
			return err
		}
	}
	sched, _, err := cfg.BuildSchedule()
	if err != nil {
		return err
	}
	red, err := cfg.BuildRedactor()
	if err != nil {
		return err
	}
	conn := opts.Connector
	if conn == nil {
		conn, err = cfg.BuildConnector(helpdesk.Options{
			Logger: c.Log, HTTPClient: opts.HTTPClient, TLSConfig: opts.TLSConfig, Clock: clk,
		})
		if err != nil {
			return err
		}
		if cfg.Helpdesk.Configured() {
			// What leaves for the helpdesk is masked; the built-in inbox
			// is this server's own store and keeps the original.
			conn = privacy.Connector(conn, red)
		}
	}
	sum, err := cfg.BuildSummarizer(c.Log, nil)
	if err != nil {
		return err
	}
	c.Connector, c.Redactor = conn, red
	ids := make([]string, 0, len(cfg.Triggers))
	for _, t := range cfg.Triggers {
		ids = append(ids, t.ID)
	}
	c.Metrics = metrics.New(metrics.Options{Triggers: ids, Connector: conn.Name(), Gauges: c.Store, Logger: c.Log,
		HelpdeskStatus: func() handoff.HelpdeskStatus { return c.Monitor.Status() }})
	c.Worker, err = delivery.New(cfg.Delivery, delivery.Options{
		Store: c.Store, Connector: conn, Logger: c.Log.With().Str("component", "delivery").Logger(),
		Clock: clk, OnAttempt: c.Metrics.Attempt,
	})
	if err != nil {
		return err
	}
	c.Monitor = delivery.NewMonitor(cfg.Helpdesk, conn, delivery.MonitorOptions{
		Interval: cfg.Delivery.StatusInterval, Logger: c.Log.With().Str("component", "status").Logger(),
		Clock: clk, Store: c.Store,
		OnChange: func(st handoff.HelpdeskStatus) {
			if st.Status == handoff.HelpdeskAvailable {
				c.Worker.Kick() // the helpdesk is back: look at the queue now
			}
		},
	})
	c.Feed, err = watch.New(cfg.Updates, watch.Options{
		Source: c.Store, Logger: c.Log.With().Str("component", "updates").Logger(), Clock: clk,
		NudgeGap: nudgeGap,
	})
	if err != nil {
		return fmt.Errorf("updates.%w", err)
	}
	if err := c.buildService(opts, cls, sched, sum, red); err != nil {
		return err
	}
	c.Hooks, err = hooks.New(cfg.Helpdesk, hooks.Options{
		Sink: Sink(c.Service), Deduper: c.Store, Logger: c.Log, Clock: clk, OnResult: c.Metrics.Inbound,
	})
	if err != nil {
		return err
	}
	var mailer agentdesk.Mailer
	if cfg.Desk.SMTP.Host != "" {
		m, err := helpdesk.NewMailer(cfg.Desk.SMTP, cfg.Helpdesk.Timeout, helpdesk.Options{Logger: c.Log, TLSConfig: opts.TLSConfig, Clock: clk})
		if err != nil {
			return fmt.Errorf("desk.smtp: %w", err)
		}
		mailer = m
	}
	c.Desk, err = agentdesk.New(cfg.Desk, agentdesk.Options{Store: c.Store, Service: c.Service, Feed: c.Feed, Mailer: mailer, Logger: c.Log, Clock: clk})
	return err
}

// buildService builds the handoff service over the parts built before it.
func (c *Core) buildService(opts Options, cls handoff.Classifier, sched handoff.Schedule, sum *summary.Summarizer, red *privacy.Redactor) error {
	cfg := c.Config
	svcCfg := cfg.Service()
	if opts.Stdio && cfg.Helpdesk.Configured() && svcCfg.AgentEvents && !cfg.Server.EventsElsewhere {
		// The inbound secret is set, but nothing here listens for the
		// events: promising a live session would keep users waiting.
		svcCfg.AgentEvents = false
		c.Log.Warn().Str("connector", c.Connector.Name()).Msg("serving over stdio: the helpdesk's events (agent replies, closing) cannot reach this server, so handoffs are one-way: users are told the team answers by email, and a delivered handoff is handed over after timeouts.session of quiet; serve with --http to receive them, or set server.events_elsewhere when another server on this database does")
	}
	var svcStore handoff.Store = c.Store
	if opts.WrapStore != nil {
		svcStore = opts.WrapStore(c.Store)
	}
	svc, err := handoff.NewService(svcCfg, handoff.Deps{
		Store: svcStore, Classifier: cls, Triggers: cfg.Triggers, Schedule: sched,
		Connector: c.Connector, Courier: c.Worker, HelpdeskStatus: c.Monitor.Status, Logger: c.Log, Clock: c.Clock,
		OnChange:   func(handoff.Handoff) { c.Feed.Nudge() },
		OnRequest:  c.Metrics.Request,
		Summarizer: sum, Redactor: redactor(red),
		AgentsOnline: func() int {
			if c.Desk == nil {
				return 0
			}
			return c.Desk.AgentsOnline()
		},
	})
	if err != nil {
		return err
	}
	c.Service = svc
	return nil
}

// redactor returns r as a handoff.Redactor, nil when redaction is off.
func redactor(r *privacy.Redactor) handoff.Redactor {
	if r == nil {
		return nil
	}
	return r
}

// Start runs the delivery worker (every pending job of the database is
// resumed), the helpdesk status monitor and the session timeouts (these two on
// one replica at a time; Service.RunTimeouts every timeouts.check_interval), the desk's live
// updates and the change feed in the background, until Stop.
func (c *Core) Start(ctx context.Context) {
	ctx, c.stop = context.WithCancel(context.WithoutCancel(ctx))
	c.running.Add(5)
	go func() {
		defer c.running.Done()
		c.Desk.Run(ctx)
	}()
	go func() {
		defer c.running.Done()
		// One replica at a time applies the session timeouts; another
		// takes over within timeouts.check_interval when it dies.
		c.Store.RunAsLeader(ctx, "timeouts", store.LeaderOptions{
			Every: c.Config.Timeouts.CheckInterval, Clock: c.Clock,
			OnError: func(err error) { c.Log.Warn().Err(err).Msg("timeouts: the replica lock") },
		}, func(ctx context.Context) { c.Service.RunTimeouts(ctx, c.Clock.After) })
	}()
	go func() {
		defer c.running.Done()
		// PostgreSQL wakes the feed at every change of any replica; the
		// poll stays as the fallback.
		defer c.Store.OnChange(c.Feed.Nudge)()
		_ = c.Feed.Run(ctx)
	}()
	go func() {
		defer c.running.Done()
		_ = c.Worker.Run(ctx)
	}()
	go func() {
		defer c.running.Done()
		// One replica at a time checks the helpdesk and saves the status
		// in the database, where every replica reads it; another takes
		// over within 30s (or the status interval) when it dies.
		c.Monitor.RunAsLeader(ctx, func(ctx context.Context, name string, run func(context.Context)) {
			c.Store.RunAsLeader(ctx, name, store.LeaderOptions{
				Every: min(30*time.Second, c.Config.Delivery.StatusInterval), Clock: c.Clock,
				OnError: func(err error) { c.Log.Warn().Err(err).Msg("helpdesk status: the replica lock") },
			}, run)
		})
	}()
}

// Stop ends what Start started and waits for the deliveries in flight
// (they finish, or are released after a grace period, due again at the
// next start).
func (c *Core) Stop() {
	if c.stop != nil {
		c.stop()
	}
	c.running.Wait()
	if c.Worker != nil {
		c.Worker.Wait()
	}
}

// Close stops the parts and closes the database cleanly.
func (c *Core) Close() error {
	c.Stop()
	if err := c.Store.Close(); err != nil && !errors.Is(err, context.Canceled) {
		return fmt.Errorf("closing database: %w", err)
	}
	c.Log.Info().Msg("database closed")
	return nil
}
