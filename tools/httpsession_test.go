package tools

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff/watch"
	"github.com/handoff-mcp/handoff-mcp/tools/transport"
)

// rawMCP posts JSON-RPC messages to a streamable HTTP server as a legacy
// (2025-11-25) client without a notification stream would.
type rawMCP struct {
	t   *testing.T
	url string
}

func (m rawMCP) post(session, body string) (*http.Response, string) {
	m.t.Helper()
	req, err := http.NewRequest(http.MethodPost, m.url+transport.MCPPath, strings.NewReader(body))
	require.NoError(m.t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	if session != "" {
		req.Header.Set(server.HeaderKeySessionID, session)
		req.Header.Set(mcp.HeaderProtocolVersion, mcp.ProtocolVersion20251125)
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(m.t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(m.t, err)
	return res, string(b)
}

// initialize starts a session and returns its id.
func (m rawMCP) initialize() string {
	m.t.Helper()
	res, body := m.post("", `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}`)
	require.Equal(m.t, http.StatusOK, res.StatusCode, body)
	id := res.Header.Get(server.HeaderKeySessionID)
	require.NotEmpty(m.t, id)
	res, body = m.post(id, `{"jsonrpc":"2.0","method":"notifications/initialized"}`)
	require.Equal(m.t, http.StatusAccepted, res.StatusCode, body)
	return id
}

func (m rawMCP) ping(session string) int {
	m.t.Helper()
	res, _ := m.post(session, `{"jsonrpc":"2.0","id":2,"method":"ping"}`)
	return res.StatusCode
}

func (m rawMCP) subscribe(session, handoffID string) (int, string) {
	m.t.Helper()
	b, err := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": 3, "method": "resources/subscribe", "params": map[string]any{"uri": HandoffURI(handoffID)}})
	require.NoError(m.t, err)
	res, body := m.post(session, string(b))
	return res.StatusCode, body
}

func TestHTTPSessionsAreIssuedBoundedAndExpire(t *testing.T) {
	e := newFollowEnv(t, "", followOpts{})
	e.srv.sessions = transport.HTTPSessions{Idle: 10 * time.Minute, Max: 2}
	ts := httptest.NewServer(e.srv.HTTPHandler("", 0))
	t.Cleanup(func() { e.srv.CloseStreams(); ts.Close() })
	m := rawMCP{t: t, url: ts.URL}

	a := m.initialize()
	assert.Equal(t, http.StatusOK, m.ping(a))
	t.Run("an id the server never issued is refused with 404", func(t *testing.T) {
		assert.Equal(t, http.StatusNotFound, m.ping("mcp-session-0123456789abcdef0123456789abcdef"))
		assert.Equal(t, http.StatusNotFound, m.ping("mcp-session-"+strings.Repeat("a", 8)+"-aaaa-4aaa-8aaa-aaaaaaaaaaaa"))
	})

	b := m.initialize()
	t.Run("an initialize beyond server.max_sessions answers 503", func(t *testing.T) {
		res, body := m.post("", `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}`)
		assert.Equal(t, http.StatusServiceUnavailable, res.StatusCode)
		assert.NotEmpty(t, res.Header.Get("Retry-After"))
		assert.Contains(t, body, "server.max_sessions")
	})

	t.Run("an idle session ends and its id answers 404; a used one lives", func(t *testing.T) {
		e.callClock.Advance(6 * time.Minute)
		require.Equal(t, http.StatusOK, m.ping(b)) // b is used, a is not
		e.callClock.Advance(6 * time.Minute)
		assert.Equal(t, http.StatusNotFound, m.ping(a), "idle 12 min > 10 min")
		assert.Equal(t, http.StatusOK, m.ping(b), "idle 6 min")
		c := m.initialize() // there is room again
		assert.Equal(t, http.StatusOK, m.ping(c))
	})

	t.Run("a session's subscriptions end with it", func(t *testing.T) {
		id := e.handoffFor(t, e.client(t), "conv-session-expiry")
		e.callClock.Advance(11 * time.Minute)
		s := m.initialize() // idle sessions are swept to make room
		code, body := m.subscribe(s, id)
		require.Equal(t, http.StatusOK, code, body)
		require.NotContains(t, body, `"error"`)
		require.Equal(t, 1, e.srv.updates.subs.count())
		e.callClock.Advance(11 * time.Minute)
		assert.Equal(t, http.StatusNotFound, m.ping(s))
		assert.Zero(t, e.srv.updates.subs.count(), "the expired session's subscription is freed")
	})
}

// Many initializes of clients that go away do not accumulate: with the
// default bounds, sessions beyond the idle time are released.
func TestHTTPSessionsDoNotAccumulate(t *testing.T) {
	e := newFollowEnv(t, "", followOpts{})
	e.srv.sessions = transport.HTTPSessions{Idle: time.Minute, Max: 50}
	h := e.srv.HTTPHandler("", 0)
	init := []byte(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}`)
	var first string
	for i := range 200 {
		req := httptest.NewRequest(http.MethodPost, transport.MCPPath, bytes.NewReader(init))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json, text/event-stream")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		require.Equal(t, http.StatusOK, rec.Code, "initialize %d: %s", i, rec.Body.String())
		if i == 0 {
			first = rec.Header().Get(server.HeaderKeySessionID)
		}
		if i%25 == 24 {
			e.callClock.Advance(2 * time.Minute)
		}
	}
	err := e.srv.SendNotificationToSpecificClient(first, "notifications/message", nil)
	assert.ErrorIs(t, err, server.ErrSessionNotFound, "the first session is released by the MCP server too")
}

// One client cannot lock the others out of subscriptions: each session (or
// listen stream) holds at most its own share, the transport holds a bounded
// number of them, and by default their product fits the process-wide limit.
func TestSubscriptionCapsArePerSession(t *testing.T) {
	assert.LessOrEqual(t, transport.DefaultMaxSessions*watch.MaxSubscriptionsPerClient, watch.DefaultMaxSubscriptions)

	e := newFollowEnv(t, "", followOpts{})
	e.srv.sessions = transport.HTTPSessions{Idle: time.Minute, Max: 2}
	ts := httptest.NewServer(e.srv.HTTPHandler("", 0))
	t.Cleanup(func() { e.srv.CloseStreams(); ts.Close() })
	m := rawMCP{t: t, url: ts.URL}
	id := e.handoffFor(t, e.client(t), "conv-caps")

	greedy := m.initialize()
	for i := range watch.MaxSubscriptionsPerClient {
		e.srv.updates.subs.subscribe(greedy, HandoffURI(fmt.Sprintf("h_fill%03d", i)))
	}
	code, body := m.subscribe(greedy, id)
	require.Equal(t, http.StatusOK, code)
	assert.Contains(t, body, "at most 100 handoffs", "the greedy session is at its own cap")

	other := m.initialize()
	code, body = m.subscribe(other, id)
	require.Equal(t, http.StatusOK, code)
	assert.NotContains(t, body, `"error"`, "another session still subscribes")

	// A modern listen stream takes a session slot: with both taken, it
	// waits for room.
	req, err := http.NewRequest(http.MethodPost, ts.URL+transport.MCPPath, strings.NewReader(
		`{"jsonrpc":"2.0","id":9,"method":"subscriptions/listen","params":{"notifications":{"resourceSubscriptions":["`+HandoffURI(id)+`"]}}}`))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	req.Header.Set(mcp.HeaderProtocolVersion, mcp.ProtocolVersion20260728)
	req.Header.Set(mcp.HeaderMethod, string(mcp.MethodSubscriptionsListen))
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusServiceUnavailable, res.StatusCode)
}

// A read of, or a subscription to, an unknown handoff is refused with
// resource not found: -32002 (-32602 from protocol 2026-07-28).
func TestUnknownResourceIsNotFound(t *testing.T) {
	e := newFollowEnv(t, "", followOpts{})
	ts := httptest.NewServer(e.srv.HTTPHandler("", 0))
	t.Cleanup(func() { e.srv.CloseStreams(); ts.Close() })
	m := rawMCP{t: t, url: ts.URL}
	s := m.initialize()
	for _, body := range []string{
		`{"jsonrpc":"2.0","id":5,"method":"resources/read","params":{"uri":"handoff://h_doesnotexist"}}`,
		`{"jsonrpc":"2.0","id":6,"method":"resources/subscribe","params":{"uri":"handoff://h_doesnotexist"}}`,
		`{"jsonrpc":"2.0","id":7,"method":"resources/read","params":{"uri":"file:///etc/passwd"}}`,
	} {
		_, got := m.post(s, body)
		assert.Contains(t, got, `"code":-32002`, body)
		assert.Contains(t, got, "not found", body)
	}

	req, err := http.NewRequest(http.MethodPost, ts.URL+transport.MCPPath, strings.NewReader(
		`{"jsonrpc":"2.0","id":8,"method":"resources/read","params":{"uri":"handoff://h_doesnotexist","_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientInfo":{"name":"raw","version":"1"},"io.modelcontextprotocol/clientCapabilities":{}}}}`))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	req.Header.Set(mcp.HeaderProtocolVersion, mcp.ProtocolVersion20260728)
	req.Header.Set(mcp.HeaderMethod, string(mcp.MethodResourcesRead))
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	b, err := io.ReadAll(res.Body)
	res.Body.Close()
	require.NoError(t, err)
	assert.Contains(t, string(b), `"code":-32602,"message":"resource not found`)
}

// A notification stream (GET) or a DELETE needs a session the server
// issued: mcp-go would open one for any id, or none.
func TestHTTPGetNeedsAnIssuedSession(t *testing.T) {
	e := newFollowEnv(t, "", followOpts{})
	ts := httptest.NewServer(e.srv.HTTPHandler("", 0))
	t.Cleanup(func() { e.srv.CloseStreams(); ts.Close() })
	do := func(method, session string) int {
		req, err := http.NewRequest(method, ts.URL+transport.MCPPath, nil)
		require.NoError(t, err)
		req.Header.Set("Accept", "text/event-stream")
		req.Header.Set(mcp.HeaderProtocolVersion, mcp.ProtocolVersion20251125)
		if session != "" {
			req.Header.Set(server.HeaderKeySessionID, session)
		}
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		res.Body.Close()
		return res.StatusCode
	}
	assert.Equal(t, http.StatusNotFound, do(http.MethodGet, "mcp-session-aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"))
	assert.Equal(t, http.StatusBadRequest, do(http.MethodGet, ""))
	assert.Equal(t, http.StatusNotFound, do(http.MethodDelete, "mcp-session-aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"))
	s := rawMCP{t: t, url: ts.URL}.initialize()
	assert.Equal(t, http.StatusOK, do(http.MethodDelete, s))
	assert.Equal(t, http.StatusNotFound, do(http.MethodDelete, s), "ended")
}
