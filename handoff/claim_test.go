package handoff_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/clock/clocktest"
	"github.com/handoff-mcp/handoff-mcp/handoff/helpdesk"
	"github.com/handoff-mcp/handoff-mcp/store"
)

func claim(name string) handoff.AgentEvent {
	return handoff.AgentEvent{Kind: handoff.AgentJoined, Connector: "inbox", AgentName: name, Claim: true}
}

// TestClaimOneWins claims one handoff from many goroutines at once (with
// the store's own connections, as two desk requests would): exactly one
// agent gets it, every other is told who did, and the user hears of one
// agent only.
func TestClaimOneWins(t *testing.T) {
	clk := clocktest.NewFake(t0)
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "handoff.db"), store.Options{Clock: clk})
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	conn, err := helpdesk.New(helpdesk.Config{}, helpdesk.Options{})
	require.NoError(t, err)
	svc, err := handoff.NewService(live(), handoff.Deps{Store: st, Classifier: always{}, Connector: conn, Logger: zerolog.Nop(), Clock: clk,
		Triggers: []handoff.Trigger{{ID: "explicit_request"}}})
	require.NoError(t, err)
	res, err := svc.Request(context.Background(), handoff.Request{ConversationID: "c1", Email: "jane@example.com", Language: "fi",
		Transcript: []handoff.Turn{{Role: handoff.RoleUser, Content: "ihminen"}}})
	require.NoError(t, err)
	id := res.Handoff.ID

	const agents = 8
	errs := make([]error, agents)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range agents {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			e := claim(fmt.Sprintf("Agent %d", i))
			e.HandoffID = id
			errs[i] = svc.ApplyAgentEvent(context.Background(), e)
		}()
	}
	close(start)
	wg.Wait()

	h, err := st.Handoff(context.Background(), id)
	require.NoError(t, err)
	won := 0
	for i, err := range errs {
		if err == nil {
			won++
			assert.Equal(t, fmt.Sprintf("Agent %d", i), h.Session.AgentName)
			continue
		}
		assert.True(t, handoff.Is(err, handoff.KindConflict), "%v", err)
		assert.True(t, errors.Is(err, handoff.ErrClaimed), "%v", err)
		assert.Contains(t, err.Error(), h.Session.AgentName+" has taken")
	}
	assert.Equal(t, 1, won)
	assert.Equal(t, handoff.StateAgentJoined, h.State)
	msgs, err := st.Messages(context.Background(), id, 0, 0)
	require.NoError(t, err)
	require.Len(t, msgs, 1)
	assert.Equal(t, h.Session.AgentName+" liittyi keskusteluun ja vastaa sinulle tässä.", msgs[0].Text)
}

func TestClaimReplyAndTransfer(t *testing.T) {
	r := newRig(t, live(), false)
	ctx := context.Background()
	h := r.request("c1", nil)
	apply := func(e handoff.AgentEvent) error {
		e.Connector, e.HandoffID = "inbox", h.ID
		return r.svc.ApplyAgentEvent(ctx, e)
	}
	require.NoError(t, apply(claim("Lea")))
	require.NoError(t, apply(claim("lea")), "claiming one's own conversation again changes nothing")

	// A colleague's message on Lea's conversation is refused; Lea's goes.
	err := apply(handoff.AgentEvent{Kind: handoff.AgentMessage, AgentName: "Max", Text: "hi", Claim: true})
	assert.True(t, errors.Is(err, handoff.ErrClaimed), "%v", err)
	require.NoError(t, apply(handoff.AgentEvent{Kind: handoff.AgentMessage, AgentName: "Lea", Text: "Hi Jane", Claim: true}))

	// Only the owner transfers; to a colleague, then back to the queue.
	err = apply(handoff.AgentEvent{Kind: handoff.AgentTransferred, AgentName: "Max", ToAgent: "Kim"})
	assert.True(t, errors.Is(err, handoff.ErrClaimed), "%v", err)
	err = apply(handoff.AgentEvent{Kind: handoff.AgentTransferred, AgentName: "Lea", ToAgent: "lea"})
	assert.True(t, handoff.Is(err, handoff.KindInvalid), "%v", err)
	require.NoError(t, apply(handoff.AgentEvent{Kind: handoff.AgentTransferred, AgentName: "Lea", ToAgent: "Max"}))
	require.NoError(t, apply(handoff.AgentEvent{Kind: handoff.AgentTransferred, AgentName: "Max"}))
	got, err := r.st.Handoff(ctx, h.ID)
	require.NoError(t, err)
	assert.Empty(t, got.Session.AgentName, "back in the queue")
	assert.Equal(t, handoff.StateAgentJoined, got.State)
	// The next claim tells the user who has them now.
	r.clk.Advance(time.Minute)
	require.NoError(t, apply(claim("Kim")))

	msgs, err := r.st.Messages(ctx, h.ID, 0, 0)
	require.NoError(t, err)
	var texts []string
	for _, m := range msgs {
		texts = append(texts, string(m.Author)+": "+m.Text)
	}
	assert.Equal(t, []string{
		"system: Lea has joined the conversation and will reply here.",
		"agent: Hi Jane",
		"system: I'm passing the conversation to my colleague (Max), who can help you better. Please stay here.",
		"system: I'm passing the conversation to my colleague (Someone from our team), who can help you better. Please stay here.",
		"system: Kim has joined the conversation and will reply here.",
	}, texts)
}

