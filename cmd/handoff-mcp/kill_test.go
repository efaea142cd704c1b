package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/internal/testlog"
	"github.com/handoff-mcp/handoff-mcp/store"
)

// killHandoffs is how many handoffs the kill test accepts per helpdesk
// (HANDOFF_KILL_TEST_N overrides it; -short runs 200).
func killHandoffs(t *testing.T) int {
	if v := os.Getenv("HANDOFF_KILL_TEST_N"); v != "" {
		n, err := strconv.Atoi(v)
		require.NoError(t, err)
		return n
	}
	if testing.Short() {
		return 200
	}
	return 1000
}

// TestKillMidDeliveryNoLossNoDuplicates accepts 1,000 handoffs through the
// real binary over streamable HTTP while the helpdesk (an httptest fake of
// Zendesk with its idempotency keys, and of Freshdesk, which has none)
// fails half of its requests, a quarter of them after creating the ticket.
// It kills the process with SIGKILL twice while handoffs are being accepted
// and delivered and once while the backlog drains, restarts it on the same
// database each time, and checks that every accepted handoff is delivered
// with exactly one ticket, whose id the handoff records.
func TestKillMidDeliveryNoLossNoDuplicates(t *testing.T) {
	for _, vendor := range []string{"zendesk", "freshdesk"} {
		t.Run(vendor, func(t *testing.T) {
			t.Parallel()
			runKillTest(t, vendor, killHandoffs(t))
		})
	}
}

// TestKillMidDeliveryWithoutIdempotency runs the same kills against a fake
// LiveChat, which neither deduplicates nor can be searched by our id: no
// handoff is lost, each has at least one chat and records one of them, and
// the duplicates stay within the bound the test logs (answers lost after a
// chat started, plus the attempts in flight at each kill).
func TestKillMidDeliveryInHelpdesk(t *testing.T) {
	runKillTest(t, "intercom-in-helpdesk", killHandoffs(t))
}

// TestKillMidDeliveryWithoutIdempotency (below) is the at-least-once case;
// TestKillMidDeliveryInHelpdesk above runs the kills against a fake
// Intercom whose conversations already exist (the bot runs in them): every
// handoff gets exactly one note (read before written), its conversation is
// assigned, and no conversation is created.
func TestKillMidDeliveryWithoutIdempotency(t *testing.T) {
	for _, vendor := range []string{"livechat", "salesiq"} {
		t.Run(vendor, func(t *testing.T) { runKillTest(t, vendor, killHandoffs(t)) })
	}
}

// atLeastOnceDesk is a fake helpdesk that neither deduplicates nor can be
// searched: it counts the creates whose answer was lost and names the
// remote id of each ticket.
type atLeastOnceDesk interface {
	lostStarts() int
	remoteID(t ticket) string
}

// fakeDesk is a fake helpdesk the kill test runs against.
type fakeDesk interface {
	http.Handler
	byRef() map[string][]ticket
	summary() string
}

