// Package app assembles handoff-mcp from its configuration: the logger, the
// store, the classifier, the schedule, the helpdesk connector, the handoff
// service and the MCP server; and serves it over stdio or streamable HTTP
// with a graceful shutdown. The command in cmd/handoff-mcp only parses flags
// and calls into it.
package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/config"
	"github.com/handoff-mcp/handoff-mcp/handoff/redact"
	"github.com/handoff-mcp/handoff-mcp/llm"
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
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// App is an assembled handoff-mcp.
type App struct {
	Config  *config.Config
	Log     zerolog.Logger
	Store   *store.SQLite
	Service *handoff.Service
	MCP     *tools.Server
}

// NewLogger returns a zerolog logger writing to w at level, with emails and
// phone numbers masked.
func NewLogger(w io.Writer, level string) (zerolog.Logger, error) {
	lvl, err := zerolog.ParseLevel(strings.ToLower(level))
	if err != nil || level == "" {
		return zerolog.Nop(), fmt.Errorf("log level %q: use debug, info, warn or error", level)
	}
	return zerolog.New(redact.Writer(w)).Level(lvl).With().Timestamp().Logger(), nil
}

// LoadConfig loads the configuration from path, or from $HANDOFF_MCP_CONFIG
// when path is empty, or the defaults when neither is set.
func LoadConfig(path string) (*config.Config, error) {
	if path == "" {
		path = os.Getenv(config.EnvVar)
	}
	if path == "" {
		return config.Default(), nil
	}
	return config.Load(path)
}

// OpenStore opens the database at path, or the configured or default path.
func OpenStore(ctx context.Context, cfg *config.Config, path string, log zerolog.Logger) (*store.SQLite, error) {
	if path == "" {
		path = cfg.Server.DB
	}
	if path == "" {
		p, err := store.DefaultPath()
		if err != nil {
			return nil, err
		}
		path = p
	}
	st, err := store.Open(ctx, path, store.Options{Logger: log})
	if err != nil {
		return nil, fmt.Errorf("opening database %s: %w", path, err)
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
	st, err := OpenStore(ctx, cfg, opts.DBPath, log)
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
	cls, err := cfg.BuildClassifier(a.Log)
	if err != nil {
		return err
	}
	sched, _, err := cfg.BuildSchedule()
	if err != nil {
		return err
	}
	conn, err := cfg.BuildConnector(a.Log)
	if err != nil {
		return err
	}
	svc, err := handoff.NewService(cfg.Service(), handoff.Deps{
		Store: a.Store, Classifier: cls, Triggers: cfg.Triggers, Schedule: sched,
		Connector: conn, Logger: a.Log, Now: opts.Now,
	})
	if err != nil {
		return err
	}
	a.Service = svc
	a.MCP = tools.NewServer(svc, tools.Options{Version: Version, Logger: a.Log})
	return nil
}

// Close waits up to a few seconds for tool calls in flight, then closes the
// database cleanly.
func (a *App) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if a.MCP != nil {
		if err := a.MCP.Wait(ctx); err != nil {
			a.Log.Warn().Msg("closing with tool calls still running")
		}
	}
	if err := a.Store.Close(); err != nil && !errors.Is(err, context.Canceled) {
		return fmt.Errorf("closing database: %w", err)
	}
	a.Log.Info().Msg("database closed")
	return nil
}

// ClassifierFactory builds classifiers for the eval runner: the configured
// classifier section with its mode replaced by the one asked for, over the
// triggers of the dataset being scored.
func ClassifierFactory(cfg *config.Config, log zerolog.Logger) func(string, []handoff.Trigger) (handoff.Classifier, error) {
	return func(mode string, triggers []handoff.Trigger) (handoff.Classifier, error) {
		c := cfg.Classifier
		c.Mode = llm.Mode(mode)
		c.Defaults()
		if err := c.Validate(); err != nil {
			return nil, fmt.Errorf("classifier.%w", err)
		}
		return llm.New(c, triggers, llm.Options{Logger: log})
	}
}
