package hooks

import (
	"net/http"
	"strings"
	"time"
)

// freshdesk verifies and parses the calls of Freshdesk automation rules'
// "Trigger webhook" action
// (https://support.freshdesk.com/support/solutions/articles/132589-using-webhooks-in-automation-rules).
// Freshdesk does not sign webhooks: each rule sends the shared token in a
// custom header (default X-Handoff-Token), compared in constant time. The
// body is the JSON the bot builder pastes into each rule (freshdeskEvent,
// filled by Freshdesk placeholders); it carries no id, so the hash of the
// body is the dedupe id.
type freshdesk struct {
	token  string
	header string
}

// freshdeskEvent is the body each Freshdesk automation rule posts to
// /hooks/freshdesk; docs/inbound.md gives the rule for each Event value.
type freshdeskEvent struct {
	// Event is agent_reply, agent_assigned, status_changed or reopened.
	Event string `json:"event"`
	// TicketID is {{ticket.id}}; Subject is {{ticket.subject}}, which holds
	// our "[handoff:<id>]" reference.
	TicketID flexID `json:"ticket_id"`
	Subject  string `json:"subject"`
	// AgentName is {{ticket.agent.name}}.
	AgentName string `json:"agent_name"`
	// Text is {{ticket.latest_public_comment}} (agent_reply).
	Text string `json:"text"`
	// Status is {{ticket.status}} (status_changed): Resolved and Closed end
	// the handoff.
	Status string `json:"status"`
}

func (s *freshdesk) verify(h http.Header, _ []byte, _ time.Time) error {
	got := h.Get(s.header)
	if got == "" {
		return unsigned("no %s header", s.header)
	}
	if !equal(got, s.token) {
		return forged("%s does not match", s.header)
	}
	return nil
}

func (s *freshdesk) parse(_ http.Header, body []byte, _ time.Time) (Event, error) {
	var f freshdeskEvent
	if err := decode(body, &f); err != nil {
		return Event{}, err
	}
	if f.Event == "" || cleanID(string(f.TicketID)) == "" {
		return Event{}, malformed("no event or ticket_id")
	}
	ev := Event{Topic: f.Event, RemoteID: cleanID(string(f.TicketID)), HandoffID: referenceIn(f.Subject)}
	switch f.Event {
	case "agent_reply":
		// {{ticket.latest_public_comment}} may carry the reply's HTML.
		return agentMessage(ev, htmlText(f.Text), f.AgentName, "", time.Time{}), nil
	case "agent_assigned":
		if strings.TrimSpace(f.AgentName) == "" {
			return ignore(ev, "no agent assigned"), nil
		}
		ev.Kind, ev.AgentName = KindAgentJoined, strings.TrimSpace(f.AgentName)
		return ev, nil
	case "status_changed":
		switch strings.ToLower(strings.TrimSpace(f.Status)) {
		case "resolved", "closed", "4", "5":
			ev.Kind = KindClosed
			return ev, nil
		}
		return ignore(ev, "status "+f.Status+" does not end the ticket"), nil
	case "reopened":
		ev.Kind = KindReopened
		return ev, nil
	}
	return ignore(ev, "event not used"), nil
}
