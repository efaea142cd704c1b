package handoff_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

func TestSendMessage(t *testing.T) {
	tests := []struct {
		name    string
		remote  bool
		from    handoff.State
		text    string
		wantErr handoff.ErrorKind
		// wantStored: the message is in the session; wantDelivery says
		// where it stands (sent only in the inbox: the rig has no courier,
		// so a remote helpdesk has not taken it).
		wantStored   bool
		wantDelivery string
		wantJobs     []string
	}{
		{"to a waiting handoff, relayed after the open", true, handoff.StateQueued, "My order is 4711", 0, true, handoff.RelayQueued, []string{"open", "message:1"}},
		{"to the agent in session", true, handoff.StateAgentJoined, "Thanks!", 0, true, handoff.RelayQueued, []string{"open", "message:1"}},
		{"built-in inbox: stored, nothing to forward", false, handoff.StateAgentJoined, "Thanks!", 0, true, handoff.RelayInbox, []string{}},
		{"after the agent closed: not sent", true, handoff.StateClosed, "Hello?", 0, false, handoff.RelayNotSent, []string{"open"}},
		{"after a timeout: not sent", false, handoff.StateTimedOut, "Hello?", 0, false, handoff.RelayNotSent, []string{}},
		{"empty", true, handoff.StateAgentJoined, " \n ", handoff.KindInvalid, false, "", []string{"open"}},
		{"too long", true, handoff.StateAgentJoined, strings.Repeat("x", 9000), handoff.KindInvalid, false, "", []string{"open"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t, live(), tt.remote)
			h := r.request("conv", nil)
			r.to(h.ID, tt.from)
			r.clk.Advance(time.Minute)
			res, err := r.svc.SendMessage(context.Background(), h.ID, tt.text)
			if tt.wantErr != 0 {
				assert.Equal(t, tt.wantErr, handoff.KindOf(err), "%v", err)
			} else {
				require.NoError(t, err)
				assert.Equal(t, tt.wantDelivery, res.Delivery)
				assert.Equal(t, tt.wantDelivery == handoff.RelayInbox, res.Sent, "sent only when the agent has it")
				assert.Equal(t, tt.from, res.Handoff.State)
			}
			assert.Equal(t, tt.wantJobs, r.jobs(h.ID))
			got := r.get(h.ID)
			if tt.wantStored {
				assert.Equal(t, int64(1), res.Message.Seq)
				assert.Equal(t, []string{"user: " + strings.TrimSpace(tt.text)}, r.messages(h.ID))
				assert.Equal(t, r.clk.Now(), got.Session.LastUserAt, "the session timeout waits for the agent again")
			} else {
				assert.Empty(t, r.messages(h.ID))
				assert.True(t, got.Session.LastUserAt.IsZero())
			}
		})
	}
	t.Run("unknown handoff", func(t *testing.T) {
		r := newRig(t, live(), false)
		_, err := r.svc.SendMessage(context.Background(), "h_nope", "hi")
		assert.Equal(t, handoff.KindNotFound, handoff.KindOf(err))
	})
}

