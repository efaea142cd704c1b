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

func status(t *testing.T, r *rig, req handoff.StatusRequest) handoff.Status {
	t.Helper()
	st, err := r.svc.Status(context.Background(), req)
	require.NoError(t, err)
	return st
}

func TestStatusWhileWaiting(t *testing.T) {
	r := newRig(t, live(), false)
	first := r.request("c1", nil)
	r.clk.Advance(time.Second)
	second := r.request("c2", nil)

	st := status(t, r, handoff.StatusRequest{HandoffID: second.ID})
	assert.Equal(t, 2, st.Position)
	assert.Equal(t, handoff.WaitEstimate{Duration: handoff.DefaultWait}, st.Wait, "no history: the default")
	assert.Equal(t, "You're number 2 in the queue; the expected wait is about 2 min. A person from our team will reply here.", st.UserMessage)
	assert.Nil(t, st.Question)
	assert.Empty(t, st.Messages)
	assert.Equal(t, int64(0), st.Cursor)
	assert.Empty(t, st.EndedBy)

	require.NoError(t, r.agent(first, handoff.AgentMessage, "Lea", "Hi", ""))
	st = status(t, r, handoff.StatusRequest{HandoffID: second.ID, Language: "fr"})
	assert.Equal(t, 1, st.Position, "the first one has its agent")
	assert.Equal(t, handoff.WaitEstimate{Duration: time.Second, Samples: 1}, st.Wait, "the first waited a second")
	assert.Equal(t, "Vous êtes numéro 1 dans la file d'attente ; l'attente prévue est d'environ 1 min. Une personne de notre équipe vous répondra ici.", st.UserMessage)
}

func TestStatusMessagesSinceTheCursor(t *testing.T) {
	ctx := context.Background()
	r := newRig(t, live(), false)
	h := r.request("c1", nil)
	require.NoError(t, r.agent(h, handoff.AgentMessage, "Lea", "Hi Jane, Lea here.", "inbox:1"))
	_, err := r.svc.SendMessage(ctx, h.ID, "Hi Lea!")
	require.NoError(t, err)
	require.NoError(t, r.agent(h, handoff.AgentMessage, "Lea", "What's your order number?", "inbox:2"))

	st := status(t, r, handoff.StatusRequest{HandoffID: h.ID})
	assert.Equal(t, handoff.StateAgentJoined, st.Handoff.State)
	texts := []string{}
	for _, m := range st.Messages {
		texts = append(texts, fmt.Sprintf("%d %s %s: %s", m.Seq, m.Author, m.Name, m.Text))
	}
	assert.Equal(t, []string{
		"1 system : Lea has joined the conversation and will reply here.",
		"2 agent Lea: Hi Jane, Lea here.",
		"4 agent Lea: What's your order number?",
	}, texts, "the user's own message is left out")
	assert.Equal(t, int64(4), st.Cursor)
	assert.Zero(t, st.Position, "no longer waiting")
	assert.Empty(t, st.UserMessage, "the messages say it all")

	st = status(t, r, handoff.StatusRequest{HandoffID: h.ID, Since: 2})
	require.Len(t, st.Messages, 1)
	assert.Equal(t, int64(4), st.Messages[0].Seq)
	st = status(t, r, handoff.StatusRequest{HandoffID: h.ID, Since: 4})
	assert.Empty(t, st.Messages)
	assert.Equal(t, int64(4), st.Cursor, "nothing new: the cursor stays")
}

func TestStatusPages(t *testing.T) {
	r := newRig(t, live(), false)
	h := r.request("c1", nil)
	for i := range 60 {
		require.NoError(t, r.agent(h, handoff.AgentMessage, "Lea", fmt.Sprint("line ", i), fmt.Sprint("inbox:", i)))
	}
	st := status(t, r, handoff.StatusRequest{HandoffID: h.ID})
	assert.Len(t, st.Messages, 50)
	assert.True(t, st.More)
	st = status(t, r, handoff.StatusRequest{HandoffID: h.ID, Since: st.Cursor})
	assert.Len(t, st.Messages, 11, "the join notice and 60 replies")
	assert.False(t, st.More)
}

