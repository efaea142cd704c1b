package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/internal/testlog"
	"github.com/handoff-mcp/handoff-mcp/store"
)

// nginxBinary is where Debian's nginx package installs nginx.
const nginxBinary = "/usr/sbin/nginx"

// nginxConf is the documented configuration (docs/deploy.md shows it).
const nginxConf = "../../docs/nginx/handoff-mcp.conf"

// The documented replicas' addresses and nginx's listen line, which the
// test replaces with loopback ones.
const (
	docReplica1 = "10.0.0.11:8080"
	docReplica2 = "10.0.0.12:8080"
	docListen   = "listen 80;"
)

// proxy is nginx running the documented configuration in front of two
// replicas, as a child process on a loopback port.
type proxy struct {
	t      *testing.T
	addr   string
	dir    string
	cmd    *exec.Cmd
	stderr *testlog.Buffer
}

// startNginx runs nginx with docs/nginx/handoff-mcp.conf, its replica
// addresses replaced by r1's and r2's, in the foreground. It skips the test,
// saying why, when nginx is not installed.
func startNginx(t *testing.T, r1, r2 *replica) *proxy {
	t.Helper()
	if _, err := os.Stat(nginxBinary); err != nil {
		t.Skipf("nginx is not installed (%v): apt-get install -y nginx to run the load-balancer test", err)
	}
	doc, err := os.ReadFile(nginxConf)
	require.NoError(t, err)
	conf := string(doc)
	for _, s := range []string{docReplica1, docReplica2, docListen} {
		require.Contains(t, conf, s, "the documented config changed: update the test's replacements")
	}
	p := &proxy{t: t, addr: freeAddr(t), dir: t.TempDir(), stderr: &testlog.Buffer{}}
	conf = strings.NewReplacer(docReplica1, r1.addr, docReplica2, r2.addr, docListen, "listen "+p.addr+";").Replace(conf)
	require.NoError(t, os.WriteFile(filepath.Join(p.dir, "handoff-mcp.conf"), []byte(conf), 0o600))
	user := ""
	if os.Getuid() == 0 {
		user = "user root;" // the workers write their temporary files in the test's directory
	}
	// The main configuration: what /etc/nginx/nginx.conf holds, in the
	// test's directory, with an access log that names the replica that
	// served each request.
	main := fmt.Sprintf(`%[2]s
daemon off;
master_process on;
worker_processes 1;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log warn;
events { worker_connections 256; }
http {
    log_format replicas '$request_method $uri $status $upstream_addr "$http_mcp_method" "$http_mcp_session_id"';
    access_log %[1]s/access.log replicas;
    client_body_temp_path %[1]s/body;
    proxy_temp_path %[1]s/proxy;
    fastcgi_temp_path %[1]s/fastcgi;
    uwsgi_temp_path %[1]s/uwsgi;
    scgi_temp_path %[1]s/scgi;
    include %[1]s/handoff-mcp.conf;
}
`, p.dir, user)
	mainPath := filepath.Join(p.dir, "nginx.conf")
	require.NoError(t, os.WriteFile(mainPath, []byte(main), 0o600))
	if out, err := exec.Command(nginxBinary, "-t", "-p", p.dir, "-c", mainPath).CombinedOutput(); err != nil {
		t.Fatalf("nginx -t: %v\n%s", err, out)
	}
	p.cmd = exec.Command(nginxBinary, "-p", p.dir, "-c", mainPath)
	p.cmd.Stderr = p.stderr
	require.NoError(t, p.cmd.Start())
	exited := make(chan struct{})
	go func() {
		_ = p.cmd.Wait()
		close(exited)
	}()
	t.Cleanup(func() {
		_ = p.cmd.Process.Signal(syscall.SIGQUIT) // graceful: nginx's workers exit with it
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			_ = p.cmd.Process.Kill()
			<-exited
		}
	})
	deadline := time.Now().Add(10 * time.Second)
	for {
		if code, _ := httpGet(p.url() + "/healthz"); code == 200 {
			return p
		}
		select {
		case <-exited:
			t.Fatalf("nginx exited: %s %s", p.stderr.String(), p.errorLog())
		default:
		}
		require.True(t, time.Now().Before(deadline), "nginx did not answer: %s", p.errorLog())
		time.Sleep(20 * time.Millisecond)
	}
}

func (p *proxy) url() string { return "http://" + p.addr }

func (p *proxy) errorLog() string {
	b, _ := os.ReadFile(filepath.Join(p.dir, "error.log"))
	return string(b)
}

// logged is one line of the access log: a request and the replica that
// served it.
type logged struct {
	method, uri, status, upstream string
	mcpMethod, session            string // the Mcp-Method and Mcp-Session-Id headers
}

