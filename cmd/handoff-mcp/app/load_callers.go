package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
)

// loadCaller is one client of a load run: it makes a tool call and says
// how it ended.
type loadCaller interface {
	call(ctx context.Context, tool string, args map[string]any) (callResult, error)
	close()
}

// callResult is what a load run reads of a tool result.
type callResult struct {
	isError bool
	text    string // the first text content
	status  string // structuredContent.status
	open    *bool  // structuredContent.open (check_service_hours)
}

// mcpCaller calls through an mcp-go client (a server over HTTP).
type mcpCaller struct{ c *client.Client }

// newMCPCaller starts and initialises c.
func newMCPCaller(ctx context.Context, c *client.Client) (*mcpCaller, error) {
	if err := c.Start(ctx); err != nil {
		c.Close()
		return nil, fmt.Errorf("starting: %w", err)
	}
	var init mcp.InitializeRequest
	init.Params.ClientInfo = mcp.Implementation{Name: "handoff-mcp-load", Version: Version}
	if _, err := c.Initialize(ctx, init); err != nil {
		c.Close()
		return nil, fmt.Errorf("initialising: %w", err)
	}
	return &mcpCaller{c: c}, nil
}

func (m *mcpCaller) call(ctx context.Context, tool string, args map[string]any) (callResult, error) {
	var req mcp.CallToolRequest
	req.Params.Name, req.Params.Arguments = tool, args
	res, err := m.c.CallTool(ctx, req)
	if err != nil {
		return callResult{}, err
	}
	out := callResult{isError: res.IsError}
	if len(res.Content) > 0 {
		if tc, ok := res.Content[0].(mcp.TextContent); ok {
			out.text = tc.Text
		}
	}
	if sc, ok := res.StructuredContent.(map[string]any); ok {
		out.status, _ = sc["status"].(string)
		if open, ok := sc["open"].(bool); ok {
			out.open = &open
		}
	}
	return out, nil
}

func (m *mcpCaller) close() { m.c.Close() }

// inProcessCaller is a session of a server in this process that hands the
// server's message handler JSON-RPC messages as bytes and encodes its
// answers, as the stdio transport does (without the pipe), and reads only
// what the load reports of a result: the load's own client costs the CPU
// it shares with the server as little as it can.
type inProcessCaller struct {
	srv     *server.MCPServer
	session *server.InProcessSession
	ctx     context.Context // carries the session
	next    int64           // JSON-RPC id
	stop    chan struct{}
	drained sync.WaitGroup
}

// newInProcessCaller registers a session with srv and initialises it
// (protocol 2025-11-25's handshake, which MCP clients use over stdio).
func newInProcessCaller(ctx context.Context, srv *server.MCPServer) (*inProcessCaller, error) {
	s := server.NewInProcessSession(srv.GenerateInProcessSessionID(), nil)
	if err := srv.RegisterSession(ctx, s); err != nil {
		return nil, fmt.Errorf("registering session: %w", err)
	}
	c := &inProcessCaller{srv: srv, session: s, ctx: srv.WithContext(context.WithoutCancel(ctx), s), stop: make(chan struct{})}
	c.drained.Add(1)
	go c.drain()
	var res struct {
		Error *jsonrpcError `json:"error"`
	}
	init := map[string]any{
		"protocolVersion": mcp.LATEST_LEGACY_PROTOCOL_VERSION,
		"clientInfo":      mcp.Implementation{Name: "handoff-mcp-load", Version: Version},
		"capabilities":    map[string]any{},
	}
	if err := c.send(ctx, "initialize", init, &res); err != nil {
		c.close()
		return nil, fmt.Errorf("initialising: %w", err)
	}
	if res.Error != nil {
		c.close()
		return nil, fmt.Errorf("initialising: %s", res.Error.Message)
	}
	c.srv.HandleMessage(c.ctx, []byte(`{"jsonrpc":"2.0","method":"notifications/initialized"}`))
	return c, nil
}

// drain takes the notifications the server sends the session (progress,
// resource updates), which the load does not read.
func (c *inProcessCaller) drain() {
	defer c.drained.Done()
	for {
		select {
		case <-c.stop:
			return
		case <-c.session.ClientNotifications():
		}
	}
}

type jsonrpcError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

// send hands the server one request and decodes its encoded answer into
// out. The caller's ctx ends the wait, not the server's work (a transport
// would not cancel it either before the client hangs up).
func (c *inProcessCaller) send(ctx context.Context, method string, params any, out any) error {
	c.next++
	req, err := json.Marshal(struct {
		JSONRPC string `json:"jsonrpc"`
		ID      int64  `json:"id"`
		Method  string `json:"method"`
		Params  any    `json:"params"`
	}{mcp.JSONRPC_VERSION, c.next, method, params})
	if err != nil {
		return fmt.Errorf("encoding %s: %w", method, err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	resp, err := json.Marshal(c.srv.HandleMessage(c.ctx, req))
	if err != nil {
		return fmt.Errorf("encoding the answer to %s: %w", method, err)
	}
	if err := json.Unmarshal(resp, out); err != nil {
		return fmt.Errorf("decoding the answer to %s: %w", method, err)
	}
	return nil
}

func (c *inProcessCaller) call(ctx context.Context, tool string, args map[string]any) (callResult, error) {
	var res struct {
		Error  *jsonrpcError `json:"error"`
		Result struct {
			IsError bool `json:"isError"`
			Content []struct {
				Text string `json:"text"`
			} `json:"content"`
			StructuredContent struct {
				Status string `json:"status"`
				Open   *bool  `json:"open"`
			} `json:"structuredContent"`
		} `json:"result"`
	}
	err := c.send(ctx, string(mcp.MethodToolsCall), struct {
		Name      string         `json:"name"`
		Arguments map[string]any `json:"arguments"`
	}{tool, args}, &res)
	switch {
	case err != nil:
		return callResult{}, err
	case res.Error != nil:
		return callResult{}, errors.New(res.Error.Message)
	}
	out := callResult{isError: res.Result.IsError, status: res.Result.StructuredContent.Status, open: res.Result.StructuredContent.Open}
	if len(res.Result.Content) > 0 {
		out.text = res.Result.Content[0].Text
	}
	return out, nil
}

func (c *inProcessCaller) close() {
	c.srv.UnregisterSession(c.ctx, c.session.SessionID())
	close(c.stop)
	c.drained.Wait()
}