func runKillTest(t *testing.T, vendor string, total int) {
	var (
		fake       fakeDesk
		section    string
		inHelpdesk bool // the handoffs carry helpdesk_conversation_id 10000+i
	)
	switch vendor {
	case "zendesk":
		z := newFakeZendesk(1, 0.5)
		fake = z
		section = "type: zendesk\n  zendesk:\n    base_url: %s\n    email: agent@acme.com\n    api_token: zd-test-token\n"
	case "freshdesk":
		f := newFakeFreshdesk(2, 0.5)
		fake = f
		section = "type: freshdesk\n  freshdesk:\n    base_url: %s\n    api_key: fd-test-key\n"
	case "livechat":
		l := newFakeLiveChat(3, 0.2) // fewer lost answers, so that what the kills cost shows
		fake = l
		section = "type: livechat\n  livechat:\n    base_url: %s\n    account_id: acc-1\n    token: lc-test-token\n"
	case "intercom-in-helpdesk":
		fake = newFakeIntercomInHelpdesk(5, 0.5)
		section = "type: intercom\n  intercom:\n    base_url: %s\n    access_token: ic-test-token\n    admin_id: \"991267\"\n    default_route: {team_id: 5000}\n"
		inHelpdesk = true
	case "salesiq":
		s := newFakeSalesIQ(4, 0.2)
		fake = s
		section = "type: salesiq\n  salesiq:\n    base_url: %[1]s\n    accounts_url: %[1]s\n    screen_name: zylker\n    app_id: \"1\"\n" +
			"    department_id: \"2\"\n    client_id: siq-client\n    client_secret: siq-secret\n    refresh_token: siq-refresh\n"
	}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	dir := t.TempDir()
	db := filepath.Join(dir, "handoff.db")
	cfgPath := filepath.Join(dir, "handoff.yaml")
	require.NoError(t, os.WriteFile(cfgPath, []byte(fmt.Sprintf("helpdesk:\n  timeout: 1s\n  "+section, srv.URL)+`
delivery:
  attempts: 1000          # never park: every handoff must arrive
  backoff_base: 5ms
  backoff_max: 100ms
  lease: 2s               # a killed process's jobs are taken over 2s later
  poll_interval: 50ms
  status_interval: 1s
  first_attempt_wait: 200ms
  concurrency: 8           # killConcurrency
server:
  log_level: warn
`), 0o600))

	k := &killRun{t: t, db: db, cfg: cfgPath, accepted: map[string]string{}, inHelpdesk: inHelpdesk}
	for i := range total {
		k.queue = append(k.queue, i)
	}
	// Kill twice while handoffs are accepted and delivered, then once
	// while the backlog drains.
	for _, share := range []int{3, 3} {
		k.start()
		k.submit(total / share)
		k.kill()
	}
	k.start()
	k.submit(total)
	require.Empty(t, k.queue, "every conversation was accepted")
	if k.pending() > 0 {
		k.kill()
		k.start()
	}
	k.waitDelivered(total)
	k.stop()

	// Every accepted handoff is in the database, delivered, with exactly one
	// ticket at the helpdesk, whose id it records.
	hs, err := k.st.ListHandoffs(context.Background(), handoff.ListFilter{Limit: 10 * total})
	require.NoError(t, err)
	require.Len(t, hs, total, "one handoff per conversation")
	tickets := fake.byRef()
	byID := map[string]handoff.Handoff{}
	lc, atLeastOnce := fake.(atLeastOnceDesk)
	dupes := 0
	for _, h := range hs {
		byID[h.ID] = h
		assert.Equal(t, handoff.StateDelivered, h.State, h.ID)
		if atLeastOnce {
			// No key, no lookup: at least one chat, the handoff records
			// one of them.
			if assert.NotEmpty(t, tickets[h.ID], "chats of handoff %s", h.ID) {
				dupes += len(tickets[h.ID]) - 1
				var ids []string
				for _, c := range tickets[h.ID] {
					ids = append(ids, lc.remoteID(c))
				}
				assert.Contains(t, ids, h.RemoteID, "remote id of %s", h.ID)
			}
			continue
		}
		if assert.Len(t, tickets[h.ID], 1, "tickets of handoff %s", h.ID) {
			assert.Equal(t, strconv.FormatInt(tickets[h.ID][0].ID, 10), h.RemoteID, "remote id of %s", h.ID)
		}
	}
	if atLeastOnce {
		// Each duplicate comes from a start_chat whose answer was lost (the
		// helpdesk's 500 or a dropped connection) or that was in flight when
		// the process was killed: at most the worker's concurrency plus the
		// requests' own first attempts (one per client) per kill.
		bound := lc.lostStarts() + k.kills*(killConcurrency+killClients)
		assert.LessOrEqual(t, dupes, bound, "duplicates beyond the bound")
		t.Logf("%s (at least once): %d duplicate chats for %d handoffs (%d beyond the lost answers, from the kills); bound %d = %d answers lost after the chat started + %d kills x (%d worker slots + %d clients)",
			vendor, dupes, total, dupes-lc.lostStarts(), bound, lc.lostStarts(), k.kills, killConcurrency, killClients)
	}
	assert.Len(t, tickets, total, "no ticket for anything but an accepted handoff")
	if ih, ok := fake.(*fakeIntercomInHelpdesk); ok {
		creates, assigned, _ := ih.inHelpdeskCounts()
		assert.Zero(t, creates, "no conversation created")
		assert.Equal(t, total, assigned, "every conversation assigned")
	}
	for conv, id := range k.accepted {
		h, ok := byID[id]
		if assert.True(t, ok, "accepted handoff %s of %s is stored", id, conv) {
			assert.Equal(t, conv, h.ConversationID)
		}
	}
	assert.Len(t, k.accepted, total)
	require.NotEmpty(t, k.killedPending, "killed with deliveries in flight")
	t.Logf("%s: %d handoffs; killed with %v deliveries pending; helpdesk saw %s", vendor, total, k.killedPending, fake.summary())
}

// killRun drives the binary through starts, submissions and kills.
type killRun struct {
	t        *testing.T
	db, cfg  string
	cmd      *exec.Cmd
	url      string
	stderr   *testlog.Buffer
	st       *store.DB         // the test's own handle on the database
	queue    []int             // conversations still to submit
	accepted map[string]string // conversation → handoff id from a tool result

	killedPending []int
	kills         int
	inHelpdesk    bool // conversation i runs in Intercom conversation 10000+i
}

// The worker's concurrency and the number of clients submitting, as the
// kill test configures them: together they bound the attempts in flight.
const (
	killConcurrency = 8
	killClients     = 8
)

func (k *killRun) start() {
	k.t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(k.t, err)
	addr := ln.Addr().String()
	ln.Close()
	k.cmd = exec.Command(binary, "serve", "--http", addr, "--db", k.db, "--config", k.cfg)
	k.stderr = &testlog.Buffer{}
	k.cmd.Stderr = k.stderr
	require.NoError(k.t, k.cmd.Start())
	k.url = "http://" + addr + "/mcp"
	require.Eventually(k.t, func() bool {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
		}
		return err == nil
	}, 20*time.Second, 10*time.Millisecond, "server did not start: %s", k.stderr.String())
}

