// Package app assembles handoff-mcp from its configuration: the logger, the
// store, the classifier, the schedule, the helpdesk connector, the handoff
// service and the MCP server; and serves it over stdio or streamable HTTP
// with a graceful shutdown. The command in cmd/handoff-mcp only parses flags
// and calls into it.
package app

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/rs/zerolog"

	agentdesk "github.com/handoff-mcp/handoff-mcp/desk"
	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/clock"
	"github.com/handoff-mcp/handoff-mcp/handoff/config"
	"github.com/handoff-mcp/handoff-mcp/handoff/delivery"
	"github.com/handoff-mcp/handoff-mcp/handoff/helpdesk"
	"github.com/handoff-mcp/handoff-mcp/handoff/hooks"
	"github.com/handoff-mcp/handoff-mcp/handoff/privacy"
	"github.com/handoff-mcp/handoff-mcp/handoff/redact"
	"github.com/handoff-mcp/handoff-mcp/handoff/watch"
	"github.com/handoff-mcp/handoff-mcp/llm"
	"github.com/handoff-mcp/handoff-mcp/metrics"
	"github.com/handoff-mcp/handoff-mcp/store"
	"github.com/handoff-mcp/handoff-mcp/tools"
)

// Version is the build's version, set with -ldflags "-X ...app.Version=v1.2.3".
var Version = "dev"

// Options are the process-level choices that flags make.
type Options struct {
	// DBPath overrides the configured database path.
	DBPath string
	// LogLevel overrides the configured log level.
	LogLevel string
	// Stderr receives the logs; nil means os.Stderr.
	Stderr io.Writer
	// Clock is the time of every part: the store, the classifier, the
	// service, delivery, the change feed, the tools, hooks and the desk;
	// nil means the wall clock.
	Clock clock.Clock
	// Stdio tells that the server runs over stdio, with no HTTP listener
	// for the helpdesk's events.
	Stdio bool
	// HTTPClient and TLSConfig reach the helpdesk: a proxy, a private CA
	// (TLSConfig is the email connector's); nil means the defaults.
	HTTPClient *http.Client
	TLSConfig  *tls.Config
}

// App is an assembled handoff-mcp.
type App struct {
	Config    *config.Config
	Log       zerolog.Logger
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
	MCP  *tools.Server
	// Hooks receives the helpdesk's events at POST /hooks/{connector}
	// (served by Handler, outside the bearer token).
	Hooks *hooks.Handler
	// Desk is the built-in agent desk at /desk/ (served by Handler, with its
	// own login). Start runs its live updates.
	Desk *agentdesk.Server
	// Metrics are served at /metrics (or --metrics-addr).
	Metrics *metrics.Metrics

	stop    context.CancelFunc // ends what Start started
	running sync.WaitGroup
	clock   clock.Clock
}

// NewLogger returns a zerolog logger writing to w at level, with emails and
// phone numbers masked, and terminal controls in logged user text
// neutralised (logs often go to a terminal).
func NewLogger(w io.Writer, level string) (zerolog.Logger, error) {
	lvl, err := zerolog.ParseLevel(strings.ToLower(level))
	if err != nil || level == "" {
		return zerolog.Nop(), fmt.Errorf("log level %q: use debug, info, warn or error", level)
	}
	return zerolog.New(redact.Writer(TerminalSafe(w))).Level(lvl).With().Timestamp().Logger(), nil
}

