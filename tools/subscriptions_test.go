package tools

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

func subscribe(t testing.TB, c *client.Client, id string) error {
	t.Helper()
	var req mcp.SubscribeRequest
	req.Params.URI = HandoffURI(id)
	//lint:ignore SA1019 the legacy protocol path is what this test checks
	return c.Subscribe(context.Background(), req)
}

func unsubscribe(t testing.TB, c *client.Client, id string) {
	t.Helper()
	var req mcp.UnsubscribeRequest
	req.Params.URI = HandoffURI(id)
	//lint:ignore SA1019 the legacy protocol path is what this test checks
	require.NoError(t, c.Unsubscribe(context.Background(), req))
}

// listen opens a subscriptions/listen stream for ids and waits until the
// server holds it.
func listen(t testing.TB, e *followEnv, c *client.Client, ids ...string) (stop func()) {
	t.Helper()
	before := e.srv.updates.subs.count()
	var uris []string
	for _, id := range ids {
		uris = append(uris, HandoffURI(id))
	}
	stop, err := c.ListenAsync(context.Background(), mcp.SubscriptionFilter{ResourceSubscriptions: uris}, nil)
	require.NoError(t, err)
	require.Eventually(t, func() bool { return e.srv.updates.subs.count() == before+len(ids) }, 5*time.Second, time.Millisecond)
	return stop
}

func TestLegacySubscriptionNotifiesChangesFromAnotherProcess(t *testing.T) {
	e := newFollowEnv(t, "", followOpts{})
	c := e.client(t, client.WithProtocolVersion(mcp.ProtocolVersion20251125))
	got := collect(c)
	followed := e.handoffFor(t, c, "conv-followed")
	also := e.handoffFor(t, c, "conv-also")
	ignored := e.handoffFor(t, c, "conv-ignored")
	e.settle(t)
	require.NoError(t, subscribe(t, c, followed))
	require.NoError(t, subscribe(t, c, followed), "subscribing twice is one subscription")
	require.NoError(t, subscribe(t, c, also))
	assert.Equal(t, 2, e.srv.updates.subs.count())

	// Another process changes two handoffs; the feed sees it at its next
	// poll, with no nudge from this process.
	e.transition(t, ignored, handoff.StateAgentJoined)
	e.transition(t, followed, handoff.StateAgentJoined)
	assert.Equal(t, HandoffURI(followed), updatedURI(t, got.next(t, e.poll)))
	got.none(t)
	assert.Equal(t, handoff.StateAgentJoined, readHandoff(t, c, followed).State, "a re-read shows the change")

	// After unsubscribing, changes of that handoff are not announced; the
	// other subscription still is, and comes after anything earlier.
	unsubscribe(t, c, followed)
	e.transition(t, followed, handoff.StateClosed)
	e.transition(t, also, handoff.StateCancelled)
	assert.Equal(t, HandoffURI(also), updatedURI(t, got.next(t, e.poll)))
	got.none(t)
}

func TestModernListenNotifiesChangesFromAnotherProcess(t *testing.T) {
	e := newFollowEnv(t, "", followOpts{})
	c := e.client(t)
	got := collect(c)
	followed := e.handoffFor(t, c, "conv-followed")
	ignored := e.handoffFor(t, c, "conv-ignored")
	stop := listen(t, e, c, followed)

	e.transition(t, ignored, handoff.StateAgentJoined)
	e.transition(t, followed, handoff.StateAgentJoined)
	m := got.next(t, e.poll)
	assert.Equal(t, HandoffURI(followed), updatedURI(t, m))
	assert.NotNil(t, m.Params.Meta[mcp.MetaKeySubscriptionID], "tagged with the listen request's id")
	got.none(t)

	stop()
	require.Eventually(t, func() bool { return e.srv.updates.subs.count() == 0 }, 5*time.Second, time.Millisecond,
		"the subscriptions end with the listen request")

	// A new listen with another set: only that set is announced.
	stop = listen(t, e, c, ignored)
	defer stop()
	e.transition(t, followed, handoff.StateClosed)
	e.transition(t, ignored, handoff.StateClosed)
	assert.Equal(t, HandoffURI(ignored), updatedURI(t, got.next(t, e.poll)))
	got.none(t)
}

func TestSubscriptionsHearOfThisProcessAtOnce(t *testing.T) {
	e := newFollowEnv(t, "", followOpts{})
	c := e.client(t, client.WithProtocolVersion(mcp.ProtocolVersion20251125))
	got := collect(c)
	id := e.handoffFor(t, c, "conv-contact")
	require.NoError(t, subscribe(t, c, id))

	// A tool call of this process nudges the feed: no poll interval passes.
	call(t, c, "collect_contact", map[string]any{"conversation_id": "conv-contact", "phone": "+49 30 1234567"})
	assert.Equal(t, HandoffURI(id), updatedURI(t, got.next(t, nil)))
	assert.Equal(t, "+49301234567", readHandoff(t, c, id).Contact.Phone)
}

