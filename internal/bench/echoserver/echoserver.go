// Package echoserver is the peer handoff-mcp is measured against: a raw
// mcp-go server, built from the same mcp-go version as handoff-mcp (this
// module's go.mod), with one tool, echo, that returns its message. The
// command internal/bench/echo serves it for internal/bench/compare (with
// Serve, which internal/bench/echodb uses too), and the
// tools package's in-process benchmarks call it beside our tools.
package echoserver

import (
	"context"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
)

// New returns the echo server.
func New() *server.MCPServer {
	s := server.NewMCPServer("echo", "1.0.0", server.WithToolCapabilities(false))
	s.AddTool(mcp.NewTool("echo",
		mcp.WithDescription("Returns the message it is given."),
		mcp.WithString("message", mcp.Required(), mcp.Description("The text to echo.")),
	), func(_ context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		return mcp.NewToolResultText(req.GetString("message", "")), nil
	})
	return s
}

// Serve serves s, a peer of the benchmarks, over stdio, or over streamable
// HTTP at addr (path /mcp) when addr is not empty, until it fails.
func Serve(s *server.MCPServer, addr string) error {
	if addr != "" {
		return server.NewStreamableHTTPServer(s).Start(addr)
	}
	return server.ServeStdio(s)
}

// Initialize initialises c as the benchmarks' client does, at the latest
// protocol revision.
func Initialize(ctx context.Context, c *client.Client) error {
	var init mcp.InitializeRequest
	init.Params.ProtocolVersion = mcp.LATEST_PROTOCOL_VERSION
	init.Params.ClientInfo = mcp.Implementation{Name: "handoff-bench", Version: "1"}
	_, err := c.Initialize(ctx, init)
	return err
}

// InProcess starts an in-process client of s and initialises it, for the
// peers' tests; the caller closes it.
func InProcess(ctx context.Context, s *server.MCPServer) (*client.Client, error) {
	c, err := client.NewInProcessClient(s)
	if err != nil {
		return nil, err
	}
	if err := c.Start(ctx); err != nil {
		c.Close()
		return nil, err
	}
	if err := Initialize(ctx, c); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}
