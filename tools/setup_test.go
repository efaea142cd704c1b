package tools

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/cmd/handoff-mcp/app/core"
	"github.com/handoff-mcp/handoff-mcp/cmd/handoff-mcp/config"
	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/clock/clocktest"
	"github.com/handoff-mcp/handoff-mcp/handoff/delivery"
	"github.com/handoff-mcp/handoff-mcp/store"
)

// fixedNow is the test clock: Wednesday 2026-11-18 10:00 in Berlin.
var fixedNow = time.Date(2026, 11, 18, 9, 0, 0, 0, time.UTC)

// testClock is the fake clock of the tests, which moves only when told.
type testClock = clocktest.Fake

type env struct {
	clk    *testClock
	svc    *handoff.Service
	srv    *Server
	store  *store.DB
	worker *delivery.Worker
	mon    *delivery.Monitor
}

// newEnv builds the real server from a YAML configuration (empty for the
// defaults) over a SQLite database in t.TempDir().
func newEnv(t testing.TB, yamlCfg string) *env {
	t.Helper()
	return newEnvClassifier(t, yamlCfg, nil)
}

// newEnvClassifier is newEnv with the server's classifier replaced by cls
// (nil: the configured one).
func newEnvClassifier(t testing.TB, yamlCfg string, cls handoff.Classifier) *env {
	t.Helper()
	clk := clocktest.NewFake(fixedNow)
	c := newCore(t, yamlCfg, core.Options{Clock: clk, Classifier: cls})
	return &env{clk: clk, svc: c.Service, srv: NewServer(c.Service, Options{Logger: c.Log}), store: c.Store, worker: c.Worker, mon: c.Monitor}
}

// newCore assembles the server's core as production does (core.New), from
// a YAML configuration over a SQLite database in t.TempDir(), with opts'
// replacements; it is closed at the test's end.
func newCore(t testing.TB, yamlCfg string, opts core.Options) *core.Core {
	t.Helper()
	cfg, err := config.Parse([]byte(yamlCfg), func(string) (string, bool) { return "", false })
	require.NoError(t, err)
	if opts.DBPath == "" {
		opts.DBPath = filepath.Join(t.TempDir(), "handoff.db")
	}
	opts.Log = zerolog.Nop()
	c, err := core.New(context.Background(), cfg, opts)
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// client starts an in-process MCP client; opts may add an elicitation handler.
func (e *env) client(t testing.TB, opts ...client.ClientOption) *client.Client {
	t.Helper()
	c, err := client.NewInProcessClientWithOptions(e.srv.MCPServer, opts...)
	require.NoError(t, err)
	ctx := context.Background()
	require.NoError(t, c.Start(ctx))
	var init mcp.InitializeRequest
	init.Params.ClientInfo = mcp.Implementation{Name: "test", Version: "1"}
	_, err = c.Initialize(ctx, init)
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	return c
}

// call calls a tool and returns its result.
func call(t testing.TB, c *client.Client, name string, args any) *mcp.CallToolResult {
	t.Helper()
	var req mcp.CallToolRequest
	req.Params.Name = name
	req.Params.Arguments = args
	res, err := c.CallTool(context.Background(), req)
	require.NoError(t, err)
	return res
}

// structured decodes a result's structured content into T.
func structured[T any](t testing.TB, res *mcp.CallToolResult) T {
	t.Helper()
	require.False(t, res.IsError, "tool error: %s", text(res))
	var out T
	b, err := json.Marshal(res.StructuredContent)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &out))
	return out
}

// text returns the text blocks of a result.
func text(res *mcp.CallToolResult) string {
	s := ""
	for _, c := range res.Content {
		if tc, ok := c.(mcp.TextContent); ok {
			s += tc.Text
		}
	}
	return s
}

func turns(pairs ...string) []map[string]string {
	var out []map[string]string
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, map[string]string{"role": pairs[i], "content": pairs[i+1]})
	}
	return out
}