var accessLine = regexp.MustCompile(`^(\S+) (\S+) (\d+) (\S+) "(\S*)" "(\S*)"$`)

// log returns the requests nginx has logged so far.
func (p *proxy) log() []logged {
	p.t.Helper()
	f, err := os.Open(filepath.Join(p.dir, "access.log"))
	require.NoError(p.t, err)
	defer f.Close()
	var out []logged
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		m := accessLine.FindStringSubmatch(sc.Text())
		require.NotNil(p.t, m, "access log line %q", sc.Text())
		for i := range m {
			if m[i] == "-" {
				m[i] = ""
			}
		}
		out = append(out, logged{method: m[1], uri: m[2], status: m[3], upstream: m[4], mcpMethod: m[5], session: m[6]})
	}
	require.NoError(p.t, sc.Err())
	return out
}

// waitLog waits until done is true of the access log (nginx writes a
// request's line once it has finished it, which may be just after the
// client has the response).
func (p *proxy) waitLog(t *testing.T, done func([]logged) bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !done(p.log()) {
		require.True(t, time.Now().Before(deadline), "the access log lacks requests:\n%v", p.log())
		time.Sleep(10 * time.Millisecond)
	}
}

// replicaCfg is the replicas' configuration: the built-in inbox, changes
// seen within 50 ms, and calls that wait for an agent when the client asks
// to follow their progress.
const replicaCfg = `updates:
  poll_interval: 50ms
  wait_for_agent: 2m
  progress_interval: 1s
server:
  log_level: warn
`

// TestNginxTwoReplicas runs the nginx configuration of docs/deploy.md in
// front of two replicas on one database and shows that: /healthz and
// /readyz answer through it; a handoff made through one replica is read
// through the other (get_handoff_status, inbox show); an email elicitation
// asked by one replica is answered, with its requestState, to the other; a
// 2026-07-28 client's consecutive calls are spread over both replicas and
// all work; a
// session-based client's requests all reach the replica its session id
// names, and after that replica dies the client is told to initialize
// again (404) and carries on with the other; and `inbox reply` reaches a
// bot whose call waits for an agent on either replica.
func TestNginxTwoReplicas(t *testing.T) {
	onEachBackend(t, nginxTwoReplicas)
}

