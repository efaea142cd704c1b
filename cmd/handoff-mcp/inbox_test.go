package main

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBinaryInboxLoop works a handoff from the command line while the
// server runs over stdio on the embedded defaults, on the same database:
// the agent's reply reaches the bot, the user's reply reaches the agent,
// and the agent's close hands the conversation back.
func TestBinaryInboxLoop(t *testing.T) {
	db := filepath.Join(t.TempDir(), "handoff.db")
	s := startStdio(t, []string{"HANDOFF_MCP_CONFIG="}, "--db", db)
	init := s.request(1, "initialize", map[string]any{
		"protocolVersion": "2025-11-25", "capabilities": map[string]any{},
		"clientInfo": map[string]any{"name": "inbox-test", "version": "1"},
	})
	require.NotNil(t, init["result"], "%v", init)
	s.send(`{"jsonrpc":"2.0","method":"notifications/initialized"}`)

	tool := func(id int, name string, args map[string]any) map[string]any {
		t.Helper()
		resp := s.request(id, "tools/call", map[string]any{"name": name, "arguments": args})
		txt, isErr := toolText(t, resp)
		require.False(t, isErr, txt)
		return resp["result"].(map[string]any)["structuredContent"].(map[string]any)
	}
	inbox := func(args ...string) (string, error) {
		out, err := exec.Command(binary, append([]string{"--db", db, "inbox"}, args...)...).CombinedOutput()
		return string(out), err
	}

	req := tool(2, "request_human_handoff", map[string]any{
		"conversation_id": "cli-1", "email": "anna@example.com", "language": "en",
		"transcript": []map[string]string{{"role": "user", "content": "Please let me talk to a human."}},
	})
	id := req["handoff_id"].(string)
	require.Equal(t, "delivered", req["status"])

	out, err := inbox("reply", id, "--name", "Lea", "Hi Anna,", "Lea here.")
	require.NoError(t, err, out)
	assert.Equal(t, "Reply 2 stored for handoff "+id+" (agent_joined); the bot relays it to the user.\n", out)

	st := tool(3, "get_handoff_status", map[string]any{"handoff_id": id})
	assert.Equal(t, "agent_joined", st["state"])
	msgs := st["messages"].([]any)
	require.Len(t, msgs, 2)
	assert.Equal(t, "Hi Anna, Lea here.", msgs[1].(map[string]any)["text"])

	tool(4, "send_handoff_message", map[string]any{"handoff_id": id, "text": "Hi Lea, order 4711."})
	out, err = inbox("show", id)
	require.NoError(t, err, out)
	assert.Contains(t, out, "Session:\n  agent Lea, joined ")
	assert.Contains(t, out, "agent Lea: Hi Anna, Lea here.")
	assert.Contains(t, out, "user:      Hi Lea, order 4711.")
	assert.Contains(t, out, "delivered -> agent_joined  (the agent replied)")

	out, err = inbox("close", id)
	require.NoError(t, err, out)
	assert.Equal(t, "Handoff "+id+" closed; the bot tells the user and takes the conversation back.\n", out)
	st = tool(5, "get_handoff_status", map[string]any{"handoff_id": id, "since": 3})
	assert.Equal(t, "closed", st["state"])
	assert.Equal(t, "bot", st["owner"])

	out, err = inbox("reply", id, "Still there?")
	require.Error(t, err, "a closed handoff takes no reply")
	assert.Contains(t, out, "is closed; the agent's message is not relayed")
	out, err = inbox("close", "h_nope")
	require.Error(t, err)
	assert.Contains(t, out, "handoff h_nope not found")
	out, err = inbox("list", "--all")
	require.NoError(t, err, out)
	assert.True(t, strings.Contains(out, id+"  closed"), out)
}