func TestEnd(t *testing.T) {
	tests := []struct {
		name      string
		remote    bool
		from      handoff.State
		replied   bool // an agent wrote before
		req       handoff.EndRequest
		noContact bool
		wantErr   handoff.ErrorKind
		wantState handoff.State
		wantCause string
		wantJobs  []string
		wantMsg   string
		wantLeft  bool
		forwarded bool // the left message goes to the helpdesk as a ticket of its own
		already   bool
	}{
		{name: "before an agent joined: cancelled, the helpdesk told", remote: true, from: handoff.StateDelivered,
			req: handoff.EndRequest{Reason: "no longer needed"}, wantState: handoff.StateCancelled,
			wantCause: "ended by the user: no longer needed", wantJobs: []string{"open", "close"},
			wantMsg: "I've ended the conversation with our team."},
		{name: "after an agent joined: closed", remote: true, from: handoff.StateAgentJoined, replied: true,
			req: handoff.EndRequest{Reason: "solved"}, wantState: handoff.StateClosed,
			wantCause: "ended by the user: solved", wantJobs: []string{"open", "close"}, wantMsg: "I've ended"},
		{name: "built-in inbox: no job", from: handoff.StateQueued, req: handoff.EndRequest{},
			wantState: handoff.StateCancelled, wantCause: "ended by the user", wantJobs: []string{}, wantMsg: "I've ended"},
		{name: "already closed by the agent: nothing changes", remote: true, from: handoff.StateClosed,
			req: handoff.EndRequest{Reason: "bye"}, wantState: handoff.StateClosed, wantCause: "setup",
			wantJobs: []string{"open"}, wantMsg: "Our team has closed the conversation.", already: true},
		{name: "a message instead of waiting: the ticket stays open", remote: true, from: handoff.StateDelivered,
			req:       handoff.EndRequest{Reason: "left a message", Message: "Please call me back about order 4711."},
			wantState: handoff.StateCancelled, wantCause: "the user left a message instead of waiting",
			wantJobs: []string{"open", "message:1"}, wantMsg: "They will reply to jane@example.com", wantLeft: true},
		{name: "a goodbye message to the agent: relayed, then closed", remote: true, from: handoff.StateAgentJoined, replied: true,
			req: handoff.EndRequest{Reason: "bye", Message: "Thanks, bye!"}, wantState: handoff.StateClosed,
			wantCause: "ended by the user: bye", wantJobs: []string{"open", "message:3", "close"}, wantMsg: "I've ended"},
		{name: "a message without a way to reply: refused", remote: true, from: handoff.StateDelivered, noContact: true,
			req: handoff.EndRequest{Message: "call me"}, wantErr: handoff.KindInvalid, wantState: handoff.StateDelivered,
			wantCause: "delivered", wantJobs: []string{"open"}},
		{name: "a message before the ticket exists: forwarded as a ticket of its own", remote: true, from: handoff.StateQueued,
			req:       handoff.EndRequest{Reason: "left a message", Message: "Please call me back about order 4711."},
			wantState: handoff.StateCancelled, wantCause: "the user left a message instead of waiting",
			wantJobs: []string{"open"}, wantMsg: "They will reply to jane@example.com", wantLeft: true, forwarded: true},
		{name: "in German", from: handoff.StateQueued, req: handoff.EndRequest{Language: "de-AT"},
			wantState: handoff.StateCancelled, wantCause: "ended by the user", wantJobs: []string{},
			wantMsg: "Ich habe das Gespräch mit unserem Team beendet."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			cfg := live()
			r := newRig(t, cfg, tt.remote)
			var h handoff.Handoff
			if tt.noContact { // contact.require_email off, and nothing collected
				stored, _, err := r.st.CreateHandoffIfRoom(ctx, handoff.Handoff{ID: "h_nc", ConversationID: "c-nc", Connector: "webhook", CreatedAt: t0}, 0)
				require.NoError(t, err)
				h = stored
			} else {
				h = r.request("conv", nil)
			}
			if tt.replied {
				require.NoError(t, r.agent(h, handoff.AgentMessage, "Lea", "Hi", "webhook:1"))
			}
			r.to(h.ID, tt.from)
			tt.req.HandoffID = h.ID
			res, err := r.svc.End(ctx, tt.req)
			if tt.wantErr != 0 {
				assert.Equal(t, tt.wantErr, handoff.KindOf(err), "%v", err)
			} else {
				require.NoError(t, err)
				assert.Equal(t, tt.wantState, res.Handoff.State)
				assert.Equal(t, tt.already, res.AlreadyEnded)
				assert.Equal(t, tt.wantLeft, res.LeftMessage)
				assert.Contains(t, res.UserMessage, tt.wantMsg)
			}
			evs, err := r.st.Events(ctx, h.ID)
			require.NoError(t, err)
			assert.Equal(t, tt.wantCause, evs[len(evs)-1].Cause)
			assert.Equal(t, tt.wantState, r.get(h.ID).State)
			assert.Equal(t, tt.wantJobs, r.jobs(h.ID))
			left, err := r.st.OfflineMessages(ctx, 10)
			require.NoError(t, err)
			if tt.wantLeft {
				require.Len(t, left, 1, "kept with the messages for the team")
				assert.Equal(t, h.ID, left[0].HandoffID)
				assert.Equal(t, tt.req.Message, left[0].Text)
				assert.Equal(t, "jane@example.com", left[0].Contact.Email)
				if tt.forwarded {
					assert.Equal(t, "webhook", left[0].Connector, "the cancelled handoff's ticket will never be opened")
					ds, err := r.st.Deliveries(ctx, handoff.DeliveryFilter{Subject: left[0].ID})
					require.NoError(t, err)
					require.Len(t, ds, 1)
					assert.Equal(t, handoff.DeliveryOffline, ds[0].Kind)
				} else {
					assert.Empty(t, left[0].Connector, "not a second ticket: the handoff's ticket has it")
				}
			} else {
				assert.Empty(t, left)
			}
		})
	}
}

