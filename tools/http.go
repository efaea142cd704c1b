package tools

import (
	"crypto/sha256"
	"crypto/subtle"
	"net"
	"net/http"
	"strings"

	"github.com/mark3labs/mcp-go/server"
)

// MCPPath is where the streamable HTTP transport is served.
const MCPPath = "/mcp"

// HTTPHandler returns the streamable HTTP transport of s at MCPPath. When
// token is non-empty every request must carry it as a bearer token; request
// bodies are limited to maxBody bytes. Sessions are bounded as
// Options.HTTPSessions says. JSON-RPC errors of protocol 2026-07-28 requests
// carry the HTTP status that revision prescribes (modernErrorStatus), and the
// transport logs through the server's logger.
func (s *Server) HTTPHandler(token string, maxBody int64) http.Handler {
	ids := newHTTPSessions(s.sessions, s.updates.now)
	h := server.NewStreamableHTTPServer(s.MCPServer, server.WithEndpointPath(MCPPath),
		server.WithHTTPContextFunc(s.updates.httpContext), server.WithSessionIdManager(ids),
		server.WithStreamableHTTPLogger(newMCPGoLogger(s.log)))
	ids.end = endVia(h)
	s.updates.addHTTP(h)
	handler := modernErrorStatus(s.reach.HTTP(ids.wrap(fixNotFound(h))))
	if maxBody > 0 {
		handler = limitBody(handler, maxBody)
	}
	if token != "" {
		handler = RequireBearer(token, handler)
	}
	return handler
}

func limitBody(next http.Handler, n int64) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > n {
			http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, n)
		next.ServeHTTP(w, r)
	})
}

// RequireBearer answers 401 with a WWW-Authenticate challenge unless the
// request carries token as its bearer token. Tokens are compared in
// constant time (over their SHA-256, so that the length does not leak).
func RequireBearer(token string, next http.Handler) http.Handler {
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
