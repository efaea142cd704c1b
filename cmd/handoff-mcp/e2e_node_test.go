package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/internal/testlog"
	"github.com/handoff-mcp/handoff-mcp/store"
)

// nodeE2E is where the TypeScript client lives; CI installs it with
// `npm ci --prefix e2e/node`.
const nodeE2E = "../../e2e/node"

// nodeClient runs e2e/node/follow.mjs and reads the JSON lines it prints.
type nodeClient struct {
	t      *testing.T
	stdin  io.WriteCloser
	lines  chan map[string]any
	stderr *testlog.Buffer
}

func startNodeClient(t *testing.T, url string) *nodeClient {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed: the end-to-end test with the MCP TypeScript SDK needs Node 20 or later")
	}
	dir, err := filepath.Abs(nodeE2E)
	require.NoError(t, err)
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "@modelcontextprotocol", "sdk", "package.json")); err != nil {
		t.Skip("the MCP TypeScript SDK is not installed: run `npm ci --prefix e2e/node` from the repository root")
	}
	cmd := exec.Command(node, "follow.mjs", url)
	cmd.Dir = dir
	c := &nodeClient{t: t, lines: make(chan map[string]any, 16), stderr: &testlog.Buffer{}}
	cmd.Stderr = c.stderr
	c.stdin, err = cmd.StdinPipe()
	require.NoError(t, err)
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	exited := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			var m map[string]any
			if json.Unmarshal(sc.Bytes(), &m) == nil {
				c.lines <- m
			}
		}
		exited <- cmd.Wait()
		close(c.lines)
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-exited
		if t.Failed() {
			t.Logf("node stderr:\n%s", c.stderr.String())
		}
	})
	return c
}

// next returns the client's next line, which must be event.
func (c *nodeClient) next(event string) map[string]any {
	c.t.Helper()
	select {
	case m, ok := <-c.lines:
		require.True(c.t, ok, "the node client exited before %q: %s", event, c.stderr.String())
		require.Equal(c.t, event, m["event"], "node client: %v", m)
		return m
	case <-time.After(30 * time.Second):
		c.t.Fatalf("no %q from the node client: %s", event, c.stderr.String())
	}
	return nil
}

func (c *nodeClient) say(word string) {
	c.t.Helper()
	_, err := io.WriteString(c.stdin, word+"\n")
	require.NoError(c.t, err)
}

// TestNodeSDKFollowsAHandoff connects the official MCP TypeScript SDK
// (protocol 2025-11-25) to the built binary over streamable HTTP: it lists
// the tools, reads handoff://{id}, subscribes, and is told when another
// process (this test, through its own database handle) changes the handoff;
// then a call waits for an agent, reporting progress, until one joins.
func TestNodeSDKFollowsAHandoff(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	ln.Close()
	dir := t.TempDir()
	db := filepath.Join(dir, "handoff.db")
	cfg := filepath.Join(dir, "handoff.yaml")
	require.NoError(t, os.WriteFile(cfg, []byte("updates:\n  poll_interval: 50ms\n  wait_for_agent: 30s\n  progress_interval: 1s\n"), 0o600))
	srv := exec.Command(binary, "--config", cfg, "serve", "--http", addr, "--db", db)
	srvErr := &testlog.Buffer{}
	srv.Stderr = srvErr
	require.NoError(t, srv.Start())
	t.Cleanup(func() { _ = srv.Process.Kill() })
	require.Eventually(t, func() bool {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
		}
		return err == nil
	}, 10*time.Second, 20*time.Millisecond, "server did not start: %s", srvErr.String())

	client := startNodeClient(t, "http://"+addr+"/mcp")
	ctx := context.Background()
	elsewhere, err := store.Open(ctx, db, store.Options{}) // another process's view of the database
	require.NoError(t, err)
	defer elsewhere.Close()

	sub := client.next("subscribed")
	assert.Subset(t, sub["tools"], []any{"check_service_hours", "collect_contact", "request_human_handoff"})
	assert.Equal(t, []any{"handoff://{id}"}, sub["templates"])
	assert.Equal(t, "delivered", sub["status"])
	assert.Equal(t, "delivered", sub["state"])
	assert.Equal(t, "human", sub["owner"])
	assert.EqualValues(t, 1, sub["events"], "created delivered: the inbox takes it as it is stored")
	followed, other := sub["followed"].(string), sub["other"].(string)

	// Both change; only the followed one is announced.
	_, err = elsewhere.UpdateHandoff(ctx, other, func(handoff.Handoff) (handoff.Change, error) {
		return handoff.Change{State: handoff.StateAgentJoined, Cause: "agent replied", At: time.Time{}}, nil
	})
	require.NoError(t, err)
	_, err = elsewhere.UpdateHandoff(ctx, followed, func(handoff.Handoff) (handoff.Change, error) {
		return handoff.Change{State: handoff.StateAgentJoined, Cause: "agent replied", At: time.Time{}}, nil
	})
	require.NoError(t, err)
	upd := client.next("updated")
	assert.Equal(t, "handoff://"+followed, upd["uri"])
	assert.Equal(t, "agent_joined", upd["state"])
	assert.Equal(t, "human", upd["owner"])
	assert.Equal(t, []any{"delivered", "agent_joined"}, upd["events"])

	nf := client.next("not_found")
	assert.EqualValues(t, -32002, nf["code"], "resource not found, as the specification names it")
	assert.Contains(t, nf["message"], "resource not found: handoff://h_doesnotexist")

	client.say("wait")
	p := client.next("progress")
	assert.Equal(t, "Waiting for an agent (position 1, about 2 min)", p["message"])
	assert.EqualValues(t, 30, p["total"])
	h, err := elsewhere.OpenHandoff(ctx, "node-waiting")
	require.NoError(t, err)
	_, err = elsewhere.UpdateHandoff(ctx, h.ID, func(handoff.Handoff) (handoff.Change, error) {
		return handoff.Change{State: handoff.StateAgentJoined, Cause: "agent replied", At: time.Time{}}, nil
	})
	require.NoError(t, err)
	waited := client.next("waited")
	assert.Equal(t, "agent_joined", waited["status"])
	assert.Equal(t, "human", waited["owner"])

	client.say("done")
	done := client.next("done")
	received, _ := done["received"].([]any)
	require.NotEmpty(t, received)
	for _, uri := range received {
		assert.Equal(t, "handoff://"+followed, uri, "only the followed handoff is announced")
	}

	require.NoError(t, srv.Process.Signal(syscall.SIGTERM))
	require.NoError(t, srv.Wait(), "exit after SIGTERM: %s", srvErr.String())
	assert.Contains(t, srvErr.String(), "database closed")
}
