package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/internal/testlog"
)

// binary is the handoff-mcp binary built once for these tests.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "handoff-mcp-bin")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "handoff-mcp")
	out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "building binary: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// stdioSession runs the binary over stdio and exchanges JSON-RPC lines.
type stdioSession struct {
	t      *testing.T
	cmd    *exec.Cmd
	in     io.WriteCloser
	out    *bufio.Reader
	stderr *testlog.Buffer
}

func startStdio(t *testing.T, env []string, args ...string) *stdioSession {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = append(os.Environ(), env...)
	in, err := cmd.StdinPipe()
	require.NoError(t, err)
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	stderr := &testlog.Buffer{}
	cmd.Stderr = stderr
	require.NoError(t, cmd.Start())
	s := &stdioSession{t: t, cmd: cmd, in: in, out: bufio.NewReaderSize(out, 1<<20), stderr: stderr}
	t.Cleanup(func() {
		in.Close()
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	return s
}

func (s *stdioSession) send(line string) {
	s.t.Helper()
	_, err := io.WriteString(s.in, line+"\n")
	require.NoError(s.t, err)
}

// recv reads the next JSON-RPC message from stdout; every line of stdout
// must be JSON (logs go to stderr).
func (s *stdioSession) recv() map[string]any {
	s.t.Helper()
	line, err := s.out.ReadBytes('\n')
	require.NoError(s.t, err, "stderr: %s", s.stderr.String())
	var msg map[string]any
	require.NoError(s.t, json.Unmarshal(line, &msg), "stdout carried a non-JSON line: %q", line)
	return msg
}

func (s *stdioSession) request(id int, method string, params any) map[string]any {
	s.t.Helper()
	b, err := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": id, "method": method, "params": params})
	require.NoError(s.t, err)
	s.send(string(b))
	for {
		msg := s.recv()
		if msg["id"] != nil && msg["id"].(float64) == float64(id) {
			return msg
		}
	}
}

func toolText(t *testing.T, resp map[string]any) (string, bool) {
	t.Helper()
	res, ok := resp["result"].(map[string]any)
	require.True(t, ok, "no result in %v", resp)
	isErr, _ := res["isError"].(bool)
	var b strings.Builder
	for _, c := range res["content"].([]any) {
		b.WriteString(c.(map[string]any)["text"].(string))
	}
	return b.String(), isErr
}

func TestBinaryStdio(t *testing.T) {
	data := t.TempDir()
	s := startStdio(t, []string{"XDG_DATA_HOME=" + data, "HANDOFF_MCP_CONFIG="})

	init := s.request(1, "initialize", map[string]any{
		"protocolVersion": "2025-11-25",
		"capabilities":    map[string]any{},
		"clientInfo":      map[string]any{"name": "stdio-test", "version": "1"},
	})
	require.NotNil(t, init["result"], "%v", init)
	assert.Equal(t, "handoff-mcp", init["result"].(map[string]any)["serverInfo"].(map[string]any)["name"])
	s.send(`{"jsonrpc":"2.0","method":"notifications/initialized"}`)

	list := s.request(2, "tools/list", map[string]any{})
	var names []string
	for _, tl := range list["result"].(map[string]any)["tools"].([]any) {
		names = append(names, tl.(map[string]any)["name"].(string))
	}
	assert.ElementsMatch(t, []string{"request_human_handoff", "get_handoff_status", "send_handoff_message", "end_handoff", "rate_handoff",
		"check_service_hours", "collect_contact"}, names)

	// Malformed JSON-RPC gets a parse error, and the server keeps serving.
	s.send(`{"jsonrpc":"2.0","id":3,"method":`)
	parseErr := s.recv()
	require.NotNil(t, parseErr["error"], "%v", parseErr)
	assert.Equal(t, float64(-32700), parseErr["error"].(map[string]any)["code"])

	unknown := s.request(4, "tools/call", map[string]any{"name": "no_such_tool", "arguments": map[string]any{}})
	require.NotNil(t, unknown["error"], "%v", unknown)

	// Invalid UTF-8 inside a JSON string is refused, not silently mangled.
	s.send("{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"tools/call\",\"params\":{\"name\":\"request_human_handoff\",\"arguments\":{\"conversation_id\":\"utf\",\"transcript\":[{\"role\":\"user\",\"content\":\"hi \xff\xfe human\"}]}}}")
	bad := s.recv()
	txt, isErr := toolText(t, bad)
	assert.True(t, isErr)
	assert.Contains(t, txt, "not valid UTF-8")

	call := s.request(5, "tools/call", map[string]any{"name": "request_human_handoff", "arguments": map[string]any{
		"conversation_id": "stdio-1",
		"transcript":      []map[string]string{{"role": "user", "content": "Ich möchte bitte mit einem Mitarbeiter sprechen."}},
		"email":           "kunde@example.de",
		"language":        "de",
	}})
	txt, isErr = toolText(t, call)
	require.False(t, isErr, txt)
	assert.Contains(t, txt, "HUMAN AGENT NOW OWNS THIS CONVERSATION")
	sc := call["result"].(map[string]any)["structuredContent"].(map[string]any)
	assert.Equal(t, "human", sc["owner"])

	// The database was created in the XDG data directory, mode 0600.
	fi, err := os.Stat(filepath.Join(data, "handoff-mcp", "handoff.db"))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())

	// Logs went to stderr, with the email masked.
	s.in.Close()
	require.NoError(t, s.cmd.Wait())
	logs := s.stderr.String()
	assert.Contains(t, logs, "handoff accepted")
	assert.NotContains(t, logs, "kunde@example.de")
	assert.Contains(t, logs, "k***@example.de")

	// inbox list and show see the handoff.
	out, err := exec.Command(binary, "--db", filepath.Join(data, "handoff-mcp", "handoff.db"), "inbox", "list").CombinedOutput()
	require.NoError(t, err, string(out))
	assert.Contains(t, string(out), "kunde@example.de")
	id := strings.Fields(strings.Split(string(out), "\n")[1])[0]
	out, err = exec.Command(binary, "--db", filepath.Join(data, "handoff-mcp", "handoff.db"), "inbox", "show", id).CombinedOutput()
	require.NoError(t, err, string(out))
	assert.Contains(t, string(out), "Ich möchte bitte mit einem Mitarbeiter sprechen.")
	assert.Contains(t, string(out), "explicit_request")
	assert.Contains(t, string(out), "Helpdesk:     inbox (remote id "+id+")")
	assert.Contains(t, string(out), "new -> delivered  (created)", "the inbox takes it as it is stored: no outbox job")
	assert.NotContains(t, string(out), "Deliveries:")
}

func TestBinaryStdioModernProtocol(t *testing.T) {
	s := startStdio(t, nil, "--db", filepath.Join(t.TempDir(), "h.db"))
	meta := map[string]any{
		"io.modelcontextprotocol/protocolVersion":    "2026-07-28",
		"io.modelcontextprotocol/clientCapabilities": map[string]any{},
		"io.modelcontextprotocol/clientInfo":         map[string]any{"name": "modern", "version": "1"},
	}
	resp := s.request(1, "tools/call", map[string]any{"_meta": meta, "name": "check_service_hours", "arguments": map[string]any{}})
	txt, isErr := toolText(t, resp)
	require.False(t, isErr, txt)
	assert.Contains(t, txt, "always available")
}

func TestBinaryHTTPTokenAndShutdown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	ln.Close()

	tokenFile := filepath.Join(t.TempDir(), "token")
	require.NoError(t, os.WriteFile(tokenFile, []byte("s3cret-token\n"), 0o600))
	cmd := exec.Command(binary, "serve", "--http", addr, "--token-file", tokenFile, "--db", filepath.Join(t.TempDir(), "h.db"))
	stderr := &testlog.Buffer{}
	cmd.Stderr = stderr
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill() })

	url := "http://" + addr + "/mcp"
	body := `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}`
	post := func(token string) *http.Response {
		req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json, text/event-stream")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		t.Cleanup(func() { resp.Body.Close() })
		return resp
	}
	require.Eventually(t, func() bool {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
		}
		return err == nil
	}, 10*time.Second, 20*time.Millisecond, "server did not start: %s", stderr.String())

	missing := post("")
	assert.Equal(t, http.StatusUnauthorized, missing.StatusCode)
	assert.Contains(t, missing.Header.Get("WWW-Authenticate"), "Bearer")
	wrong := post("not-the-token")
	assert.Equal(t, http.StatusUnauthorized, wrong.StatusCode)
	assert.Contains(t, wrong.Header.Get("WWW-Authenticate"), "invalid_token")
	right := post("s3cret-token")
	assert.Equal(t, http.StatusOK, right.StatusCode)

	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	require.NoError(t, cmd.Wait(), "exit after SIGTERM: %s", stderr.String())
	assert.Contains(t, stderr.String(), "database closed")
	assert.NotContains(t, stderr.String(), "s3cret-token")
}

