package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/client"
	mcptransport "github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/cmd/handoff-mcp/config"
	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/clock"
	"github.com/handoff-mcp/handoff-mcp/handoff/clock/clocktest"
	"github.com/handoff-mcp/handoff-mcp/handoff/helpdesk"
	"github.com/handoff-mcp/handoff-mcp/handoff/hooks"
	"github.com/handoff-mcp/handoff-mcp/internal/testlog"
	"github.com/handoff-mcp/handoff-mcp/tools"
	"github.com/handoff-mcp/handoff-mcp/tools/transport"
)

// liveNow is the fake clock's start: a Saturday morning in March.
var liveNow = time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)

// liveToken is the MCP bearer token of the test server; helpdesks never
// send it.
const liveToken = "mcp-bearer-token-for-the-live-tests"

// liveServer is the real server (app.New, Start, Handler) over streamable
// HTTP on a fake clock, with its logs.
type liveServer struct {
	t    *testing.T
	clk  *fakeClock
	logs *testlog.Buffer
	app  *App
	srv  *httptest.Server
}

// noTimers is the app's clock in these tests: the fake clock's time, and
// nothing wakes on a timer. The delivery worker runs on its kicks, and the
// tests advance the clock and call Service.Sweep themselves (the sweeper's
// own loop is tested with a fake clock in package handoff).
func noTimers(clk *clocktest.Fake) clock.Clock { return clocktest.WithoutTimers(clk) }

func startLive(t *testing.T, doc string, clk *fakeClock) *liveServer {
	t.Helper()
	ctx := context.Background()
	cfg, err := config.Parse([]byte(doc), func(string) (string, bool) { return "", false })
	require.NoError(t, err)
	s := &liveServer{t: t, clk: clk, logs: &testlog.Buffer{}}
	s.app, err = New(ctx, cfg, Options{
		DBPath: t.TempDir() + "/handoff.db", LogLevel: "debug", Stderr: s.logs, Clock: noTimers(clk),
	})
	require.NoError(t, err)
	s.app.Start(ctx)
	s.srv = httptest.NewServer(s.app.Handler(liveToken))
	t.Cleanup(func() {
		s.srv.Close()
		assert.NoError(t, s.app.Close())
	})
	return s
}

// client connects an MCP client over streamable HTTP with the bearer token.
func (s *liveServer) client(opts ...client.ClientOption) *client.Client {
	s.t.Helper()
	ctx := context.Background()
	tr, err := mcptransport.NewStreamableHTTP(s.srv.URL+transport.MCPPath,
		mcptransport.WithHTTPHeaders(map[string]string{"Authorization": "Bearer " + liveToken}))
	require.NoError(s.t, err)
	c := client.NewClient(tr, opts...)
	require.NoError(s.t, c.Start(ctx))
	var init mcp.InitializeRequest
	init.Params.ClientInfo = mcp.Implementation{Name: "live-test", Version: "1"}
	_, err = c.Initialize(ctx, init)
	require.NoError(s.t, err)
	s.t.Cleanup(func() { c.Close() })
	return c
}

// sweep applies the timeouts due on the fake clock.
func (s *liveServer) sweep() handoff.SweepResult {
	s.t.Helper()
	res, err := s.app.Service.Sweep(context.Background())
	require.NoError(s.t, err)
	return res
}

// callTool calls a tool over HTTP and decodes its structured result.
func callTool[T any](t *testing.T, c *client.Client, name string, args map[string]any) T {
	t.Helper()
	var req mcp.CallToolRequest
	req.Params.Name, req.Params.Arguments = name, args
	res, err := c.CallTool(context.Background(), req)
	require.NoError(t, err)
	require.False(t, res.IsError, "%s: %v", name, res.Content)
	var out T
	b, err := json.Marshal(res.StructuredContent)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &out))
	return out
}