func TestEndCloseJobCarriesTheReason(t *testing.T) {
	ctx := context.Background()
	r := newRig(t, live(), true)
	h := r.request("conv", nil)
	_, err := r.svc.End(ctx, handoff.EndRequest{HandoffID: h.ID, Reason: "found the answer"})
	require.NoError(t, err)
	ds, err := r.st.Deliveries(ctx, handoff.DeliveryFilter{Subject: h.ID})
	require.NoError(t, err)
	require.Len(t, ds, 2)
	assert.Equal(t, "The customer ended the conversation: found the answer", ds[1].Reason)
	assert.Equal(t, h.ID+":closed", ds[1].Key)
}

func TestAnswerWait(t *testing.T) {
	tests := []struct {
		name      string
		choice    handoff.WaitChoice
		message   string
		wantErr   handoff.ErrorKind
		wantState handoff.State
		wantAsked bool
	}{
		{"keep waiting: asked again only after another wait", handoff.WaitKeep, "", 0, handoff.StateDelivered, false},
		{"end", handoff.WaitEnd, "", 0, handoff.StateCancelled, true},
		{"leave a message", handoff.WaitLeaveMessage, "Call me at 5.", 0, handoff.StateCancelled, true},
		{"leave a message without one", handoff.WaitLeaveMessage, " ", handoff.KindInvalid, handoff.StateDelivered, true},
		{"an unknown answer", "maybe", "", handoff.KindInvalid, handoff.StateDelivered, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			r := newRig(t, live(), false)
			h := r.request("conv", nil)
			r.to(h.ID, handoff.StateDelivered)
			r.clk.Advance(61 * time.Second)
			_, err := r.svc.Sweep(ctx)
			require.NoError(t, err)
			require.False(t, r.get(h.ID).Session.AskedAt.IsZero())

			r.clk.Advance(5 * time.Second)
			_, err = r.svc.AnswerWait(ctx, h.ID, tt.choice, tt.message)
			if tt.wantErr != 0 {
				assert.Equal(t, tt.wantErr, handoff.KindOf(err), "%v", err)
			} else {
				require.NoError(t, err)
			}
			got := r.get(h.ID)
			assert.Equal(t, tt.wantState, got.State)
			assert.Equal(t, tt.wantAsked, !got.Session.AskedAt.IsZero())
			if tt.choice == handoff.WaitKeep {
				assert.Equal(t, r.clk.Now(), got.Session.WaitSince)
				r.clk.Advance(59 * time.Second)
				res, err := r.svc.Sweep(ctx)
				require.NoError(t, err)
				assert.Zero(t, res.Asked)
				r.clk.Advance(time.Second)
				res, err = r.svc.Sweep(ctx)
				require.NoError(t, err)
				assert.Equal(t, 1, res.Asked, "asked again a full wait after choosing to keep waiting")
			}
		})
	}
}
