package main

import (
	"encoding/json"
	"os"
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

	// An unknown resource over stdio: resource not found, -32002.
	nf := s.request(90, "resources/read", map[string]any{"uri": "handoff://h_doesnotexist"})
	require.NotNil(t, nf["error"], "%v", nf)
	assert.EqualValues(t, -32002, nf["error"].(map[string]any)["code"])

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

	// User text reaches the agent's terminal with its escape sequences
	// neutralised.
	tool(6, "send_handoff_message", map[string]any{"handoff_id": id, "text": "ok\u001b]8;;https://evil.example\u0007link\u001b]8;;\u0007 \u001b[2J"})
	out, err = inbox("show", id)
	require.NoError(t, err, out)
	assert.NotContains(t, out, "\x1b")
	assert.NotContains(t, out, "\a")

	out, err = inbox("close", id)
	require.NoError(t, err, out)
	assert.Equal(t, "Handoff "+id+" closed; the bot tells the user and takes the conversation back.\n", out)
	st = tool(5, "get_handoff_status", map[string]any{"handoff_id": id, "since": 3})
	assert.Equal(t, "closed", st["state"])
	assert.Equal(t, "bot", st["owner"])
	assert.Contains(t, st["survey_question"], "How satisfied were you")
	tool(7, "rate_handoff", map[string]any{"handoff_id": id, "rating": 4, "comment": "Quick, thanks."})
	out, err = inbox("show", id)
	require.NoError(t, err, out)
	assert.Regexp(t, `\nSatisfaction: 4 of 5 \(\S+\)\n  Quick, thanks\.\n`, out)

	stats, err := exec.Command(binary, "--db", db, "stats", "--json").CombinedOutput()
	require.NoError(t, err, string(stats))
	var figures map[string]any
	require.NoError(t, json.Unmarshal(stats, &figures), string(stats))
	for _, k := range []string{"escalations", "first_response", "resolution", "satisfaction", "calls", "judges"} {
		assert.Contains(t, figures, k)
	}
	assert.EqualValues(t, 1, figures["escalations"].(map[string]any)["total"])
	assert.Equal(t, map[string]any{"count": 1.0, "mean": 4.0}, figures["satisfaction"])
	assert.EqualValues(t, 1, figures["resolution"].(map[string]any)["count"])

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

// TestBinaryInboxShowsJudges records who decided each handoff, the calling
// model's vote and the server's verdict, and shows them in inbox show: a
// grounded vote that decides under agent_vote trust, and a forced handoff
// with a vote that is recorded only.
func TestBinaryInboxShowsJudges(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "handoff.db")
	cfg := filepath.Join(dir, "handoff.yaml")
	require.NoError(t, os.WriteFile(cfg, []byte("classifier:\n  agent_vote: trust\n"), 0o600))
	s := startStdio(t, []string{"HANDOFF_MCP_CONFIG=" + cfg}, "--db", db)
	init := s.request(1, "initialize", map[string]any{
		"protocolVersion": "2025-11-25", "capabilities": map[string]any{},
		"clientInfo": map[string]any{"name": "inbox-test", "version": "1"},
	})
	require.NotNil(t, init["result"], "%v", init)
	s.send(`{"jsonrpc":"2.0","method":"notifications/initialized"}`)
	tool := func(id int, args map[string]any) string {
		t.Helper()
		resp := s.request(id, "tools/call", map[string]any{"name": "request_human_handoff", "arguments": args})
		txt, isErr := toolText(t, resp)
		require.False(t, isErr, txt)
		out := resp["result"].(map[string]any)["structuredContent"].(map[string]any)
		require.Equal(t, "delivered", out["status"], txt)
		return out["handoff_id"].(string)
	}
	inboxShow := func(id string) string {
		out, err := exec.Command(binary, "--db", db, "inbox", "show", id).CombinedOutput()
		require.NoError(t, err, string(out))
		return string(out)
	}

	voted := tool(2, map[string]any{
		"conversation_id": "cli-vote", "email": "anna@example.com",
		"transcript": []map[string]string{{"role": "user", "content": "What are your delivery times to Finland?"}},
		"triggers":   []string{"explicit_request"}, "evidence": "delivery times to Finland",
	})
	out := inboxShow(voted)
	assert.Contains(t, out, "Triggers:     explicit_request\n")
	assert.Contains(t, out, "Decided by:   calling_model (the bot's own model voted")
	assert.Contains(t, out, `Bot's vote:   voted explicit_request, quoting the customer: "delivery times to Finland"; decided: classifier.agent_vote is trust`)
	assert.Contains(t, out, "Server said:  no handoff (confidence ")

	forced := tool(3, map[string]any{
		"conversation_id": "cli-force", "email": "anna@example.com", "force": true, "reason": "The user pressed Talk to a person.",
		"transcript": []map[string]string{{"role": "user", "content": "Hello"}},
		"triggers":   []string{"frustration"},
	})
	out = inboxShow(forced)
	assert.Contains(t, out, "Triggers:     forced\n")
	assert.Contains(t, out, "Decided by:   forced (the bot or its host asked for a person outright; not classified)")
	assert.Contains(t, out, "Bot's vote:   voted frustration, without evidence; recorded only: the handoff was forced")
	assert.Contains(t, out, "Reason:       Forced by the caller (not classified): The user pressed Talk to a person.")
	assert.NotContains(t, out, "Server said:")
}
