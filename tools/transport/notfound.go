package transport

import (
	"bytes"
	"io"
	"net/http"

	"github.com/mark3labs/mcp-go/mcp"
)

// A read of, or a subscription to, a handoff that does not exist is refused
// before it runs (the tools' request check, see ErrResourceNotFound), because mcp-go answers every error
// of a resource template's handler as an internal error. mcp-go answers a
// refusal at that point as an invalid request (-32600), while the MCP
// specification asks for -32002 (resource not found; invalid params,
// -32602, from protocol 2026-07-28). The transports' output is corrected
// here: the refusal's message always starts "resource not found", and the
// two codes have the same length, so each message is rewritten in place
// (mcp-go writes every message with one Write).
var (
	refusedNotFound = []byte(`"code":-32600,"message":"resource not found`)
	legacyNotFound  = []byte(`"code":-32002,"message":"resource not found`)
	modernNotFound  = []byte(`"code":-32602,"message":"resource not found`)
)

// notFoundWriter corrects the code of resource-not-found refusals written
// to w; with is the corrected fragment.
type notFoundWriter struct {
	w    io.Writer
	with []byte
}

func (n notFoundWriter) Write(p []byte) (int, error) {
	if bytes.Contains(p, refusedNotFound) {
		p = bytes.ReplaceAll(p, refusedNotFound, n.with)
	}
	return n.w.Write(p)
}

// StdioOutput returns w with the codes of resource-not-found refusals
// corrected, for the stdio transport's output.
func StdioOutput(w io.Writer) io.Writer { return notFoundWriter{w: w, with: legacyNotFound} }

// fixNotFound corrects the code of resource-not-found refusals in the
// responses of next: -32002, or -32602 for a request of protocol
// 2026-07-28.
func fixNotFound(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		with := legacyNotFound
		if mcp.IsModernProtocol(r.Header.Get(mcp.HeaderProtocolVersion)) {
			with = modernNotFound
		}
		next.ServeHTTP(&notFoundResponse{ResponseWriter: w, fix: notFoundWriter{w: w, with: with}}, r)
	})
}

// notFoundResponse is a ResponseWriter whose body passes notFoundWriter;
// it streams (Flush) as the one it wraps.
type notFoundResponse struct {
	http.ResponseWriter
	fix notFoundWriter
}

func (n *notFoundResponse) Write(p []byte) (int, error) { return n.fix.Write(p) }

func (n *notFoundResponse) Flush() {
	if f, ok := n.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap gives http.ResponseController the wrapped writer.
func (n *notFoundResponse) Unwrap() http.ResponseWriter { return n.ResponseWriter }
