package desk

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/helpdesk"
	"github.com/handoff-mcp/handoff-mcp/handoff/watch"
)

// stateStore keeps handoffs' connector, state and agent, and counts the
// whole-handoff and state reads the desk makes of it.
type stateStore struct {
	handoff.Store // nil: only the reads below are made
	rows          map[string]handoff.Handoff
	full, states  int
}

func (s *stateStore) Handoff(_ context.Context, id string) (handoff.Handoff, error) {
	s.full++
	h, ok := s.rows[id]
	if !ok {
		return h, handoff.NotFound("handoff %s not found", id)
	}
	h.ID = id
	return h, nil
}

func (s *stateStore) HandoffState(_ context.Context, id string) (string, handoff.State, string, error) {
	s.states++
	h, ok := s.rows[id]
	if !ok {
		return "", "", "", handoff.NotFound("handoff %s not found", id)
	}
	return h.Connector, h.State, h.Session.AgentName, nil
}

// TestTrackWithoutPages: while no page is open the desk keeps what is new
// from the changed handoffs' state alone, without reading whole handoffs,
// so that a page opened later is told of a handoff as new exactly when it
// would have been with pages open all along.
func TestTrackWithoutPages(t *testing.T) {
	ctx := context.Background()
	inbox := func(state handoff.State, agent string) handoff.Handoff {
		h := handoff.Handoff{Connector: helpdesk.TypeInbox, State: state}
		h.Session.AgentName = agent
		return h
	}
	st := &stateStore{rows: map[string]handoff.Handoff{
		"h_wait":   inbox(handoff.StateDelivered, ""),
		"h_taken":  inbox(handoff.StateAgentJoined, "Lea"),
		"h_closed": inbox(handoff.StateClosed, ""),
		"h_remote": {Connector: "zendesk", State: handoff.StateDelivered},
	}}
	s := &Server{hs: st, waiting: map[string]bool{}}
	changes := func(ids ...string) []watch.Change {
		var cs []watch.Change
		for i, id := range ids {
			cs = append(cs, watch.Change{HandoffID: id, Seq: int64(i + 1)})
		}
		return cs
	}
	require.NoError(t, s.track(ctx, changes("h_wait", "h_taken", "h_closed", "h_remote", "h_gone")))
	assert.Zero(t, st.full, "no whole handoff read")
	assert.Equal(t, 5, st.states, "changes without their state: each state read")
	assert.Equal(t, map[string]bool{"h_wait": true}, s.waiting)

	// A page opens: a change of the handoff that waited all along is not
	// new; the taken one back in the queue is.
	st.rows["h_taken"] = inbox(handoff.StateDelivered, "")
	evs, err := s.events(ctx, changes("h_wait", "h_taken"))
	require.NoError(t, err)
	require.Len(t, evs, 2)
	assert.False(t, evs[0].New, "waiting since before the page opened")
	assert.True(t, evs[1].New, "back in the queue")
}

// TestTrackFromTheChanges: a change that carries the handoff's connector,
// state and agent (the store's feed reads them with the change) is tracked
// without any read of the handoff.
func TestTrackFromTheChanges(t *testing.T) {
	ctx := context.Background()
	st := &stateStore{rows: map[string]handoff.Handoff{}}
	s := &Server{hs: st, waiting: map[string]bool{}}
	require.NoError(t, s.track(ctx, []watch.Change{
		{HandoffID: "h_wait", Seq: 1, Connector: helpdesk.TypeInbox, State: string(handoff.StateDelivered)},
		{HandoffID: "h_taken", Seq: 2, Connector: helpdesk.TypeInbox, State: string(handoff.StateAgentJoined), Agent: "Lea"},
		{HandoffID: "h_remote", Seq: 3, Connector: "zendesk", State: string(handoff.StateDelivered)},
	}))
	assert.Zero(t, st.full+st.states, "no read of the handoffs")
	assert.Equal(t, map[string]bool{"h_wait": true}, s.waiting)

	require.NoError(t, s.track(ctx, []watch.Change{
		{HandoffID: "h_wait", Seq: 4, Connector: helpdesk.TypeInbox, State: string(handoff.StateAgentJoined), Agent: "Lea"},
	}))
	assert.Empty(t, s.waiting, "taken: no longer waiting")
}
