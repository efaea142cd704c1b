package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	_ "github.com/jackc/pgx/v5/stdlib" // the pgx driver, for the tests' admin connection

	"github.com/handoff-mcp/handoff-mcp/internal/testlog"
	"github.com/handoff-mcp/handoff-mcp/store"
)

// The harness of the tests that run several `serve --http` replicas of the
// built binary on one database (nginx_test.go, replicas_kill_test.go).

// postgresEnvVar names the PostgreSQL server the multi-replica tests run
// on (a postgres:// URL); without it they run on a SQLite file shared by
// the processes of this host.
const postgresEnvVar = "HANDOFF_MCP_TEST_POSTGRES"

// onEachBackend runs f as a subtest on a new database of each backend the
// replicas can share: a SQLite file (processes of one host), and PostgreSQL
// (replicas anywhere), which skips, saying why, without
// HANDOFF_MCP_TEST_POSTGRES.
func onEachBackend(t *testing.T, f func(t *testing.T, db string)) {
	t.Run("sqlite", func(t *testing.T) { f(t, filepath.Join(t.TempDir(), "handoff.db")) })
	t.Run("postgres", func(t *testing.T) {
		base := os.Getenv(postgresEnvVar)
		if base == "" {
			t.Skipf("PostgreSQL replicas skipped: set %s to a postgres:// URL of a database the tests may create schemas in (.ci/run sets it up)", postgresEnvVar)
		}
		f(t, postgresSchema(t, base))
	})
}

// postgresSchema creates a schema of the test's own in the database of
// base, dropped when the test ends, and returns a URL whose connections use
// it (search_path).
func postgresSchema(t *testing.T, base string) string {
	t.Helper()
	admin, err := sql.Open("pgx", base)
	require.NoError(t, err)
	t.Cleanup(func() { admin.Close() })
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "replicas_" + hex.EncodeToString(b[:])
	_, err = admin.Exec("CREATE SCHEMA " + schema)
	require.NoError(t, err, "creating a schema in %s", store.Redact(base))
	t.Cleanup(func() {
		_, err := admin.Exec("DROP SCHEMA " + schema + " CASCADE")
		assert.NoError(t, err)
	})
	u, err := url.Parse(base)
	require.NoError(t, err)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// freeAddr returns a loopback host:port nobody listens on (for a child
// process to take).
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	return addr
}

// replica is one `serve --http` process of the built binary.
type replica struct {
	t      *testing.T
	name   string // --replica
	addr   string // host:port
	cmd    *exec.Cmd
	stderr *testlog.Buffer
	exited chan struct{} // closed when the process has exited
}

// startReplica runs `serve --http` on a free loopback port, on db with the
// config file cfg, as replica name, and waits until its /readyz answers
// 200. The process is killed when the test ends, if it still runs.
func startReplica(t *testing.T, name, db, cfg string) *replica {
	t.Helper()
	r := &replica{t: t, name: name, addr: freeAddr(t), stderr: &testlog.Buffer{}, exited: make(chan struct{})}
	r.cmd = exec.Command(binary, "serve", "--http", r.addr, "--replica", name, "--db", db, "--config", cfg)
	r.cmd.Env = append(os.Environ(), "HANDOFF_MCP_CONFIG=", "HANDOFF_MCP_TOKEN=")
	r.cmd.Stderr = r.stderr
	require.NoError(t, r.cmd.Start())
	go func() {
		_ = r.cmd.Wait()
		close(r.exited)
	}()
	t.Cleanup(func() { r.kill() })
	deadline := time.Now().Add(30 * time.Second)
	for {
		code, _ := httpGet(r.url() + "/readyz")
		if code == http.StatusOK {
			return r
		}
		select {
		case <-r.exited:
			t.Fatalf("replica %s exited at start: %s", name, r.stderr.String())
		default:
		}
		require.True(t, time.Now().Before(deadline), "replica %s not ready: %s", name, r.stderr.String())
		time.Sleep(20 * time.Millisecond)
	}
}

// url is the replica's base URL.
func (r *replica) url() string { return "http://" + r.addr }

// kill stops the process with SIGKILL (no shutdown, no released leases)
// and waits for it to exit; a process that has exited already is left.
func (r *replica) kill() {
	select {
	case <-r.exited:
		return
	default:
	}
	_ = r.cmd.Process.Signal(syscall.SIGKILL)
	<-r.exited
}

