package tools

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The server declares logging and honours logging/setLevel: tool calls are
// reported to the client at debug, and not below the level it chose.
func TestLoggingSetLevel(t *testing.T) {
	ctx := context.Background()
	c, logs, res := loggingClient(t, mcp.ProtocolVersion20251125)
	require.NotNil(t, res.Capabilities.Logging, "the logging capability is declared")

	//lint:ignore SA1019 the legacy protocol path is what this test checks
	require.NoError(t, c.SetLevel(ctx, mcp.SetLevelRequest{Params: mcp.SetLevelParams{Level: mcp.LoggingLevelDebug}}))
	call(t, c, "check_service_hours", map[string]any{})
	expectLog(t, logs, "debug", "tool")

	//lint:ignore SA1019 the legacy protocol path is what this test checks
	require.NoError(t, c.SetLevel(ctx, mcp.SetLevelRequest{Params: mcp.SetLevelParams{Level: mcp.LoggingLevelError}}))
	call(t, c, "check_service_hours", map[string]any{})
	call(t, c, "get_handoff_status", map[string]any{"handoff_id": "h_nope"}) // a tool error: info
	// The in-process transport delivers notifications synchronously, so a
	// ping after the calls comes back after anything they sent.
	//lint:ignore SA1019 the legacy protocol path is what this test checks
	require.NoError(t, c.Ping(ctx))
	assert.Empty(t, logs, "nothing below error is sent")

	//lint:ignore SA1019 the legacy protocol path is what this test checks
	err := c.SetLevel(ctx, mcp.SetLevelRequest{Params: mcp.SetLevelParams{Level: "loud"}})
	require.Error(t, err)
}

// JSON-RPC ids are strings or numbers: other ids are refused as an invalid
// request.
func TestRequestIDsMustBeStringsOrNumbers(t *testing.T) {
	e := newEnv(t, "")
	ctx := context.Background()
	for _, id := range []string{`{"a":1}`, `[1]`, `true`, `false`} {
		resp := e.srv.HandleMessage(ctx, json.RawMessage(`{"jsonrpc":"2.0","id":`+id+`,"method":"ping"}`))
		b, err := json.Marshal(resp)
		require.NoError(t, err)
		var got struct {
			Error *struct {
				Code    int    `json:"code"`
				Message string `json:"message"`
			} `json:"error"`
		}
		require.NoError(t, json.Unmarshal(b, &got), string(b))
		require.NotNil(t, got.Error, "id %s: %s", id, b)
		assert.Equal(t, mcp.INVALID_REQUEST, got.Error.Code, id)
		assert.Contains(t, got.Error.Message, "a JSON-RPC id is a string or a number", id)
	}
	for _, id := range []string{`7`, `"req-7"`} {
		resp := e.srv.HandleMessage(ctx, json.RawMessage(`{"jsonrpc":"2.0","id":`+id+`,"method":"ping"}`))
		b, err := json.Marshal(resp)
		require.NoError(t, err)
		assert.NotContains(t, string(b), `"error"`, id)
	}
}

func TestStatusArgumentsNamedClearly(t *testing.T) {
	e := newEnv(t, "")
	c := e.client(t)
	id := structured[HandoffOutput](t, call(t, c, "request_human_handoff", askHuman("c-since", map[string]any{"email": "ok@example.com"}))).HandoffID
	for _, tt := range []struct {
		tool string
		args map[string]any
		want string
	}{
		{"get_handoff_status", map[string]any{"handoff_id": ""}, "handoff_id: is empty; pass the handoff_id that request_human_handoff returned"},
		{"send_handoff_message", map[string]any{"handoff_id": "", "text": "hi"}, "handoff_id: is empty; pass the handoff_id that request_human_handoff returned"},
		{"end_handoff", map[string]any{"handoff_id": "", "reason": "done"}, "handoff_id: is empty; pass the handoff_id"},
		{"get_handoff_status", map[string]any{"handoff_id": id, "since": 1e30}, "since: number 1e+30 is not a whole number in range"},
		{"get_handoff_status", map[string]any{"handoff_id": id, "since": 4611686018427387904}, "since: is 4611686018427387904, past the last message of this handoff (0)"},
	} {
		res := call(t, c, tt.tool, tt.args)
		require.True(t, res.IsError, text(res))
		assert.Contains(t, text(res), tt.want)
	}
}

// Under protocol 2026-07-28 a request declares its own log level in _meta:
// tool calls are reported only to a request that asked, at or above the
// level it named.
func TestLoggingPerRequestLevel(t *testing.T) {
	ctx := context.Background()
	c, logs, _ := loggingClient(t, mcp.ProtocolVersion20260728)

	call(t, c, "check_service_hours", map[string]any{})
	//lint:ignore SA1019 a ping flushes what the calls sent
	require.NoError(t, c.Ping(ctx))
	assert.Empty(t, logs, "a request that asked for no log gets none")

	//lint:ignore SA1019 under 2026-07-28 the client sends the level in each request's _meta
	require.NoError(t, c.SetLevel(ctx, mcp.SetLevelRequest{Params: mcp.SetLevelParams{Level: mcp.LoggingLevelDebug}}))
	call(t, c, "check_service_hours", map[string]any{})
	expectLog(t, logs, "debug", "tool")

	//lint:ignore SA1019 under 2026-07-28 the client sends the level in each request's _meta
	require.NoError(t, c.SetLevel(ctx, mcp.SetLevelRequest{Params: mcp.SetLevelParams{Level: mcp.LoggingLevelInfo}}))
	call(t, c, "check_service_hours", map[string]any{})
	call(t, c, "get_handoff_status", map[string]any{"handoff_id": "h_nope"}) // a tool error: info
	expectLog(t, logs, "info", "result")
	//lint:ignore SA1019 a ping flushes what the calls sent
	require.NoError(t, c.Ping(ctx))
	assert.Empty(t, logs, "nothing below info is sent")
}

// expectLog waits for the next log notification and checks its level and
// that its data mentions about.
func expectLog(t *testing.T, logs <-chan mcp.JSONRPCNotification, level, about string) {
	t.Helper()
	select {
	case n := <-logs:
		assert.EqualValues(t, level, n.Params.AdditionalFields["level"])
		assert.Contains(t, n.Params.AdditionalFields["data"], about)
	case <-time.After(5 * time.Second):
		t.Fatalf("no log message at %s", level)
	}
}

// loggingClient starts an in-process client speaking version to a new
// server and initialises it; the log messages the server sends arrive on
// the channel.
func loggingClient(t *testing.T, version string) (*client.Client, <-chan mcp.JSONRPCNotification, *mcp.InitializeResult) {
	t.Helper()
	e := newEnv(t, "")
	c, err := client.NewInProcessClientWithOptions(e.srv.MCPServer, client.WithProtocolVersion(version))
	require.NoError(t, err)
	ctx := context.Background()
	require.NoError(t, c.Start(ctx))
	t.Cleanup(func() { c.Close() })
	logs := make(chan mcp.JSONRPCNotification, 10)
	c.OnNotification(func(n mcp.JSONRPCNotification) {
		if n.Method == "notifications/message" {
			logs <- n
		}
	})
	var init mcp.InitializeRequest
	init.Params.ClientInfo = mcp.Implementation{Name: "logging", Version: "1"}
	res, err := c.Initialize(ctx, init)
	require.NoError(t, err)
	return c, logs, res
}
