package tools

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"syscall"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/internal/bench/echoserver"
)

// BenchmarkRequestHumanHandoff measures a whole request_human_handoff call
// in process: JSON-RPC through the in-process client, input validation,
// the embedded classifier over a 6-turn transcript, the service-hours
// check, the SQLite insert (WAL, file in a temp dir), the inbox delivery
// and output validation. Each iteration is a new conversation, so every
// call creates a handoff.
func BenchmarkRequestHumanHandoff(b *testing.B) {
	e := newEnv(b, finnishHours)
	c := e.client(b)
	args := askHuman("", map[string]any{"email": "bench@example.com", "language": "en"})
	args["transcript"] = turns(
		"user", "Hi, my invoice for October is wrong.",
		"assistant", "I can help with invoices. Which invoice number is it?",
		"user", "INV-2210. You charged me twice for the same month.",
		"assistant", "I'm sorry, I could not find invoice INV-2210.",
		"user", "It's right there in my account. This is getting ridiculous.",
		"assistant", "Could you check the invoice number again?",
		"user", "No. Let me talk to a real person, please.",
	)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		args["conversation_id"] = fmt.Sprintf("bench-%d", i)
		res := call(b, c, "request_human_handoff", args)
		if res.IsError {
			b.Fatal(text(res))
		}
	}
}

// BenchmarkCheckServiceHours measures a whole check_service_hours call in
// process, the read-only tool a bot calls most: JSON-RPC through the
// in-process client, input validation, the schedule's windows, the
// helpdesk status and output validation.
func BenchmarkCheckServiceHours(b *testing.B) {
	e := newEnv(b, finnishHours)
	c := e.client(b)
	args := map[string]any{"timezone": "Europe/Berlin", "language": "en"}
	b.ReportAllocs()
	for b.Loop() {
		if res := call(b, c, "check_service_hours", args); res.IsError {
			b.Fatal(text(res))
		}
	}
}

// BenchmarkRequestHumanHandoffNotTriggered measures a call where no
// trigger fires: classification only, nothing stored.
func BenchmarkRequestHumanHandoffNotTriggered(b *testing.B) {
	e := newEnv(b, "")
	c := e.client(b)
	args := map[string]any{"conversation_id": "bench", "transcript": turns(
		"user", "What are your opening hours on Saturday?",
		"assistant", "We're open 10:00-16:00 on Saturdays.",
		"user", "Great, and do you ship to Finland?",
	)}
	b.ReportAllocs()
	for b.Loop() {
		if res := call(b, c, "request_human_handoff", args); res.IsError {
			b.Fatal(text(res))
		}
	}
}

// BenchmarkGetHandoffStatus measures the poll a bot makes every few seconds
// during a live session: get_handoff_status of a handoff with an agent's
// messages, among 200 waiting handoffs, through the in-process client
// (the queue position and the expected wait are computed while waiting;
// here the session runs, so the messages after the cursor are read).
func BenchmarkGetHandoffStatus(b *testing.B) {
	for _, tt := range []struct {
		name    string
		replied bool
	}{{"waiting", false}, {"in session", true}} {
		b.Run(tt.name, func(b *testing.B) {
			e := newEnv(b, "")
			c := e.client(b)
			var id string
			for i := range 200 {
				out := structured[HandoffOutput](b, call(b, c, "request_human_handoff", askHuman(fmt.Sprintf("queue-%d", i), map[string]any{"email": "q@example.com"})))
				id = out.HandoffID
			}
			if tt.replied {
				for i := range 20 {
					if err := e.svc.ApplyAgentEvent(context.Background(), handoff.AgentEvent{Kind: handoff.AgentMessage, Connector: "inbox",
						HandoffID: id, AgentName: "Lea", Text: fmt.Sprintf("message %d", i), MessageID: fmt.Sprintf("inbox:%d", i)}); err != nil {
						b.Fatal(err)
					}
				}
			}
			args := map[string]any{"handoff_id": id, "since": 15}
			b.ReportAllocs()
			for b.Loop() {
				if res := call(b, c, "get_handoff_status", args); res.IsError {
					b.Fatal(text(res))
				}
			}
		})
	}
}

// processCPU is the CPU time the process has used, user and system, all
// threads (the server's background work included), in nanoseconds; -1
// where the platform does not say.
func processCPU() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return -1
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// BenchmarkServe measures the server's side of a call alone: the JSON-RPC
// request's bytes, as mcp-go's client sends them over stdio (protocol
// 2026-07-28, its _meta on every request), handed to
// MCPServer.HandleMessage (as the stdio transport does) and the response
// encoded, without a client decoding it. handoff: request_human_handoff
// creating a handoff; hours: check_service_hours; echo: the peer that
// internal/bench/compare measures against, a raw mcp-go server with one
// echo tool, for the part of a call that is mcp-go's alone.
func BenchmarkServe(b *testing.B) {
	ctx := context.Background()
	for _, tt := range []struct {
		name, tool string
		args       map[string]any // "#" in a conversation id: the call's number
	}{
		{"handoff", "request_human_handoff", askHuman("serve-#", map[string]any{"email": "bench@example.com"})},
		{"hours", "check_service_hours", map[string]any{"timezone": "Europe/Berlin", "language": "en"}},
		{"echo", "echo", map[string]any{"message": "hello"}},
	} {
		b.Run(tt.name, func(b *testing.B) {
			var srv *server.MCPServer
			if tt.tool == "echo" {
				srv = echoserver.New()
			} else {
				srv = newEnv(b, finnishHours).srv.MCPServer
			}
			tmpl, err := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": "#", "method": "tools/call",
				"params": map[string]any{"name": tt.tool, "arguments": tt.args, "_meta": map[string]any{
					mcp.MetaKeyClientCapabilities: map[string]any{},
					mcp.MetaKeyClientInfo:         map[string]any{"name": "bench", "version": "1"},
					mcp.MetaKeyProtocolVersion:    mcp.LATEST_PROTOCOL_VERSION,
				}}})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			var msg []byte
			cpu0 := processCPU()
			for i := 0; b.Loop(); i++ {
				msg = append(msg[:0], tmpl...)
				msg = bytes.ReplaceAll(msg, []byte("#"), strconv.AppendInt(nil, int64(i), 10))
				resp := srv.HandleMessage(ctx, msg)
				out, err := json.Marshal(resp)
				if err != nil || !bytes.Contains(out, []byte(`"content"`)) || bytes.Contains(out, []byte(`"isError":true`)) {
					b.Fatalf("%s: %v", out, err)
				}
			}
			b.ReportMetric(float64(processCPU()-cpu0)/float64(b.N), "cpu-ns/op")
		})
	}
}
