package handoff_test

import (
	"context"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

func TestIsVIP(t *testing.T) {
	q := handoff.Queue{VIP: map[string][]string{"vip": {"true", "yes"}, "plan": {"enterprise"}}}.WithDefaults()
	tests := []struct {
		name     string
		metadata map[string]string
		want     bool
	}{
		{"vip true", map[string]string{"vip": "true"}, true},
		{"any listed value, any case, trimmed", map[string]string{" VIP ": "Yes "}, true},
		{"plan", map[string]string{"plan": "Enterprise", "vip": "false"}, true},
		{"another value", map[string]string{"plan": "pro"}, false},
		{"no metadata", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, q.IsVIP(tt.metadata))
		})
	}
	assert.True(t, handoff.Queue{}.WithDefaults().IsVIP(map[string]string{"vip": "true"}), "the default rule")
	assert.False(t, handoff.Queue{VIP: map[string][]string{}}.WithDefaults().IsVIP(map[string]string{"vip": "true"}), "{} flags no one")
}

func TestVIPGoesFirst(t *testing.T) {
	ctx := context.Background()
	r := newRig(t, live(), true)
	normal := r.request("c-normal", nil)
	r.clk.Advance(time.Second)
	vip := r.request("c-vip", map[string]string{"vip": "true"})
	assert.Equal(t, handoff.PriorityHigh, vip.Priority, "raised to queue.vip_priority")
	assert.Equal(t, handoff.PriorityNormal, normal.Priority)

	st := status(t, r, handoff.StatusRequest{HandoffID: vip.ID})
	assert.Equal(t, 1, st.Position, "ahead of the older normal handoff")
	assert.Equal(t, 2, status(t, r, handoff.StatusRequest{HandoffID: normal.ID}).Position)

	ds, err := r.st.Deliveries(ctx, handoff.DeliveryFilter{Subject: vip.ID})
	require.NoError(t, err)
	assert.Equal(t, handoff.PriorityHigh.Rank(), ds[0].Priority, "the outbox delivers it first too")

	listed, err := r.st.ListHandoffs(ctx, handoff.ListFilter{States: handoff.OpenStates, Order: handoff.OrderQueue})
	require.NoError(t, err)
	assert.Equal(t, []string{vip.ID, normal.ID}, []string{listed[0].ID, listed[1].ID})
}

func TestVIPNeverLowersAPriority(t *testing.T) {
	cfg := live()
	cfg.Queue = handoff.Queue{VIPPriority: handoff.PriorityHigh}
	r := newRigTriggers(t, cfg, false, []handoff.Trigger{{ID: "explicit_request", Priority: handoff.PriorityUrgent}})
	h := r.request("c1", map[string]string{"vip": "true"})
	assert.Equal(t, handoff.PriorityUrgent, h.Priority)
}

func TestQueueFull(t *testing.T) {
	ctx := context.Background()
	cfg := live()
	cfg.Queue.MaxLength = 2
	r := newRig(t, cfg, false)
	first := r.request("c1", nil)
	r.request("c2", nil)

	ask := handoff.Request{ConversationID: "c3", Email: "jo@example.com", Language: "de",
		Transcript: []handoff.Turn{{Role: handoff.RoleUser, Content: "Mensch bitte"}}}
	res, err := r.svc.Request(ctx, ask)
	require.NoError(t, err)
	assert.Equal(t, handoff.OutcomeQueueFull, res.Outcome)
	assert.Empty(t, res.Handoff.ID)
	assert.Contains(t, res.UserMessage, "Warteschlange ist voll. Hinterlassen Sie Ihre E-Mail-Adresse und eine kurze Nachricht")
	_, err = r.st.OpenHandoff(ctx, "c3")
	assert.Equal(t, handoff.KindNotFound, handoff.KindOf(err), "nothing stored")
	kept, err := r.st.Contact(ctx, "c3")
	require.NoError(t, err)
	assert.Equal(t, "jo@example.com", kept.Email, "the contact given is kept for a message left instead")

	again, err := r.svc.Request(ctx, handoff.Request{ConversationID: "c1", Email: "jane@example.com",
		Transcript: []handoff.Turn{{Role: handoff.RoleUser, Content: "hello?"}}})
	require.NoError(t, err)
	assert.True(t, again.AlreadyOpen, "an open handoff is returned however full the queue")
	assert.Equal(t, first.ID, again.Handoff.ID)

	require.NoError(t, r.agent(first, handoff.AgentMessage, "Lea", "Hi", ""))
	res, err = r.svc.Request(ctx, ask)
	require.NoError(t, err)
	assert.Equal(t, handoff.OutcomeDelivered, res.Outcome, "an agent took one: room again (the inbox takes it as it is stored)")
}

func TestQueueLimitNeedsAgentEvents(t *testing.T) {
	cfg := handoff.Config{Queue: handoff.Queue{MaxLength: 1}}
	r := newRig(t, cfg, true)
	r.request("c1", nil)
	r.request("c2", nil) // nothing ever leaves a queue nobody reports on: no limit
}