func TestStatusAsksAfterTheWaitingTimeout(t *testing.T) {
	r := newRig(t, live(), false)
	h := r.request("c1", nil)
	r.clk.Advance(59 * time.Second)
	assert.Nil(t, status(t, r, handoff.StatusRequest{HandoffID: h.ID}).Question)

	r.clk.Advance(time.Second) // no sweep ran: the status applies the due timeout itself
	st := status(t, r, handoff.StatusRequest{HandoffID: h.ID, Language: "fi"})
	require.NotNil(t, st.Question)
	assert.Equal(t, "Kukaan tiimistämme ei ole vielä ehtinyt vastata (olet odottanut noin 1 min). Haluatko jatkaa odottamista, lopettaa pyyntösi vai jättää viestin, johon tiimi vastaa sähköpostitse?", st.Question.Text)
	assert.Equal(t, []handoff.Choice{
		{ID: handoff.WaitKeep, Label: "Jatkan odottamista"},
		{ID: handoff.WaitEnd, Label: "Lopetan pyynnön"},
		{ID: handoff.WaitLeaveMessage, Label: "Jätän viestin"},
	}, st.Question.Choices)
	assert.Equal(t, st.Question.Text, st.UserMessage)
	assert.Equal(t, r.clk.Now(), r.get(h.ID).Session.AskedAt)

	r.clk.Advance(10 * time.Second)
	st = status(t, r, handoff.StatusRequest{HandoffID: h.ID, KeepWaiting: true})
	assert.Nil(t, st.Question)
	assert.Equal(t, "Thanks for your patience. I'll let you know as soon as someone from our team replies.", st.UserMessage)
	assert.Equal(t, r.clk.Now(), st.Handoff.Session.WaitSince)

	r.clk.Advance(61 * time.Second)
	require.NotNil(t, status(t, r, handoff.StatusRequest{HandoffID: h.ID}).Question, "asked again after another wait")
	require.NoError(t, r.agent(h, handoff.AgentMessage, "Lea", "Sorry for the wait!", ""))
	st = status(t, r, handoff.StatusRequest{HandoffID: h.ID})
	assert.Nil(t, st.Question, "an agent replied: nothing to ask")
	assert.True(t, st.Handoff.Session.AskedAt.IsZero())
}

func TestStatusOnceEnded(t *testing.T) {
	tests := []struct {
		name    string
		end     func(r *rig, h handoff.Handoff)
		state   handoff.State
		endedBy string
		message string
	}{
		{"closed by the agent", func(r *rig, h handoff.Handoff) {
			require.NoError(t, r.agent(h, handoff.AgentClosed, "", "", ""))
		}, handoff.StateClosed, handoff.EndedByAgent, "Our team has closed the conversation."},
		{"ended by the user after the agent joined", func(r *rig, h handoff.Handoff) {
			require.NoError(t, r.agent(h, handoff.AgentMessage, "Lea", "Hi", ""))
			_, err := r.svc.End(context.Background(), handoff.EndRequest{HandoffID: h.ID, Reason: "done"})
			require.NoError(t, err)
		}, handoff.StateClosed, handoff.EndedByUser, "I've ended the conversation with our team."},
		{"cancelled by the user", func(r *rig, h handoff.Handoff) {
			_, err := r.svc.End(context.Background(), handoff.EndRequest{HandoffID: h.ID})
			require.NoError(t, err)
		}, handoff.StateCancelled, handoff.EndedByUser, "I've ended the conversation with our team."},
		{"timed out", func(r *rig, h handoff.Handoff) {
			require.NoError(t, r.agent(h, handoff.AgentMessage, "Lea", "Hi", ""))
			r.clk.Advance(180 * time.Second)
		}, handoff.StateTimedOut, handoff.EndedByTimeout, "The conversation with our team was closed because there was no reply for a while."},
		{"failed delivery", func(r *rig, h handoff.Handoff) {
			_, err := r.st.UpdateHandoff(context.Background(), h.ID, func(handoff.Handoff) (handoff.Change, error) {
				return handoff.Change{State: handoff.StateFailed, Cause: "delivery failed", At: r.clk.Now()}, nil
			})
			require.NoError(t, err)
		}, handoff.StateFailed, handoff.EndedByHelpdesk, "I couldn't reach our team just now."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t, live(), false)
			h := r.request("c1", nil)
			tt.end(r, h)
			st := status(t, r, handoff.StatusRequest{HandoffID: h.ID, Since: r.get(h.ID).Session.LastSeq}) // every message read
			assert.Equal(t, tt.state, st.Handoff.State)
			assert.Equal(t, handoff.OwnerBot, st.Handoff.State.Owner())
			assert.Equal(t, tt.endedBy, st.EndedBy)
			assert.Contains(t, st.UserMessage, tt.message)
			assert.Zero(t, st.Position)
			assert.Nil(t, st.Question)
		})
	}
}