func status(t *testing.T, c *client.Client, id string, since int64) tools.StatusOutput {
	t.Helper()
	return callTool[tools.StatusOutput](t, c, "get_handoff_status", map[string]any{"handoff_id": id, "since": since})
}

// desk is the helpdesk side of a live test: a human agent working the
// handoff, and what the helpdesk received from the bot.
type desk interface {
	// helpdesk is the helpdesk: section of the configuration.
	helpdesk() string
	// joined makes an agent take the handoff without writing (where the
	// helpdesk reports it).
	join(t *testing.T, s *liveServer, id, name string)
	// reply is the agent writing to the user; it returns an error when
	// the handoff could not take it.
	reply(t *testing.T, s *liveServer, id, name, text string) error
	// close is the agent closing the conversation.
	close(t *testing.T, s *liveServer, id string)
	// userSaid is the user's last message as the agent sees it.
	userSaid(t *testing.T, s *liveServer, id string) string
	// told is what the helpdesk was told when the bot's side ended the
	// handoff.
	told(t *testing.T, s *liveServer, id string) string
}

// inboxDesk is the built-in inbox, worked as `handoff-mcp inbox reply` and
// `inbox close` do.
type inboxDesk struct{}

func (inboxDesk) helpdesk() string { return "" }

func (inboxDesk) join(*testing.T, *liveServer, string, string) {} // the inbox's agents join by replying

func (inboxDesk) reply(t *testing.T, s *liveServer, id, name, text string) error {
	_, err := InboxReply(context.Background(), s.app.Service, id, name, text)
	return err
}

func (inboxDesk) close(t *testing.T, s *liveServer, id string) {
	h, err := InboxClose(context.Background(), s.app.Service, id)
	require.NoError(t, err)
	require.Equal(t, handoff.StateClosed, h.State)
}

func (inboxDesk) userSaid(t *testing.T, s *liveServer, id string) string {
	ms, err := s.app.Store.Messages(context.Background(), id, 0, 0)
	require.NoError(t, err)
	for i := len(ms) - 1; i >= 0; i-- {
		if ms[i].Author == handoff.AuthorUser {
			return ms[i].Text
		}
	}
	return ""
}

func (inboxDesk) told(t *testing.T, s *liveServer, id string) string {
	evs, err := s.app.Store.Events(context.Background(), id)
	require.NoError(t, err)
	return evs[len(evs)-1].Cause // `inbox show` prints the history
}

// webhookDesk is a receiver of our signed webhook: it checks the signature
// of every event it gets, answers handoff.created with its ticket id, and
// posts its agents' events back to /hooks/webhook signed with the same
// secret.
type webhookDesk struct {
	secret string
	clk    *fakeClock
	srv    *httptest.Server
	got    chan helpdesk.WebhookEvent

	mu      sync.Mutex // protects tickets and n
	tickets map[string]string
	n       int
}

const deskSecret = "whsec-live-test-0123456789"

func newWebhookDesk(t *testing.T, clk *fakeClock) *webhookDesk {
	d := &webhookDesk{secret: deskSecret, clk: clk, got: make(chan helpdesk.WebhookEvent, 100), tickets: map[string]string{}}
	d.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		require.NoError(t, err)
		if err := helpdesk.VerifySignature([]byte(d.secret), r.Header.Get(helpdesk.HeaderTimestamp),
			r.Header.Get(helpdesk.HeaderSignature), body, d.clk.Now(), 5*time.Minute); err != nil {
			t.Errorf("the receiver got an event it cannot verify: %v", err)
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		var ev helpdesk.WebhookEvent
		require.NoError(t, json.Unmarshal(body, &ev))
		if ev.Type == helpdesk.EventPing {
			return
		}
		assert.Equal(t, ev.ID, r.Header.Get(helpdesk.HeaderIdempotencyKey))
		w.Header().Set("Content-Type", "application/json")
		if ev.Type == helpdesk.EventCreated {
			d.mu.Lock()
			d.n++
			ticket := "T-" + strconv.Itoa(d.n)
			d.tickets[ev.HandoffID] = ticket
			d.mu.Unlock()
			_ = json.NewEncoder(w).Encode(helpdesk.WebhookReply{RemoteID: ticket, URL: "https://desk.example.com/t/" + ticket})
		}
		d.got <- ev
	}))
	t.Cleanup(d.srv.Close)
	return d
}

