package helpdesk

import (
	"encoding/base64"
	"net/http"
	"strings"
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// GPTBotsReply is what a receiver written to GPTBots' "Human Service –
// Webhook" interface posts back to /hooks/webhook (webhook connector, mode
// gptbots) when its human agent replies or ends the conversation. It mirrors
// the body we send to the receiver's /chat ({conversation_id, timestamp,
// body}) in the other direction, the way GPTBots' own reply interface takes
// the agent's messages; Type and the optional fields are ours.
//
// Authentication, as GPTBots' interfaces use it: "Authorization: Bearer
// <webhook.inbound_token>", or basic auth with
// webhook.inbound_username and the token as password.
type GPTBotsReply struct {
	// ConversationID is the conversation_id of our /conversation/establish
	// call: our handoff id. Required.
	ConversationID string `json:"conversation_id"`
	// Timestamp is unix milliseconds, as in GPTBots' bodies.
	Timestamp int64 `json:"timestamp"`
	// Type is MESSAGE (the default), JOINED (an agent took the
	// conversation) or CLOSED (the agent ended it).
	Type string `json:"type,omitempty"`
	// Body is the agent's reply as plain text (MESSAGE: required).
	Body string `json:"body,omitempty"`
	// MessageID identifies the reply; a retry must repeat it. Without it,
	// the hash of the body is the dedupe key.
	MessageID string `json:"message_id,omitempty"`
	// AgentName is the agent's display name, when known.
	AgentName string `json:"agent_name,omitempty"`
}

// gptbots verifies and parses GPTBotsReply calls.
type gptbotsEvents struct {
	token    string
	username string
}

func (s *gptbotsEvents) Verify(r *http.Request, _ []byte, _ time.Time) error {
	auth := strings.TrimSpace(r.Header.Get("Authorization"))
	scheme, cred, _ := strings.Cut(auth, " ")
	cred = strings.TrimSpace(cred)
	switch {
	case auth == "":
		return unsigned("no Authorization header")
	case strings.EqualFold(scheme, "Bearer"):
		if !equal(cred, s.token) {
			return forged("bearer token does not match")
		}
		return nil
	case strings.EqualFold(scheme, "Basic") && s.username != "":
		raw, err := base64.StdEncoding.DecodeString(cred)
		if err != nil {
			return unsigned("unreadable basic credentials")
		}
		user, pass, _ := strings.Cut(string(raw), ":")
		// Both compared, always, so the timing does not tell which failed.
		okUser, okPass := equal(user, s.username), equal(pass, s.token)
		if !okUser || !okPass {
			return forged("basic credentials do not match")
		}
		return nil
	}
	return unsigned("Authorization scheme %q not accepted", Clip(scheme, 16))
}

func (s *gptbotsEvents) Parse(_ *http.Request, body []byte, _ time.Time) (Event, error) {
	var g GPTBotsReply
	if err := decode(body, &g); err != nil {
		return Event{}, err
	}
	if cleanID(g.ConversationID) == "" {
		return Event{}, malformed("no conversation_id")
	}
	typ := strings.ToUpper(strings.TrimSpace(g.Type))
	if typ == "" {
		typ = "MESSAGE"
	}
	ev := Event{Topic: typ, HandoffID: cleanID(g.ConversationID), RemoteID: cleanID(g.ConversationID)}
	if g.Timestamp > 0 {
		ev.At = unixTime(float64(g.Timestamp))
	}
	if id := cleanID(g.MessageID); id != "" {
		ev.ID = "message:" + id
	}
	name := strings.TrimSpace(g.AgentName)
	switch typ {
	case "MESSAGE":
		text := plainText(g.Body)
		if text == "" {
			return Event{}, malformed("MESSAGE without body")
		}
		return agentMessage(ev, text, name, g.MessageID, time.Time{}), nil
	case "JOINED":
		ev.Kind, ev.AgentName = handoff.AgentJoined, name
		return ev, nil
	case "CLOSED", "CLOSE":
		ev.Kind, ev.AgentName = handoff.AgentClosed, name
		return ev, nil
	}
	return ignore(ev, "type not used"), nil
}
