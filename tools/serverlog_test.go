package tools

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/mark3labs/mcp-go/client"
	mcptransport "github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/internal/testlog"
	"github.com/handoff-mcp/handoff-mcp/tools/transport"
)

// TestHTTPTransportLogsThroughZerolog answers an elicitation over the legacy
// streamable HTTP transport, on whose reply mcp-go logs "Delivered sampling
// response": the line arrives as a zerolog JSON line, like every other.
func TestHTTPTransportLogsThroughZerolog(t *testing.T) {
	e := newEnv(t, "")
	var buf testlog.Buffer
	srv := NewServer(e.svc, Options{Logger: zerolog.New(&buf).Level(zerolog.DebugLevel)})
	ts := httptest.NewServer(srv.HTTPHandler("", 0))
	t.Cleanup(func() {
		srv.CloseStreams()
		ts.Close()
	})
	//lint:ignore SA1019 the legacy protocol path is what this test checks
	tr, err := mcptransport.NewStreamableHTTP(ts.URL+transport.MCPPath, mcptransport.WithContinuousListening())
	require.NoError(t, err)
	el := &elicitor{answers: []*mcp.ElicitationResult{accept("liisa@example.fi")}}
	c := client.NewClient(tr, client.WithProtocolVersion(mcp.ProtocolVersion20251125), client.WithElicitationHandler(el))
	ctx := context.Background()
	require.NoError(t, c.Start(ctx))
	t.Cleanup(func() { c.Close() })
	var init mcp.InitializeRequest
	init.Params.ClientInfo = mcp.Implementation{Name: "log-test", Version: "1"}
	init.Params.Capabilities.Elicitation = &mcp.ElicitationCapability{}
	_, err = c.Initialize(ctx, init)
	require.NoError(t, err)

	out := structured[HandoffOutput](t, call(t, c, "request_human_handoff", askHuman("c-log", nil)))
	require.Equal(t, "delivered", out.Status)
	require.Len(t, el.messages, 1)

	var delivered map[string]any
	for _, l := range buf.Lines(t) {
		if l["message"] == "Delivered sampling response" {
			delivered = l
		}
	}
	require.NotNil(t, delivered, "mcp-go's line is not in the zerolog output")
	assert.Equal(t, "debug", delivered["level"])
	assert.Equal(t, "mcp-go", delivered["component"])
	assert.Regexp(t, `^mcp-session-[0-9a-f]{8}…$`, delivered["session"])
}
