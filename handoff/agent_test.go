package handoff_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

func TestApplyAgentEventTransitions(t *testing.T) {
	tests := []struct {
		name      string
		from      handoff.State
		kind      handoff.AgentEventKind
		agent     string
		text      string
		wantErr   handoff.ErrorKind
		wantState handoff.State
		wantMsgs  []string
	}{
		{"first reply to a queued handoff starts the session", handoff.StateQueued, handoff.AgentMessage, "Lea", "Hi, I'm Lea.",
			0, handoff.StateAgentJoined, []string{"system: Lea has joined the conversation and will reply here.", "agent: Hi, I'm Lea."}},
		{"first reply to a delivered handoff", handoff.StateDelivered, handoff.AgentMessage, "", "Hello!",
			0, handoff.StateAgentJoined, []string{"system: Someone from our team has joined the conversation and will reply here.", "agent: Hello!"}},
		{"reply to a closed handoff: conflict", handoff.StateClosed, handoff.AgentMessage, "Lea", "Hi",
			handoff.KindConflict, handoff.StateClosed, []string{}},
		{"empty reply: invalid", handoff.StateDelivered, handoff.AgentMessage, "Lea", "  ",
			handoff.KindInvalid, handoff.StateDelivered, []string{}},
		{"assignment: joined without a message", handoff.StateDelivered, handoff.AgentJoined, "Lea", "",
			0, handoff.StateAgentJoined, []string{"system: Lea has joined the conversation and will reply here."}},
		{"assignment of a queued handoff", handoff.StateQueued, handoff.AgentJoined, "", "",
			0, handoff.StateAgentJoined, []string{"system: Someone from our team has joined the conversation and will reply here."}},
		{"assignment of a timed-out handoff: conflict", handoff.StateTimedOut, handoff.AgentJoined, "Lea", "",
			handoff.KindConflict, handoff.StateTimedOut, []string{}},
		{"closed by the agent while waiting", handoff.StateDelivered, handoff.AgentClosed, "", "",
			0, handoff.StateClosed, []string{}},
		{"closed by the agent in session", handoff.StateAgentJoined, handoff.AgentClosed, "", "",
			0, handoff.StateClosed, []string{}},
		{"closed twice: conflict", handoff.StateClosed, handoff.AgentClosed, "", "",
			handoff.KindConflict, handoff.StateClosed, []string{}},
		{"closing a cancelled handoff: conflict", handoff.StateCancelled, handoff.AgentClosed, "", "",
			handoff.KindConflict, handoff.StateCancelled, []string{}},
		{"reopened: closed is final", handoff.StateClosed, handoff.AgentReopened, "", "",
			handoff.KindConflict, handoff.StateClosed, []string{}},
		{"reopened while open: changes nothing either", handoff.StateDelivered, handoff.AgentReopened, "", "",
			handoff.KindConflict, handoff.StateDelivered, []string{}},
		{"unknown kind: invalid", handoff.StateDelivered, "typing", "", "",
			handoff.KindInvalid, handoff.StateDelivered, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t, live(), false)
			h := r.request("conv", nil)
			r.to(h.ID, tt.from)
			r.clk.Advance(40 * time.Second)
			err := r.agent(h, tt.kind, tt.agent, tt.text, "inbox:m1")
			if tt.wantErr != 0 {
				assert.Equal(t, tt.wantErr, handoff.KindOf(err), "%v", err)
			} else {
				require.NoError(t, err)
			}
			got := r.get(h.ID)
			assert.Equal(t, tt.wantState, got.State)
			assert.Equal(t, tt.wantMsgs, r.messages(h.ID))
			if tt.wantErr == 0 && tt.kind == handoff.AgentMessage {
				now := r.clk.Now()
				assert.Equal(t, now, got.Session.FirstReplyAt)
				assert.Equal(t, now, got.Session.LastAgentAt)
				assert.Equal(t, now, got.Session.JoinedAt)
				assert.Equal(t, tt.agent, got.Session.AgentName)
			}
		})
	}
}

func TestAgentSessionOverTime(t *testing.T) {
	ctx := context.Background()
	r := newRig(t, live(), false)
	h := r.request("conv", nil)
	created := r.clk.Now()

	r.clk.Advance(10 * time.Second)
	require.NoError(t, r.agent(h, handoff.AgentJoined, "Lea", "", ""))
	joined := r.clk.Now()
	require.NoError(t, r.agent(h, handoff.AgentJoined, "Lea", "", ""), "the same assignment again")
	assert.Len(t, r.messages(h.ID), 1, "joined once")

	r.clk.Advance(20 * time.Second)
	require.NoError(t, r.agent(h, handoff.AgentMessage, "Lea Koch", "Hi Jane!", "inbox:1"))
	first := r.clk.Now()
	r.clk.Advance(20 * time.Second)
	require.NoError(t, r.agent(h, handoff.AgentMessage, "", "Anything else?", "inbox:2"))

	got := r.get(h.ID)
	assert.Equal(t, handoff.Session{
		AgentName: "Lea Koch", JoinedAt: joined, FirstReplyAt: first, LastAgentAt: r.clk.Now(), WaitSince: created, LastSeq: 3,
	}, got.Session, "the name is the latest the helpdesk gave; no second join notice")
	assert.Equal(t, []string{
		"system: Lea has joined the conversation and will reply here.", "agent: Hi Jane!", "agent: Anything else?",
	}, r.messages(h.ID))

	evs, err := r.st.Events(ctx, h.ID)
	require.NoError(t, err)
	require.Len(t, evs, 2, "created, then agent_joined once")
	assert.Equal(t, handoff.StateAgentJoined, evs[1].To)
	assert.Equal(t, "an agent took the conversation: Lea", evs[1].Cause)
}

