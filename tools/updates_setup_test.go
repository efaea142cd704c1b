package tools

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/cmd/handoff-mcp/config"
	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/clock/clocktest"
	"github.com/handoff-mcp/handoff-mcp/handoff/delivery"
	"github.com/handoff-mcp/handoff-mcp/handoff/helpdesk"
	"github.com/handoff-mcp/handoff-mcp/handoff/watch"
	"github.com/handoff-mcp/handoff-mcp/store"
)

// followEnv is the real server with a running change feed over a SQLite
// file, and a second handle on that file standing for another process (the
// inbox command, another replica). The feed and waiting calls have fake
// clocks of their own, so that a test can tell their timers apart.
type followEnv struct {
	*env
	feed      *watch.Feed
	feedClock *clocktest.Fake
	callClock *clocktest.Fake
	other     *store.DB
}

// followOpts are the optional parts of a followEnv.
type followOpts struct {
	// wrap, when set, wraps the store the service uses (to add what the
	// session work's store implements).
	wrap func(*store.DB) handoff.Store
	// queue tells the server where waiting handoffs stand.
	queue QueueReporter
}

// newFollowEnv builds the server from yamlCfg.
func newFollowEnv(t testing.TB, yamlCfg string, o followOpts) *followEnv {
	t.Helper()
	cfg, err := config.Parse([]byte(yamlCfg), func(string) (string, bool) { return "", false })
	require.NoError(t, err)
	log := zerolog.Nop()
	path := filepath.Join(t.TempDir(), "handoff.db")
	st, err := store.Open(context.Background(), path, store.Options{Logger: log})
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	other, err := store.Open(context.Background(), path, store.Options{Logger: log})
	require.NoError(t, err)
	t.Cleanup(func() { other.Close() })
	var svcStore handoff.Store = st
	if o.wrap != nil {
		svcStore = o.wrap(st)
	}
	cls, err := cfg.BuildClassifier(log, nil)
	require.NoError(t, err)
	conn, err := cfg.BuildConnector(helpdesk.Options{Logger: log})
	require.NoError(t, err)
	clk := clocktest.NewFake(fixedNow)
	w, err := delivery.New(cfg.Delivery, delivery.Options{Store: st, Connector: conn, Logger: log, Clock: clk})
	require.NoError(t, err)
	t.Cleanup(w.Wait)
	mon := delivery.NewMonitor(cfg.Helpdesk, conn, delivery.MonitorOptions{Clock: clk})
	svc, err := handoff.NewService(cfg.Service(), handoff.Deps{
		Store: svcStore, Classifier: cls, Triggers: cfg.Triggers, Connector: conn,
		Courier: w, HelpdeskStatus: mon.Status, Logger: log, Clock: clocktest.NewFake(fixedNow),
	})
	require.NoError(t, err)

	e := &followEnv{feedClock: clocktest.NewFake(fixedNow), callClock: clocktest.NewFake(fixedNow), other: other}
	e.feed, err = watch.New(cfg.Updates, watch.Options{Source: st, Logger: log, Clock: e.feedClock})
	require.NoError(t, err)
	srv := NewServer(svc, Options{Logger: log, Feed: e.feed, Queue: o.queue, Clock: e.callClock})
	e.env = &env{svc: svc, srv: srv, store: st, worker: w, mon: mon}
	ctx, cancel := context.WithCancel(context.Background())
	go func() { _ = e.feed.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-e.feed.Done() })
	require.Eventually(t, func() bool { return e.feedClock.Pending() > 0 }, 5*time.Second, time.Millisecond, "the feed did not start")
	return e
}

// handoffFor creates a delivered handoff for conversation conv through the
// tool, as a client would, and returns its id.
func (e *followEnv) handoffFor(t testing.TB, c *client.Client, conv string) string {
	t.Helper()
	out := structured[HandoffOutput](t, call(t, c, "request_human_handoff", map[string]any{
		"conversation_id": conv, "email": "anna.berg@example.com",
		"transcript": turns("user", "I want to talk to a human, please."),
	}))
	require.Equal(t, "delivered", out.Status)
	e.caughtUp(t)
	return out.HandoffID
}