func TestBinaryRefusesPublicBindWithoutToken(t *testing.T) {
	db := filepath.Join(t.TempDir(), "h.db")
	cmd := exec.Command(binary, "serve", "--http", "0.0.0.0:0", "--db", db)
	cmd.Env = append(os.Environ(), "HANDOFF_MCP_TOKEN=")
	out, err := cmd.CombinedOutput()
	require.Error(t, err)
	assert.Contains(t, string(out), "needs a bearer token")
	assert.Contains(t, string(out), "--token-file")
	assert.NoFileExists(t, db, "refused before the store was opened")
	assert.NotContains(t, string(out), "database", "nothing started, so nothing to stop: %s", out)

	cmd = exec.Command(binary, "serve", "--http", "0.0.0.0:0", "--db", db)
	cmd.Env = append(os.Environ(), "HANDOFF_MCP_TOKEN=x")
	out, err = cmd.CombinedOutput()
	require.Error(t, err, "a one-character token guards nothing")
	assert.Contains(t, string(out), "use at least 16")
	assert.Contains(t, string(out), "openssl rand -hex 32")
	assert.NoFileExists(t, db)
}

func TestBinaryConfigCheck(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	require.NoError(t, os.WriteFile(good, []byte(`
classifier:
  mode: embedded
helpdesk:
  type: webhook
  webhook:
    url: https://hooks.example.com/handoff
    secret: ${HOOK_SECRET}
`), 0o600))
	cmd := exec.Command(binary, "config", "check", good)
	cmd.Env = append(os.Environ(), "HOOK_SECRET=very-secret-signing-key")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, string(out))
	assert.Contains(t, string(out), "valid")
	assert.Contains(t, string(out), "hooks.example.com")
	assert.NotContains(t, string(out), "very-secret-signing-key")

	bad := filepath.Join(dir, "bad.yaml")
	require.NoError(t, os.WriteFile(bad, []byte("transcript:\n  turns: 5\n  tunrs: 6\n"), 0o600))
	out, err = exec.Command(binary, "config", "check", bad).CombinedOutput()
	require.Error(t, err)
	assert.Contains(t, string(out), `line 3: unknown key "tunrs" in transcript; did you mean "turns"?`)

	// Trigger problems found where the classifier is built fail the check
	// too, as they would fail serve.
	badTrigger := filepath.Join(dir, "trigger.yaml")
	require.NoError(t, os.WriteFile(badTrigger, []byte("triggers:\n  - id: angry_user\n    description: x\n    kind: angry\n"), 0o600))
	out, err = exec.Command(binary, "config", "check", badTrigger).CombinedOutput()
	require.Error(t, err)
	assert.Contains(t, string(out), `triggers[0].kind: unknown kind "angry"`)
	assert.NotContains(t, string(out), "valid")
}

