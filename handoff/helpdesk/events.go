package helpdesk

import (
	"net/http"
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// KindIgnored marks a verified event we do not act on (an internal note, a
// customer's own message, a snooze, a topic we do not use). Reason says why.
// Ignored events never reach the Sink; every other Event's Kind is
// handoff.AgentMessage, AgentJoined, AgentClosed or AgentReopened.
const KindIgnored handoff.AgentEventKind = "ignored"

// Event is one verified inbound event, normalised across helpdesks.
type Event struct {
	// Connector is the helpdesk it came from ("zendesk", "webhook", ...).
	Connector string `json:"connector"`
	// ID identifies the event for dedupe: the vendor's event or delivery id
	// where its signed body carries one, else "sha256:" and the hash of the
	// verified body. A redelivery of the same event has the same ID.
	ID string `json:"id"`
	// Kind is what the event means: handoff.AgentMessage (Text holds the
	// message as plain text), AgentJoined (a person took the conversation;
	// AgentName is set where the helpdesk names them), AgentClosed (closed,
	// solved or resolved), AgentReopened (Zendesk, Intercom, Chatwoot,
	// Libredesk, Freshdesk, our webhook), or KindIgnored.
	Kind handoff.AgentEventKind `json:"kind"`
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

// InboundSource verifies and parses one helpdesk's calls to
// /hooks/{type}. A connector with inbound events registers a constructor
// for it (Inbound.Source).
type InboundSource interface {
	// Verify authenticates the request from its headers and raw body (the
	// request's own body is already read). Refusals come from unsigned,
	// forged, stale and malformed, so RejectionStatus answers them.
	Verify(r *http.Request, body []byte, now time.Time) error
	// Parse turns a verified body into an Event (Connector, ID and At may
	// be left empty: package hooks fills them).
	Parse(r *http.Request, body []byte, now time.Time) (Event, error)
}

// InboundParams are what an InboundSource is built from.
type InboundParams struct {
	// Config is the validated helpdesk configuration.
	Config Config
	// Secret authenticates the calls (Inbound.Secret's value).
	Secret string
	// Tolerance is how far a signed timestamp may be from now, either way.
	Tolerance time.Duration
	// MaxAge bounds the age of events that carry a signed time but no
	// signed send time (Intercom).
	MaxAge time.Duration
}
