package tools

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/client"
	mcptransport "github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/tools/transport"
)

// httpClient connects an mcp-go client over streamable HTTP: legacy
// (2025-11-25, with the standalone GET stream that carries notifications)
// or modern (2026-07-28, stateless).
func httpClient(t testing.TB, url string, legacy bool) *client.Client {
	t.Helper()
	var (
		topts []mcptransport.StreamableHTTPCOption
		copts []client.ClientOption
	)
	if legacy {
		//lint:ignore SA1019 the legacy protocol path is what this test checks
		topts = append(topts, mcptransport.WithContinuousListening())
		copts = append(copts, client.WithProtocolVersion(mcp.ProtocolVersion20251125))
	}
	tr, err := mcptransport.NewStreamableHTTP(url+transport.MCPPath, topts...)
	require.NoError(t, err)
	c := client.NewClient(tr, copts...)
	ctx := context.Background()
	require.NoError(t, c.Start(ctx))
	t.Cleanup(func() { c.Close() })
	var init mcp.InitializeRequest
	init.Params.ClientInfo = mcp.Implementation{Name: "http-test", Version: "1"}
	res, err := c.Initialize(ctx, init)
	require.NoError(t, err)
	if legacy {
		require.Equal(t, mcp.ProtocolVersion20251125, res.ProtocolVersion)
	} else {
		require.Equal(t, mcp.ProtocolVersion20260728, res.ProtocolVersion)
	}
	return c
}

func serveHTTP(t testing.TB, e *followEnv) string {
	t.Helper()
	ts := httptest.NewServer(e.srv.HTTPHandler("", 0))
	t.Cleanup(func() {
		e.srv.CloseStreams() // the legacy GET streams, or Close waits for them
		ts.Close()
	})
	return ts.URL
}

func TestHTTPLegacySubscribe(t *testing.T) {
	e := newFollowEnv(t, "", followOpts{})
	c := httpClient(t, serveHTTP(t, e), true)
	got := collect(c)
	followed := e.handoffFor(t, c, "conv-http-followed")
	other := e.handoffFor(t, c, "conv-http-other")
	assert.Equal(t, handoff.StateDelivered, readHandoff(t, c, followed).State)
	require.NoError(t, subscribe(t, c, followed))
	require.NoError(t, subscribe(t, c, other))

	e.transition(t, other, handoff.StateAgentJoined)
	assert.Equal(t, HandoffURI(other), updatedURI(t, got.next(t, e.poll)))
	unsubscribe(t, c, other)
	e.transition(t, other, handoff.StateClosed)
	e.transition(t, followed, handoff.StateAgentJoined)
	assert.Equal(t, HandoffURI(followed), updatedURI(t, got.next(t, e.poll)), "the unsubscribed handoff is not announced")
	got.none(t)
	assert.Equal(t, handoff.StateAgentJoined, readHandoff(t, c, followed).State)
}

func TestHTTPModernListen(t *testing.T) {
	e := newFollowEnv(t, "", followOpts{})
	c := httpClient(t, serveHTTP(t, e), false)
	got := collect(c)
	followed := e.handoffFor(t, c, "conv-http-followed")
	ignored := e.handoffFor(t, c, "conv-http-ignored")
	assert.Equal(t, handoff.StateDelivered, readHandoff(t, c, followed).State)
	stop := listen(t, e, c, followed)
	defer stop()

	e.transition(t, ignored, handoff.StateAgentJoined)
	e.transition(t, followed, handoff.StateAgentJoined)
	m := got.next(t, e.poll)
	assert.Equal(t, HandoffURI(followed), updatedURI(t, m))
	assert.NotNil(t, m.Params.Meta[mcp.MetaKeySubscriptionID], "tagged with the listen request")
	got.none(t)
}

func TestHTTPWaitingCallReportsProgress(t *testing.T) {
	for _, legacy := range []bool{true, false} {
		name := map[bool]string{true: "2025-11-25", false: "2026-07-28"}[legacy]
		t.Run(name, func(t *testing.T) {
			e := newFollowEnv(t, waitCfg, followOpts{})
			c := httpClient(t, serveHTTP(t, e), legacy)
			got := collect(c)
			done := requestHandoff(context.Background(), c, "conv-http-wait", "tok-http")
			first := progressOf(t, got.next(t, nil))
			assert.Equal(t, "tok-http", first.ProgressToken)
			assert.Equal(t, "Waiting for an agent (position 1, about 2 min)", first.Message)
			waiting(t, e, 1)

			e.transition(t, handoffID(t, e, "conv-http-wait"), handoff.StateAgentJoined)
			r := resultWhile(t, done, e.poll)
			require.NoError(t, r.err)
			assert.Equal(t, "agent_joined", structured[HandoffOutput](t, r.res).Status)
			// mcp-go's HTTP transport may drop a notification sent just
			// before the handler returns (its forwarder takes it, then finds
			// the request done), so the last report is not required here;
			// the in-process test checks it.
			select {
			case m := <-got.ch:
				last := progressOf(t, m)
				assert.Equal(t, "An agent has joined the conversation", last.Message)
				assert.Greater(t, last.Progress, first.Progress)
			default:
			}
		})
	}
}

// resultWhile waits for a call in the background to return, running tick
// meanwhile.
func resultWhile(t testing.TB, done <-chan callResult, tick func()) callResult {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case r := <-done:
			return r
		case <-deadline:
			t.Fatal("the call did not return")
		case <-time.After(5 * time.Millisecond):
			tick()
		}
	}
}

// TestHTTPShutdownEndsStreams serves like the app does: CloseStreams runs
// when the HTTP server shuts down, so that open notification streams (a
// legacy GET, a subscriptions/listen request) and a waiting call do not hold
// the shutdown.
func TestHTTPShutdownEndsStreams(t *testing.T) {
	e := newFollowEnv(t, waitCfg, followOpts{})
	srv := &http.Server{Handler: e.srv.HTTPHandler("", 0), ReadHeaderTimeout: 5 * time.Second}
	srv.RegisterOnShutdown(e.srv.CloseStreams)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	go func() { _ = srv.Serve(ln) }()
	url := "http://" + ln.Addr().String()

	legacy := httpClient(t, url, true)
	id := e.handoffFor(t, legacy, "conv-shutdown")
	require.NoError(t, subscribe(t, legacy, id))
	modern := httpClient(t, url, false)
	listenDone := make(chan error, 1)
	go func() {
		listenDone <- modern.Listen(context.Background(), mcp.SubscriptionFilter{ResourceSubscriptions: []string{HandoffURI(id)}})
	}()
	require.Eventually(t, func() bool { return e.srv.updates.subs.count() == 2 }, 5*time.Second, time.Millisecond)
	got := collect(modern)
	done := requestHandoff(context.Background(), modern, "conv-shutdown-wait", "tok")
	progressOf(t, got.next(t, nil))

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	require.NoError(t, srv.Shutdown(ctx), "shutdown waited for the streams")
	r := result(t, done)
	require.NoError(t, r.err)
	assert.Contains(t, structured[HandoffOutput](t, r.res).NextStep, "shutting down")
	select {
	case <-listenDone:
	case <-time.After(5 * time.Second):
		t.Fatal("the listen request did not end")
	}
	assert.Zero(t, e.srv.updates.subs.count())
}