func TestBinaryClassify(t *testing.T) {
	out, err := exec.Command(binary, "classify", "Kann ich bitte mit einem Mitarbeiter sprechen?").CombinedOutput()
	require.NoError(t, err, string(out))
	assert.Contains(t, string(out), "HANDOFF: yes")
	assert.Contains(t, string(out), "explicit_request")

	out, err = exec.Command(binary, "classify", "What are your opening hours?").CombinedOutput()
	require.NoError(t, err, string(out))
	assert.Contains(t, string(out), "HANDOFF: no")

	file := filepath.Join(t.TempDir(), "chat.json")
	require.NoError(t, os.WriteFile(file, []byte(`{"transcript": [
		{"role": "user", "content": "my invoice"},
		{"role": "assistant", "content": "Sorry, I did not understand."},
		{"role": "user", "content": "my INVOICE"},
		{"role": "assistant", "content": "Sorry, I did not understand that."}]}`), 0o600))
	out, err = exec.Command(binary, "classify", "--transcript", file, "--json").CombinedOutput()
	require.NoError(t, err, string(out))
	var d map[string]any
	require.NoError(t, json.Unmarshal(out, &d), string(out))
	assert.Equal(t, true, d["handoff"])
	assert.Contains(t, d["triggers"], "bot_failure")

	out, err = exec.Command(binary, "classify").CombinedOutput()
	require.Error(t, err)
	assert.Contains(t, string(out), "--transcript FILE")
}

