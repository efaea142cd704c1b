package main

import (
	"context"
	"fmt"
	"strconv"
	"sync/atomic"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/handoff-mcp/handoff-mcp/internal/bench/durable"
)

// call makes one scripted tool call.
type call func(ctx context.Context, c *client.Client) error

func echoCall(ctx context.Context, c *client.Client) error {
	return check(c.CallTool(ctx, request("echo", map[string]any{"message": "hello"})))
}

func hoursCall(ctx context.Context, c *client.Client) error {
	return check(c.CallTool(ctx, request("check_service_hours", map[string]any{"language": "en"})))
}

// handoffCall creates a handoff each call: a new conversation that asks for
// a person.
func handoffCall(seq *atomic.Int64) call {
	return func(ctx context.Context, c *client.Client) error {
		n := seq.Add(1)
		res, err := c.CallTool(ctx, request("request_human_handoff", map[string]any{
			"conversation_id": "bench-" + strconv.FormatInt(n, 10),
			"email":           "bench@example.com",
			"language":        "en",
			"transcript": []map[string]string{
				{"role": "user", "content": "My parcel never arrived and I asked twice."},
				{"role": "assistant", "content": "I am sorry to hear that. Let me check."},
				{"role": "user", "content": "Let me talk to a real person, please."},
			},
		}))
		if err := check(res, err); err != nil {
			return err
		}
		if m, ok := res.StructuredContent.(map[string]any); !ok || m["status"] != "delivered" {
			return fmt.Errorf("request_human_handoff: not delivered: %v", res.StructuredContent)
		}
		return nil
	}
}

// storeCall is the durable peer's call (internal/bench/echodb): a new
// conversation each call, a row of a handoff's size committed.
func storeCall(seq *atomic.Int64) call {
	return func(ctx context.Context, c *client.Client) error {
		n := seq.Add(1)
		return check(c.CallTool(ctx, request("store", map[string]any{
			"conversation_id": "bench-" + strconv.FormatInt(n, 10),
			"message":         durable.Body,
		})))
	}
}

func request(tool string, args map[string]any) mcp.CallToolRequest {
	var req mcp.CallToolRequest
	req.Params.Name, req.Params.Arguments = tool, args
	return req
}

func check(res *mcp.CallToolResult, err error) error {
	if err != nil {
		return err
	}
	if res.IsError {
		return fmt.Errorf("tool error: %v", res.Content)
	}
	return nil
}
