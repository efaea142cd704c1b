package app

import (
	"context"

	"github.com/handoff-mcp/handoff-mcp/handoff"
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
		switch e.Kind {
		case hooks.KindAgentMessage:
			ae.Kind, ae.MessageID = handoff.AgentMessage, e.Message("").ExternalID
		case hooks.KindAgentJoined:
			ae.Kind = handoff.AgentJoined
		case hooks.KindClosed:
			ae.Kind = handoff.AgentClosed
		case hooks.KindReopened:
			ae.Kind = handoff.AgentReopened
		default:
			return handoff.Invalid("kind", "event kind %q is not applied", e.Kind)
		}
		return svc.ApplyAgentEvent(ctx, ae)
	})
}