func TestSubscribeRefusals(t *testing.T) {
	e := newFollowEnv(t, "updates:\n  max_subscriptions: 2\n", followOpts{})
	legacy := e.client(t, client.WithProtocolVersion(mcp.ProtocolVersion20251125))
	ids := []string{e.handoffFor(t, legacy, "conv-1"), e.handoffFor(t, legacy, "conv-2"), e.handoffFor(t, legacy, "conv-3")}

	err := subscribe(t, legacy, "h_doesnotexist")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "resource not found: handoff://h_doesnotexist: no handoff has this id")
	var req mcp.SubscribeRequest
	req.Params.URI = "file:///etc/passwd"
	//lint:ignore SA1019 the legacy protocol path is what this test checks
	err = legacy.Subscribe(context.Background(), req)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "is not a handoff://{id} URI")

	require.NoError(t, subscribe(t, legacy, ids[0]))
	require.NoError(t, subscribe(t, legacy, ids[1]))
	err = subscribe(t, legacy, ids[2])
	require.Error(t, err)
	assert.Contains(t, err.Error(), "maximum of 2 resource subscriptions (updates.max_subscriptions)")
	assert.Equal(t, 2, e.srv.updates.subs.count())

	modern := e.client(t)
	err = modern.Listen(context.Background(), mcp.SubscriptionFilter{ResourceSubscriptions: []string{HandoffURI(ids[2])}})
	require.Error(t, err, "the server is full")
	assert.Contains(t, err.Error(), "updates.max_subscriptions")
	err = modern.Listen(context.Background(), mcp.SubscriptionFilter{ResourceSubscriptions: []string{"handoff://h_nope"}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "resource not found")

	unsubscribe(t, legacy, ids[0])
	require.NoError(t, subscribe(t, legacy, ids[2]), "room again after an unsubscribe")
}

func TestSubscriptionsPerClientAreBounded(t *testing.T) {
	s := newSubscriptions(1000, zerolog.Nop())
	for i := range 150 {
		s.subscribe("session-1", HandoffURI(string(rune('a'+i%26))+string(rune('a'+i/26))))
	}
	assert.Equal(t, 100, s.count(), "at most MaxSubscriptionsPerClient per session")
	err := s.canSubscribe("session-1", "handoff://h_new")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "at most 100 handoffs")
	require.NoError(t, s.canSubscribe("session-2", "handoff://h_new"))
	require.Error(t, s.canListen(101))
}

func TestEndedSessionDropsItsSubscriptions(t *testing.T) {
	e := newFollowEnv(t, "", followOpts{})
	c := e.client(t, client.WithProtocolVersion(mcp.ProtocolVersion20251125))
	id := e.handoffFor(t, c, "conv-close")
	require.NoError(t, subscribe(t, c, id))
	require.Equal(t, 1, e.srv.updates.subs.count())
	require.NoError(t, c.Close())
	assert.Zero(t, e.srv.updates.subs.count())
}

// count returns how many subscriptions are held.
func (s *subscriptions) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.total
}

// Only a call that may have changed a handoff nudges the change feed: a
// request_human_handoff that stores none (not triggered, or the open
// handoff returned again) and a read-only tool cost no query of the feed;
// a created handoff and another tool that writes do.
func TestOnlyChangingCallsNudgeTheFeed(t *testing.T) {
	e := newFollowEnv(t, "", followOpts{})
	var nudges atomic.Int64
	e.srv.updates.wake = func() { nudges.Add(1) }
	c := e.client(t)
	for _, tt := range []struct {
		name, tool, status string // status: request_human_handoff's
		args               map[string]any
		want               int64
	}{
		{"not triggered", "request_human_handoff", "not_triggered", map[string]any{"conversation_id": "conv-calm",
			"transcript": turns("user", "What are your opening hours on Saturday?")}, 0},
		{"created", "request_human_handoff", "delivered", askHuman("conv-nudge", map[string]any{"email": "anna.berg@example.com"}), 1},
		{"already open", "request_human_handoff", "delivered", askHuman("conv-nudge", map[string]any{"email": "anna.berg@example.com"}), 0},
		{"read-only tool", "check_service_hours", "", map[string]any{}, 0},
		{"a tool that writes", "collect_contact", "", map[string]any{"conversation_id": "conv-nudge", "phone": "+49 30 1234567"}, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := nudges.Load()
			res := call(t, c, tt.tool, tt.args)
			require.False(t, res.IsError, text(res))
			if tt.status != "" {
				assert.Equal(t, tt.status, structured[HandoffOutput](t, res).Status)
			}
			assert.Equal(t, tt.want, nudges.Load()-before)
		})
	}
}