func nginxTwoReplicas(t *testing.T, db string) {
	cfg := filepath.Join(t.TempDir(), "handoff.yaml")
	require.NoError(t, os.WriteFile(cfg, []byte(replicaCfg), 0o600))
	r1 := startReplica(t, "r1", db, cfg)
	r2 := startReplica(t, "r2", db, cfg)
	lb := startNginx(t, r1, r2)
	t.Logf("two replicas on %s behind nginx at %s", store.Redact(db), lb.url())

	t.Run("health through nginx", func(t *testing.T) {
		code, body := httpGet(lb.url() + "/healthz")
		assert.Equal(t, 200, code)
		assert.Equal(t, "ok\n", body)
		code, body = httpGet(lb.url() + "/readyz")
		assert.Equal(t, 200, code)
		assert.Equal(t, "ready\n", body)
	})

	t.Run("made through one replica, read through the other", func(t *testing.T) {
		c1, _ := mcpClient(t, r1.url(), false)
		c2, _ := mcpClient(t, r2.url(), false)
		conv := uniqueConv(t, "cross")
		made := callTool(t, c1, "request_human_handoff", askHuman(conv))
		require.Equal(t, "delivered", made["status"])
		id := made["handoff_id"].(string)
		st := callTool(t, c2, "get_handoff_status", map[string]any{"handoff_id": id})
		assert.Equal(t, "delivered", st["state"])
		assert.Equal(t, "human", st["owner"])
		shown := runInbox(t, db, "show", id)
		assert.Contains(t, shown, "Handoff "+id+"  (delivered")
		assert.Contains(t, shown, "Conversation: "+conv+"\n")
	})

	t.Run("an elicitation asked by one replica, answered to the other", func(t *testing.T) {
		// A 2026-07-28 call that needs the user's email returns
		// input_required; its retry, with the answer and the echoed
		// requestState, goes to the other replica and completes there.
		caps := map[string]any{"elicitation": map[string]any{}}
		args := askHuman(uniqueConv(t, "mrtr"))
		delete(args, "email")
		asked := rawToolCall(t, r1.url(), "request_human_handoff", caps, map[string]any{"arguments": args})
		require.Equal(t, "input_required", asked["resultType"], "%v", asked)
		state, _ := asked["requestState"].(string)
		require.NotEmpty(t, state)
		require.Contains(t, asked["inputRequests"], "email_1")
		done := rawToolCall(t, r2.url(), "request_human_handoff", caps, map[string]any{"arguments": args, "requestState": state,
			"inputResponses": map[string]any{"email_1": map[string]any{"action": "accept", "content": map[string]any{"email": "anna.berg@example.com"}}}})
		out, _ := done["structuredContent"].(map[string]any)
		require.Equal(t, "delivered", out["status"], "%v", done)
		shown := runInbox(t, db, "show", out["handoff_id"].(string))
		assert.Contains(t, shown, "Email:        anna.berg@example.com")
	})

	t.Run("2026-07-28 calls land on both replicas", func(t *testing.T) {
		c, tr := mcpClient(t, lb.url(), false)
		assert.Empty(t, tr.GetSessionId(), "2026-07-28 has no sessions")
		before := len(lb.log())
		made := callTool(t, c, "request_human_handoff", askHuman(uniqueConv(t, "modern")))
		id := made["handoff_id"].(string)
		msg := callTool(t, c, "send_handoff_message", map[string]any{"handoff_id": id, "text": "Order 4711."})
		assert.Equal(t, true, msg["sent"])
		for range 6 {
			st := callTool(t, c, "get_handoff_status", map[string]any{"handoff_id": id})
			assert.Equal(t, "delivered", st["state"])
			assert.Equal(t, "human", st["owner"])
		}
		assert.Contains(t, runInbox(t, db, "show", id), "user:      Order 4711.")
		var upstreams map[string]int
		lb.waitLog(t, func(log []logged) bool {
			upstreams = map[string]int{}
			for _, s := range log[before:] {
				if s.mcpMethod == "tools/call" {
					assert.Equal(t, "200", s.status)
					assert.Empty(t, s.session)
					upstreams[s.upstream]++
				}
			}
			return upstreams[r1.addr]+upstreams[r2.addr] >= 8
		})
		assert.Equal(t, 8, upstreams[r1.addr]+upstreams[r2.addr], "the calls, each on one replica: %v", upstreams)
		assert.NotZero(t, upstreams[r1.addr], "calls served by r1: %v", upstreams)
		assert.NotZero(t, upstreams[r2.addr], "calls served by r2: %v", upstreams)
	})

	t.Run("inbox reply reaches a bot waiting on either replica, and through nginx", func(t *testing.T) {
		for _, via := range []struct{ name, url string }{{r1.name, r1.url()}, {r2.name, r2.url()}, {"nginx", lb.url()}} {
			c, _ := mcpClient(t, via.url, false)
			progress := make(chan struct{}, 100)
			c.OnNotification(func(n mcp.JSONRPCNotification) {
				if n.Method == string(mcp.MethodNotificationProgress) {
					progress <- struct{}{}
				}
			})
			conv := uniqueConv(t, via.name)
			var req mcp.CallToolRequest
			req.Params.Name = "request_human_handoff"
			req.Params.Arguments = askHuman(conv)
			req.Params.Meta = &mcp.Meta{ProgressToken: "wait-" + via.name}
			done := make(chan map[string]any, 1)
			go func() {
				defer close(done)
				res, err := c.CallTool(context.Background(), req)
				if assert.NoError(t, err) {
					done <- structured(t, res)
				}
			}()
			// The first progress notification arrives while the call
			// still waits: the stream reaches the client as it is written,
			// through nginx too. (nginx 1.22 passed these events on with
			// proxy_buffering on as well; the documented config turns it
			// off, as streams want.)
			select {
			case <-progress:
			case <-time.After(20 * time.Second):
				t.Fatalf("no progress notification from the call waiting via %s", via.name)
			}
			id := waitInboxID(t, db, conv)
			out := runInbox(t, db, "reply", id, "--name", "Lea", "Hi Anna, Lea here.")
			assert.Equal(t, "Reply 2 stored for handoff "+id+" (agent_joined); the bot relays it to the user.\n", out)
			select {
			case res := <-done:
				require.NotNil(t, res, "the waiting call via %s failed", via.name)
				assert.Equal(t, "agent_joined", res["status"], "waiting via %s", via.name)
				assert.Equal(t, id, res["handoff_id"])
			case <-time.After(30 * time.Second):
				t.Fatalf("the call waiting via %s did not learn of the reply", via.name)
			}
		}
	})

	// Last: it kills a replica.
	t.Run("a session-based client sticks to its replica", func(t *testing.T) {
		c, tr := mcpClient(t, lb.url(), true)
		sid := tr.GetSessionId()
		require.Regexp(t, `^mcp-session-r[12]-[0-9a-f]{32}$`, sid)
		home, other := r1, r2
		if strings.HasPrefix(sid, "mcp-session-r2-") {
			home, other = r2, r1
		}
		made := callTool(t, c, "request_human_handoff", askHuman(uniqueConv(t, "legacy")))
		id := made["handoff_id"].(string)
		for range 5 {
			st := callTool(t, c, "get_handoff_status", map[string]any{"handoff_id": id})
			assert.Equal(t, "delivered", st["state"])
		}
		lb.waitLog(t, func(log []logged) bool {
			n := 0
			for _, s := range log {
				if s.session == sid {
					assert.Equal(t, home.addr, s.upstream, "%s %s of session %s", s.method, s.uri, sid)
					n++
				}
			}
			return n >= 7 // notifications/initialized and the 6 calls
		})

		// Its replica dies: nginx sends the session's next request to the
		// other, which does not know the session: 404, initialize again.
		home.kill()
		var req mcp.CallToolRequest
		req.Params.Name = "get_handoff_status"
		req.Params.Arguments = map[string]any{"handoff_id": id}
		_, err := c.CallTool(context.Background(), req)
		require.Error(t, err, "a session its replica took with it")
		c2, tr2 := mcpClient(t, lb.url(), true)
		assert.True(t, strings.HasPrefix(tr2.GetSessionId(), "mcp-session-"+other.name+"-"), tr2.GetSessionId())
		st := callTool(t, c2, "get_handoff_status", map[string]any{"handoff_id": id})
		assert.Equal(t, "delivered", st["state"])
		code, _ := httpGet(lb.url() + "/readyz")
		assert.Equal(t, 200, code, "the survivor is ready")
	})
}

