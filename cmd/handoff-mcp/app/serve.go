package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	agentdesk "github.com/handoff-mcp/handoff-mcp/desk"
	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/hooks"
	"github.com/handoff-mcp/handoff-mcp/tools/transport"
)

// TokenEnvVar names the environment variable holding the HTTP bearer token.
const TokenEnvVar = "HANDOFF_MCP_TOKEN"

// ServeStdio serves the MCP tools over stdio until in ends or ctx is done.
// stdout carries only the transport; logs go to the logger. When in ends,
// the tool calls read before its end are answered first (for at most
// transport.DefaultDrainWait).
func (a *App) ServeStdio(ctx context.Context, in io.Reader, out io.Writer) error {
	s := a.MCP.Stdio()
	a.Log.Info().Str("transport", "stdio").Str("version", Version).Msg("serving")
	if a.Hooks.Enabled() {
		a.Log.Warn().Str("connector", a.Hooks.Connector()).
			Msg("the helpdesk's events (agent replies, closing) arrive over HTTP only: serve with --http to receive them at " + a.Hooks.Path())
	}
	in, w := transport.Drain(ctx, in, transport.StdioOutput(out), transport.DefaultDrainWait, a.Log)
	err := s.Listen(ctx, in, w)
	if err != nil && !errors.Is(err, context.Canceled) && !errors.Is(err, io.EOF) {
		return fmt.Errorf("serving stdio: %w", err)
	}
	return nil
}

// ReadToken returns the bearer token from file (when set) or from the
// HANDOFF_MCP_TOKEN environment variable.
func ReadToken(file string) (string, error) {
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return "", fmt.Errorf("reading token file: %w", err)
		}
		tok := strings.TrimSpace(string(b))
		if tok == "" {
			return "", fmt.Errorf("token file %s is empty", file)
		}
		return tok, nil
	}
	return strings.TrimSpace(os.Getenv(TokenEnvVar)), nil
}

// Handler returns the HTTP handler: the MCP transport at /mcp, behind the
// bearer token when one is set, and the helpdesk's inbound events at
// POST /hooks/{connector}, outside it: helpdesks authenticate with their own
// signature (see docs/inbound.md). /healthz (liveness), /readyz (readiness)
// and, unless server.metrics_addr moves them, /metrics are outside it too:
// they carry no personal data.
func (a *App) Handler(token string) http.Handler {
	return a.handler(token, a.Config.Server.MetricsAddr == "")
}

// handler is Handler, with /metrics or without.
func (a *App) handler(token string, withMetrics bool) http.Handler {
	mux := http.NewServeMux()
	mux.Handle(transport.MCPPath, a.MCP.HTTPHandler(token, a.Config.Server.MaxRequestBytes))
	mux.Handle(hooks.Pattern, a.Hooks)
	mux.Handle(agentdesk.Path, a.Desk)
	mux.Handle("GET /desk", a.Desk)
	a.Log.Info().Str("connector", a.Hooks.Connector()).Msg(a.Hooks.Status())
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		_, _ = io.WriteString(w, "ok\n")
	})
	mux.HandleFunc("GET /readyz", a.readyz)
	if withMetrics {
		mux.Handle("GET /metrics", a.Metrics.Handler())
	}
	return mux
}

// MetricsHandler serves /metrics alone, for server.metrics_addr.
func (a *App) MetricsHandler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", a.Metrics.Handler())
	return mux
}

// Ready reports whether the server can take work: the database answers and
// its schema is current, and, with server.readyz_helpdesk, the helpdesk is
// available (or the built-in inbox is used).
func (a *App) Ready(ctx context.Context) error {
	if err := a.Store.Ready(ctx); err != nil {
		return fmt.Errorf("database: %w", err)
	}
	if a.Config.Server.ReadyzHelpdesk {
		st := a.Monitor.Status()
		if st.Status != handoff.HelpdeskAvailable && st.Status != handoff.HelpdeskNotConfigured {
			return fmt.Errorf("helpdesk %s is %s", a.Connector.Name(), st.Status)
		}
	}
	return nil
}

// readyz answers 200 "ready" or 503 with what is not.
func (a *App) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain")
	w.Header().Set("Cache-Control", "no-store")
	if err := a.Ready(ctx); err != nil {
		a.Log.Warn().Err(err).Msg("not ready")
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = io.WriteString(w, "not ready: "+err.Error()+"\n")
		return
	}
	_, _ = io.WriteString(w, "ready\n")
}

// ListenHTTP checks that a non-loopback address has a token and opens the
// listener.
func ListenHTTP(addr, token string) (net.Listener, error) {
	if _, _, err := net.SplitHostPort(addr); err != nil {
		return nil, fmt.Errorf("--http %q: write the address as host:port, like 127.0.0.1:8080", addr)
	}
	if !transport.IsLoopback(addr) {
		if token == "" {
			return nil, fmt.Errorf("--http %s binds a non-loopback address, so it needs a bearer token: pass --token-file FILE or set %s (make one with: openssl rand -hex 32)", addr, TokenEnvVar)
		}
		if err := transport.CheckToken(token); err != nil {
			return nil, fmt.Errorf("--http %s binds a non-loopback address: %w", addr, err)
		}
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listening on %s: %w", addr, err)
	}
	return ln, nil
}

// HTTPServer returns the HTTP server of Handler(token), with the read,
// header and idle timeouts of server.* (a connection that sends its request
// slowly, or not at all, is closed).
func (a *App) HTTPServer(token string) *http.Server {
	return &http.Server{
		Handler:           a.Handler(token),
		ReadHeaderTimeout: a.Config.Server.ReadHeaderTimeout,
		ReadTimeout:       a.Config.Server.ReadTimeout,
		IdleTimeout:       a.Config.Server.IdleTimeout,
		// No WriteTimeout: notification streams and calls waiting for an
		// agent write for as long as they last.
	}
}

// ServeHTTP serves the handler on ln until ctx is done, then shuts down
// gracefully: requests in flight finish (up to 30 s).
func (a *App) ServeHTTP(ctx context.Context, ln net.Listener, token string) error {
	srv := a.HTTPServer(token)
	// Notification streams and calls waiting for an agent never end by
	// themselves: end them when the shutdown starts.
	srv.RegisterOnShutdown(a.MCP.CloseStreams)
	srv.RegisterOnShutdown(a.Desk.CloseStreams)
	a.Log.Info().Str("desk", "http://"+ln.Addr().String()+agentdesk.Path).Msg("agent desk (log in with an agent from `handoff-mcp agents add`)")
	a.Log.Info().Str("transport", "http").Str("addr", "http://"+ln.Addr().String()+transport.MCPPath).
		Bool("token", token != "").Str("version", Version).Msg("serving")
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serving http: %w", err)
	case <-ctx.Done():
	}
	a.Log.Info().Msg("shutting down: letting requests in flight finish")
	sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutting down http: %w", err)
	}
	return nil
}

// ServeMetrics serves /metrics alone on ln (server.metrics_addr) until ctx
// is done.
func (a *App) ServeMetrics(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{Handler: a.MetricsHandler(), ReadHeaderTimeout: a.Config.Server.ReadHeaderTimeout,
		ReadTimeout: a.Config.Server.ReadTimeout, IdleTimeout: a.Config.Server.IdleTimeout}
	a.Log.Info().Str("addr", "http://"+ln.Addr().String()+"/metrics").Msg("serving metrics")
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serving metrics: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutting down metrics: %w", err)
	}
	return nil
}
