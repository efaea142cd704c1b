package tools

import (
	"context"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

const waitCfg = "updates:\n  wait_for_agent: 5m\n  progress_interval: 10s\n"

// callResult is what a tool call in the background returned.
type callResult struct {
	res *mcp.CallToolResult
	err error
}

// requestHandoff calls request_human_handoff in the background, with a
// progress token when token is not nil.
func requestHandoff(ctx context.Context, c *client.Client, conv string, token mcp.ProgressToken) <-chan callResult {
	var req mcp.CallToolRequest
	req.Params.Name = "request_human_handoff"
	req.Params.Arguments = map[string]any{
		"conversation_id": conv, "email": "anna.berg@example.com",
		"transcript": turns("user", "I want to talk to a human, please."),
	}
	if token != nil {
		req.Params.Meta = &mcp.Meta{ProgressToken: token}
	}
	done := make(chan callResult, 1)
	go func() {
		res, err := c.CallTool(ctx, req)
		done <- callResult{res, err}
	}()
	return done
}

// result waits for a call in the background to return.
func result(t testing.TB, done <-chan callResult) callResult {
	t.Helper()
	select {
	case r := <-done:
		return r
	case <-time.After(10 * time.Second):
		t.Fatal("the call did not return")
	}
	return callResult{}
}

// waiting waits until the call's wait is asleep on its clock (n timers
// pending, the abandoned ones included).
func waiting(t testing.TB, e *followEnv, n int) {
	t.Helper()
	require.Eventually(t, func() bool { return e.callClock.Pending() == n }, 5*time.Second, time.Millisecond)
}

// handoffID returns the id of the only handoff of conv.
func handoffID(t testing.TB, e *followEnv, conv string) string {
	t.Helper()
	var id string
	require.Eventually(t, func() bool {
		h, err := e.store.OpenHandoff(context.Background(), conv)
		id = h.ID
		return err == nil
	}, 5*time.Second, time.Millisecond)
	return id
}

func TestWaitingCallReportsProgressUntilAnAgentJoins(t *testing.T) {
	for _, era := range eras {
		t.Run(era.name, func(t *testing.T) {
			e := newFollowEnv(t, waitCfg, followOpts{})
			c := e.client(t, era.opts...)
			got := collect(c)
			done := requestHandoff(context.Background(), c, "conv-wait", "tok-1")

			first := progressOf(t, got.next(t, nil))
			assert.Equal(t, "tok-1", first.ProgressToken)
			assert.Zero(t, first.Progress)
			assert.EqualValues(t, 300, first.Total, "the longest wait, in seconds")
			assert.Equal(t, "Waiting for an agent (position 1, about 2 min)", first.Message)
			waiting(t, e, 1)

			// Nothing changes for a progress interval: a periodic report.
			e.callClock.Advance(10 * time.Second)
			second := progressOf(t, got.next(t, nil))
			assert.EqualValues(t, 10, second.Progress)
			assert.Equal(t, "Waiting for an agent (position 1, about 2 min)", second.Message)
			waiting(t, e, 1)

			// An agent joins in another process; the call hears of it at
			// the feed's next poll and returns.
			e.transition(t, handoffID(t, e, "conv-wait"), handoff.StateAgentJoined)
			third := progressOf(t, got.next(t, e.poll))
			assert.Greater(t, third.Progress, second.Progress, "progress always increases")
			assert.Equal(t, "An agent has joined the conversation", third.Message)

			r := result(t, done)
			require.NoError(t, r.err)
			out := structured[HandoffOutput](t, r.res)
			assert.Equal(t, "agent_joined", out.Status)
			assert.Equal(t, "human", out.Owner)
			assert.Equal(t, []string{"explicit_request"}, out.Triggers)
			assert.Contains(t, out.NextStep, "An agent has joined")
			assert.Contains(t, text(r.res), "A HUMAN AGENT NOW OWNS THIS CONVERSATION")
			got.none(t)
			assert.Zero(t, e.feed.Watching(), "the call stopped watching")
		})
	}
}

func TestCallsThatDoNotWait(t *testing.T) {
	tests := []struct {
		name  string
		cfg   string
		token mcp.ProgressToken
	}{
		{"no progress token", waitCfg, nil},
		{"waiting not configured", "", "tok"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newFollowEnv(t, tt.cfg, followOpts{})
			c := e.client(t)
			got := collect(c)
			r := result(t, requestHandoff(context.Background(), c, "conv-now", tt.token))
			require.NoError(t, r.err)
			assert.Equal(t, "delivered", structured[HandoffOutput](t, r.res).Status, "returned at once")
			got.none(t)
			assert.Zero(t, e.callClock.Pending())
		})
	}
}

func TestCallsThatDoNotStartAHandoffDoNotWait(t *testing.T) {
	e := newFollowEnv(t, waitCfg, followOpts{})
	c := e.client(t)
	got := collect(c)
	var req mcp.CallToolRequest
	req.Params.Name = "request_human_handoff"
	req.Params.Arguments = map[string]any{"conversation_id": "conv-no", "transcript": turns("user", "What are your opening hours?")}
	req.Params.Meta = &mcp.Meta{ProgressToken: 7}
	res, err := c.CallTool(context.Background(), req)
	require.NoError(t, err)
	assert.Equal(t, "not_triggered", structured[HandoffOutput](t, res).Status)
	got.none(t)
}