// waitInboxID returns the id of the open handoff of conversation conv, as
// `inbox list` shows it, waiting until it is stored.
func waitInboxID(t *testing.T, db, conv string) string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		var open []struct {
			ID             string `json:"id"`
			ConversationID string `json:"conversation_id"`
		}
		require.NoError(t, json.Unmarshal([]byte(runInbox(t, db, "list", "--json", "--limit", "1000")), &open))
		for _, h := range open {
			if h.ConversationID == conv {
				return h.ID
			}
		}
		require.True(t, time.Now().Before(deadline), "no handoff of %s in the inbox", conv)
		time.Sleep(50 * time.Millisecond)
	}
}

// TestDeployDocShowsTheTestedNginxConfig keeps docs/deploy.md's nginx block
// the file TestNginxTwoReplicas runs.
func TestDeployDocShowsTheTestedNginxConfig(t *testing.T) {
	conf, err := os.ReadFile(nginxConf)
	require.NoError(t, err)
	doc, err := os.ReadFile("../../docs/deploy.md")
	require.NoError(t, err)
	m := regexp.MustCompile("(?s)```nginx\n(.*?)```").FindSubmatch(doc)
	require.NotNil(t, m, "docs/deploy.md has an nginx block")
	assert.Equal(t, string(conf), string(m[1]), "docs/deploy.md shows docs/nginx/handoff-mcp.conf as it is")
}

// rawToolCall posts one tools/call of protocol 2026-07-28 to the replica at
// base, as any client would over HTTP (the headers and _meta that revision
// requires; no session), with the extra params given, and returns the
// JSON-RPC result.
func rawToolCall(t *testing.T, base, tool string, caps map[string]any, params map[string]any) map[string]any {
	t.Helper()
	params["name"] = tool
	params["_meta"] = map[string]any{
		"io.modelcontextprotocol/protocolVersion":    mcp.ProtocolVersion20260728,
		"io.modelcontextprotocol/clientInfo":         map[string]any{"name": "raw", "version": "1"},
		"io.modelcontextprotocol/clientCapabilities": caps,
	}
	body, err := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": params})
	require.NoError(t, err)
	req, err := http.NewRequest(http.MethodPost, base+"/mcp", bytes.NewReader(body))
	require.NoError(t, err)
	for k, v := range map[string]string{"Content-Type": "application/json", "Accept": "application/json, text/event-stream",
		"MCP-Protocol-Version": mcp.ProtocolVersion20260728, "Mcp-Method": "tools/call", "Mcp-Name": tool} {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, res.StatusCode, "%s", b)
	if strings.HasPrefix(res.Header.Get("Content-Type"), "text/event-stream") {
		// The answer is the last data: line of the stream.
		for _, line := range strings.Split(string(b), "\n") {
			if data, ok := strings.CutPrefix(line, "data: "); ok {
				b = []byte(data)
			}
		}
	}
	var msg struct {
		Result map[string]any `json:"result"`
		Error  any            `json:"error"`
	}
	require.NoError(t, json.Unmarshal(b, &msg), "%s", b)
	require.Nil(t, msg.Error, "%s", b)
	return msg.Result
}
