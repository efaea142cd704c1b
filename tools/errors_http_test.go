package tools

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/tools/transport"
)

// modernPost posts one JSON-RPC request at protocol 2026-07-28, with the
// headers and _meta that version requires (header overrides them), and
// returns the HTTP status, the headers and the body.
func modernPost(t *testing.T, url, method, name string, params map[string]any, header map[string]string) (int, http.Header, string) {
	t.Helper()
	if params == nil {
		params = map[string]any{}
	}
	params["_meta"] = map[string]any{
		mcp.MetaKeyProtocolVersion:    mcp.ProtocolVersion20260728,
		mcp.MetaKeyClientInfo:         map[string]any{"name": "raw", "version": "1"},
		mcp.MetaKeyClientCapabilities: map[string]any{},
	}
	body, err := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": 7, "method": method, "params": params})
	require.NoError(t, err)
	return rawPost(t, url, string(body), method, name, header)
}

func rawPost(t *testing.T, url, body, method, name string, header map[string]string) (int, http.Header, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url+transport.MCPPath, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	req.Header.Set(mcp.HeaderProtocolVersion, mcp.ProtocolVersion20260728)
	req.Header.Set("Mcp-Method", method)
	if name != "" {
		req.Header.Set("Mcp-Name", name)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res.StatusCode, res.Header, string(b)
}

// rpcError is the error member of a JSON-RPC error response, or zero.
func rpcError(t *testing.T, body string) mcp.JSONRPCErrorDetails {
	t.Helper()
	var m struct {
		Error mcp.JSONRPCErrorDetails `json:"error"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &m), body)
	return m.Error
}

// TestHTTPErrorStatuses checks the HTTP status of each kind of error a
// client can get at protocol 2026-07-28, against the streamable HTTP
// transport of that revision: a tool error is a result (200); a JSON-RPC
// error answering a request the server processed is 200 too, except an
// unknown method (404); a request the transport refuses (header mismatch,
// unsupported version, a body that is not JSON-RPC) is 400.
func TestHTTPErrorStatuses(t *testing.T) {
	e := newEnv(t, "")
	ts := httptest.NewServer(e.srv.HTTPHandler("", 0))
	t.Cleanup(ts.Close)
	tests := []struct {
		name       string
		send       func() (int, http.Header, string)
		wantStatus int
		wantCode   int    // 0: a result, not a JSON-RPC error
		wantText   string // in the tool result's text or the error message
	}{
		{name: "tool input error is a result", send: func() (int, http.Header, string) {
			return modernPost(t, ts.URL, "tools/call", "request_human_handoff", map[string]any{
				"name": "request_human_handoff", "arguments": map[string]any{"conversation_id": 42}}, nil)
		}, wantStatus: http.StatusOK, wantText: "transcript is required; conversation_id must be a string, got a number"},
		{name: "unknown tool", send: func() (int, http.Header, string) {
			return modernPost(t, ts.URL, "tools/call", "no_such_tool", map[string]any{"name": "no_such_tool"}, nil)
		}, wantStatus: http.StatusOK, wantCode: mcp.INVALID_PARAMS, wantText: "no_such_tool"},
		{name: "unknown handoff resource", send: func() (int, http.Header, string) {
			return modernPost(t, ts.URL, "resources/read", "handoff://h_nope", map[string]any{"uri": "handoff://h_nope"}, nil)
		}, wantStatus: http.StatusOK, wantCode: mcp.INVALID_PARAMS, wantText: "no handoff has this id"},
		{name: "unknown method", send: func() (int, http.Header, string) {
			return modernPost(t, ts.URL, "prompts/list", "", nil, nil)
		}, wantStatus: http.StatusNotFound, wantCode: mcp.METHOD_NOT_FOUND},
		{name: "header does not match the body", send: func() (int, http.Header, string) {
			return modernPost(t, ts.URL, "tools/call", "get_handoff_status", map[string]any{
				"name": "end_handoff", "arguments": map[string]any{}}, nil)
		}, wantStatus: http.StatusBadRequest, wantCode: mcp.HEADER_MISMATCH},
		{name: "unsupported protocol version", send: func() (int, http.Header, string) {
			body := `{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"_meta":{"` + mcp.MetaKeyProtocolVersion + `":"2099-01-01"}}}`
			return rawPost(t, ts.URL, body, "tools/list", "", map[string]string{mcp.HeaderProtocolVersion: "2099-01-01"})
		}, wantStatus: http.StatusBadRequest, wantCode: mcp.UNSUPPORTED_PROTOCOL_VERSION},
		{name: "body is not JSON", send: func() (int, http.Header, string) {
			return rawPost(t, ts.URL, `{"jsonrpc":`, "tools/list", "", nil)
		}, wantStatus: http.StatusBadRequest, wantCode: mcp.PARSE_ERROR},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, _, body := tt.send()
			assert.Equal(t, tt.wantStatus, status, body)
			if tt.wantCode == 0 {
				var m struct {
					Result mcp.CallToolResult `json:"result"`
				}
				require.NoError(t, json.Unmarshal([]byte(body), &m), body)
				assert.True(t, m.Result.IsError, body)
				assert.Contains(t, text(&m.Result), tt.wantText)
				return
			}
			got := rpcError(t, body)
			assert.Equal(t, tt.wantCode, got.Code, body)
			assert.Contains(t, got.Message, tt.wantText)
		})
	}
}

// TestHTTPTransportRefusals checks what a client sees before any JSON-RPC
// is read: no or a wrong bearer token (401 with a WWW-Authenticate
// challenge), a legacy session the server does not know (404), and a legacy
// request's errors, which are always 200.
func TestHTTPTransportRefusals(t *testing.T) {
	e := newEnv(t, "")
	ts := httptest.NewServer(e.srv.HTTPHandler("s3cret", 0))
	t.Cleanup(ts.Close)
	legacy := map[string]string{mcp.HeaderProtocolVersion: mcp.ProtocolVersion20251125, "Authorization": "Bearer s3cret"}
	status, h, body := rawPost(t, ts.URL, `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"`+
		mcp.ProtocolVersion20251125+`","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}`, "initialize", "", legacy)
	require.Equal(t, http.StatusOK, status, body)
	legacy["Mcp-Session-Id"] = h.Get("Mcp-Session-Id")
	require.NotEmpty(t, legacy["Mcp-Session-Id"])
	tests := []struct {
		name       string
		body       string
		header     map[string]string
		wantStatus int
		wantHeader string // WWW-Authenticate
		wantCode   int
	}{
		{name: "no token", body: `{"jsonrpc":"2.0","id":1,"method":"ping"}`,
			wantStatus: http.StatusUnauthorized, wantHeader: `Bearer realm="handoff-mcp"`},
		{name: "wrong token", body: `{"jsonrpc":"2.0","id":1,"method":"ping"}`, header: map[string]string{"Authorization": "Bearer nope"},
			wantStatus: http.StatusUnauthorized, wantHeader: `Bearer realm="handoff-mcp", error="invalid_token"`},
		{name: "unknown legacy session",
			body:       `{"jsonrpc":"2.0","id":1,"method":"tools/list"}`,
			header:     map[string]string{mcp.HeaderProtocolVersion: mcp.ProtocolVersion20251125, "Authorization": "Bearer s3cret", "Mcp-Session-Id": "mcp-session-gone"},
			wantStatus: http.StatusNotFound},
		{name: "legacy unknown tool is 200",
			body:       `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"no_such_tool"}}`,
			header:     legacy,
			wantStatus: http.StatusOK, wantCode: mcp.INVALID_PARAMS},
		{name: "legacy unknown handoff is 200",
			body:       `{"jsonrpc":"2.0","id":1,"method":"resources/read","params":{"uri":"handoff://h_nope"}}`,
			header:     legacy,
			wantStatus: http.StatusOK, wantCode: mcp.RESOURCE_NOT_FOUND},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, h, body := rawPost(t, ts.URL, tt.body, "", "", tt.header)
			assert.Equal(t, tt.wantStatus, status, body)
			if tt.wantHeader != "" {
				assert.Equal(t, tt.wantHeader, h.Get("WWW-Authenticate"))
			}
			if tt.wantCode != 0 {
				assert.Equal(t, tt.wantCode, rpcError(t, body).Code, body)
			}
		})
	}
}

