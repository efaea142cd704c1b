package core

import (
	"context"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/helpdesk"
	"github.com/handoff-mcp/handoff-mcp/handoff/hooks"
	"github.com/handoff-mcp/handoff-mcp/store"
)

// The store remembers inbound events durably, for every replica.
var _ hooks.Deduper = (*store.DB)(nil)

// Sink returns the hooks.Sink that applies verified inbound events to the
// handoffs of svc (Service.ApplyAgentEvent). Its errors carry the kinds
// hooks.Sink documents: no matching handoff is KindNotFound, an event that
// contradicts the state is KindConflict, both answered 200 and changing
// nothing; anything else is a 503 the helpdesk retries.
func Sink(svc *handoff.Service) hooks.Sink {
	return hooks.SinkFunc(func(ctx context.Context, e hooks.Event) error {
		ae := handoff.AgentEvent{
			Connector: e.Connector, RemoteID: e.RemoteID, HandoffID: e.HandoffID,
			AgentName: e.AgentName, Text: e.Text, At: e.At,
		}
		switch ae.Kind = e.Kind; e.Kind {
		case handoff.AgentMessage:
			ae.MessageID = e.Message("").ExternalID
		case handoff.AgentJoined, handoff.AgentClosed, handoff.AgentReopened:
		case handoff.AgentSnoozed:
			// Ends an in-helpdesk handoff only.
			h, err := svc.Store().HandoffByRemote(ctx, e.Connector, e.RemoteID)
			if err != nil {
				return err
			}
			if helpdesk.ConversationOf(h) == "" {
				return handoff.Invalid("kind", "snoozed: a pause for a conversation the handoff opened, not an end")
			}
			ae.Kind, ae.HandoffID = handoff.AgentClosed, h.ID
		default:
			return handoff.Invalid("kind", "event kind %q is not applied", e.Kind)
		}
		return svc.ApplyAgentEvent(ctx, ae)
	})
}
