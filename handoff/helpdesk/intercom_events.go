package helpdesk

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// intercom verifies and parses Intercom webhook notifications
// (https://developers.intercom.com/docs/webhooks): a notification_event
// whose data.item is the conversation, signed with X-Hub-Signature:
// "sha1=" + hex HMAC-SHA1 of the body under the app's client secret.
//
// Intercom signs no send time, and delays notifications legitimately (it
// pauses a failing endpoint's notifications for 15 minutes), so replays are
// stopped by the notification id, and by the signed created_at, which must
// be younger than maxAge (longer than the Deduper remembers, a replay would
// be new again).
type intercomEvents struct {
	secret    string
	attribute string // conversation attribute holding our handoff id; "none" for none
	botAdmin  string // the admin the bot replies as in in-helpdesk mode; its replies are the bot's own
	maxAge    time.Duration
}

// The headers of an Intercom notification.
const headerHubSignature = "X-Hub-Signature"

func (s *intercomEvents) Verify(r *http.Request, body []byte, _ time.Time) error {
	return checkSignature(headerHubSignature, r.Header.Get(headerHubSignature), hexSHA1(s.secret, body))
}

type intercomNotification struct {
	Type      string   `json:"type"`
	ID        string   `json:"id"`
	Topic     string   `json:"topic"`
	CreatedAt flexTime `json:"created_at"`
	Data      struct {
		Item json.RawMessage `json:"item"`
	} `json:"data"`
}

type intercomConversation struct {
	Type             string         `json:"type"`
	ID               flexID         `json:"id"`
	CustomAttributes map[string]any `json:"custom_attributes"`
	Source           struct {
		Body string `json:"body"`
	} `json:"source"`
	AdminAssigneeID flexID `json:"admin_assignee_id"`
	Parts           struct {
		Parts []intercomPart `json:"conversation_parts"`
	} `json:"conversation_parts"`
}

type intercomPart struct {
	ID         flexID          `json:"id"`
	PartType   string          `json:"part_type"`
	Body       string          `json:"body"`
	CreatedAt  flexTime        `json:"created_at"`
	AssignedTo json.RawMessage `json:"assigned_to"`
	Author     struct {
		Type string `json:"type"`
		ID   flexID `json:"id"`
		Name string `json:"name"`
	} `json:"author"`
}

// assignee reads assigned_to, which Intercom sends as {"type", "id"} (or,
// in older versions, as a bare id meaning an admin).
func (p intercomPart) assignee() (typ, id string) {
	var ref struct {
		Type string `json:"type"`
		ID   flexID `json:"id"`
	}
	if json.Unmarshal(p.AssignedTo, &ref) == nil && ref.ID != "" {
		return ref.Type, string(ref.ID)
	}
	var bare flexID
	if json.Unmarshal(p.AssignedTo, &bare) == nil && bare != "" {
		return "admin", string(bare)
	}
	return "", ""
}

func (s *intercomEvents) Parse(_ *http.Request, body []byte, now time.Time) (Event, error) {
	var n intercomNotification
	if err := decode(body, &n); err != nil {
		return Event{}, err
	}
	if n.Type != "notification_event" || cleanID(n.ID) == "" || n.Topic == "" {
		return Event{}, malformed("not an Intercom notification_event with an id and a topic")
	}
	if !n.CreatedAt.IsZero() && now.Sub(n.CreatedAt.Time) > s.maxAge {
		return Event{}, stale("notification created_at %s is older than %s", n.CreatedAt.UTC().Format(time.RFC3339), s.maxAge)
	}
	ev := Event{ID: cleanID(n.ID), Topic: n.Topic, At: n.CreatedAt.Time}
	if !strings.HasPrefix(n.Topic, "conversation.") {
		return ignore(ev, "topic not used"), nil
	}
	var c intercomConversation
	if err := decode(n.Data.Item, &c); err != nil {
		return Event{}, err
	}
	if c.ID == "" {
		return Event{}, malformed("data.item has no conversation id")
	}
	ev.RemoteID = cleanID(string(c.ID))
	if s.attribute != "none" {
		ev.HandoffID = attribute(c.CustomAttributes, s.attribute)
	}
	switch n.Topic {
	case "conversation.admin.replied":
		p, ok := lastPart(c.Parts.Parts, func(p intercomPart) bool {
			return p.Author.Type == "admin" && p.PartType != "note" && strings.TrimSpace(p.Body) != ""
		})
		if ok && s.botAdmin != "" && string(p.Author.ID) == s.botAdmin {
			return ignore(ev, "the bot's own reply (intercom.bot_admin_id)"), nil
		}
		if !ok {
			return ignore(ev, "no admin reply in the notification"), nil
		}
		return agentMessage(ev, htmlText(p.Body), p.Author.Name, string(p.ID), p.CreatedAt.Time), nil
	case "conversation.admin.assigned":
		p, ok := lastPart(c.Parts.Parts, func(p intercomPart) bool { _, id := p.assignee(); return id != "" })
		typ, id := p.assignee()
		if !ok || typ == "team" || (typ != "admin" && c.AdminAssigneeID == "") {
			return ignore(ev, "assigned to a team, not a person"), nil
		}
		ev.Kind = handoff.AgentJoined
		if string(p.Author.ID) == id {
			ev.AgentName = p.Author.Name // self-assignment names the assignee
		}
		return ev, nil
	case "conversation.admin.closed":
		ev.Kind = handoff.AgentClosed
		if p, ok := lastPart(c.Parts.Parts, func(p intercomPart) bool { return p.PartType == "close" }); ok {
			ev.AgentName = p.Author.Name
		}
		return ev, nil
	case "conversation.admin.opened":
		ev.Kind = handoff.AgentReopened
		return ev, nil
	case "conversation.admin.snoozed":
		// Ends an in-helpdesk handoff; a pause for a conversation we opened.
		ev.Kind = handoff.AgentSnoozed
		return ev, nil
	case "conversation.read":
		// Read with a person assigned: that person has the conversation
		// (as conversation.admin.assigned to an admin says).
		if c.AdminAssigneeID == "" || c.AdminAssigneeID == "0" {
			return ignore(ev, "read, but no person is assigned"), nil
		}
		ev.Kind = handoff.AgentJoined
		return ev, nil
	case "conversation.admin.noted":
		return ignore(ev, "internal note"), nil
	}
	return ignore(ev, "topic not used"), nil
}

// lastPart returns the last part that matches.
func lastPart(parts []intercomPart, match func(intercomPart) bool) (intercomPart, bool) {
	for i := len(parts) - 1; i >= 0; i-- {
		if match(parts[i]) {
			return parts[i], true
		}
	}
	return intercomPart{}, false
}

// ignore marks ev as KindIgnored for reason.
func ignore(ev Event, reason string) Event {
	ev.Kind, ev.Reason = KindIgnored, reason
	return ev
}

// agentMessage fills ev as an agent's message, unless the text is empty or
// one of our own writes echoed back.
func agentMessage(ev Event, text, name, messageID string, at time.Time) Event {
	switch {
	case text == "":
		return ignore(ev, "agent message without text")
	case isEcho(text):
		return ignore(ev, "our own message echoed back")
	}
	ev.Kind, ev.Text, ev.AgentName, ev.MessageID = handoff.AgentMessage, text, strings.TrimSpace(name), cleanID(messageID)
	ev.At = or(at, ev.At)
	return ev
}