// TestHTTPListenRefusals checks the refusals of subscriptions/listen at
// 2026-07-28: a handoff that does not exist (-32602, the code of "resource
// not found" in that revision) and a server at its subscription limit
// (-32600), both answered with 200 like any processed request, not with a
// 400 that would send the client back to initialize.
func TestHTTPListenRefusals(t *testing.T) {
	e := newFollowEnv(t, "updates:\n  max_subscriptions: 1\n", followOpts{})
	url := serveHTTP(t, e)
	c := e.client(t)
	ids := []string{HandoffURI(e.handoffFor(t, c, "conv-l1")), HandoffURI(e.handoffFor(t, c, "conv-l2"))}
	tests := []struct {
		name     string
		uris     []string
		wantCode int
		wantText string
	}{
		{name: "no such handoff", uris: []string{"handoff://h_nope"}, wantCode: mcp.INVALID_PARAMS, wantText: "resource not found: handoff://h_nope"},
		{name: "over the limit", uris: ids, wantCode: mcp.INVALID_REQUEST, wantText: "updates.max_subscriptions"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, _, body := modernPost(t, url, "subscriptions/listen", "", map[string]any{
				"notifications": map[string]any{"resourceSubscriptions": tt.uris}}, nil)
			assert.Equal(t, http.StatusOK, status, body)
			got := rpcError(t, body)
			assert.Equal(t, tt.wantCode, got.Code, body)
			assert.Contains(t, got.Message, tt.wantText)
		})
	}
}