func TestAgentMessageRedelivered(t *testing.T) {
	r := newRig(t, live(), false)
	h := r.request("conv", nil)
	require.NoError(t, r.agent(h, handoff.AgentMessage, "Lea", "Hi", "zendesk:99"))
	before := r.get(h.ID)
	err := r.agent(h, handoff.AgentMessage, "Lea", "Hi", "zendesk:99")
	assert.Equal(t, handoff.KindConflict, handoff.KindOf(err), "answered 200 ignored by the hooks handler")
	assert.True(t, errors.Is(err, handoff.ErrDuplicateMessage))
	assert.Equal(t, before, r.get(h.ID))
	assert.Len(t, r.messages(h.ID), 2)
}

func TestAgentJoinNoticeInTheUsersLanguage(t *testing.T) {
	r := newRig(t, live(), false)
	res, err := r.svc.Request(context.Background(), handoff.Request{
		ConversationID: "c-fi", Email: "liisa@example.fi", Language: "fi",
		Transcript: []handoff.Turn{{Role: handoff.RoleUser, Content: "Haluan puhua ihmisen kanssa"}},
	})
	require.NoError(t, err)
	require.NoError(t, r.agent(res.Handoff, handoff.AgentMessage, "", "Hei!", ""))
	assert.Equal(t, []string{"system: Tiimimme jäsen liittyi keskusteluun ja vastaa sinulle tässä.", "agent: Hei!"}, r.messages(res.Handoff.ID))
}

func TestApplyAgentEventFindsTheHandoff(t *testing.T) {
	ctx := context.Background()
	r := newRig(t, live(), true)
	h := r.request("conv", nil)
	r.deliver(h.ID, "T-9")
	other := r.request("conv-2", nil) // not delivered yet: no remote id

	tests := []struct {
		name      string
		e         handoff.AgentEvent
		want      string // the handoff that got the message; "" for none
		wantError handoff.ErrorKind
	}{
		{"by the helpdesk's id", handoff.AgentEvent{Connector: "webhook", RemoteID: "T-9"}, h.ID, 0},
		{"the helpdesk's id first, our id ignored", handoff.AgentEvent{Connector: "webhook", RemoteID: "T-9", HandoffID: other.ID}, h.ID, 0},
		{"by our id when the helpdesk's is unknown yet", handoff.AgentEvent{Connector: "webhook", RemoteID: "T-10", HandoffID: other.ID}, other.ID, 0},
		{"our id of a handoff with another ticket", handoff.AgentEvent{Connector: "webhook", RemoteID: "T-11", HandoffID: h.ID}, "", handoff.KindNotFound},
		{"by our id alone", handoff.AgentEvent{Connector: "webhook", HandoffID: other.ID}, other.ID, 0},
		{"our id of another helpdesk's handoff", handoff.AgentEvent{Connector: "zendesk", HandoffID: other.ID}, "", handoff.KindNotFound},
		{"another helpdesk's remote id", handoff.AgentEvent{Connector: "zendesk", RemoteID: "T-9"}, "", handoff.KindNotFound},
		{"no ids", handoff.AgentEvent{Connector: "webhook"}, "", handoff.KindNotFound},
		{"an unknown handoff", handoff.AgentEvent{Connector: "webhook", HandoffID: "h_nope"}, "", handoff.KindNotFound},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.e.Kind, tt.e.Text, tt.e.MessageID = handoff.AgentMessage, "hello", "webhook:evt"+string(rune('a'+i))
			err := r.svc.ApplyAgentEvent(ctx, tt.e)
			if tt.wantError != 0 {
				assert.Equal(t, tt.wantError, handoff.KindOf(err), "%v", err)
				return
			}
			require.NoError(t, err)
			msgs := r.messages(tt.want)
			assert.Equal(t, "agent: hello", msgs[len(msgs)-1])
		})
	}
}

func TestOnChangeHearsEveryChange(t *testing.T) {
	ctx := context.Background()
	r := newRig(t, live(), false)
	h := r.request("conv", nil)
	require.NoError(t, r.agent(h, handoff.AgentMessage, "Lea", "Hi", "inbox:1"))
	_, err := r.svc.SendMessage(ctx, h.ID, "Thanks")
	require.NoError(t, err)
	require.NoError(t, r.agent(h, handoff.AgentClosed, "", "", ""))
	_ = r.agent(h, handoff.AgentClosed, "", "", "") // a conflict changes nothing
	states := []handoff.State{}
	for _, c := range r.changes {
		states = append(states, c.State)
	}
	assert.Equal(t, []handoff.State{handoff.StateDelivered, handoff.StateAgentJoined, handoff.StateAgentJoined, handoff.StateClosed}, states, "the inbox takes it as it is stored")
	assert.Equal(t, int64(3), r.changes[2].Session.LastSeq, "each with the handoff as stored: notice, reply, the user's message")
}
