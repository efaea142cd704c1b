package app

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/client"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/cmd/handoff-mcp/config"
	"github.com/handoff-mcp/handoff-mcp/handoff"
)

func TestRunLoadInProcess(t *testing.T) {
	ctx := context.Background()
	a, err := New(ctx, config.Default(), Options{DBPath: filepath.Join(t.TempDir(), "load.db"), Stderr: io.Discard})
	require.NoError(t, err)
	a.Start(ctx)
	t.Cleanup(func() { a.Close() })

	rep, err := RunLoad(ctx, nil, LoadOptions{Clients: 3, Requests: 70, Server: a.MCP.MCPServer})
	require.NoError(t, err)
	assert.Equal(t, 70, rep.Calls)
	assert.Zero(t, rep.Errors, rep.FirstError)
	// The mix is 7 calls long: 4 fire a trigger, 2 do not, 1 checks the hours.
	assert.Equal(t, 40, rep.HandoffsCreated)
	assert.Positive(t, rep.HandoffsPerSecond)
	assert.Positive(t, rep.HandoffP50)
	assert.LessOrEqual(t, rep.HandoffP50, rep.HandoffP99)
	assert.LessOrEqual(t, rep.HandoffP99, rep.Max)
	assert.Equal(t, 20, rep.Outcomes["request_human_handoff:not_triggered"])
	assert.Equal(t, 10, rep.Outcomes["check_service_hours:open=true"])
	assert.Positive(t, rep.P50)
	assert.LessOrEqual(t, rep.P50, rep.P99)
	assert.Positive(t, rep.PeakHeapInuse)

	hs, err := a.Store.ListHandoffs(ctx, handoff.ListFilter{Limit: 1000})
	require.NoError(t, err)
	assert.Len(t, hs, 40, "one handoff per triggering call, each its own conversation")

	var out bytes.Buffer
	require.NoError(t, PrintLoadReport(&out, rep))
	assert.Contains(t, out.String(), "calls/s")
	assert.Contains(t, out.String(), "handoffs created")
}

// TestRunLoadDurationCountsOnlyRealFailures runs 16 clients for a duration:
// the calls in flight when it ends finish and count as what they are, and
// every handoff to the inbox, taken as it is stored, is answered delivered
// however many arrive at once.
func TestRunLoadDurationCountsOnlyRealFailures(t *testing.T) {
	ctx := context.Background()
	a, err := New(ctx, config.Default(), Options{DBPath: filepath.Join(t.TempDir(), "load.db"), Stderr: io.Discard})
	require.NoError(t, err)
	a.Start(ctx)
	t.Cleanup(func() { a.Close() })

	rep, err := RunLoad(ctx, nil, LoadOptions{Clients: 16, Duration: 300 * time.Millisecond, Server: a.MCP.MCPServer})
	require.NoError(t, err)
	require.Positive(t, rep.Calls)
	assert.Zero(t, rep.Errors, rep.FirstError)
	assert.Positive(t, rep.HandoffsCreated)
	assert.Equal(t, rep.HandoffsCreated, rep.Outcomes["request_human_handoff:delivered"], "none came back queued: %v", rep.Outcomes)
	hs, err := a.Store.ListHandoffs(ctx, handoff.ListFilter{Limit: 10000})
	require.NoError(t, err)
	assert.Len(t, hs, rep.HandoffsCreated, "every handoff stored was counted, none lost at the deadline")
}

// TestRunLoadThroughAnMCPClient runs the load through mcp-go clients (as
// over --url) instead of in-process sessions: the same outcomes.
func TestRunLoadThroughAnMCPClient(t *testing.T) {
	ctx := context.Background()
	a, err := New(ctx, config.Default(), Options{DBPath: filepath.Join(t.TempDir(), "load.db"), Stderr: io.Discard})
	require.NoError(t, err)
	a.Start(ctx)
	t.Cleanup(func() { a.Close() })

	rep, err := RunLoad(ctx, func() (*client.Client, error) { return client.NewInProcessClient(a.MCP.MCPServer) },
		LoadOptions{Clients: 2, Requests: 14})
	require.NoError(t, err)
	assert.Zero(t, rep.Errors, rep.FirstError)
	assert.Equal(t, 14, rep.Calls)
	assert.Equal(t, 8, rep.HandoffsCreated)
	assert.Equal(t, 8, rep.Outcomes["request_human_handoff:delivered"])
	assert.Equal(t, 4, rep.Outcomes["request_human_handoff:not_triggered"])
	assert.Equal(t, 2, rep.Outcomes["check_service_hours:open=true"])
	assert.Zero(t, rep.PeakHeapInuse, "the server is not known to be in process")
}

// TestRunLoadReportsToolErrors counts a tool error with its text, in
// process: a call the server refuses is a failure, not an outcome.
func TestRunLoadReportsToolErrors(t *testing.T) {
	ctx := context.Background()
	a, err := New(ctx, config.Default(), Options{DBPath: filepath.Join(t.TempDir(), "load.db"), Stderr: io.Discard})
	require.NoError(t, err)
	a.Start(ctx)
	t.Cleanup(func() { a.Close() })

	c, err := newInProcessCaller(ctx, a.MCP.MCPServer)
	require.NoError(t, err)
	defer c.close()
	res, err := c.call(ctx, "request_human_handoff", map[string]any{"conversation_id": "x"})
	require.NoError(t, err)
	assert.True(t, res.isError)
	assert.Contains(t, res.text, "transcript")
	_, err = c.call(ctx, "no_such_tool", map[string]any{})
	assert.Error(t, err)
}

func TestRunLoadNeedsClientsAndAnEnd(t *testing.T) {
	_, err := RunLoad(context.Background(), nil, LoadOptions{Requests: 1})
	assert.ErrorContains(t, err, "--clients")
	_, err = RunLoad(context.Background(), nil, LoadOptions{Clients: 1})
	assert.ErrorContains(t, err, "--requests or --duration")
}
