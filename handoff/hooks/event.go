package hooks

import (
	"context"
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// Kind says what an inbound event means for a handoff.
type Kind string

// The kinds of inbound event.
const (
	// KindAgentMessage: an agent wrote to the customer. Text holds the
	// message as plain text.
	KindAgentMessage Kind = "agent_message"
	// KindAgentJoined: a person took the conversation (assigned to an
	// agent, or an agent joined the chat). AgentName is set where the
	// helpdesk names them.
	KindAgentJoined Kind = "agent_joined"
	// KindClosed: the agent closed, solved or resolved the conversation.
	KindClosed Kind = "closed"
	// KindReopened: the agent reopened a closed conversation (Zendesk,
	// Intercom, Chatwoot, Libredesk, Freshdesk, our webhook).
	KindReopened Kind = "reopened"
	// KindIgnored: a verified event we do not act on (an internal note, a
	// customer's own message, a snooze, a topic we do not use). Reason says
	// why. Ignored events never reach the Sink.
	KindIgnored Kind = "ignored"
)

// Event is one verified inbound event, normalised across helpdesks.
type Event struct {
	// Connector is the helpdesk it came from ("zendesk", "webhook", ...).
	Connector string `json:"connector"`
	// ID identifies the event for dedupe: the vendor's event or delivery id
	// where its signed body carries one, else "sha256:" and the hash of the
	// verified body. A redelivery of the same event has the same ID.
	ID string `json:"id"`
	// Kind is what the event means.
	Kind Kind `json:"kind"`
	// Topic is the vendor's own name for the event
	// ("conversation.admin.replied", "zen:event-type:ticket.comment_added").
	Topic string `json:"topic"`
	// HandoffID is our handoff id when the payload carries it in a field
	// only the connector sets (a custom attribute, an external id, the
	// receiver's signed handoff_id); never a "handoff:<id>" reference found
	// in a subject or a message, where the user can type one. Empty when
	// it does not.
	HandoffID string `json:"handoff_id,omitempty"`
	// RemoteID is the ticket, conversation or chat id in the helpdesk, the
	// same value the connector's Open returned as Receipt.RemoteID.
	RemoteID string `json:"remote_id,omitempty"`
	// MessageID is the helpdesk's id of the agent's message, when it has
	// one; Message uses it as the message's ExternalID.
	MessageID string `json:"message_id,omitempty"`
	// AgentName is the agent's display name, when the helpdesk gives it.
	AgentName string `json:"agent_name,omitempty"`
	// Text is the agent's message as plain text (vendor HTML stripped).
	Text string `json:"text,omitempty"`
	// At is when the event happened, per the helpdesk (else when received).
	At time.Time `json:"at"`
	// Reason says why an event is KindIgnored.
	Reason string `json:"reason,omitempty"`
}

// Message returns an agent_message event as the agent's message on handoff
// handoffID. Seq is left to the store; ExternalID is the helpdesk's message
// id (else the event id), so that storing it twice is recognisably a
// redelivery.
func (e Event) Message(handoffID string) handoff.Message {
	ext := e.MessageID
	if ext == "" {
		ext = e.ID
	}
	return handoff.Message{
		HandoffID: handoffID, Author: handoff.AuthorAgent, Name: e.AgentName,
		Text: e.Text, ExternalID: e.Connector + ":" + ext, At: e.At,
	}
}

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