// LoadConfig loads the configuration from path, or from $HANDOFF_MCP_CONFIG
// when path is empty, or the defaults when neither is set. The top-level
// sections named in without are left out (config.Load).
func LoadConfig(path string, without ...string) (*config.Config, error) {
	if path == "" {
		path = os.Getenv(config.EnvVar)
	}
	if path == "" {
		return config.Default(), nil
	}
	return config.Load(path, without...)
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

// New assembles the app from cfg.
func New(ctx context.Context, cfg *config.Config, opts Options) (*App, error) {
	if opts.Stderr == nil {
		opts.Stderr = os.Stderr
	}
	level := cfg.Server.LogLevel
	if opts.LogLevel != "" {
		level = opts.LogLevel
	}
	log, err := NewLogger(opts.Stderr, level)
	if err != nil {
		return nil, err
	}
	for _, w := range cfg.Warnings {
		log.Warn().Msg(w)
	}
	opts.Clock = clock.Or(opts.Clock)
	st, err := OpenStore(ctx, cfg, opts.DBPath, log, opts.Clock)
	if err != nil {
		return nil, err
	}
	a := &App{Config: cfg, Log: log, Store: st}
	if err := a.build(opts); err != nil {
		st.Close()
		return nil, err
	}
	return a, nil
}

func (a *App) build(opts Options) error {
	cfg := a.Config
	clk := opts.Clock
	cls, err := cfg.BuildClassifier(a.Log, clk)
	if err != nil {
		return err
	}
	sched, _, err := cfg.BuildSchedule()
	if err != nil {
		return err
	}
	conn, err := cfg.BuildConnector(helpdesk.Options{
		Logger: a.Log, HTTPClient: opts.HTTPClient, TLSConfig: opts.TLSConfig, Clock: clk,
	})
	if err != nil {
		return err
	}
	red, err := cfg.BuildRedactor()
	if err != nil {
		return err
	}
	if cfg.Helpdesk.Configured() {
		// What leaves for the helpdesk is masked; the built-in inbox is
		// this server's own store and keeps the original.
		conn = privacy.Connector(conn, red)
	}
	sum, err := cfg.BuildSummarizer(a.Log, nil)
	if err != nil {
		return err
	}
	a.Connector, a.Redactor = conn, red
	ids := make([]string, 0, len(cfg.Triggers))
	for _, t := range cfg.Triggers {
		ids = append(ids, t.ID)
	}
	a.Metrics = metrics.New(metrics.Options{Triggers: ids, Connector: conn.Name(), Gauges: a.Store, Logger: a.Log,
		HelpdeskStatus: func() handoff.HelpdeskStatus { return a.Monitor.Status() }})
	a.Worker, err = delivery.New(cfg.Delivery, delivery.Options{
		Store: a.Store, Connector: conn, Logger: a.Log.With().Str("component", "delivery").Logger(),
		Clock: clk, OnAttempt: a.Metrics.Attempt,
	})
	if err != nil {
		return err
	}
	a.Monitor = delivery.NewMonitor(cfg.Helpdesk, conn, delivery.MonitorOptions{
		Interval: cfg.Delivery.StatusInterval, Logger: a.Log.With().Str("component", "status").Logger(),
		Clock: clk, Store: a.Store,
		OnChange: func(st handoff.HelpdeskStatus) {
			if st.Status == handoff.HelpdeskAvailable {
				a.Worker.Kick() // the helpdesk is back: look at the queue now
			}
		},
	})
	a.Feed, err = watch.New(cfg.Updates, watch.Options{
		Source: a.Store, Logger: a.Log.With().Str("component", "updates").Logger(), Clock: clk,
	})
	if err != nil {
		return fmt.Errorf("updates.%w", err)
	}
	svcCfg := cfg.Service()
	if opts.Stdio && cfg.Helpdesk.Configured() && svcCfg.AgentEvents && !cfg.Server.EventsElsewhere {
		// The inbound secret is set, but nothing here listens for the
		// events: promising a live session would keep users waiting.
		svcCfg.AgentEvents = false
		a.Log.Warn().Str("connector", conn.Name()).Msg("serving over stdio: the helpdesk's events (agent replies, closing) cannot reach this server, so handoffs are one-way: users are told the team answers by email, and a delivered handoff is handed over after timeouts.session of quiet; serve with --http to receive them, or set server.events_elsewhere when another server on this database does")
	}
	svc, err := handoff.NewService(svcCfg, handoff.Deps{
		Store: a.Store, Classifier: cls, Triggers: cfg.Triggers, Schedule: sched,
		Connector: conn, Courier: a.Worker, HelpdeskStatus: a.Monitor.Status, Logger: a.Log, Clock: clk,
		OnChange:   func(handoff.Handoff) { a.Feed.Nudge() },
		OnRequest:  a.Metrics.Request,
		Summarizer: sum, Redactor: redactor(red),
		AgentsOnline: func() int {
			if a.Desk == nil {
				return 0
			}
			return a.Desk.AgentsOnline()
		},
	})
	if err != nil {
		return err
	}
	a.Service = svc
	a.Hooks, err = hooks.New(cfg.Helpdesk, hooks.Options{
		Sink: Sink(svc), Deduper: a.Store, Logger: a.Log, Clock: clk, OnResult: a.Metrics.Inbound,
	})
	if err != nil {
		return err
	}
	var mailer agentdesk.Mailer
	if cfg.Desk.SMTP.Host != "" {
		m, err := helpdesk.NewMailer(cfg.Desk.SMTP, cfg.Helpdesk.Timeout, helpdesk.Options{Logger: a.Log, TLSConfig: opts.TLSConfig, Clock: clk})
		if err != nil {
			return fmt.Errorf("desk.smtp: %w", err)
		}
		mailer = m
	}
	a.Desk, err = agentdesk.New(cfg.Desk, agentdesk.Options{Store: a.Store, Service: svc, Feed: a.Feed, Mailer: mailer, Logger: a.Log, Clock: clk})
	if err != nil {
		return err
	}
	a.MCP = tools.NewServer(svc, tools.Options{Version: Version, Logger: a.Log, Triggers: cfg.Triggers, Feed: a.Feed, Queue: svc, Clock: clk,
		HTTPSessions: tools.HTTPSessions{Idle: cfg.Server.SessionIdle, Max: cfg.Server.MaxSessions, Replica: cfg.Server.Replica}, OnToolCall: a.Metrics.ToolCall})
	a.clock = clk
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
// resumed), the helpdesk status monitor and the session timeouts
// (Service.RunTimeouts, every timeouts.check_interval), these two on one
// replica at a time, and the change feed in the background, until Close.
func (a *App) Start(ctx context.Context) {
	ctx, a.stop = context.WithCancel(context.WithoutCancel(ctx))
	a.running.Add(5)
	go func() {
		defer a.running.Done()
		a.Desk.Run(ctx)
	}()
	go func() {
		defer a.running.Done()
		// One replica at a time applies the session timeouts; another
		// takes over within timeouts.check_interval when it dies.
		a.Store.RunAsLeader(ctx, "timeouts", store.LeaderOptions{
			Every: a.Config.Timeouts.CheckInterval, Clock: a.clock,
			OnError: func(err error) { a.Log.Warn().Err(err).Msg("timeouts: the replica lock") },
		}, func(ctx context.Context) { a.Service.RunTimeouts(ctx, a.clock.After) })
	}()
	go func() {
		defer a.running.Done()
		// PostgreSQL wakes the feed at every change of any replica; the
		// poll stays as the fallback.
		defer a.Store.OnChange(a.Feed.Nudge)()
		_ = a.Feed.Run(ctx)
	}()
	go func() {
		defer a.running.Done()
		_ = a.Worker.Run(ctx)
	}()
	go func() {
		defer a.running.Done()
		// One replica at a time checks the helpdesk and saves the status
		// in the database, where every replica reads it; another takes
		// over within 30s (or the status interval) when it dies.
		a.Monitor.RunAsLeader(ctx, func(ctx context.Context, name string, run func(context.Context)) {
			a.Store.RunAsLeader(ctx, name, store.LeaderOptions{
				Every: min(30*time.Second, a.Config.Delivery.StatusInterval), Clock: a.clock,
				OnError: func(err error) { a.Log.Warn().Err(err).Msg("helpdesk status: the replica lock") },
			}, run)
		})
	}()
}

// Close ends calls waiting for an agent and notification streams, waits up
// to a few seconds for tool calls in flight, stops the change feed, the
// delivery worker (deliveries in flight finish, or are released after a
// grace period, due again at the next start) and the status monitor, then
// closes the database cleanly.
func (a *App) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if a.MCP != nil {
		a.MCP.CloseStreams() // calls waiting for an agent return now
		if err := a.MCP.Wait(ctx); err != nil {
			a.Log.Warn().Msg("closing with tool calls still running")
		}
	}
	if a.stop != nil {
		a.stop()
	}
	a.running.Wait()
	if a.Worker != nil {
		a.Worker.Wait()
	}
	if err := a.Store.Close(); err != nil && !errors.Is(err, context.Canceled) {
		return fmt.Errorf("closing database: %w", err)
	}
	a.Log.Info().Msg("database closed")
	return nil
}

// ClassifierFactory builds classifiers for the eval runner: the configured
// classifier section with its mode replaced by the one asked for, over the
// triggers of the dataset being scored. Outside serve there is no MCP
// client, so sampling (and a cascade whose judge is sampling) is an error
// that names the alternatives, rather than a silent embedded run.
func ClassifierFactory(cfg *config.Config, log zerolog.Logger) func(string, []handoff.Trigger) (handoff.Classifier, error) {
	return func(mode string, triggers []handoff.Trigger) (handoff.Classifier, error) {
		c := cfg.Classifier
		c.Mode = llm.Mode(mode)
		c.Defaults()
		if err := c.Validate(); err != nil {
			return nil, fmt.Errorf("classifier.%w", err)
		}
		if c.Mode == llm.ModeSampling || c.Mode == llm.ModeCascade && c.Cascade.Judge == llm.JudgeSampling {
			return nil, fmt.Errorf("classifier %s asks the MCP client's model (sampling), and there is no MCP client here; "+
				"it works in serve only. Use --classifier embedded (what it falls back to), llm, or cascade with classifier.cascade.judge: llm", mode)
		}
		red, err := cfg.BuildRedactor()
		if err != nil {
			return nil, err
		}
		return llm.New(c, triggers, llm.Options{Logger: log, Redact: red.Text})
	}
}