// submit calls request_human_handoff for queued conversations from 8
// clients until the accepted count reaches target (or the queue is empty).
// A call that fails (the process was killed under it) goes back on the
// queue.
func (k *killRun) submit(target int) {
	k.t.Helper()
	var (
		mu    sync.Mutex // protects k.queue and k.accepted
		wg    sync.WaitGroup
		retry []int
	)
	next := func() (int, bool) {
		mu.Lock()
		defer mu.Unlock()
		if len(k.accepted) >= target || len(k.queue) == 0 {
			return 0, false
		}
		i := k.queue[0]
		k.queue = k.queue[1:]
		return i, true
	}
	for range killClients {
		wg.Go(func() {
			c, err := client.NewStreamableHttpClient(k.url)
			if !assert.NoError(k.t, err) {
				return
			}
			defer c.Close()
			ctx := context.Background()
			if !assert.NoError(k.t, c.Start(ctx)) {
				return
			}
			var init mcp.InitializeRequest
			init.Params.ClientInfo = mcp.Implementation{Name: "kill-test", Version: "1"}
			if _, err = c.Initialize(ctx, init); !assert.NoError(k.t, err, "stderr: %s", k.stderr.String()) {
				return
			}
			for {
				i, ok := next()
				if !ok {
					return
				}
				conv, id, err := callHandoff(ctx, c, i, k.inHelpdesk)
				mu.Lock()
				if err != nil {
					retry = append(retry, i)
				} else {
					k.accepted[conv] = id
				}
				mu.Unlock()
				if err != nil {
					return
				}
			}
		})
	}
	wg.Wait()
	k.queue = append(retry, k.queue...)
}

// callHandoff asks for a human in conversation i and returns the handoff
// id of the result, which must say queued or delivered.
func callHandoff(ctx context.Context, c *client.Client, i int, inHelpdesk bool) (conv, id string, err error) {
	return callHandoffIn(ctx, c, fmt.Sprintf("conv-%04d", i), i, inHelpdesk)
}

// callHandoffIn is callHandoff for conversation conv.
func callHandoffIn(ctx context.Context, c *client.Client, conv string, i int, inHelpdesk bool) (_, id string, err error) {
	var req mcp.CallToolRequest
	req.Params.Name = "request_human_handoff"
	req.Params.Arguments = map[string]any{
		"conversation_id": conv, "email": fmt.Sprintf("user%04d@example.com", i), "language": "en",
		"transcript": []map[string]string{{"role": "user", "content": "My order never arrived. I want to talk to a human agent now."}},
	}
	if inHelpdesk {
		req.Params.Arguments.(map[string]any)["helpdesk_conversation_id"] = strconv.Itoa(10000 + i)
	}
	res, err := c.CallTool(ctx, req)
	if err != nil {
		return conv, "", err
	}
	b, _ := json.Marshal(res.StructuredContent)
	var out struct {
		Status    string `json:"status"`
		HandoffID string `json:"handoff_id"`
	}
	if err := json.Unmarshal(b, &out); err != nil || res.IsError {
		return conv, "", fmt.Errorf("tool result %s: %v", b, err)
	}
	if out.Status != "queued" && out.Status != "delivered" || out.HandoffID == "" {
		return conv, "", fmt.Errorf("conversation %s: unexpected result %s", conv, b)
	}
	return conv, out.HandoffID, nil
}

// pending counts the deliveries not yet done, reading the database the
// binary writes (through a handle of the test's own, opened once).
func (k *killRun) pending() int {
	k.t.Helper()
	if k.st == nil {
		st, err := store.Open(context.Background(), k.db, store.Options{})
		require.NoError(k.t, err)
		k.st = st
		k.t.Cleanup(func() { st.Close() })
	}
	stats, err := k.st.DeliveryStats(context.Background())
	require.NoError(k.t, err)
	require.Zero(k.t, stats.Counts[handoff.DeliveryFailed], "nothing may fail")
	return stats.Counts[handoff.DeliveryPending]
}

// kill stops the process with SIGKILL: no shutdown, no released leases.
func (k *killRun) kill() {
	k.t.Helper()
	require.NoError(k.t, k.cmd.Process.Signal(syscall.SIGKILL))
	_ = k.cmd.Wait()
	k.kills++
	k.killedPending = append(k.killedPending, k.pending())
}

// stop ends the process gracefully.
func (k *killRun) stop() {
	k.t.Helper()
	require.NoError(k.t, k.cmd.Process.Signal(syscall.SIGTERM))
	require.NoError(k.t, k.cmd.Wait(), "exit after SIGTERM: %s", k.stderr.String())
}

// waitDelivered waits until no delivery is pending and total handoffs are
// stored.
func (k *killRun) waitDelivered(total int) {
	k.t.Helper()
	deadline := time.Now().Add(3 * time.Minute)
	for k.pending() > 0 {
		require.True(k.t, time.Now().Before(deadline), "deliveries still pending; stderr:\n%s", k.stderr.String())
		time.Sleep(50 * time.Millisecond)
	}
}
