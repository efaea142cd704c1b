package durable

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/internal/bench/echoserver"
)

// TestStoreCommitsARow calls the server's tool through mcp-go's in-process
// client and finds the row committed, on a second handle on the file.
func TestStoreCommitsARow(t *testing.T) {
	path := filepath.Join(t.TempDir(), "peer.db")
	db, err := Open(path)
	require.NoError(t, err)
	defer db.Close()
	ctx := context.Background()
	c, err := echoserver.InProcess(ctx, NewServer(db))
	require.NoError(t, err)
	defer c.Close()

	var req mcp.CallToolRequest
	req.Params.Name = "store"
	req.Params.Arguments = map[string]any{"conversation_id": "c1", "message": Body}
	res, err := c.CallTool(ctx, req)
	require.NoError(t, err)
	require.False(t, res.IsError)
	assert.Equal(t, "stored 1", res.Content[0].(mcp.TextContent).Text)

	other, err := Open(path)
	require.NoError(t, err)
	defer other.Close()
	var conv, body string
	require.NoError(t, other.QueryRow("SELECT conv, body FROM t WHERE id = 1").Scan(&conv, &body))
	assert.Equal(t, "c1", conv)
	assert.Equal(t, Body, body)
}
