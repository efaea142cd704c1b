package buildflags

import (
	"bufio"
	"bytes"
	"context"
	"debug/elf"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/internal/testlog"
)

// staticLibc reports whether the C compiler finds the C library's static
// archive (gcc answers a bare "libc.a" when it does not).
func staticLibc() bool {
	out, err := exec.Command("gcc", "-print-file-name=libc.a").Output()
	return err == nil && filepath.IsAbs(strings.TrimSpace(string(out)))
}

// TestBuiltBinaryServes builds handoff-mcp as cmd/start does (static where
// the C library's archive is there), checks how it was linked, and uses it:
// SQLite, the phone-number metadata, the classifier, the tools over stdio,
// and a second process reading what the first stored.
func TestBuiltBinaryServes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds handoff-mcp; skipped under -short")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	dir := t.TempDir()
	bin := filepath.Join(dir, "handoff-mcp")
	var out bytes.Buffer
	require.NoError(t, Build(ctx, &out, Go, runtime.GOOS, bin, "github.com/handoff-mcp/handoff-mcp/cmd/handoff-mcp"), "%s", out.String())

	f, err := elf.Open(bin)
	if err == nil {
		defer f.Close()
		dynamic := false
		for _, p := range f.Progs {
			dynamic = dynamic || p.Type == elf.PT_INTERP
		}
		if Static(runtime.GOOS) && staticLibc() {
			assert.False(t, dynamic, "linked dynamically although libc.a is there: %s", out.String())
			assert.Empty(t, out.String(), "the static link warned")
		} else {
			assert.Contains(t, out.String(), "linking it dynamically instead")
		}
	}

	db := filepath.Join(dir, "h.db")
	cmd := exec.CommandContext(ctx, bin, "--db", db, "--log-level", "error", "serve")
	var stderr testlog.Buffer // written while the test reads it
	cmd.Stderr = &stderr
	stdin, err := cmd.StdinPipe()
	require.NoError(t, err)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	lines := bufio.NewScanner(stdout)
	lines.Buffer(nil, 1<<20)
	call := func(id int, method string, params any) map[string]any {
		t.Helper()
		b, err := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": id, "method": method, "params": params})
		require.NoError(t, err)
		_, err = stdin.Write(append(b, '\n'))
		require.NoError(t, err)
		for lines.Scan() {
			var msg map[string]any
			require.NoError(t, json.Unmarshal(lines.Bytes(), &msg))
			if got, ok := msg["id"].(float64); ok && int(got) == id {
				return msg
			}
		}
		t.Fatalf("no answer to %s; stderr: %s", method, stderr.String())
		return nil
	}
	init := call(1, "initialize", map[string]any{"protocolVersion": "2025-11-25", "capabilities": map[string]any{},
		"clientInfo": map[string]any{"name": "buildflags-test", "version": "1"}})
	require.NotNil(t, init["result"], "%v; stderr: %s", init, stderr.String())
	_, err = stdin.Write([]byte(`{"jsonrpc":"2.0","method":"notifications/initialized"}` + "\n"))
	require.NoError(t, err)

	contact := call(2, "tools/call", map[string]any{"name": "collect_contact", "arguments": map[string]any{
		"conversation_id": "static-1", "email": "Anna.Berg@example.com", "phone": "+49 30 1234567"}})
	res := contact["result"].(map[string]any)
	assert.NotEqual(t, true, res["isError"], "%v", res)
	assert.Equal(t, "+49301234567", res["structuredContent"].(map[string]any)["phone"])

	handoff := call(3, "tools/call", map[string]any{"name": "request_human_handoff", "arguments": map[string]any{
		"conversation_id": "static-1",
		"transcript":      []map[string]string{{"role": "user", "content": "Please let me talk to a human."}}}})
	res = handoff["result"].(map[string]any)
	assert.Equal(t, "delivered", res["structuredContent"].(map[string]any)["status"], "%v", res)
	require.NoError(t, stdin.Close())
	require.NoError(t, cmd.Wait(), "stderr: %s", stderr.String())

	list, err := exec.CommandContext(ctx, bin, "--db", db, "inbox", "list", "--json").CombinedOutput()
	require.NoError(t, err, "%s", list)
	assert.Contains(t, string(list), "static-1")
}