func TestAcceptedGivesTheExpectedWait(t *testing.T) {
	ctx := context.Background()
	r := newRig(t, live(), false)
	res, err := r.svc.Request(ctx, handoff.Request{ConversationID: "c1", Email: "jane@example.com", Language: "en",
		Transcript: []handoff.Turn{{Role: handoff.RoleUser, Content: "a person please"}}})
	require.NoError(t, err)
	assert.Equal(t, 1, res.Position)
	assert.Equal(t, handoff.DefaultWait, res.Wait.Duration)
	assert.Equal(t, "I've passed our conversation to a member of our team. A person will take over here in about 2 min; you don't need to repeat anything.", res.UserMessage)

	// History: agents replied after 30s, 4m and 5m (and 4m and 5m of an even
	// count average to 4m30s, below).
	for i, wait := range []time.Duration{30 * time.Second, 4 * time.Minute, 5 * time.Minute} {
		h := r.request("h"+string(rune('a'+i)), nil)
		r.clk.Advance(wait)
		require.NoError(t, r.agent(h, handoff.AgentMessage, "", "Hi", ""))
	}
	w, err := r.svc.EstimateWait(ctx)
	require.NoError(t, err)
	assert.Equal(t, handoff.WaitEstimate{Duration: 4 * time.Minute, Samples: 3}, w)

	res, err = r.svc.Request(ctx, handoff.Request{ConversationID: "c-fi", Email: "liisa@example.fi", Language: "fi",
		Transcript: []handoff.Turn{{Role: handoff.RoleUser, Content: "ihminen"}}})
	require.NoError(t, err)
	assert.Equal(t, 2, res.Position, "c1 still waits")
	assert.Equal(t, "Siirsin keskustelumme tiimimme jäsenelle. Ihminen jatkaa tästä noin 4 minuutin kuluttua; sinun ei tarvitse toistaa mitään.", res.UserMessage)

	h := r.request("hd", nil)
	r.clk.Advance(6 * time.Minute)
	require.NoError(t, r.agent(h, handoff.AgentMessage, "", "Hi", ""))
	w, err = r.svc.EstimateWait(ctx)
	require.NoError(t, err)
	assert.Equal(t, handoff.WaitEstimate{Duration: 4*time.Minute + 30*time.Second, Samples: 4}, w, "median of 30s, 4m, 5m, 6m")
}

func TestAcceptedWithoutAgentEventsPromisesNoWait(t *testing.T) {
	r := newRig(t, handoff.Config{}, true)
	res, err := r.svc.Request(context.Background(), handoff.Request{ConversationID: "c1", Email: "jane@example.com",
		Transcript: []handoff.Turn{{Role: handoff.RoleUser, Content: "a person please"}}})
	require.NoError(t, err)
	assert.Zero(t, res.Position)
	assert.Equal(t, "I've passed your request to our team. A person will answer you by email at jane@example.com, not here in this chat; you don't need to repeat anything.", res.UserMessage,
		"no agent event comes back: the truth is an answer by email")
}

func TestQueueValidate(t *testing.T) {
	assert.NoError(t, handoff.Queue{}.WithDefaults().Validate())
	err := handoff.Queue{MaxLength: -1, VIPPriority: "vip", DefaultWait: -time.Second, WaitSamples: -2,
		VIP: map[string][]string{"plan": {}}}.Validate()
	require.Error(t, err)
	for _, want := range []string{
		"max_length: is -1; use a positive number",
		`vip_priority: "vip" is not a priority; use low, normal, high or urgent`,
		"default_wait: must be a positive duration",
		"wait_samples: is -2",
		`vip.plan: list the values that make a VIP`,
	} {
		assert.Contains(t, err.Error(), want)
	}
}

// TestExpectedWaitFromAnotherProcess checks that a first reply another
// process records (another service on the same database) shows in the
// expected wait within 10 seconds (it is read at most that often), and one
// this service records at once.
func TestExpectedWaitFromAnotherProcess(t *testing.T) {
	ctx := context.Background()
	r := newRig(t, live(), false)
	other, err := handoff.NewService(live(), handoff.Deps{Store: r.st, Classifier: always{}, Connector: r.svc.Connector(),
		Logger: zerolog.Nop(), Clock: r.clk, Triggers: []handoff.Trigger{{ID: "explicit_request"}}})
	require.NoError(t, err)
	estimate := func() handoff.WaitEstimate {
		t.Helper()
		w, err := r.svc.EstimateWait(ctx)
		require.NoError(t, err)
		return w
	}
	assert.Equal(t, handoff.WaitEstimate{Duration: handoff.DefaultWait}, estimate())

	h := r.request("c1", nil)
	r.clk.Advance(5 * time.Second)
	require.NoError(t, other.ApplyAgentEvent(ctx, handoff.AgentEvent{Kind: handoff.AgentMessage, Connector: h.Connector, HandoffID: h.ID, Text: "Hi"}))
	assert.Equal(t, handoff.WaitEstimate{Duration: handoff.DefaultWait}, estimate(), "read 5s ago: not yet")
	r.clk.Advance(5 * time.Second)
	assert.Equal(t, handoff.WaitEstimate{Duration: 5 * time.Second, Samples: 1}, estimate(), "read 10s ago: read again")

	h = r.request("c2", nil)
	r.clk.Advance(7 * time.Second)
	require.NoError(t, r.agent(h, handoff.AgentMessage, "", "Hi", ""))
	assert.Equal(t, handoff.WaitEstimate{Duration: 6 * time.Second, Samples: 2}, estimate(), "its own first reply: at once")
}
