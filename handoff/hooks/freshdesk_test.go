package hooks

import (
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/helpdesk"
)

const freshdeskToken = "3b8f1c0d9e2a7f6b5c4d3e2f1a0b9c8d"

func freshdeskVendor() vendor {
	return vendor{
		connector: "freshdesk",
		cfg: helpdesk.ConfigFor(helpdesk.FreshdeskConfig{
			Domain: "acme", APIKey: "fd-api-key", WebhookToken: freshdeskToken,
		}),
		secret: freshdeskToken,
		sign: func(body []byte, secret string, _ time.Time) *http.Request {
			h := http.Header{}
			if secret != "" {
				h.Set("X-Handoff-Token", secret)
			}
			return post("freshdesk", body, h)
		},
		fill:    payload,
		message: "freshdesk/agent_reply.json",
		want: Event{
			Connector: "freshdesk", ID: helpdesk.BodyID(mustRead("freshdesk/agent_reply.json")), Kind: handoff.AgentMessage, Topic: "agent_reply",
			RemoteID: "4711", AgentName: "Mia Lind", // the subject's reference is not trusted: the ticket id finds the handoff
			Text: "Hi Jane,\nwe refunded the duplicate charge.\n\nMia", At: testNow,
		},
		unused:  "freshdesk/note_added.json",
		private: []string{freshdeskToken, "refunded the duplicate"},
	}
}

func TestFreshdeskContract(t *testing.T) { testContract(t, freshdeskVendor()) }

func TestFreshdeskEvents(t *testing.T) {
	v := freshdeskVendor()
	ticket := func(name string, k handoff.AgentEventKind, topic, agent string) Event {
		return Event{Connector: "freshdesk", ID: bodyIDOf(t, name), Kind: k, Topic: topic, RemoteID: "4711", AgentName: agent, At: testNow}
	}
	numeric := ticket("freshdesk/agent_reply_numeric.json", handoff.AgentMessage, "agent_reply", "Mia Lind")
	numeric.Text = "Anything else?"
	simple := ticket("freshdesk/simple_reply.json", handoff.AgentMessage, "agent_reply", "Rui Li")
	simple.Text = "I've refunded the second charge."
	testEvents(t, v, []eventCase{
		{name: "agent reply: HTML stripped", payload: "freshdesk/agent_reply.json", want: v.want},
		{name: "agent reply with a numeric ticket id", payload: "freshdesk/agent_reply_numeric.json", want: numeric},
		{name: "agent reply without text: ignored", payload: "freshdesk/agent_reply_empty.json", reason: "without text"},
		{name: "resolved: closed", payload: "freshdesk/status_resolved.json", want: ticket("freshdesk/status_resolved.json", handoff.AgentClosed, "status_changed", "")},
		{name: "status code 5 (closed): closed", payload: "freshdesk/status_closed_code.json", want: ticket("freshdesk/status_closed_code.json", handoff.AgentClosed, "status_changed", "")},
		{name: "pending: ignored", payload: "freshdesk/status_pending.json", reason: "does not end"},
		{name: "reopened", payload: "freshdesk/reopened.json", want: ticket("freshdesk/reopened.json", handoff.AgentReopened, "reopened", "")},
		{name: "agent assigned: joined", payload: "freshdesk/agent_assigned.json", want: ticket("freshdesk/agent_assigned.json", handoff.AgentJoined, "agent_assigned", "Mia Lind")},
		{name: "no agent: ignored", payload: "freshdesk/agent_unassigned.json", reason: "no agent"},
		{name: "no ticket id: malformed", payload: "freshdesk/no_ticket.json", status: http.StatusBadRequest},
		{name: "Simple rule: reply, author from the comment", payload: "freshdesk/simple_reply.json", query: "event=agent_reply", want: simple},
		{name: "Simple rule: resolved", payload: "freshdesk/simple_resolved.json", query: "event=status_changed",
			want: ticket("freshdesk/simple_resolved.json", handoff.AgentClosed, "status_changed", "")},
		{name: "Simple rule without ?event: malformed", payload: "freshdesk/simple_resolved.json", status: http.StatusBadRequest},
	})
}

func TestFreshdeskCustomHeader(t *testing.T) {
	v := freshdeskVendor()
	fd := helpdesk.Section[helpdesk.FreshdeskConfig](v.cfg)
	fd.WebhookHeader = "X-Acme-Hook"
	v.cfg.SetSection(fd)
	f := newFixture(t, v.cfg)
	body := payload(t, v.message, "", testNow)

	w := f.serve(post("freshdesk", body, http.Header{"X-Handoff-Token": {freshdeskToken}}))
	assert.Equal(t, http.StatusUnauthorized, w.Code, "the default header is not read when another is configured")
	w = f.serve(post("freshdesk", body, http.Header{"X-Acme-Hook": {freshdeskToken}}))
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Len(t, f.sink.got(), 1)
}

func mustRead(name string) []byte {
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		panic(err)
	}
	return b
}
