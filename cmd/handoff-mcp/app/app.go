// Package app assembles handoff-mcp from its configuration: the logger, the
// core (core.New: the store, the classifier, the schedule, the helpdesk
// connector, the handoff service and the rest) and the MCP server; and serves it over stdio or streamable HTTP
// with a graceful shutdown. The command in cmd/handoff-mcp only parses flags
// and calls into it.
package app

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"github.com/handoff-mcp/handoff-mcp/cmd/handoff-mcp/app/core"
	"github.com/handoff-mcp/handoff-mcp/cmd/handoff-mcp/config"
	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/clock"
	"github.com/handoff-mcp/handoff-mcp/handoff/redact"
	"github.com/handoff-mcp/handoff-mcp/llm/classify"
	"github.com/handoff-mcp/handoff-mcp/tools"
	"github.com/handoff-mcp/handoff-mcp/tools/transport"
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

// App is an assembled handoff-mcp: the core (store, service, delivery,
// change feed, hooks, desk, metrics; promoted fields) and the MCP server.
type App struct {
	*core.Core
	MCP *tools.Server
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

// New assembles the app from cfg. At log level debug, it and core.New log
// how long each step took.
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
	c, err := core.New(ctx, cfg, core.Options{
		DBPath: opts.DBPath, Log: log, Clock: opts.Clock, Stdio: opts.Stdio,
		HTTPClient: opts.HTTPClient, TLSConfig: opts.TLSConfig,
	})
	if err != nil {
		return nil, err
	}
	start := time.Now() // wall time, for the start-up's diagnosis only
	m := NewMCP(c)
	log.Debug().Dur("mcp_server_ms", time.Since(start)).Msg("MCP server assembled")
	return &App{Core: c, MCP: m}, nil
}

// NewMCP returns the MCP server over the core's service, change feed and
// metrics.
func NewMCP(c *core.Core) *tools.Server {
	cfg := c.Config
	return tools.NewServer(c.Service, tools.Options{Version: Version, Logger: c.Log, Triggers: cfg.Triggers, Feed: c.Feed, Queue: c.Service, Clock: c.Clock,
		HTTPSessions: transport.HTTPSessions{Idle: cfg.Server.SessionIdle, Max: cfg.Server.MaxSessions, Replica: cfg.Server.Replica}, OnToolCall: c.Metrics.ToolCall})
}

// Close ends calls waiting for an agent and notification streams, waits up
// to a few seconds for tool calls in flight, then closes the core: the
// change feed, the delivery worker (deliveries in flight finish, or are
// released after a grace period, due again at the next start), the status
// monitor and the database.
func (a *App) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if a.MCP != nil {
		a.MCP.CloseStreams() // calls waiting for an agent return now
		if err := a.MCP.Wait(ctx); err != nil {
			a.Log.Warn().Msg("closing with tool calls still running")
		}
	}
	return a.Core.Close()
}

// ClassifierFactory builds classifiers for the eval runner: the configured
// classifier section with its mode replaced by the one asked for, over the
// triggers of the dataset being scored. Outside serve there is no MCP
// client, so sampling (and a cascade whose judge is sampling) is an error
// that names the alternatives, rather than a silent embedded run.
func ClassifierFactory(cfg *config.Config, log zerolog.Logger) func(string, []handoff.Trigger) (handoff.Classifier, error) {
	return func(mode string, triggers []handoff.Trigger) (handoff.Classifier, error) {
		c := cfg.Classifier
		c.Mode = classify.Mode(mode)
		c.Defaults()
		if err := c.Validate(); err != nil {
			return nil, fmt.Errorf("classifier.%w", err)
		}
		if c.Mode == classify.ModeSampling || c.Mode == classify.ModeCascade && c.Cascade.Judge == classify.JudgeSampling {
			return nil, fmt.Errorf("classifier %s asks the MCP client's model (sampling), and there is no MCP client here; "+
				"it works in serve only. Use --classifier embedded (what it falls back to), llm, or cascade with classifier.cascade.judge: llm", mode)
		}
		red, err := cfg.BuildRedactor()
		if err != nil {
			return nil, err
		}
		return classify.New(c, triggers, classify.Options{Logger: log, Redact: red.Text})
	}
}