// caughtUp waits until the feed dispatched every change the store holds, so
// that a subscription made next does not hear of changes made before it.
func (e *followEnv) caughtUp(t testing.TB) {
	t.Helper()
	latest, err := e.store.ChangeCursor(context.Background())
	require.NoError(t, err)
	require.Eventually(t, func() bool {
		e.feed.Nudge()
		return e.feed.Position() >= latest
	}, 5*time.Second, time.Millisecond, "the change feed did not catch up")
}

// transition changes a handoff through the other handle, as another
// process would.
func (e *followEnv) transition(t testing.TB, id string, to handoff.State) {
	t.Helper()
	_, err := e.other.UpdateHandoff(context.Background(), id, func(handoff.Handoff) (handoff.Change, error) {
		return handoff.Change{State: to, Cause: "changed elsewhere", At: fixedNow}, nil
	})
	require.NoError(t, err)
}

// settle waits until the feed has told its followers of every change made
// so far, so that what a test does next is all that follows.
func (e *followEnv) settle(t testing.TB) {
	t.Helper()
	want, err := e.store.ChangeCursor(context.Background())
	require.NoError(t, err)
	require.Eventually(t, func() bool { return e.feed.Position() >= want }, 5*time.Second, time.Millisecond)
}

// poll makes the feed look at the database: the poll interval passes on its
// clock.
func (e *followEnv) poll() { e.feedClock.Advance(watch.DefaultPollInterval) }

// notes collects a client's notifications.
type notes struct {
	ch chan mcp.JSONRPCNotification
}

func collect(c *client.Client) *notes {
	n := &notes{ch: make(chan mcp.JSONRPCNotification, 100)}
	c.OnNotification(func(m mcp.JSONRPCNotification) {
		if m.Method == string(mcp.MethodNotificationResourceUpdated) || m.Method == string(mcp.MethodNotificationProgress) {
			n.ch <- m
		}
	})
	return n
}

// next returns the next notification, or fails after a while; while it
// waits, during calls each tick runs (to let the feed poll).
func (n *notes) next(t testing.TB, tick func()) mcp.JSONRPCNotification {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case m := <-n.ch:
			return m
		case <-deadline:
			t.Fatal("no notification arrived")
		case <-time.After(5 * time.Millisecond):
			if tick != nil {
				tick()
			}
		}
	}
}

// none fails if a notification is waiting.
func (n *notes) none(t testing.TB) {
	t.Helper()
	select {
	case m := <-n.ch:
		t.Fatalf("unexpected notification %s %v", m.Method, m.Params.AdditionalFields)
	default:
	}
}

// updatedURI returns the uri of a notifications/resources/updated.
func updatedURI(t testing.TB, m mcp.JSONRPCNotification) string {
	t.Helper()
	require.Equal(t, string(mcp.MethodNotificationResourceUpdated), m.Method)
	uri, _ := m.Params.AdditionalFields["uri"].(string)
	return uri
}

// progressOf decodes a notifications/progress.
func progressOf(t testing.TB, m mcp.JSONRPCNotification) mcp.ProgressNotificationParams {
	t.Helper()
	require.Equal(t, string(mcp.MethodNotificationProgress), m.Method)
	b, err := json.Marshal(m.Params.AdditionalFields)
	require.NoError(t, err)
	var p mcp.ProgressNotificationParams
	require.NoError(t, json.Unmarshal(b, &p))
	return p
}

// readHandoff reads handoff://id through c.
func readHandoff(t testing.TB, c *client.Client, id string) HandoffResource {
	t.Helper()
	var req mcp.ReadResourceRequest
	req.Params.URI = HandoffURI(id)
	res, err := c.ReadResource(context.Background(), req)
	require.NoError(t, err)
	require.Len(t, res.Contents, 1)
	tc, ok := res.Contents[0].(mcp.TextResourceContents)
	require.True(t, ok, "text contents")
	require.Equal(t, HandoffMIMEType, tc.MIMEType)
	require.Equal(t, req.Params.URI, tc.URI)
	var v HandoffResource
	require.NoError(t, json.Unmarshal([]byte(tc.Text), &v))
	return v
}
