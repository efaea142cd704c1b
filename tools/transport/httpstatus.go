package transport

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"sync"

	"github.com/mark3labs/mcp-go/mcp"
)

// ErrResourceNotFound is wrapped by the refusal of a read of, or a
// subscription to, a resource that does not exist (the tools' request
// check); its text starts every such message, which is how fixNotFound and
// StdioOutput find them in mcp-go's output.
var ErrResourceNotFound = errors.New("resource not found")

// refusal records, for the HTTP transport, that the tools' request check
// (a request-initialization hook) refused the request being handled: a request the server read and processed, which
// mcp-go answers as -32600 Invalid Request like one it could not read.
type refusal struct {
	mu  sync.Mutex // protects err
	err error
}

type refusalKey struct{}

// NoteRefusal records err as the refusal, by a request-initialization hook,
// of the request of ctx, when the HTTP transport asked for it
// (modernErrorStatus); otherwise it does nothing.
func NoteRefusal(ctx context.Context, err error) {
	if r, ok := ctx.Value(refusalKey{}).(*refusal); ok {
		r.mu.Lock()
		r.err = err
		r.mu.Unlock()
	}
}

func (r *refusal) get() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.err
}

// modernErrorStatus gives the JSON-RPC errors of protocol 2026-07-28
// requests the HTTP status the streamable HTTP transport of that revision
// prescribes. mcp-go answers -32602 Invalid Params and -32600 Invalid
// Request with 400 Bad Request; the specification reserves 400 for requests
// the transport refuses (-32020 HeaderMismatch, -32021
// MissingRequiredClientCapability, -32022 UnsupportedProtocolVersion, a body
// that is not JSON-RPC), 404 for -32601 Method not found, and a client that
// gets a 400 without one of those codes takes the server for a legacy one
// and falls back to initialize. So an error answering a request the server
// processed (an unknown tool, a handoff that does not exist, a subscription
// over the limits) is sent with 200 OK, as every other response; a refused
// read of a handoff that does not exist carries -32602, the code 2026-07-28
// gives "resource not found". Responses of earlier protocol versions are
// always 200, and pass through untouched, as do streams.
func modernErrorStatus(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || !mcp.IsModernProtocol(r.Header.Get(mcp.HeaderProtocolVersion)) {
			next.ServeHTTP(w, r)
			return
		}
		ref := &refusal{}
		r = r.WithContext(context.WithValue(r.Context(), refusalKey{}, ref))
		hw := &holdBadRequest{ResponseWriter: w}
		next.ServeHTTP(hw, r)
		if hw.held {
			hw.release(ref.get())
		}
	})
}

// holdBadRequest holds back a 400 response with a JSON body until the
// handler is done, so that its status (and code) can be corrected; every
// other response passes through as it is written.
type holdBadRequest struct {
	http.ResponseWriter
	held  bool
	wrote bool
	body  bytes.Buffer
}

// WriteHeader holds a 400 with a JSON body and passes any other status on.
func (h *holdBadRequest) WriteHeader(status int) {
	if h.wrote || h.held {
		return
	}
	if status == http.StatusBadRequest && h.Header().Get("Content-Type") == "application/json" {
		h.held = true
		return
	}
	h.wrote = true
	h.ResponseWriter.WriteHeader(status)
}

// Write buffers a held body and passes any other on.
func (h *holdBadRequest) Write(b []byte) (int, error) {
	if h.held {
		return h.body.Write(b)
	}
	h.wrote = true
	return h.ResponseWriter.Write(b)
}

// Flush flushes a response that is not held (streams).
func (h *holdBadRequest) Flush() {
	if f, ok := h.ResponseWriter.(http.Flusher); ok && !h.held {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (h *holdBadRequest) Unwrap() http.ResponseWriter { return h.ResponseWriter }

// release writes the held response with its corrected status: refused is
// what NoteRefusal recorded for the request, if it did.
func (h *holdBadRequest) release(refused error) {
	body := h.body.Bytes()
	status := http.StatusBadRequest
	var msg mcp.JSONRPCError
	if err := json.Unmarshal(body, &msg); err == nil && msg.Error.Code != 0 {
		switch code := msg.Error.Code; {
		case code == mcp.INVALID_REQUEST && refused != nil:
			status = http.StatusOK
			if errors.Is(refused, ErrResourceNotFound) {
				msg.Error.Code = mcp.INVALID_PARAMS
				if b, err := json.Marshal(msg); err == nil {
					body = append(b, '\n')
				}
			}
		case code == mcp.INVALID_PARAMS:
			status = http.StatusOK
		}
	}
	h.Header().Set("Content-Length", strconv.Itoa(len(body)))
	h.ResponseWriter.WriteHeader(status)
	_, _ = h.ResponseWriter.Write(body)
}
