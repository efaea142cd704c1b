package helpdesk

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// zendesk verifies and parses Zendesk webhooks subscribed to ticket events
// (https://developer.zendesk.com/api-reference/webhooks/event-types/ticket-events/).
// Signing (https://developer.zendesk.com/documentation/webhooks/verifying/):
// X-Zendesk-Webhook-Signature is base64(HMAC-SHA256(timestamp + body)) under
// the webhook's signing secret, with the timestamp from
// X-Zendesk-Webhook-Signature-Timestamp (RFC 3339, like
// "2021-03-25T05:09:27Z"), which must be within the tolerance.
type zendeskEvents struct {
	secret    string
	tolerance time.Duration
}

// The headers of a Zendesk webhook request.
const (
	headerZendeskSignature = "X-Zendesk-Webhook-Signature"
	headerZendeskTimestamp = "X-Zendesk-Webhook-Signature-Timestamp"
)

func (s *zendeskEvents) Verify(r *http.Request, body []byte, now time.Time) error {
	ts := strings.TrimSpace(r.Header.Get(headerZendeskTimestamp))
	if ts == "" {
		return unsigned("no %s header", headerZendeskTimestamp)
	}
	if err := checkSignature(headerZendeskSignature, r.Header.Get(headerZendeskSignature), b64SHA256(s.secret, []byte(ts), body)); err != nil {
		return err
	}
	at, err := parseTime(ts)
	if err != nil || at.IsZero() {
		return unsigned("%s is not a time", headerZendeskTimestamp)
	}
	return checkFresh("signature timestamp", at, now, s.tolerance)
}

type zendeskEvent struct {
	Type    string   `json:"type"`
	ID      string   `json:"id"`
	Time    flexTime `json:"time"`
	Subject string   `json:"subject"` // "zen:ticket:<id>"
	Detail  struct {
		ID         flexID `json:"id"`
		ExternalID flexID `json:"external_id"`
		Subject    string `json:"subject"`
	} `json:"detail"`
	Event json.RawMessage `json:"event"`
}

type zendeskComment struct {
	Comment struct {
		ID       flexID `json:"id"`
		Body     string `json:"body"`
		IsPublic bool   `json:"is_public"`
		Author   struct {
			ID      flexID `json:"id"`
			IsStaff bool   `json:"is_staff"`
			Name    string `json:"name"`
		} `json:"author"`
	} `json:"comment"`
}

// zendeskChange is the event of *_changed types: the previous and current
// value (a status name, or a user id).
type zendeskChange struct {
	Current  flexID `json:"current"`
	Previous flexID `json:"previous"`
}

func (s *zendeskEvents) Parse(_ *http.Request, body []byte, _ time.Time) (Event, error) {
	var z zendeskEvent
	if err := decode(body, &z); err != nil {
		return Event{}, err
	}
	if !strings.HasPrefix(z.Type, "zen:event-type:") || cleanID(z.ID) == "" {
		return Event{}, malformed("not a Zendesk event with a type and an id")
	}
	ev := Event{ID: cleanID(z.ID), Topic: z.Type, At: z.Time.Time}
	topic := strings.TrimPrefix(z.Type, "zen:event-type:")
	if !strings.HasPrefix(topic, "ticket.") {
		return ignore(ev, "not a ticket event"), nil
	}
	ev.RemoteID = cleanID(string(z.Detail.ID))
	if ev.RemoteID == "" {
		ev.RemoteID = cleanID(strings.TrimPrefix(z.Subject, "zen:ticket:"))
	}
	if ev.RemoteID == "" {
		return Event{}, malformed("ticket event without a ticket id")
	}
	ev.HandoffID = cleanID(string(z.Detail.ExternalID)) // set by the connector; the subject is the user's words
	switch topic {
	case "ticket.comment_added":
		var c zendeskComment
		if err := decode(z.Event, &c); err != nil {
			return Event{}, err
		}
		switch {
		case !c.Comment.Author.IsStaff:
			return ignore(ev, "comment by the requester, not an agent"), nil
		case !c.Comment.IsPublic:
			return ignore(ev, "internal note"), nil
		}
		// The comment body is plain text (Zendesk's html_body is separate).
		return agentMessage(ev, plainText(c.Comment.Body), c.Comment.Author.Name, string(c.Comment.ID), time.Time{}), nil
	case "ticket.status_changed":
		var c zendeskChange
		if err := decode(z.Event, &c); err != nil {
			return Event{}, err
		}
		cur, prev := strings.ToLower(string(c.Current)), strings.ToLower(string(c.Previous))
		switch {
		case cur == "solved" || cur == "closed":
			ev.Kind = handoff.AgentClosed
		case (cur == "open" || cur == "new") && (prev == "solved" || prev == "closed"):
			ev.Kind = handoff.AgentReopened
		default:
			return ignore(ev, "status "+prev+" -> "+cur+" does not end or reopen the ticket"), nil
		}
		return ev, nil
	case "ticket.agent_assignment_changed":
		var c zendeskChange
		if err := decode(z.Event, &c); err != nil {
			return Event{}, err
		}
		if c.Current == "" {
			return ignore(ev, "unassigned"), nil
		}
		ev.Kind = handoff.AgentJoined
		return ev, nil
	}
	return ignore(ev, "ticket event not used"), nil
}
