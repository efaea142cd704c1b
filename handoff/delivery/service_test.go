package delivery

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// alwaysHandoff is a classifier that always hands off on explicit_request.
type alwaysHandoff struct{}

func (alwaysHandoff) Classify(context.Context, handoff.Input) (handoff.Decision, error) {
	return handoff.Decision{Handoff: true, Triggers: []string{"explicit_request"}, Confidence: 1, Classifier: "test", Reason: "asked"}, nil
}

// service builds the handoff service over the rig, its worker as courier.
// status "refused" is unavailable with a configuration error.
func (r *rig) service(status handoff.HelpdeskServiceStatus, forward bool) *handoff.Service {
	r.t.Helper()
	st := handoff.HelpdeskStatus{Connector: "fake", Status: status}
	if status == "refused" {
		st = handoff.HelpdeskStatus{Connector: "fake", Status: handoff.HelpdeskUnavailable, ConfigError: true}
	}
	svc, err := handoff.NewService(handoff.Config{DeliveryWait: time.Minute, ForwardMessages: forward}, handoff.Deps{
		Store: r.store, Classifier: alwaysHandoff{}, Connector: r.w.conn, Courier: r.w, Clock: r.clk,
		Triggers:       []handoff.Trigger{{ID: "explicit_request", Priority: handoff.PriorityHigh, Route: handoff.Route{Team: "billing"}}},
		HelpdeskStatus: func() handoff.HelpdeskStatus { return st },
	})
	require.NoError(r.t, err)
	return svc
}

func ask(conv string) handoff.Request {
	return handoff.Request{ConversationID: conv, Email: "ada@example.com", Language: "en",
		Transcript: []handoff.Turn{{Role: handoff.RoleUser, Content: "I want a human"}}}
}

func TestRequestTellsTheTruth(t *testing.T) {
	msgs := handoff.DefaultMessages()
	tests := []struct {
		name        string
		mode        int
		status      handoff.HelpdeskServiceStatus
		wantOutcome handoff.Outcome
		wantMsg     string
		wantErr     string
	}{
		// This helpdesk sends no agent events back: the user is told the
		// team answers by email, delivered or queued alike.
		{"healthy helpdesk", ok, handoff.HelpdeskAvailable, handoff.OutcomeDelivered, handoff.MsgForwarded, ""},
		{"helpdesk fails for now", refuse, handoff.HelpdeskAvailable, handoff.OutcomeQueued, handoff.MsgForwarded, "503"},
		{"helpdesk refuses for good", reject, handoff.HelpdeskAvailable, handoff.OutcomeFailed, handoff.MsgDeliveryFailed, "check helpdesk.fake.api_token"},
		{"status says the credentials are refused: still waits, answers failed", reject, "refused", handoff.OutcomeFailed, handoff.MsgDeliveryFailed, "check helpdesk.fake.api_token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newDesk(func(string, int) int { return tt.mode })
			r := newRig(t, testConfig(), d)
			res, err := r.service(tt.status, true).Request(context.Background(), ask("c1"))
			require.NoError(t, err)
			assert.Equal(t, tt.wantOutcome, res.Outcome)
			assert.Equal(t, msgs.Render(tt.wantMsg, "en", map[string]string{"email": "ada@example.com"}), res.UserMessage)
			if tt.wantErr == "" {
				assert.Empty(t, res.Handoff.LastError)
				assert.Equal(t, d.ticketsOf(res.Handoff.ID)[0], res.Handoff.RemoteID)
				assert.Equal(t, "https://desk.test/"+res.Handoff.ID, res.Handoff.RemoteURL)
			} else {
				assert.Contains(t, res.Handoff.LastError, tt.wantErr)
			}
			// The route and priority of the strongest trigger travel with it.
			assert.Equal(t, handoff.Route{Team: "billing"}, res.Handoff.Route)
			assert.Equal(t, handoff.PriorityHigh, res.Handoff.Priority)
		})
	}
}