func TestWaitingCallEnds(t *testing.T) {
	tests := []struct {
		name       string
		end        func(t *testing.T, e *followEnv, id string)
		wantStatus string
		wantOwner  string
		wantStep   string
		lastReport string // "" when none follows the first
	}{
		{"when the wait elapses", func(t *testing.T, e *followEnv, _ string) {
			for range 30 { // 30 progress intervals of 10s
				waiting(t, e, 1)
				e.callClock.Advance(10 * time.Second)
			}
		}, "delivered", "human", "No agent had joined after waiting 5m0s; the handoff stays open", "Waiting for an agent (position 1, about 2 min)"},
		{"when the handoff is cancelled", func(t *testing.T, e *followEnv, id string) {
			e.transition(t, id, handoff.StateCancelled)
			e.poll()
		}, "cancelled", "bot", "you own the conversation again", "The handoff has ended (cancelled)"},
		{"when the handoff times out", func(t *testing.T, e *followEnv, id string) {
			e.transition(t, id, handoff.StateTimedOut)
			e.feed.Nudge()
		}, "timed_out", "bot", "offer collect_contact", "The handoff has ended (timed_out)"},
		{"when the helpdesk refuses it for good", func(t *testing.T, e *followEnv, id string) {
			e.transition(t, id, handoff.StateFailed)
			e.poll()
		}, "failed", "bot", "The helpdesk could not take the handoff", "The handoff has ended (failed)"},
		{"when the server shuts down", func(t *testing.T, e *followEnv, _ string) {
			e.srv.CloseStreams()
		}, "delivered", "human", "The server is shutting down; the handoff stays open.", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newFollowEnv(t, waitCfg, followOpts{})
			c := e.client(t)
			got := collect(c)
			done := requestHandoff(context.Background(), c, "conv-end", "tok")
			progressOf(t, got.next(t, nil))
			waiting(t, e, 1)
			tt.end(t, e, handoffID(t, e, "conv-end"))

			r := result(t, done)
			require.NoError(t, r.err)
			out := structured[HandoffOutput](t, r.res)
			assert.Equal(t, tt.wantStatus, out.Status)
			assert.Equal(t, tt.wantOwner, out.Owner)
			assert.Contains(t, out.NextStep, tt.wantStep)
			// In process, a notification sent just before the result may
			// reach the client's handler after it: wait for the last report.
			var last mcp.ProgressNotificationParams
			deadline := time.After(5 * time.Second)
			for tt.lastReport != "" && last.Message != tt.lastReport {
				select {
				case m := <-got.ch:
					p := progressOf(t, m)
					assert.Greater(t, p.Progress, last.Progress)
					last = p
				case <-deadline:
					t.Fatalf("no report %q after the first; last was %q", tt.lastReport, last.Message)
				}
			}
			if tt.lastReport == "" {
				select {
				case m := <-got.ch:
					t.Fatalf("a report after the first: %v", m)
				default:
				}
			}
			assert.Zero(t, e.feed.Watching())
		})
	}
}

func TestWaitingCallStopsWhenTheClientCancels(t *testing.T) {
	e := newFollowEnv(t, waitCfg, followOpts{})
	c := e.client(t)
	got := collect(c)
	ctx, cancel := context.WithCancel(context.Background())
	done := requestHandoff(ctx, c, "conv-cancel", "tok")
	progressOf(t, got.next(t, nil))
	waiting(t, e, 1)
	cancel()
	// In process the handler's result still comes back; over HTTP the
	// client gets its own cancellation. Either way the call ends without
	// the clock moving.
	result(t, done)
	require.Eventually(t, func() bool { return e.feed.Watching() == 0 }, 5*time.Second, time.Millisecond,
		"the server stopped waiting")
}

func TestWaitingMessages(t *testing.T) {
	e := newFollowEnv(t, "", followOpts{queue: fixedQueue{}}) // no queue position known
	ctx := context.Background()
	tests := []struct {
		h    handoff.Handoff
		want string
	}{
		{handoff.Handoff{State: handoff.StateQueued}, "Passing the request to the team"},
		{handoff.Handoff{State: handoff.StateQueued, LastError: "503"}, "Passing the request to the team (the helpdesk is slow to answer; retrying)"},
		{handoff.Handoff{State: handoff.StateDelivered}, "Waiting for an agent"},
		{handoff.Handoff{State: handoff.StateAgentJoined}, "An agent has joined the conversation"},
		{handoff.Handoff{State: handoff.StateClosed}, "The handoff has ended (closed)"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			assert.Equal(t, tt.want, e.srv.updates.waitingMessage(ctx, tt.h))
		})
	}
}

func TestWaitingMessageWithTheQueue(t *testing.T) {
	e := newFollowEnv(t, "", followOpts{queue: fixedQueue{position: 2, wait: 150 * time.Second}})
	msg := e.srv.updates.waitingMessage(context.Background(), handoff.Handoff{ID: "h_1", State: handoff.StateDelivered})
	assert.Equal(t, "Waiting for an agent (position 2, about 3 min)", msg)
}

func TestRoughly(t *testing.T) {
	for d, want := range map[time.Duration]string{
		10 * time.Second: "1 min", 150 * time.Second: "3 min", time.Hour: "1 h", 65 * time.Minute: "1 h 5 min",
	} {
		assert.Equal(t, want, roughly(d), d.String())
	}
}
