package main

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/internal/bench/echoserver"
)

// TestStartServesTheEcho starts the peer as main does and calls its echo
// through mcp-go's in-process client; the database and the metrics it set
// up at start are there.
func TestStartServesTheEcho(t *testing.T) {
	p, err := start(filepath.Join(t.TempDir(), "peer.db"))
	require.NoError(t, err)
	defer p.db.Close()
	ctx := context.Background()
	c, err := echoserver.InProcess(ctx, p.srv)
	require.NoError(t, err)
	defer c.Close()

	var req mcp.CallToolRequest
	req.Params.Name = "echo"
	req.Params.Arguments = map[string]any{"message": "hello"}
	res, err := c.CallTool(ctx, req)
	require.NoError(t, err)
	require.False(t, res.IsError)
	assert.Equal(t, "hello", res.Content[0].(mcp.TextContent).Text)

	var n int
	require.NoError(t, p.db.QueryRow("SELECT count(*) FROM t").Scan(&n), "the durable peer's table was created at start")
	families, err := p.reg.Gather()
	require.NoError(t, err)
	require.Len(t, families, 1)
	assert.Equal(t, "echodeps_calls_total", families[0].GetName())
}

// TestStartFailsOnAnUnopenableDatabase: a path in a missing directory is
// an error that names it, not a server.
func TestStartFailsOnAnUnopenableDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing", "peer.db")
	_, err := start(path)
	require.Error(t, err)
	assert.Contains(t, err.Error(), path)
}
