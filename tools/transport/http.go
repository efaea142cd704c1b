package transport

import (
	"crypto/sha256"
	"crypto/subtle"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/mark3labs/mcp-go/server"
	"github.com/rs/zerolog"
)

// MCPPath is where the streamable HTTP transport is served.
const MCPPath = "/mcp"

// HTTPOptions configure the streamable HTTP transport NewHTTP builds.
type HTTPOptions struct {
	// Token, when non-empty, must be every request's bearer token.
	Token string
	// MaxBody limits request bodies, in bytes (mcp-go's
	// WithMaxRequestBodyBytes: a larger body is answered 413 with a
	// JSON-RPC error); 0 means mcp-go's default,
	// server.DefaultMaxRequestBodyBytes.
	MaxBody int64
	// Sessions bound the MCP sessions (and listen streams).
	Sessions HTTPSessions
	// Now is the time of sessions' idleness; nil means the wall clock.
	Now func() time.Time
	// Logger receives mcp-go's log lines (see log.go).
	Logger zerolog.Logger
	// Context, when set, derives the context of each request (mcp-go's
	// WithHTTPContextFunc).
	Context server.HTTPContextFunc
	// Wrap, when set, wraps the session-bound transport inside the status
	// mapping, body limit and bearer check (the sampling reach's handler).
	Wrap func(http.Handler) http.Handler
}

// NewHTTP returns the streamable HTTP transport of srv at MCPPath, and the
// mcp-go transport inside it (whose CloseSessions ends its streams). When
// opts.Token is non-empty every request must carry it as a bearer token;
// mcp-go limits request bodies to opts.MaxBody bytes. Sessions are bounded
// as opts.Sessions says. JSON-RPC errors of protocol 2026-07-28 requests carry
// the HTTP status that revision prescribes (modernErrorStatus), a refused
// read of a missing resource carries the right code (fixNotFound), and the
// transport logs through opts.Logger.
func NewHTTP(srv *server.MCPServer, opts HTTPOptions) (http.Handler, *server.StreamableHTTPServer) {
	ids := newHTTPSessions(opts.Sessions, opts.Now)
	hopts := []server.StreamableHTTPOption{server.WithEndpointPath(MCPPath), server.WithSessionIdManager(ids),
		server.WithStreamableHTTPLogger(newMCPGoLogger(opts.Logger))}
	if opts.Context != nil {
		hopts = append(hopts, server.WithHTTPContextFunc(opts.Context))
	}
	if opts.MaxBody > 0 {
		ids.maxBody = opts.MaxBody
		hopts = append(hopts, server.WithMaxRequestBodyBytes(opts.MaxBody))
	}
	h := server.NewStreamableHTTPServer(srv, hopts...)
	ids.end = endVia(h)
	inner := ids.wrap(fixNotFound(h))
	if opts.Wrap != nil {
		inner = opts.Wrap(inner)
	}
	handler := modernErrorStatus(inner)
	if opts.Token != "" {
		handler = requireBearer(opts.Token, handler)
	}
	return handler, h
}

// requireBearer answers 401 with a WWW-Authenticate challenge unless the
// request carries token as its bearer token. Tokens are compared in
// constant time (over their SHA-256, so that the length does not leak).
func requireBearer(token string, next http.Handler) http.Handler {
	want := sha256.Sum256([]byte(token))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth := r.Header.Get("Authorization")
		scheme, got, ok := strings.Cut(auth, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") {
			w.Header().Set("WWW-Authenticate", `Bearer realm="handoff-mcp"`)
			http.Error(w, "missing bearer token", http.StatusUnauthorized)
			return
		}
		sum := sha256.Sum256([]byte(strings.TrimSpace(got)))
		if subtle.ConstantTimeCompare(sum[:], want[:]) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="handoff-mcp", error="invalid_token"`)
			http.Error(w, "invalid bearer token", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// IsLoopback reports whether a listen address binds only the loopback
// interface ("127.0.0.1:8080", "[::1]:8080", "localhost:8080").
func IsLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
