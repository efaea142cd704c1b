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

// samplingConfig writes a configuration with classifier mode sampling.
func samplingConfig(t *testing.T) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "handoff.yaml")
	require.NoError(t, os.WriteFile(file, []byte("classifier:\n  mode: sampling\n  sampling: {timeout: 20s, model_hints: [claude-sonnet]}\n"), 0o600))
	return file
}

const clientAnswer = `{"handoff": true, "triggers": ["explicit_request"], "confidence": 0.95, "reason": "Asks for a person."}`

var handoffArgs = map[string]any{
	"conversation_id": "sampling-1",
	"transcript":      []map[string]string{{"role": "user", "content": "Can someone from your team call me back?"}},
	"email":           "kunde@example.de",
}

// checkSamplingParams checks the sampling/createMessage parameters as the
// client receives them on the wire.
func checkSamplingParams(t *testing.T, p map[string]any) {
	t.Helper()
	assert.Contains(t, p["systemPrompt"], "You decide whether a customer-service conversation must be handed to a human agent.")
	assert.Equal(t, float64(300), p["maxTokens"])
	assert.Equal(t, "none", p["includeContext"])
	prefs := p["modelPreferences"].(map[string]any)
	assert.Equal(t, []any{map[string]any{"name": "claude-sonnet"}}, prefs["hints"])
	msgs := p["messages"].([]any)
	require.Len(t, msgs, 1)
	content := msgs[0].(map[string]any)["content"].(map[string]any)
	assert.Contains(t, content["text"], "Can someone from your team call me back?")
}

func structuredOf(t *testing.T, resp map[string]any) map[string]any {
	t.Helper()
	res, ok := resp["result"].(map[string]any)
	require.True(t, ok, "%v", resp)
	sc, ok := res["structuredContent"].(map[string]any)
	require.True(t, ok, "%v", res)
	return sc
}

// Before 2026-07-28 serve sends sampling/createMessage on the stdio session.
func TestBinarySamplingSession(t *testing.T) {
	db := filepath.Join(t.TempDir(), "h.db")
	s := startStdio(t, nil, "--config", samplingConfig(t), "--db", db)
	init := s.request(1, "initialize", map[string]any{
		"protocolVersion": "2025-11-25",
		"capabilities":    map[string]any{"sampling": map[string]any{}},
		"clientInfo":      map[string]any{"name": "sampling-test", "version": "1"},
	})
	require.NotNil(t, init["result"], "%v", init)
	s.send(`{"jsonrpc":"2.0","method":"notifications/initialized"}`)

	b, err := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": 2, "method": "tools/call",
		"params": map[string]any{"name": "request_human_handoff", "arguments": handoffArgs}})
	require.NoError(t, err)
	s.send(string(b))
	req := s.recv()
	require.Equal(t, "sampling/createMessage", req["method"], "%v", req)
	checkSamplingParams(t, req["params"].(map[string]any))
	b, err = json.Marshal(map[string]any{"jsonrpc": "2.0", "id": req["id"], "result": map[string]any{
		"role": "assistant", "model": "client-model", "content": map[string]any{"type": "text", "text": clientAnswer}}})
	require.NoError(t, err)
	s.send(string(b))

	// The handoff is made: the client's model writes its summary next.
	sum := s.recv()
	require.Equal(t, "sampling/createMessage", sum["method"], "%v", sum)
	p := sum["params"].(map[string]any)
	assert.Contains(t, p["systemPrompt"], "You write the note a human support agent reads first")
	assert.Contains(t, p["messages"].([]any)[0].(map[string]any)["content"].(map[string]any)["text"], "Can someone from your team call me back?")
	b, err = json.Marshal(map[string]any{"jsonrpc": "2.0", "id": sum["id"], "result": map[string]any{
		"role": "assistant", "model": "client-model", "content": map[string]any{"type": "text",
			"text": `{"goal":"A call back from the team.","tried":"","why":"The customer asked for a person."}`}}})
	require.NoError(t, err)
	s.send(string(b))

	var resp map[string]any
	for resp == nil || resp["id"] != float64(2) {
		resp = s.recv()
	}
	sc := structuredOf(t, resp)
	assert.Equal(t, "sampling", sc["classifier"])
	assert.Equal(t, "Asks for a person.", sc["reason"])
	assert.Equal(t, "delivered", sc["status"])

	show, err := exec.Command(binary, "--db", db, "inbox", "show", sc["handoff_id"].(string)).CombinedOutput()
	require.NoError(t, err, string(show))
	assert.Contains(t, string(show), "Goal:         A call back from the team.\n")
	assert.Contains(t, string(show), "Handed over:  The customer asked for a person.\n")
	assert.Contains(t, string(show), "Written by:   the bot's own model\n")
}

