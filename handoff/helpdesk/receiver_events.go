package helpdesk

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// ReceiverVersion is the version of ReceiverEvent.
const ReceiverVersion = "1"

// ReceiverEvent is what a receiver of the webhook connector (mode handoff)
// posts back to /hooks/webhook when something happens on its side. It is
// signed like our outbound events: X-Handoff-Timestamp (unix seconds) and
// X-Handoff-Signature ("v1=" + hex HMAC-SHA256 of "<timestamp>.<body>"
// under webhook.secret; see Sign).
type ReceiverEvent struct {
	// Version is "1".
	Version string `json:"version"`
	// ID identifies the event; a retry must send the same ID (it is the
	// dedupe key). Required, at most 256 bytes.
	ID string `json:"id"`
	// Type is agent_message, agent_joined, closed or reopened; other types
	// are answered 200 and ignored.
	Type string `json:"type"`
	// HandoffID is the handoff_id of our handoff.created event. Required
	// unless RemoteID is set.
	HandoffID string `json:"handoff_id,omitempty"`
	// RemoteID is the remote_id the receiver answered to handoff.created.
	RemoteID string `json:"remote_id,omitempty"`
	// Agent names who acted, when known.
	Agent *ReceiverAgent `json:"agent,omitempty"`
	// Text is the agent's message, plain text (agent_message: required).
	Text string `json:"text,omitempty"`
	// CreatedAt is when it happened; zero means when we received it.
	CreatedAt time.Time `json:"created_at,omitzero"`
}

// ReceiverAgent is the agent of a ReceiverEvent.
type ReceiverAgent struct {
	Name string `json:"name"`
}

// receiver verifies and parses ReceiverEvents.
type receiverEvents struct {
	secret    string
	tolerance time.Duration
}

func (s *receiverEvents) Verify(r *http.Request, body []byte, now time.Time) error {
	err := VerifySignature([]byte(s.secret), r.Header.Get(HeaderTimestamp), r.Header.Get(HeaderSignature), body, now, s.tolerance)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, ErrNoSignature):
		return unsigned("no or unreadable %s / %s header", HeaderSignature, HeaderTimestamp)
	case errors.Is(err, ErrStale):
		return stale("%s is outside the tolerance %s", HeaderTimestamp, s.tolerance)
	}
	return forged("%s does not match the body", HeaderSignature)
}

func (s *receiverEvents) Parse(_ *http.Request, body []byte, _ time.Time) (Event, error) {
	var r ReceiverEvent
	if err := decode(body, &r); err != nil {
		return Event{}, err
	}
	if r.Version != ReceiverVersion || cleanID(r.ID) == "" || r.Type == "" {
		return Event{}, malformed("want version %q, an id and a type", ReceiverVersion)
	}
	ev := Event{ID: cleanID(r.ID), Topic: r.Type, HandoffID: cleanID(r.HandoffID), RemoteID: cleanID(r.RemoteID), At: r.CreatedAt}
	if ev.HandoffID == "" && ev.RemoteID == "" {
		return Event{}, malformed("neither handoff_id nor remote_id")
	}
	name := ""
	if r.Agent != nil {
		name = strings.TrimSpace(r.Agent.Name)
	}
	switch handoff.AgentEventKind(r.Type) {
	case handoff.AgentMessage:
		text := plainText(r.Text)
		if text == "" {
			return Event{}, malformed("agent_message without text")
		}
		return agentMessage(ev, text, name, r.ID, time.Time{}), nil
	case handoff.AgentJoined, handoff.AgentClosed, handoff.AgentReopened:
		ev.Kind, ev.AgentName = handoff.AgentEventKind(r.Type), name
		return ev, nil
	}
	return ignore(ev, "type not used"), nil
}
