package helpdesk

import (
	"net/http"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// freshdesk verifies and parses the calls of Freshdesk automation rules'
// "Trigger webhook" action
// (https://support.freshdesk.com/support/solutions/articles/132589-using-webhooks-in-automation-rules).
// Freshdesk does not sign webhooks: each rule sends the shared token in a
// custom header (default X-Handoff-Token), compared in constant time.
//
// Two bodies are accepted. With content "Simple" Freshdesk builds (and
// JSON-encodes) {"freshdesk_webhook": {"ticket_id", "ticket_subject", ...}}
// from the fields the rule selects, and the rule's URL says which event it
// is: /hooks/freshdesk?event=agent_reply. With content "Advanced" the rule
// posts freshdeskEvent, filled by Freshdesk placeholders. Neither carries an
// id, so the hash of the body is the dedupe id.
type freshdeskEvents struct {
	token  string
	header string
}

// freshdeskEvent is the body an "Advanced" rule posts; docs/inbound.md gives
// the template per event.
type freshdeskEvent struct {
	// Event is agent_reply, agent_assigned, status_changed or reopened.
	Event string `json:"event"`
	// TicketID is {{ticket.id}}; Subject is {{ticket.subject}} (accepted
	// for older rules, not used: it holds the user's words).
	TicketID flexID `json:"ticket_id"`
	Subject  string `json:"subject"`
	// AgentName is {{ticket.agent.name}}.
	AgentName string `json:"agent_name"`
	// Text is {{ticket.latest_public_comment}} (agent_reply).
	Text string `json:"text"`
	// Status is {{ticket.status}} (status_changed): Resolved and Closed end
	// the handoff.
	Status string `json:"status"`
	// Simple is the body of a "Simple" rule.
	Simple *freshdeskSimple `json:"freshdesk_webhook"`
}

// freshdeskSimple is what Freshdesk sends for the selected fields of a
// "Simple" rule: the placeholder names with dots as underscores.
type freshdeskSimple struct {
	TicketID      flexID `json:"ticket_id"`
	Subject       string `json:"ticket_subject"`
	Status        string `json:"ticket_status"`
	AgentName     string `json:"ticket_agent_name"`
	LatestComment string `json:"ticket_latest_public_comment"`
}

// freshdeskAuthorRE splits Freshdesk's rendering of a comment,
// "<author> : <html>", into its author and body.
var freshdeskAuthorRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?s)^\s*([^<:\n]{1,80}?) : (<.*)$`) })

func (s *freshdeskEvents) Verify(r *http.Request, _ []byte, _ time.Time) error {
	got := r.Header.Get(s.header)
	if got == "" {
		return unsigned("no %s header", s.header)
	}
	if !equal(got, s.token) {
		return forged("%s does not match", s.header)
	}
	return nil
}

func (s *freshdeskEvents) Parse(r *http.Request, body []byte, _ time.Time) (Event, error) {
	var f freshdeskEvent
	if err := decode(body, &f); err != nil {
		return Event{}, err
	}
	if w := f.Simple; w != nil {
		f = freshdeskEvent{
			Event: r.URL.Query().Get("event"), TicketID: w.TicketID, Subject: w.Subject,
			AgentName: w.AgentName, Text: w.LatestComment, Status: w.Status,
		}
		if f.Event == "" {
			return Event{}, malformed("a Simple rule's URL must say its event, like /hooks/freshdesk?event=agent_reply")
		}
	}
	if f.Event == "" || cleanID(string(f.TicketID)) == "" {
		return Event{}, malformed("no event or ticket_id")
	}
	// The ticket id alone finds the handoff: the subject carries the
	// user's words, where a "[handoff:<id>]" can be typed.
	ev := Event{Topic: f.Event, RemoteID: cleanID(string(f.TicketID))}
	switch f.Event {
	case "agent_reply":
		// The comment may come as "<author> : <html>"; the author wrote it.
		text, name := f.Text, f.AgentName
		if m := freshdeskAuthorRE().FindStringSubmatch(text); m != nil {
			name, text = strings.TrimSpace(m[1]), m[2]
		}
		return agentMessage(ev, htmlText(text), name, "", time.Time{}), nil
	case "agent_assigned":
		if strings.TrimSpace(f.AgentName) == "" {
			return ignore(ev, "no agent assigned"), nil
		}
		ev.Kind, ev.AgentName = handoff.AgentJoined, strings.TrimSpace(f.AgentName)
		return ev, nil
	case "status_changed":
		switch strings.ToLower(strings.TrimSpace(f.Status)) {
		case "resolved", "closed", "4", "5":
			ev.Kind = handoff.AgentClosed
			return ev, nil
		}
		return ignore(ev, "status "+f.Status+" does not end the ticket"), nil
	case "reopened":
		ev.Kind = handoff.AgentReopened
		return ev, nil
	}
	return ignore(ev, "event not used"), nil
}