// From 2026-07-28 serve returns input_required and reads the answer from
// the retried call; a second round asks for the handoff's summary.
func TestBinarySamplingModernProtocol(t *testing.T) {
	db := filepath.Join(t.TempDir(), "h.db")
	s := startStdio(t, nil, "--config", samplingConfig(t), "--db", db)
	meta := map[string]any{
		"io.modelcontextprotocol/protocolVersion":    "2026-07-28",
		"io.modelcontextprotocol/clientCapabilities": map[string]any{"sampling": map[string]any{}},
		"io.modelcontextprotocol/clientInfo":         map[string]any{"name": "modern", "version": "1"},
	}
	first := s.request(1, "tools/call", map[string]any{"_meta": meta, "name": "request_human_handoff", "arguments": handoffArgs})
	res := first["result"].(map[string]any)
	require.Equal(t, "input_required", res["resultType"], "%v", res)
	reqs := res["inputRequests"].(map[string]any)
	require.Len(t, reqs, 1)
	var id string
	for k, v := range reqs {
		id = k
		assert.Equal(t, "sampling/createMessage", v.(map[string]any)["method"])
		checkSamplingParams(t, v.(map[string]any)["params"].(map[string]any))
	}
	second := s.request(2, "tools/call", map[string]any{"_meta": meta, "name": "request_human_handoff", "arguments": handoffArgs,
		"requestState": res["requestState"],
		"inputResponses": map[string]any{id: map[string]any{
			"role": "assistant", "model": "client-model", "content": map[string]any{"type": "text", "text": clientAnswer}}}})

	// The handoff is decided: the retried call asks for its summary next,
	// keeping the classification's answer in its state.
	res = second["result"].(map[string]any)
	require.Equal(t, "input_required", res["resultType"], "%v", res)
	reqs = res["inputRequests"].(map[string]any)
	require.Len(t, reqs, 1)
	var sumID string
	for k, v := range reqs {
		sumID = k
		p := v.(map[string]any)["params"].(map[string]any)
		assert.Contains(t, p["systemPrompt"], "You write the note a human support agent reads first")
	}
	assert.True(t, strings.HasPrefix(sumID, "summarize_"), sumID)
	third := s.request(3, "tools/call", map[string]any{"_meta": meta, "name": "request_human_handoff", "arguments": handoffArgs,
		"requestState": res["requestState"],
		"inputResponses": map[string]any{sumID: map[string]any{
			"role": "assistant", "model": "client-model", "content": map[string]any{"type": "text",
				"text": `{"goal":"A call back from the team.","tried":"","why":"The customer asked for a person."}`}}}})
	sc := structuredOf(t, third)
	assert.Equal(t, "sampling", sc["classifier"])
	assert.Equal(t, "delivered", sc["status"])

	show, err := exec.Command(binary, "--db", db, "inbox", "show", sc["handoff_id"].(string)).CombinedOutput()
	require.NoError(t, err, string(show))
	assert.Contains(t, string(show), "Goal:         A call back from the team.\n")
	assert.Contains(t, string(show), "Written by:   the bot's own model\n")
}

// config check accepts mode sampling; classify and eval have no MCP client
// and say so, naming what to use instead.
func TestBinarySamplingOutsideServe(t *testing.T) {
	cfg := samplingConfig(t)
	out, err := exec.Command(binary, "config", "check", cfg).CombinedOutput()
	require.NoError(t, err, string(out))
	assert.Contains(t, string(out), "valid")

	out, err = exec.Command(binary, "--config", cfg, "classify", "I want a human").CombinedOutput()
	require.Error(t, err)
	assert.Contains(t, string(out), "there is no MCP client here; it works in serve only. Use --classifier embedded")

	out, err = exec.Command(binary, "--config", cfg, "classify", "--classifier", "embedded", "I want to talk to a real person").CombinedOutput()
	require.NoError(t, err, string(out))
	assert.Contains(t, string(out), "HANDOFF: yes")

	data := filepath.Join(t.TempDir(), "rows.jsonl")
	require.NoError(t, os.WriteFile(data, []byte(`{"id":"a","lang":"en","transcript":[{"role":"user","content":"I want a human"}],"expect_handoff":true,"expect_trigger":"explicit_request"}`+"\n"), 0o600))
	cmd := exec.Command(binary, "--config", cfg, "eval", "--classifier", "sampling", "--data", data)
	cmd.Dir = "../.."
	out, err = cmd.CombinedOutput()
	require.Error(t, err)
	assert.Contains(t, string(out), "there is no MCP client here")
}
