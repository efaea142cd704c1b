package handoff_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/clock/clocktest"
	"github.com/handoff-mcp/handoff-mcp/handoff/helpdesk"
	"github.com/handoff-mcp/handoff-mcp/store"
)

// t0 is the fake clock's start.
var t0 = time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)

// always hands off on explicit_request, whatever the conversation.
type always struct{}

func (always) Classify(context.Context, handoff.Input) (handoff.Decision, error) {
	return handoff.Decision{Handoff: true, Triggers: []string{"explicit_request"}, Confidence: 1, Classifier: "test", Reason: "asked for a person"}, nil
}

// rig is a Service over SQLite in t.TempDir() with a fake clock. Nothing
// delivers the outbox: tests read the jobs the service enqueued.
type rig struct {
	t       *testing.T
	svc     *handoff.Service
	st      *store.DB
	clk     *clocktest.Fake
	changes []handoff.Handoff // what OnChange heard
}

// remote makes the rig's helpdesk a webhook (messages and closes go to its
// outbox); otherwise it is the built-in inbox.
func newRig(t *testing.T, cfg handoff.Config, remote bool) *rig {
	t.Helper()
	return newRigTriggers(t, cfg, remote, []handoff.Trigger{{ID: "explicit_request"}})
}

// newRigTriggers is newRig with the configured triggers.
func newRigTriggers(t *testing.T, cfg handoff.Config, remote bool, triggers []handoff.Trigger) *rig {
	t.Helper()
	r := &rig{t: t, clk: clocktest.NewFake(t0)}
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "handoff.db"), store.Options{Clock: r.clk})
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	r.st = st
	hc := helpdesk.Config{}
	if remote {
		hc = helpdesk.ConfigFor(helpdesk.WebhookConfig{URL: "https://desk.example.com/hooks", Secret: "0123456789abcdef0123"})
		cfg.ForwardMessages = true
	}
	conn, err := helpdesk.New(hc, helpdesk.Options{})
	require.NoError(t, err)
	r.svc, err = handoff.NewService(cfg, handoff.Deps{
		Store: st, Classifier: always{}, Connector: conn, Logger: zerolog.Nop(), Clock: r.clk,
		Triggers: triggers,
		OnChange: func(h handoff.Handoff) { r.changes = append(r.changes, h) },
	})
	require.NoError(t, err)
	return r
}

// live is the configuration of a live session (agents' replies come back).
func live() handoff.Config { return handoff.Config{AgentEvents: true, Turns: 10} }

// request creates a handoff for conversation conv and returns it.
func (r *rig) request(conv string, metadata map[string]string) handoff.Handoff {
	r.t.Helper()
	res, err := r.svc.Request(context.Background(), handoff.Request{
		ConversationID: conv, Email: "jane@example.com", Language: "en", Metadata: metadata,
		Transcript: []handoff.Turn{{Role: handoff.RoleUser, Content: "I want to talk to a person"}},
	})
	require.NoError(r.t, err)
	require.NotEmpty(r.t, res.Handoff.ID, "outcome %s", res.Outcome)
	return res.Handoff
}

// get reads handoff id.
func (r *rig) get(id string) handoff.Handoff {
	r.t.Helper()
	h, err := r.st.Handoff(context.Background(), id)
	require.NoError(r.t, err)
	return h
}

// messages returns the session's messages as "author: text" lines.
func (r *rig) messages(id string) []string {
	r.t.Helper()
	ms, err := r.st.Messages(context.Background(), id, 0, 0)
	require.NoError(r.t, err)
	out := []string{}
	for _, m := range ms {
		out = append(out, fmt.Sprintf("%s: %s", m.Author, m.Text))
	}
	return out
}

// jobs returns the outbox jobs of handoff id as "kind" or "kind:seq".
func (r *rig) jobs(id string) []string {
	r.t.Helper()
	ds, err := r.st.Deliveries(context.Background(), handoff.DeliveryFilter{Subject: id})
	require.NoError(r.t, err)
	out := []string{}
	for _, d := range ds {
		s := string(d.Kind)
		if d.Seq > 0 {
			s += fmt.Sprintf(":%d", d.Seq)
		}
		out = append(out, s)
	}
	return out
}

// agent applies an agent event to handoff h (by our id).
func (r *rig) agent(h handoff.Handoff, kind handoff.AgentEventKind, name, text, msgID string) error {
	return r.svc.ApplyAgentEvent(context.Background(), handoff.AgentEvent{
		Kind: kind, Connector: h.Connector, HandoffID: h.ID, AgentName: name, Text: text, MessageID: msgID,
	})
}

// to moves handoff id to state directly in the store; a queued one is
// first delivered (with the helpdesk's ticket T-1) as the delivery worker
// records it.
func (r *rig) to(id string, state handoff.State) {
	r.t.Helper()
	if state == handoff.StateQueued {
		return
	}
	r.deliver(id, "T-1")
	if state == handoff.StateDelivered {
		return
	}
	_, err := r.st.UpdateHandoff(context.Background(), id, func(handoff.Handoff) (handoff.Change, error) {
		return handoff.Change{State: state, Cause: "setup", At: r.clk.Now()}, nil
	})
	require.NoError(r.t, err)
}

// deliver delivers queued handoff id's open job as the delivery worker
// does: it claims the job and completes it with the helpdesk's ticket
// remoteID. A handoff to the built-in inbox is delivered already (its own
// id is its remote id).
func (r *rig) deliver(id, remoteID string) {
	r.t.Helper()
	ctx := context.Background()
	if r.get(id).Connector == helpdesk.TypeInbox {
		return // the built-in inbox delivered it when it was made
	}
	ds, err := r.st.ClaimDeliveries(ctx, handoff.Claim{Owner: "test", Limit: 1, Lease: time.Minute, Now: r.clk.Now(), Subject: id})
	require.NoError(r.t, err)
	require.Len(r.t, ds, 1, "the open job of %s", id)
	_, err = r.st.CompleteDelivery(ctx, ds[0], r.get(id).Connector, handoff.Receipt{RemoteID: remoteID}, r.clk.Now())
	require.NoError(r.t, err)
}
