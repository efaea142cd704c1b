package tools

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/internal/bench/echoserver"
)

// BenchmarkServeHTTP measures the server's side of a tools/call over
// streamable HTTP without the network: the request mcp-go's client sends
// (protocol 2026-07-28: its headers, its _meta), recorded once, then
// replayed to the HTTP handler with a recorder for the response. ours is
// handoff-mcp's handler (transport.NewHTTP with its wrappers, the tools'
// middleware chain and validation) calling check_service_hours, a tool
// whose own work is small; handoff is request_human_handoff creating a
// handoff; echo is internal/bench/echo's raw mcp-go server behind mcp-go's
// own StreamableHTTPServer. hours minus echo is what our HTTP and MCP
// layers add to a call; handoff minus hours is the handoff's own work.
func BenchmarkServeHTTP(b *testing.B) {
	for _, tt := range []struct {
		name, tool string
		args       map[string]any // "#" in a conversation id: the call's number
	}{
		{"hours", "check_service_hours", map[string]any{"language": "en"}},
		{"handoff", "request_human_handoff", askHuman("http-#", map[string]any{"email": "bench@example.com"})},
		{"echo", "echo", map[string]any{"message": "hello"}},
	} {
		b.Run(tt.name, func(b *testing.B) {
			var h http.Handler
			if tt.tool == "echo" {
				h = server.NewStreamableHTTPServer(echoserver.New())
			} else {
				h = newEnv(b, finnishHours).srv.HTTPHandler("", 0)
			}
			hdr, body := recordCall(b, h, tt.tool, tt.args)
			b.ReportAllocs()
			var msg []byte
			cpu0 := processCPU()
			for i := 0; b.Loop(); i++ {
				msg = bytes.ReplaceAll(body, []byte("http-#"), strconv.AppendInt([]byte("http-"), int64(i), 10))
				req := httptest.NewRequest(http.MethodPost, "/mcp", bytes.NewReader(msg))
				req.Header = hdr.Clone()
				req.ContentLength = int64(len(msg))
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK || !bytes.Contains(rec.Body.Bytes(), []byte(`"content"`)) || bytes.Contains(rec.Body.Bytes(), []byte(`"isError":true`)) {
					b.Fatalf("%d %s", rec.Code, rec.Body.Bytes())
				}
			}
			b.ReportMetric(float64(processCPU()-cpu0)/float64(b.N), "cpu-ns/op")
		})
	}
}

// recordCall makes one call of tool through mcp-go's streamable HTTP
// client to h and returns the headers and body of its tools/call request.
func recordCall(b *testing.B, h http.Handler, tool string, args map[string]any) (http.Header, []byte) {
	var (
		mu   sync.Mutex
		hdr  http.Header
		body []byte
	)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, err := io.ReadAll(r.Body)
		require.NoError(b, err)
		if r.Header.Get(mcp.HeaderMethod) == string(mcp.MethodToolsCall) {
			mu.Lock()
			hdr, body = r.Header.Clone(), raw
			mu.Unlock()
		}
		r.Body = io.NopCloser(bytes.NewReader(raw))
		h.ServeHTTP(w, r)
	}))
	defer ts.Close()
	c, err := client.NewStreamableHttpClient(ts.URL + "/mcp")
	require.NoError(b, err)
	defer c.Close()
	ctx := context.Background()
	require.NoError(b, c.Start(ctx))
	var init mcp.InitializeRequest
	init.Params.ProtocolVersion = mcp.LATEST_PROTOCOL_VERSION
	init.Params.ClientInfo = mcp.Implementation{Name: "bench", Version: "1"}
	_, err = c.Initialize(ctx, init)
	require.NoError(b, err)
	var req mcp.CallToolRequest
	req.Params.Name, req.Params.Arguments = tool, args
	res, err := c.CallTool(ctx, req)
	require.NoError(b, err)
	require.False(b, res.IsError, "%v", res.Content)
	mu.Lock()
	defer mu.Unlock()
	require.NotNil(b, hdr, "no tools/call request seen")
	return hdr, body
}
