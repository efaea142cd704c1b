package helpdesk

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// livechat verifies and parses LiveChat (Text platform) webhooks
// (https://platform.text.com/docs/management/webhooks): the body
// {"webhook_id", "secret_key", "action", "organization_id", "payload",
// "additional_data"}. LiveChat does not sign requests; the secret_key in the
// body, the app's webhook secret key, is compared in constant time.
// LiveChat signs no timestamp either, so replays are stopped by the event
// ids only.
type livechatEvents struct {
	secret string
}

func (s *livechatEvents) Verify(_ *http.Request, body []byte, _ time.Time) error {
	var b struct {
		SecretKey *string `json:"secret_key"`
	}
	if err := decode(body, &b); err != nil {
		return err
	}
	if b.SecretKey == nil || *b.SecretKey == "" {
		return unsigned("no secret_key in the body")
	}
	if !equal(*b.SecretKey, s.secret) {
		return forged("secret_key does not match")
	}
	return nil
}

type livechatWebhook struct {
	Action  string          `json:"action"`
	Payload json.RawMessage `json:"payload"`
}

type livechatPayload struct {
	ChatID   string `json:"chat_id"`
	ThreadID string `json:"thread_id"`
	// incoming_event
	Event *struct {
		ID         string   `json:"id"`
		Type       string   `json:"type"`
		Text       string   `json:"text"`
		AuthorID   string   `json:"author_id"`
		CreatedAt  flexTime `json:"created_at"`
		Visibility string   `json:"visibility"` // v3.3+
		Recipients string   `json:"recipients"` // before v3.3
	} `json:"event"`
	// user_added_to_chat
	User *struct {
		ID   string `json:"id"`
		Name string `json:"name"`
		Type string `json:"type"`
	} `json:"user"`
	UserType string `json:"user_type"`
	// chat_transferred
	TransferredTo *struct {
		AgentIDs []string `json:"agent_ids"`
	} `json:"transferred_to"`
}

func (s *livechatEvents) Parse(_ *http.Request, body []byte, _ time.Time) (Event, error) {
	var w livechatWebhook
	if err := decode(body, &w); err != nil {
		return Event{}, err
	}
	if w.Action == "" {
		return Event{}, malformed("no action")
	}
	ev := Event{Topic: w.Action}
	var p livechatPayload
	if err := decode(w.Payload, &p); err != nil {
		return Event{}, err
	}
	if ev.RemoteID = cleanID(p.ChatID); ev.RemoteID == "" {
		if strings.HasPrefix(w.Action, "chat") || w.Action == "incoming_event" || w.Action == "user_added_to_chat" {
			return Event{}, malformed("no chat_id")
		}
		return ignore(ev, "action not used"), nil
	}
	switch w.Action {
	case "incoming_event":
		e := p.Event
		if e == nil || cleanID(e.ID) == "" {
			return Event{}, malformed("incoming_event without an event id")
		}
		ev.ID = "event:" + ev.RemoteID + ":" + cleanID(e.ID)
		ev.At = e.CreatedAt.Time
		vis := e.Visibility
		if vis == "" {
			vis = e.Recipients
		}
		switch {
		case e.Type != "message":
			return ignore(ev, "event type "+e.Type+" is not a message"), nil
		case vis != "" && vis != "all":
			return ignore(ev, "visible to agents only"), nil
		case !strings.Contains(e.AuthorID, "@"):
			// Agents' ids are their login emails; customers' and bots' are not.
			return ignore(ev, "not written by an agent"), nil
		}
		return agentMessage(ev, plainText(e.Text), "", e.ID, time.Time{}), nil
	case "chat_deactivated":
		ev.ID = "deactivated:" + ev.RemoteID + ":" + cleanID(p.ThreadID)
		ev.Kind = handoff.AgentClosed
		return ev, nil
	case "user_added_to_chat":
		if p.User == nil || (p.UserType != "agent" && p.User.Type != "agent") {
			return ignore(ev, "not an agent joining"), nil
		}
		ev.ID = "user_added:" + ev.RemoteID + ":" + cleanID(p.ThreadID) + ":" + cleanID(p.User.ID)
		ev.Kind, ev.AgentName = handoff.AgentJoined, strings.TrimSpace(p.User.Name)
		return ev, nil
	case "chat_transferred":
		if p.TransferredTo == nil || len(p.TransferredTo.AgentIDs) == 0 {
			return ignore(ev, "transferred to a group, not to an agent"), nil
		}
		ev.Kind = handoff.AgentJoined
		return ev, nil
	}
	return ignore(ev, "action not used"), nil
}
