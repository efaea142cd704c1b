package hooks

import (
	"context"

	"github.com/handoff-mcp/handoff-mcp/handoff/helpdesk"
)

// Event is one verified inbound event, normalised across helpdesks
// (helpdesk.Event).
type Event = helpdesk.Event

// ReceiverEvent is what a receiver of the webhook connector posts back
// (helpdesk.ReceiverEvent).
type ReceiverEvent = helpdesk.ReceiverEvent

// ReceiverAgent is the agent of a ReceiverEvent.
type ReceiverAgent = helpdesk.ReceiverAgent

// GPTBotsReply is what a GPTBots-style receiver posts back
// (helpdesk.GPTBotsReply).
type GPTBotsReply = helpdesk.GPTBotsReply

// ReceiverVersion is the version of the ReceiverEvent format
// (helpdesk.ReceiverVersion).
const ReceiverVersion = helpdesk.ReceiverVersion

// MaxTextBytes bounds an agent's message text (helpdesk.MaxTextBytes).
const MaxTextBytes = helpdesk.MaxTextBytes

// Sink applies inbound events to handoffs. The handoff service implements
// it: it finds the handoff (by Connector and RemoteID first, then by
// HandoffID) and moves it through its lifecycle.
//
// Apply's error decides the answer to the helpdesk:
//   - nil: applied; 200.
//   - a handoff.KindNotFound error: no handoff matches (helpdesks send
//     events for every ticket, not only handoffs); 200, nothing changes.
//   - a handoff.KindConflict or handoff.KindInvalid error: the event
//     contradicts the handoff's state (a reply to a closed handoff, closing
//     it twice); 200, nothing changes.
//   - any other error: 503, the event is forgotten by the Deduper, and the
//     helpdesk's retry is applied.
type Sink interface {
	Apply(ctx context.Context, e Event) error
}

// SinkFunc adapts a function to Sink.
type SinkFunc func(ctx context.Context, e Event) error

// Apply calls f.
func (f SinkFunc) Apply(ctx context.Context, e Event) error { return f(ctx, e) }
