package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/internal/testlog"
	"github.com/handoff-mcp/handoff-mcp/store"
)

// stdioPeer speaks JSON-RPC to the binary over stdio, reading stdout on a
// goroutine so that a missing message fails the test instead of hanging it.
type stdioPeer struct {
	t    *testing.T
	in   io.WriteCloser
	msgs chan map[string]any
	errs *testlog.Buffer
}

func startStdioPeer(t *testing.T, args ...string) *stdioPeer {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = append(os.Environ(), "HANDOFF_MCP_CONFIG=")
	in, err := cmd.StdinPipe()
	require.NoError(t, err)
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	p := &stdioPeer{t: t, in: in, msgs: make(chan map[string]any, 64), errs: &testlog.Buffer{}}
	cmd.Stderr = p.errs
	require.NoError(t, cmd.Start())
	go func() {
		sc := bufio.NewScanner(out)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			var m map[string]any
			if json.Unmarshal(sc.Bytes(), &m) == nil {
				p.msgs <- m
			}
		}
		close(p.msgs)
	}()
	t.Cleanup(func() {
		in.Close()
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	return p
}

func (p *stdioPeer) send(msg map[string]any) {
	p.t.Helper()
	msg["jsonrpc"] = "2.0"
	b, err := json.Marshal(msg)
	require.NoError(p.t, err)
	_, err = p.in.Write(append(b, '\n'))
	require.NoError(p.t, err)
}

// next returns the next message for which match is true, skipping others.
func (p *stdioPeer) next(what string, match func(map[string]any) bool) map[string]any {
	p.t.Helper()
	timeout := time.After(20 * time.Second)
	for {
		select {
		case m, ok := <-p.msgs:
			require.True(p.t, ok, "stdout closed waiting for %s: %s", what, p.errs.String())
			if match(m) {
				return m
			}
		case <-timeout:
			p.t.Fatalf("no %s: %s", what, p.errs.String())
		}
	}
}

func (p *stdioPeer) request(id int, method string, params map[string]any) map[string]any {
	p.t.Helper()
	p.send(map[string]any{"id": id, "method": method, "params": params})
	resp := p.next(method+" response", func(m map[string]any) bool { return m["id"] == float64(id) })
	require.Nil(p.t, resp["error"], "%s: %v", method, resp["error"])
	return resp["result"].(map[string]any)
}

// updated matches a notifications/resources/updated for uri.
func updated(uri string) func(map[string]any) bool {
	return func(m map[string]any) bool {
		params, _ := m["params"].(map[string]any)
		return m["method"] == "notifications/resources/updated" && params["uri"] == uri
	}
}

// TestBinaryStdioSubscriptions follows a handoff over stdio in both eras:
// resources/subscribe, then subscriptions/listen, each told of a change that
// another process makes in the database.
func TestBinaryStdioSubscriptions(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "handoff.db")
	cfg := filepath.Join(dir, "handoff.yaml")
	require.NoError(t, os.WriteFile(cfg, []byte("updates:\n  poll_interval: 50ms\n"), 0o600))
	p := startStdioPeer(t, "--config", cfg, "--db", db)

	p.request(1, "initialize", map[string]any{"protocolVersion": "2025-11-25", "capabilities": map[string]any{}, "clientInfo": map[string]any{"name": "stdio-test", "version": "1"}})
	p.send(map[string]any{"method": "notifications/initialized"})
	res := p.request(2, "tools/call", map[string]any{"name": "request_human_handoff", "arguments": map[string]any{
		"conversation_id": "stdio-conv", "email": "anna.berg@example.com",
		"transcript": []any{map[string]any{"role": "user", "content": "Please let me talk to a human."}},
	}})
	id := res["structuredContent"].(map[string]any)["handoff_id"].(string)
	uri := "handoff://" + id

	read := p.request(3, "resources/read", map[string]any{"uri": uri})
	var v map[string]any
	require.NoError(t, json.Unmarshal([]byte(read["contents"].([]any)[0].(map[string]any)["text"].(string)), &v))
	assert.Equal(t, "delivered", v["state"])

	elsewhere, err := store.Open(context.Background(), db, store.Options{})
	require.NoError(t, err)
	defer elsewhere.Close()
	transition := func(to handoff.State) {
		_, err := elsewhere.UpdateHandoff(context.Background(), id, func(handoff.Handoff) (handoff.Change, error) {
			return handoff.Change{State: to, Cause: "changed elsewhere", At: time.Time{}}, nil
		})
		require.NoError(t, err)
	}

	// 2025-11-25: resources/subscribe.
	p.request(4, "resources/subscribe", map[string]any{"uri": uri})
	transition(handoff.StateAgentJoined)
	p.next("the legacy update", updated(uri))
	p.request(5, "resources/unsubscribe", map[string]any{"uri": uri})

	// 2026-07-28: subscriptions/listen on the same process.
	p.send(map[string]any{"id": 6, "method": "subscriptions/listen", "params": map[string]any{
		"_meta": map[string]any{
			"io.modelcontextprotocol/protocolVersion":    "2026-07-28",
			"io.modelcontextprotocol/clientCapabilities": map[string]any{},
			"io.modelcontextprotocol/clientInfo":         map[string]any{"name": "stdio-test", "version": "1"},
		},
		"notifications": map[string]any{"resourceSubscriptions": []any{uri}},
	}})
	p.next("the acknowledgement", func(m map[string]any) bool { return m["method"] == "notifications/subscriptions/acknowledged" })
	transition(handoff.StateClosed)
	m := p.next("the modern update", updated(uri))
	meta, _ := m["params"].(map[string]any)["_meta"].(map[string]any)
	assert.EqualValues(t, 6, meta["io.modelcontextprotocol/subscriptionId"], "tagged with the listen request")
}