func TestQueueWaitGrowsWithPositionAndShrinksWithAgents(t *testing.T) {
	m := 2 * time.Minute
	for _, tc := range []struct {
		pos, agents int
		want        time.Duration
	}{
		{1, 0, 2 * time.Minute},
		{1, 3, 2 * time.Minute},
		{3, 1, 6 * time.Minute},
		{3, 0, 6 * time.Minute},
		{3, 3, 2 * time.Minute},
		{4, 3, 4 * time.Minute},
		{7, 2, 8 * time.Minute},
	} {
		t.Run(fmt.Sprintf("pos %d agents %d", tc.pos, tc.agents), func(t *testing.T) {
			assert.Equal(t, tc.want, handoff.QueueWait(m, tc.pos, tc.agents))
		})
	}
}

// TestExpectedWaitCountsAgentsOnline: the wait told to the third user in
// the queue is three default waits with one agent at the desk, two with
// two agents.
func TestExpectedWaitCountsAgentsOnline(t *testing.T) {
	clk := clocktest.NewFake(t0)
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "handoff.db"), store.Options{Clock: clk})
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	conn, err := helpdesk.New(helpdesk.Config{}, helpdesk.Options{})
	require.NoError(t, err)
	online := 1
	cfg := live()
	cfg.Queue = handoff.Queue{}.WithDefaults()
	svc, err := handoff.NewService(cfg, handoff.Deps{Store: st, Classifier: always{}, Connector: conn, Logger: zerolog.Nop(), Clock: clk,
		Triggers: []handoff.Trigger{{ID: "explicit_request"}}, AgentsOnline: func() int { return online }})
	require.NoError(t, err)
	var last handoff.Handoff
	for i := range 3 {
		clk.Advance(time.Second)
		res, err := svc.Request(context.Background(), handoff.Request{ConversationID: fmt.Sprint("c", i), Email: "jane@example.com",
			Transcript: []handoff.Turn{{Role: handoff.RoleUser, Content: "a person please"}}})
		require.NoError(t, err)
		last = res.Handoff
	}
	pos, wait, err := svc.QueueInfo(context.Background(), last)
	require.NoError(t, err)
	assert.Equal(t, 3, pos)
	assert.Equal(t, 3*handoff.DefaultWait, wait)
	online = 2
	_, wait, err = svc.QueueInfo(context.Background(), last)
	require.NoError(t, err)
	assert.Equal(t, 2*handoff.DefaultWait, wait)
}

// TestTeamTransferWaitsForAColleague: a conversation passed back to the
// team's queue is nobody's, so the session timeout does not end it; the
// waiting question is due timeouts.wait after the transfer, as for any
// wait for an agent.
func TestTeamTransferWaitsForAColleague(t *testing.T) {
	r := newRig(t, live(), false)
	ctx := context.Background()
	h := r.request("c1", nil)
	apply := func(e handoff.AgentEvent) {
		t.Helper()
		e.Connector, e.HandoffID = "inbox", h.ID
		require.NoError(t, r.svc.ApplyAgentEvent(ctx, e))
	}
	apply(handoff.AgentEvent{Kind: handoff.AgentMessage, AgentName: "Lea", Text: "Hi Jane", Claim: true})
	r.clk.Advance(10 * time.Second)
	apply(handoff.AgentEvent{Kind: handoff.AgentTransferred, AgentName: "Lea"})

	r.clk.Advance(59 * time.Second)
	res, err := r.svc.Sweep(ctx)
	require.NoError(t, err)
	assert.Equal(t, handoff.SweepResult{}, res)
	r.clk.Advance(time.Second)
	res, err = r.svc.Sweep(ctx)
	require.NoError(t, err)
	assert.Equal(t, handoff.SweepResult{Asked: 1}, res, "the waiting question, a minute after the transfer")

	r.clk.Advance(time.Hour)
	res, err = r.svc.Sweep(ctx)
	require.NoError(t, err)
	assert.Equal(t, handoff.SweepResult{}, res, "no session timeout while nobody has the conversation")
	got, err := r.st.Handoff(ctx, h.ID)
	require.NoError(t, err)
	assert.Equal(t, handoff.StateAgentJoined, got.State)

	// A colleague claims and answers: the session timeout runs from their message.
	apply(handoff.AgentEvent{Kind: handoff.AgentMessage, AgentName: "Kim", Text: "Kim here", Claim: true})
	r.clk.Advance(180 * time.Second)
	res, err = r.svc.Sweep(ctx)
	require.NoError(t, err)
	assert.Equal(t, handoff.SweepResult{TimedOut: 1}, res)
}
