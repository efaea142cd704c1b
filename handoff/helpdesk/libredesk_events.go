package helpdesk

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// libredesk verifies and parses Libredesk webhooks. Libredesk's source
// (abhinavxd/libredesk internal/webhook/webhook.go) posts
// {"event", "timestamp" (RFC 3339), "payload"} and, when the webhook has a
// secret, X-Libredesk-Signature: "sha256=" + hex HMAC-SHA256 of the body.
// The signature covers the body's timestamp, which must be within the
// tolerance.
type libredeskEvents struct {
	secret    string
	tolerance time.Duration
}

const headerLibredeskSignature = "X-Libredesk-Signature"

func (s *libredeskEvents) Verify(r *http.Request, body []byte, _ time.Time) error {
	return checkSignature(headerLibredeskSignature, r.Header.Get(headerLibredeskSignature), hexSHA256(s.secret, body))
}

type libredeskEnvelope struct {
	Event     string          `json:"event"`
	Timestamp flexTime        `json:"timestamp"`
	Payload   json.RawMessage `json:"payload"`
}

// libredeskMessage is Libredesk's conversation message (models.Message).
type libredeskMessage struct {
	UUID             string   `json:"uuid"`
	CreatedAt        flexTime `json:"created_at"`
	Type             string   `json:"type"` // incoming, outgoing, activity
	ConversationUUID string   `json:"conversation_uuid"`
	Content          string   `json:"content"`
	TextContent      string   `json:"text_content"`
	Private          bool     `json:"private"`
	SenderType       string   `json:"sender_type"` // agent, contact
	// Author is the sender (models.MessageAuthor), filled in by Libredesk
	// before the webhook fires.
	Author struct {
		FirstName string `json:"first_name"`
		LastName  string `json:"last_name"`
	} `json:"author"`
}

// libredeskChange is the payload of conversation.status_changed and
// conversation.assigned.
type libredeskChange struct {
	ConversationUUID string `json:"conversation_uuid"`
	PreviousStatus   string `json:"previous_status"`
	NewStatus        string `json:"new_status"`
	AssignedTo       flexID `json:"assigned_to"`
	Conversation     *struct {
		Subject          string         `json:"subject"`
		CustomAttributes map[string]any `json:"custom_attributes"`
	} `json:"conversation"`
}

func (s *libredeskEvents) Parse(_ *http.Request, body []byte, now time.Time) (Event, error) {
	var e libredeskEnvelope
	if err := decode(body, &e); err != nil {
		return Event{}, err
	}
	if e.Event == "" || e.Timestamp.IsZero() {
		return Event{}, malformed("no event name or timestamp")
	}
	if err := checkFresh("signed body timestamp", e.Timestamp.Time, now, s.tolerance); err != nil {
		return Event{}, err
	}
	ev := Event{Topic: e.Event, At: e.Timestamp.Time}
	switch e.Event {
	case "message.created":
		var m libredeskMessage
		if err := decode(e.Payload, &m); err != nil {
			return Event{}, err
		}
		if cleanID(m.UUID) == "" || cleanID(m.ConversationUUID) == "" {
			return Event{}, malformed("message without a uuid or conversation_uuid")
		}
		ev.ID, ev.RemoteID = "message:"+cleanID(m.UUID), cleanID(m.ConversationUUID)
		switch {
		case m.Type != "outgoing" || m.SenderType != "agent":
			return ignore(ev, "not an agent's reply"), nil
		case m.Private:
			return ignore(ev, "private note"), nil
		}
		// The HTML body is the agent's text; text_content is Libredesk's
		// own conversion for its search, which can differ (a stray period).
		text := htmlText(m.Content)
		if text == "" {
			text = plainText(m.TextContent)
		}
		name := strings.TrimSpace(m.Author.FirstName + " " + m.Author.LastName)
		return agentMessage(ev, text, name, m.UUID, m.CreatedAt.Time), nil
	case "conversation.status_changed", "conversation.assigned":
		var c libredeskChange
		if err := decode(e.Payload, &c); err != nil {
			return Event{}, err
		}
		if ev.RemoteID = cleanID(c.ConversationUUID); ev.RemoteID == "" {
			return Event{}, malformed("no conversation_uuid")
		}
		if c.Conversation != nil {
			ev.HandoffID = attribute(c.Conversation.CustomAttributes, "handoff_id")
		}
		if e.Event == "conversation.assigned" {
			if c.AssignedTo == "" || c.AssignedTo == "0" {
				return ignore(ev, "unassigned"), nil
			}
			ev.Kind = handoff.AgentJoined
			return ev, nil
		}
		cur, prev := strings.ToLower(c.NewStatus), strings.ToLower(c.PreviousStatus)
		switch {
		case cur == "resolved" || cur == "closed":
			ev.Kind = handoff.AgentClosed
		case cur == "open" && (prev == "resolved" || prev == "closed"):
			ev.Kind = handoff.AgentReopened
		default:
			return ignore(ev, "status "+c.NewStatus+" does not end or reopen the conversation"), nil
		}
		return ev, nil
	}
	return ignore(ev, "event not used"), nil
}
