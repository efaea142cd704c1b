package handoff_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

func TestSweep(t *testing.T) {
	type step struct {
		advance time.Duration
		do      func(r *rig, h handoff.Handoff) // before the sweep
		want    handoff.SweepResult
		state   handoff.State
	}
	reply := func(r *rig, h handoff.Handoff) {
		require.NoError(t, r.agent(h, handoff.AgentMessage, "Lea", "Are you still there?", ""))
	}
	userSays := func(r *rig, h handoff.Handoff) {
		_, err := r.svc.SendMessage(context.Background(), h.ID, "yes")
		require.NoError(t, err)
	}
	tests := []struct {
		name  string
		cfg   handoff.Config
		steps []step
		jobs  []string
	}{
		{"waiting timeout asks once", live(), []step{
			{advance: 59 * time.Second, state: handoff.StateQueued},
			{advance: time.Second, want: handoff.SweepResult{Asked: 1}, state: handoff.StateQueued},
			{advance: time.Hour, state: handoff.StateQueued}, // still pending, not asked twice
		}, []string{"open"}},
		{"an agent's reply first: nothing to ask", live(), []step{
			{advance: 30 * time.Second, do: reply, state: handoff.StateAgentJoined},
			{advance: 40 * time.Second, state: handoff.StateAgentJoined},
		}, []string{"open"}},
		{"session timeout after the agent's last message", live(), []step{
			{advance: 10 * time.Second, do: reply, state: handoff.StateAgentJoined},
			{advance: 179 * time.Second, state: handoff.StateAgentJoined},
			{advance: time.Second, want: handoff.SweepResult{TimedOut: 1}, state: handoff.StateTimedOut},
			{advance: time.Hour, state: handoff.StateTimedOut},
		}, []string{"open", "close"}},
		{"the user's reply stops the session timeout", live(), []step{
			{advance: 10 * time.Second, do: reply, state: handoff.StateAgentJoined},
			{advance: 170 * time.Second, do: userSays, state: handoff.StateAgentJoined},
			{advance: time.Hour, state: handoff.StateAgentJoined}, // the agent's turn: no timeout
			{advance: 0, do: reply, state: handoff.StateAgentJoined},
			{advance: 180 * time.Second, want: handoff.SweepResult{TimedOut: 1}, state: handoff.StateTimedOut},
		}, []string{"open", "message:3", "close"}},
		{"configured timeouts", handoff.Config{AgentEvents: true, Timeouts: handoff.Timeouts{Wait: 5 * time.Minute, Session: 10 * time.Minute}}, []step{
			{advance: 4 * time.Minute, state: handoff.StateQueued},
			{advance: time.Minute, want: handoff.SweepResult{Asked: 1}, state: handoff.StateQueued},
			{advance: 0, do: reply, state: handoff.StateAgentJoined},
			{advance: 9 * time.Minute, state: handoff.StateAgentJoined},
			{advance: time.Minute, want: handoff.SweepResult{TimedOut: 1}, state: handoff.StateTimedOut},
		}, []string{"open", "close"}},
		{"no agent events: no waiting question", handoff.Config{}, []step{
			{advance: time.Hour, state: handoff.StateQueued},
		}, []string{"open"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t, tt.cfg, true)
			h := r.request("conv", nil)
			for i, s := range tt.steps {
				r.clk.Advance(s.advance)
				if s.do != nil {
					s.do(r, h)
				}
				res, err := r.svc.Sweep(context.Background())
				require.NoError(t, err)
				assert.Equal(t, s.want, res, "step %d", i)
				assert.Equal(t, s.state, r.get(h.ID).State, "step %d", i)
			}
			assert.Equal(t, tt.jobs, r.jobs(h.ID))
		})
	}
}

func TestSessionTimeoutRecordsItsCause(t *testing.T) {
	ctx := context.Background()
	r := newRig(t, live(), true)
	h := r.request("conv", nil)
	require.NoError(t, r.agent(h, handoff.AgentMessage, "Lea", "Hi", ""))
	r.clk.Advance(3 * time.Minute)
	_, err := r.svc.Sweep(ctx)
	require.NoError(t, err)
	evs, err := r.st.Events(ctx, h.ID)
	require.NoError(t, err)
	last := evs[len(evs)-1]
	assert.Equal(t, handoff.Event{HandoffID: h.ID, From: handoff.StateAgentJoined, To: handoff.StateTimedOut,
		Cause: "session timeout: no reply from the user within 3m0s of the agent's last message", At: r.clk.Now()}, last)
	ds, err := r.st.Deliveries(ctx, handoff.DeliveryFilter{Subject: h.ID})
	require.NoError(t, err)
	assert.Equal(t, "Closed by the bot: the customer did not reply within 3m0s of the agent's last message.", ds[len(ds)-1].Reason)
}

func TestSweepManyAtOnce(t *testing.T) {
	r := newRig(t, live(), false)
	for i := range 450 { // more than one batch
		r.request(fmt.Sprintf("conv-%d", i), nil)
	}
	r.clk.Advance(time.Minute)
	res, err := r.svc.Sweep(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 450, res.Asked)
	res, err = r.svc.Sweep(context.Background())
	require.NoError(t, err)
	assert.Zero(t, res.Asked)
}

// ticker hands RunTimeouts its sleeps on demand.
type ticker struct{ c chan time.Time }

func (k ticker) after(time.Duration) <-chan time.Time { return k.c }

func TestRunTimeouts(t *testing.T) {
	r := newRig(t, live(), false)
	h := r.request("conv", nil)
	k := ticker{c: make(chan time.Time)}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		r.svc.RunTimeouts(ctx, k.after)
	}()
	r.clk.Advance(time.Minute)
	k.c <- time.Time{} // one tick: the sweep after it sees the due timeout
	k.c <- time.Time{} // and the next tick waits until that sweep is done
	cancel()
	<-done
	assert.False(t, r.get(h.ID).Session.AskedAt.IsZero())
}

func TestTimeoutsConfig(t *testing.T) {
	d := handoff.Timeouts{}.WithDefaults()
	assert.Equal(t, handoff.Timeouts{Wait: 60 * time.Second, Session: 180 * time.Second, CheckInterval: time.Second}, d)
	assert.NoError(t, d.Validate())
	err := handoff.Timeouts{Wait: -time.Second, Session: -time.Minute}.Validate()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "wait: -1s is negative; use a positive duration like 60s")
	assert.Contains(t, err.Error(), "session: -1m0s is negative")
}