func TestRequestDoesNotWaitForASlowOrDownHelpdesk(t *testing.T) {
	t.Run("slow: queued when the wait ends", func(t *testing.T) {
		d := newDesk(func(string, int) int { return blockNow })
		r := newRig(t, testConfig(), d)
		s := newSleeper()
		w, err := New(testConfig(), Options{Store: r.store, Connector: d, Clock: s.on(r.clk), Owner: "svc"})
		require.NoError(t, err)
		r.w = w
		done := make(chan handoff.Result, 1)
		go func() {
			res, err := r.service(handoff.HelpdeskAvailable, true).Request(context.Background(), ask("c1"))
			assert.NoError(t, err)
			done <- res
		}()
		recv(t, d.entered, "the first attempt")
		wait := recv(t, s.reqs, "the wait for the first attempt")
		assert.Equal(t, time.Minute, wait.d)
		wait.at <- r.clk.Now()
		res := recv(t, done, "the result")
		assert.Equal(t, handoff.OutcomeQueued, res.Outcome)
		assert.Equal(t, handoff.DefaultMessages().Render(handoff.MsgForwarded, "en", map[string]string{"email": "ada@example.com"}), res.UserMessage, "no failure yet, just slow")
		close(d.unblock)
		w.Wait()
		assert.Equal(t, handoff.StateDelivered, r.get(res.Handoff.ID).State)
	})
	t.Run("down: accepted and queued without waiting", func(t *testing.T) {
		d := newDesk(func(string, int) int { return blockNow })
		r := newRig(t, testConfig(), d)
		res, err := r.service(handoff.HelpdeskUnavailable, true).Request(context.Background(), ask("c1"))
		require.NoError(t, err)
		assert.Equal(t, handoff.OutcomeQueued, res.Outcome)
		recv(t, d.entered, "the attempt, in the background")
		close(d.unblock)
		r.w.Wait()
		assert.Equal(t, handoff.StateDelivered, r.get(res.Handoff.ID).State)
	})
}

// TestRelayAndCloseRunAfterTheOpen sends the user's messages while the
// ticket's open is still being retried: they reach the ticket after it, in
// order; the agent joins, and ending the conversation closes the ticket.
func TestRelayAndCloseRunAfterTheOpen(t *testing.T) {
	d := newDesk(func(op string, n int) int {
		if op == "open" && n == 1 {
			return refuse
		}
		return ok
	})
	r := newRig(t, testConfig(), d)
	svc := r.service(handoff.HelpdeskAvailable, true)
	ctx := context.Background()
	res, err := svc.Request(ctx, ask("c1"))
	require.NoError(t, err)
	require.Equal(t, handoff.OutcomeQueued, res.Outcome)
	id := res.Handoff.ID
	want := []string{"open " + id, "open " + id}
	for _, text := range []string{"are you there?", "hello?"} {
		sent, err := svc.SendMessage(ctx, id, text)
		require.NoError(t, err)
		assert.Equal(t, handoff.RelayQueued, sent.Delivery, "it waits for the open")
		assert.Equal(t, handoff.DeliveryKey(handoff.DeliveryMessage, id, sent.Message.Seq), r.jobs(id)[len(r.jobs(id))-1].Key)
		want = append(want, fmt.Sprintf("message %s %d", id, sent.Message.Seq))
	}
	_, err = svc.SendMessage(ctx, id, " ")
	assert.True(t, handoff.Is(err, handoff.KindInvalid))

	r.w.Wait()
	r.drain(10)
	assert.Equal(t, want, d.callLog())

	require.NoError(t, svc.ApplyAgentEvent(ctx, handoff.AgentEvent{Kind: handoff.AgentJoined, Connector: "fake", RemoteID: r.get(id).RemoteID, AgentName: "Bo"}))
	_, err = svc.End(ctx, handoff.EndRequest{HandoffID: id, Reason: "solved"})
	require.NoError(t, err)
	r.w.Wait() // the courier's attempt at once, before the clock jumps
	r.drain(10)
	assert.Equal(t, append(want, "close "+id), d.callLog())
}

func TestRelayWithTheInboxForwardsNothing(t *testing.T) {
	d := newDesk(nil)
	r := newRig(t, testConfig(), d)
	svc := r.service(handoff.HelpdeskNotConfigured, false)
	res, err := svc.Request(context.Background(), ask("c1"))
	require.NoError(t, err)
	sent, err := svc.SendMessage(context.Background(), res.Handoff.ID, "hi")
	require.NoError(t, err)
	assert.Equal(t, handoff.RelayInbox, sent.Delivery)
	assert.True(t, sent.Sent)
	_, err = svc.CollectContact(context.Background(), handoff.ContactRequest{ConversationID: "c2", Email: "bo@example.com", Message: "call me"})
	require.NoError(t, err)
	r.drain(5)
	assert.Equal(t, []string{"open " + res.Handoff.ID}, d.callLog(), "messages stay in the inbox")
	assert.Len(t, r.jobs(res.Handoff.ID), 1, "only the open: no message job")
}

func TestMessageLeftForTheTeamIsForwarded(t *testing.T) {
	d := newDesk(nil)
	r := newRig(t, testConfig(), d)
	svc := r.service(handoff.HelpdeskAvailable, true)
	res, err := svc.CollectContact(context.Background(), handoff.ContactRequest{
		ConversationID: "c1", Email: "bo@example.com", Message: "Please call me back tomorrow",
	})
	require.NoError(t, err)
	r.w.Wait()
	r.drain(5)
	assert.Equal(t, []string{"open " + res.OfflineMessageID}, d.callLog())
	ms, err := r.store.OfflineMessages(context.Background(), 1)
	require.NoError(t, err)
	assert.Equal(t, "fake", ms[0].Connector)
	assert.Equal(t, d.ticketsOf(res.OfflineMessageID)[0], ms[0].RemoteID)
}