// stop ends the process gracefully (SIGTERM) and checks its exit.
func (r *replica) stop() {
	r.t.Helper()
	require.NoError(r.t, r.cmd.Process.Signal(syscall.SIGTERM))
	select {
	case <-r.exited:
	case <-time.After(40 * time.Second):
		r.t.Fatalf("replica %s did not exit after SIGTERM: %s", r.name, r.stderr.String())
	}
	require.True(r.t, r.cmd.ProcessState.Success(), "replica %s exit after SIGTERM: %s", r.name, r.stderr.String())
}

// httpGet returns the status and the body of a GET of url.
func httpGet(url string) (int, string) {
	c := http.Client{Timeout: 5 * time.Second}
	res, err := c.Get(url)
	if err != nil {
		return 0, err.Error()
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// mcpClient connects an mcp-go client to the MCP endpoint under base:
// protocol 2026-07-28 (stateless) or, with legacy, 2025-11-25 with a
// session. It returns the client and its transport (for the session id).
func mcpClient(t *testing.T, base string, legacy bool) (*client.Client, *transport.StreamableHTTP) {
	t.Helper()
	tr, err := transport.NewStreamableHTTP(base + "/mcp")
	require.NoError(t, err)
	var opts []client.ClientOption
	if legacy {
		opts = append(opts, client.WithProtocolVersion(mcp.ProtocolVersion20251125))
	}
	c := client.NewClient(tr, opts...)
	ctx := context.Background()
	require.NoError(t, c.Start(ctx))
	t.Cleanup(func() { c.Close() })
	var init mcp.InitializeRequest
	init.Params.ClientInfo = mcp.Implementation{Name: "replicas-test", Version: "1"}
	res, err := c.Initialize(ctx, init)
	require.NoError(t, err)
	want := mcp.ProtocolVersion20260728
	if legacy {
		want = mcp.ProtocolVersion20251125
	}
	require.Equal(t, want, res.ProtocolVersion)
	return c, tr
}

// callTool calls tool with args and returns its structured content; a tool
// error fails the test.
func callTool(t *testing.T, c *client.Client, tool string, args map[string]any) map[string]any {
	t.Helper()
	var req mcp.CallToolRequest
	req.Params.Name = tool
	req.Params.Arguments = args
	res, err := c.CallTool(context.Background(), req)
	require.NoError(t, err, tool)
	return structured(t, res)
}

// structured returns a tool result's structured content; a tool error
// fails the test.
func structured(t *testing.T, res *mcp.CallToolResult) map[string]any {
	t.Helper()
	b, err := json.Marshal(res.StructuredContent)
	require.NoError(t, err)
	require.False(t, res.IsError, "tool error: %s %v", b, res.Content)
	var out map[string]any
	require.NoError(t, json.Unmarshal(b, &out))
	return out
}

// askHuman returns request_human_handoff's arguments for a user who asks
// for a person in conversation conv.
func askHuman(conv string) map[string]any {
	return map[string]any{
		"conversation_id": conv, "email": "anna.berg@example.com", "language": "en",
		"transcript": []map[string]string{{"role": "user", "content": "My order never arrived. I want to talk to a human agent now."}},
	}
}

// runInbox runs `handoff-mcp --db db inbox args...` and returns its output.
func runInbox(t *testing.T, db string, args ...string) string {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"--db", db, "inbox"}, args...)...)
	cmd.Env = append(os.Environ(), "HANDOFF_MCP_CONFIG=")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "inbox %v: %s", args, out)
	return string(out)
}

// uniqueConv returns a conversation id no earlier run used (the PostgreSQL
// database outlives a test run).
func uniqueConv(t *testing.T, what string) string {
	return fmt.Sprintf("%s-%s-%d", t.Name(), what, time.Now().UnixNano())
}

// TestBinaryRefusesBadReplicaName checks --replica and HANDOFF_MCP_REPLICA
// before anything starts: the name goes into session ids that a load
// balancer matches.
func TestBinaryRefusesBadReplicaName(t *testing.T) {
	db := filepath.Join(t.TempDir(), "handoff.db")
	for _, tc := range []struct {
		name string
		args []string
		env  string
	}{
		{"flag", []string{"--replica", "R1"}, ""},
		{"environment", nil, "HANDOFF_MCP_REPLICA=r-1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cmd := exec.Command(binary, append([]string{"serve", "--http", freeAddr(t), "--db", db}, tc.args...)...)
			cmd.Env = append(os.Environ(), "HANDOFF_MCP_CONFIG=", tc.env)
			out, err := cmd.CombinedOutput()
			require.Error(t, err, "%s", out)
			assert.Contains(t, string(out), "--replica (or $HANDOFF_MCP_REPLICA): replica name")
			assert.Contains(t, string(out), "use 1 to 32 lower-case letters and digits")
		})
	}
}