func TestStatusWithoutAgentEvents(t *testing.T) {
	// A helpdesk that sends nothing back (email, or inbound off): no queue,
	// no waiting question, however long it takes.
	cfg := live()
	cfg.AgentEvents = false
	r := newRig(t, cfg, true)
	h := r.request("c1", nil)
	r.clk.Advance(time.Hour)
	res, err := r.svc.Sweep(context.Background())
	require.NoError(t, err)
	assert.Zero(t, res.Asked)
	st := status(t, r, handoff.StatusRequest{HandoffID: h.ID})
	assert.Zero(t, st.Position)
	assert.Nil(t, st.Question)
	assert.Equal(t, handoff.StateQueued, st.Handoff.State, "not delivered yet: it stays open however long")
	assert.Equal(t, "I've passed your request to our team. A person will answer you by email at jane@example.com, not here in this chat; you don't need to repeat anything.", st.UserMessage)
}

// Without agent events a delivered handoff is handed over: once the user
// has been quiet for the session timeout it closes (the ticket stays open
// at the helpdesk: no close job), and the conversation is free again.
func TestHandedOverWithoutAgentEvents(t *testing.T) {
	cfg := live()
	cfg.AgentEvents = false
	cfg.Timeouts = handoff.Timeouts{Session: 3 * time.Minute}
	r := newRig(t, cfg, true)
	h := r.request("c1", nil)
	r.clk.Advance(time.Minute)
	r.to(h.ID, handoff.StateDelivered)
	r.clk.Advance(2 * time.Minute)
	_, err := r.svc.SendMessage(context.Background(), h.ID, "one more thing: order 4711")
	require.NoError(t, err)

	r.clk.Advance(3*time.Minute - time.Second)
	_, err = r.svc.Sweep(context.Background())
	require.NoError(t, err)
	assert.Equal(t, handoff.StateDelivered, r.get(h.ID).State, "the user's message keeps it open for the session timeout")

	r.clk.Advance(time.Second)
	_, err = r.svc.Sweep(context.Background())
	require.NoError(t, err)
	st := status(t, r, handoff.StatusRequest{HandoffID: h.ID})
	assert.Equal(t, handoff.StateClosed, st.Handoff.State)
	assert.Equal(t, handoff.EndedByHandedOver, st.EndedBy)
	assert.Contains(t, st.UserMessage, "answer you by email at jane@example.com")
	assert.Equal(t, []string{"open", "message:1"}, r.jobs(h.ID), "the ticket is not closed at the helpdesk")

	again := r.request("c1", nil)
	assert.NotEqual(t, h.ID, again.ID, "the conversation is not blocked")
}

func TestStatusInvalid(t *testing.T) {
	r := newRig(t, live(), false)
	h := r.request("c1", nil)
	for _, tt := range []struct {
		name string
		req  handoff.StatusRequest
		want handoff.ErrorKind
	}{
		{"unknown", handoff.StatusRequest{HandoffID: "h_nope"}, handoff.KindNotFound},
		{"no id", handoff.StatusRequest{}, handoff.KindInvalid},
		{"negative cursor", handoff.StatusRequest{HandoffID: h.ID, Since: -1}, handoff.KindInvalid},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := r.svc.Status(context.Background(), tt.req)
			assert.Equal(t, tt.want, handoff.KindOf(err), "%v", err)
		})
	}
}
