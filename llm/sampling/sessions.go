package sampling

import (
	"context"
	"net/http"
	"sync"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
)

// Sessions records which streamable HTTP sessions hold the standalone GET
// stream. Before protocol 2026-07-28, mcp-go sends server requests
// (sampling/createMessage) to an HTTP client only on that stream; a client
// without it would never see the request, and the classifier would only
// wait out its timeout. With Sessions installed (HTTP wraps the transport,
// Middleware the tools), the classifier falls back at once for such a
// session instead. Stdio and in-process sessions always carry requests.
type Sessions struct {
	mu      sync.Mutex     // protects streams
	streams map[string]int // session id -> open GET streams
}

// NewSessions returns an empty record.
func NewSessions() *Sessions { return &Sessions{streams: map[string]int{}} }

type httpKey struct{}

// HTTP wraps a streamable HTTP transport: it counts each session's open GET
// streams while they last and marks every request's context as HTTP.
func (s *Sessions) HTTP(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r = r.WithContext(context.WithValue(r.Context(), httpKey{}, true))
		id := r.Header.Get(server.HeaderKeySessionID)
		if r.Method != http.MethodGet || id == "" {
			next.ServeHTTP(w, r)
			return
		}
		s.mu.Lock()
		s.streams[id]++
		s.mu.Unlock()
		defer func() {
			s.mu.Lock()
			defer s.mu.Unlock()
			if s.streams[id]--; s.streams[id] <= 0 {
				delete(s.streams, id)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// Listening reports whether the session holds a GET stream.
func (s *Sessions) Listening(sessionID string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.streams[sessionID] > 0
}

type reachKey struct{}

// Middleware tells the classifier, for HTTP calls before protocol
// 2026-07-28, whether the call's session can carry a request to the client.
func (s *Sessions) Middleware(next server.ToolHandlerFunc) server.ToolHandlerFunc {
	return func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		isHTTP, _ := ctx.Value(httpKey{}).(bool)
		if isHTTP && !server.IsModernRequest(ctx) {
			if cs := server.ClientSessionFromContext(ctx); cs != nil {
				ctx = context.WithValue(ctx, reachKey{}, s.Listening(cs.SessionID()))
			}
		}
		return next(ctx, req)
	}
}

// unreachable reports whether Sessions said the call's session cannot
// carry a request.
func unreachable(ctx context.Context) bool {
	ok, known := ctx.Value(reachKey{}).(bool)
	return known && !ok
}