func TestBinaryEval(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "rows.jsonl")
	require.NoError(t, os.WriteFile(data, []byte(
		`{"id":"a","lang":"en","transcript":[{"role":"user","content":"I want to talk to a human agent"}],"expect_handoff":true,"expect_trigger":"explicit_request"}
{"id":"b","lang":"en","transcript":[{"role":"user","content":"What time do you open on Monday?"}],"expect_handoff":false,"expect_trigger":null}
`), 0o600))
	cmd := exec.Command(binary, "eval", "--data", data, "--classifier", "embedded", "--json", filepath.Join(dir, "r.json"), "--min-f1", "0.5")
	cmd.Dir = "../.."
	out, err := cmd.Output()
	require.NoError(t, err, string(out))
	assert.Contains(t, string(out), "explicit_request")
	var rep map[string]any
	b, err := os.ReadFile(filepath.Join(dir, "r.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &rep))
	assert.Equal(t, float64(1), rep["overall"].(map[string]any)["f1"])

	// Below the gate: a non-zero exit.
	cmd = exec.Command(binary, "eval", "--data", data, "--classifier", "embedded", "--min-f1", "1.01")
	cmd.Dir = "../.."
	_, err = cmd.Output()
	require.Error(t, err)
}

// TestClassifyingNeedsNoHelpdeskSecret runs classify, eval and triggers
// with a configuration whose helpdesk secret is an unset environment
// variable: they never use the helpdesk, so they work; serve's check fails.
func TestClassifyingNeedsNoHelpdeskSecret(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "handoff.yaml")
	require.NoError(t, os.WriteFile(cfg, []byte(`helpdesk:
  type: zendesk
  zendesk:
    subdomain: acme
    email: a@acme.com
    api_token: ${HANDOFF_TEST_UNSET_TOKEN}
`), 0o600))
	data := filepath.Join(dir, "rows.jsonl")
	require.NoError(t, os.WriteFile(data, []byte(`{"id":"a","lang":"en","transcript":[{"role":"user","content":"I want to talk to a human agent"}],"expect_handoff":true,"expect_trigger":"explicit_request"}
`), 0o600))
	env := append(os.Environ(), "HANDOFF_TEST_UNSET_TOKEN=")
	for _, args := range [][]string{
		{"classify", "--config", cfg, "I want a human"},
		{"eval", "--config", cfg, "--data", data, "--classifier", "embedded"},
		{"triggers", "explain", "--config", cfg},
	} {
		t.Run(args[0], func(t *testing.T) {
			cmd := exec.Command(binary, args...)
			cmd.Env, cmd.Dir = env, "../.." // eval reads the suite's triggers
			out, err := cmd.CombinedOutput()
			require.NoError(t, err, string(out))
			assert.Contains(t, string(out), "explicit_request")
		})
	}
	cmd := exec.Command(binary, "config", "check", cfg)
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	require.Error(t, err)
	assert.Contains(t, string(out), "HANDOFF_TEST_UNSET_TOKEN is not set")
}

// TestEvalsReadmeFiguresAreCurrent regenerates the figures section of
// evals/README.md with the embedded classifier and fails when the README
// shows other figures than the classifier gives: the figures are generated
// by the runner, never typed, and never stale.
func TestEvalsReadmeFiguresAreCurrent(t *testing.T) {
	readme, err := os.ReadFile("../../evals/README.md")
	require.NoError(t, err)
	tmp := filepath.Join(t.TempDir(), "README.md")
	require.NoError(t, os.WriteFile(tmp, readme, 0o600))
	cmd := exec.Command(binary, "eval", "--suite", "evals/suite.yaml", "--classifier", "embedded", "--quiet", "--markdown-section", tmp)
	cmd.Dir = "../.."
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, string(out))
	regenerated, err := os.ReadFile(tmp)
	require.NoError(t, err)
	// The section names the command that made it; compare the figures.
	strip := func(b []byte) string {
		return regexp.MustCompile("Generated by `[^`]*`").ReplaceAllString(string(b), "Generated by `...`")
	}
	assert.Equal(t, strip(readme), strip(regenerated),
		"evals/README.md is stale: run go run ./cmd/handoff-mcp eval --suite evals/suite.yaml --classifier embedded --markdown-section evals/README.md")
}

// A script that writes its requests and closes stdin (`cat calls.jsonl |
// handoff-mcp`) gets every tool call answered: the end of the input waits
// for them instead of cancelling them.
func TestBinaryStdioPipedScript(t *testing.T) {
	data := t.TempDir()
	script := `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"script","version":"1"}}}
{"jsonrpc":"2.0","method":"notifications/initialized"}
{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"request_human_handoff","arguments":{"conversation_id":"piped-1","email":"ann@example.com","transcript":[{"role":"user","content":"I want to talk to a real person now."}]}}}
{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"collect_contact","arguments":{"conversation_id":"piped-2","phone":"+49 30 1234567"}}}
`
	cmd := exec.Command(binary, "--db", filepath.Join(data, "h.db"))
	cmd.Env = append(os.Environ(), "HANDOFF_MCP_CONFIG=")
	cmd.Stdin = strings.NewReader(script)
	stderr := &testlog.Buffer{}
	cmd.Stderr = stderr
	out, err := cmd.Output()
	require.NoError(t, err, stderr.String())

	answers := map[float64]map[string]any{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		var msg map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &msg), line)
		if id, ok := msg["id"].(float64); ok {
			answers[id] = msg
		}
	}
	require.Len(t, answers, 3, "%s\nstderr: %s", out, stderr)
	for _, id := range []float64{2, 3} {
		require.Nil(t, answers[id]["error"], "call %v: %v", id, answers[id])
		txt, isErr := toolText(t, answers[id])
		assert.False(t, isErr, txt)
	}
	txt, _ := toolText(t, answers[2])
	assert.Contains(t, txt, "HUMAN AGENT NOW OWNS THIS CONVERSATION")
}