func (d *webhookDesk) helpdesk() string {
	return fmt.Sprintf("helpdesk:\n  type: webhook\n  webhook:\n    url: %s\n    secret: %s\n", d.srv.URL, d.secret)
}

// next returns the next event the receiver got (10 s guard; no sleeping).
func (d *webhookDesk) next(t *testing.T) helpdesk.WebhookEvent {
	t.Helper()
	select {
	case ev := <-d.got:
		return ev
	case <-time.After(10 * time.Second):
		t.Fatal("the receiver got nothing")
	}
	return helpdesk.WebhookEvent{}
}

func (d *webhookDesk) ticket(id string) string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.tickets[id]
}

// post signs ev as the receiver does and posts it to our /hooks/webhook,
// without the MCP bearer token. It returns the status and the answer.
func (d *webhookDesk) post(t *testing.T, s *liveServer, ev hooks.ReceiverEvent) (int, string) {
	t.Helper()
	body, err := json.Marshal(ev)
	require.NoError(t, err)
	return d.postRaw(t, s, body, d.secret, d.clk.Now())
}

func (d *webhookDesk) postRaw(t *testing.T, s *liveServer, body []byte, secret string, at time.Time) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, s.srv.URL+"/hooks/webhook", bytes.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(helpdesk.HeaderTimestamp, strconv.FormatInt(at.Unix(), 10))
	req.Header.Set(helpdesk.HeaderSignature, helpdesk.Sign([]byte(secret), at.Unix(), body))
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res.StatusCode, string(b)
}

func (d *webhookDesk) event(id, typ, name, text string) hooks.ReceiverEvent {
	d.mu.Lock()
	d.n++
	n, ticket := d.n, d.tickets[id]
	d.mu.Unlock()
	ev := hooks.ReceiverEvent{Version: "1", ID: "evt_" + strconv.Itoa(n), Type: typ, HandoffID: id, RemoteID: ticket, Text: text, CreatedAt: d.clk.Now()}
	if name != "" {
		ev.Agent = &hooks.ReceiverAgent{Name: name}
	}
	return ev
}

func (d *webhookDesk) join(t *testing.T, s *liveServer, id, name string) {
	code, body := d.post(t, s, d.event(id, "agent_joined", name, ""))
	require.Equal(t, http.StatusOK, code)
	require.JSONEq(t, `{"status":"applied"}`, body)
}

func (d *webhookDesk) reply(t *testing.T, s *liveServer, id, name, text string) error {
	code, body := d.post(t, s, d.event(id, "agent_message", name, text))
	require.Equal(t, http.StatusOK, code, body)
	if body != "{\"status\":\"applied\"}\n" {
		return fmt.Errorf("not applied: %s", body)
	}
	return nil
}

func (d *webhookDesk) close(t *testing.T, s *liveServer, id string) {
	code, body := d.post(t, s, d.event(id, "closed", "", ""))
	require.Equal(t, http.StatusOK, code)
	require.JSONEq(t, `{"status":"applied"}`, body)
}

func (d *webhookDesk) userSaid(t *testing.T, _ *liveServer, id string) string {
	ev := d.next(t)
	require.Equal(t, helpdesk.EventMessage, ev.Type)
	require.Equal(t, id, ev.HandoffID)
	assert.Equal(t, d.ticket(id), ev.RemoteID)
	return ev.Message.Text
}

func (d *webhookDesk) told(t *testing.T, _ *liveServer, id string) string {
	ev := d.next(t)
	require.Equal(t, helpdesk.EventClosed, ev.Type)
	require.Equal(t, id, ev.HandoffID)
	return ev.Reason
}
