package helpdesk

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// chatwoot verifies and parses Chatwoot webhooks
// (https://www.chatwoot.com/hc/user-guide/articles/1677693021-how-to-use-webhooks).
// Signed deliveries carry X-Chatwoot-Timestamp (unix seconds) and
// X-Chatwoot-Signature: "sha256=" + hex HMAC-SHA256 of "<timestamp>.<body>"
// under the webhook's secret (Chatwoot's webhook API definition). The
// timestamp must be within the tolerance. X-Chatwoot-Delivery is not
// signed, so it is logged but never used for dedupe.
type chatwootEvents struct {
	secret    string
	tolerance time.Duration
}

// The headers of a Chatwoot webhook delivery.
const (
	headerChatwootSignature = "X-Chatwoot-Signature"
	headerChatwootTimestamp = "X-Chatwoot-Timestamp"
)

func (s *chatwootEvents) Verify(r *http.Request, body []byte, now time.Time) error {
	ts := strings.TrimSpace(r.Header.Get(headerChatwootTimestamp))
	if ts == "" {
		return unsigned("no %s header", headerChatwootTimestamp)
	}
	if err := checkSignature(headerChatwootSignature, r.Header.Get(headerChatwootSignature), hexSHA256(s.secret, []byte(ts), []byte("."), body)); err != nil {
		return err
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return unsigned("%s is not unix seconds", headerChatwootTimestamp)
	}
	return checkFresh("signature timestamp", time.Unix(sec, 0), now, s.tolerance)
}

// chatwootConversation is Chatwoot's conversation webhook data: the top
// level of conversation_* events, and "conversation" in message events. Its
// id is the display id, which the connector stores as RemoteID.
type chatwootConversation struct {
	ID               flexID         `json:"id"`
	Status           string         `json:"status"`
	CustomAttributes map[string]any `json:"custom_attributes"`
	Meta             struct {
		Assignee *struct {
			Name string `json:"name"`
		} `json:"assignee"`
	} `json:"meta"`
}

type chatwootPayload struct {
	Event string `json:"event"`
	chatwootConversation
	// message_created
	Content      string                `json:"content"`
	CreatedAt    flexTime              `json:"created_at"`
	MessageType  flexID                `json:"message_type"` // "outgoing", or 1 in some versions
	Private      bool                  `json:"private"`
	Sender       *chatwootSender       `json:"sender"`
	Conversation *chatwootConversation `json:"conversation"`
	// conversation_status_changed, conversation_updated
	ChangedAttributes []map[string]struct {
		Previous json.RawMessage `json:"previous_value"`
		Current  json.RawMessage `json:"current_value"`
	} `json:"changed_attributes"`
}

type chatwootSender struct {
	Name string `json:"name"`
	Type string `json:"type"` // user (an agent), contact, agent_bot
}

func (s *chatwootEvents) Parse(_ *http.Request, body []byte, _ time.Time) (Event, error) {
	var p chatwootPayload
	if err := decode(body, &p); err != nil {
		return Event{}, err
	}
	if p.Event == "" {
		return Event{}, malformed("no event name")
	}
	ev := Event{Topic: p.Event}
	switch p.Event {
	case "message_created":
		if p.Conversation == nil || p.ID == "" {
			return Event{}, malformed("message_created without a message id or conversation")
		}
		ev.ID = "message:" + cleanID(string(p.ID))
		ev.RemoteID, ev.HandoffID = cleanID(string(p.Conversation.ID)), attribute(p.Conversation.CustomAttributes, "handoff_id")
		ev.At = p.CreatedAt.Time
		mt := string(p.MessageType)
		switch {
		case mt != "outgoing" && mt != "1":
			return ignore(ev, "message_type "+mt+" is not an agent's reply"), nil
		case p.Private:
			return ignore(ev, "private note"), nil
		case p.Sender == nil || p.Sender.Type != "user":
			return ignore(ev, "not written by a human agent"), nil
		}
		return agentMessage(ev, plainText(p.Content), p.Sender.Name, string(p.ID), time.Time{}), nil
	case "conversation_status_changed":
		ev.RemoteID, ev.HandoffID = cleanID(string(p.ID)), attribute(p.CustomAttributes, "handoff_id")
		switch prev := p.changed("status"); {
		case p.Status == "resolved":
			ev.Kind = handoff.AgentClosed
		case p.Status == "open" && prev == "resolved":
			ev.Kind = handoff.AgentReopened
		default:
			return ignore(ev, "status "+p.Status+" does not end or reopen the conversation"), nil
		}
		return ev, nil
	case "conversation_updated":
		ev.RemoteID, ev.HandoffID = cleanID(string(p.ID)), attribute(p.CustomAttributes, "handoff_id")
		cur, ok := p.current("assignee_id")
		if !ok {
			return ignore(ev, "no assignee change"), nil
		}
		if cur == "" {
			return ignore(ev, "unassigned"), nil
		}
		ev.Kind = handoff.AgentJoined
		if p.Meta.Assignee != nil {
			ev.AgentName = strings.TrimSpace(p.Meta.Assignee.Name)
		}
		return ev, nil
	}
	return ignore(ev, "event not used"), nil
}

// changed returns the previous value of a changed attribute, or "".
func (p chatwootPayload) changed(attr string) string {
	for _, m := range p.ChangedAttributes {
		if c, ok := m[attr]; ok {
			var v flexID
			_ = json.Unmarshal(c.Previous, &v)
			return string(v)
		}
	}
	return ""
}

// current returns the current value of a changed attribute and whether it
// changed.
func (p chatwootPayload) current(attr string) (string, bool) {
	for _, m := range p.ChangedAttributes {
		if c, ok := m[attr]; ok {
			var v flexID
			_ = json.Unmarshal(c.Current, &v)
			return string(v), true
		}
	}
	return "", false
}
