package hooks

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/helpdesk"
)

const chatwootSecret = "Yk3sWq9vT2mN7pLx4cR8"

func chatwootVendor() vendor {
	return vendor{
		connector: "chatwoot",
		cfg: helpdesk.ConfigFor(helpdesk.ChatwootConfig{
			BaseURL: "https://app.chatwoot.com", AccountID: 1, InboxID: 4, APIAccessToken: "cw-token", WebhookSecret: chatwootSecret,
		}),
		secret: chatwootSecret,
		sign: func(body []byte, secret string, at time.Time) *http.Request {
			h := http.Header{}
			ts := strconv.FormatInt(at.Unix(), 10)
			h.Set("X-Chatwoot-Delivery", "5a8f0c2e-1b9d-4e7f-a3c6-0d2b4e6f8a1c")
			if secret != "" {
				h.Set("X-Chatwoot-Timestamp", ts)
				h.Set("X-Chatwoot-Signature", hexSHA256(secret, []byte(ts), []byte("."), body))
			}
			return post("chatwoot", body, h)
		},
		fill:      payload,
		signsBody: true,
		signsTime: true,
		message:   "chatwoot/message_outgoing.json",
		want: Event{
			Connector: "chatwoot", ID: "message:9001", Kind: handoff.AgentMessage, Topic: "message_created",
			HandoffID: testHandoffID, RemoteID: "42", MessageID: "9001", AgentName: "Ravi Kumar",
			Text: "Hi Jane! I'm Ravi from billing. I can see **two** charges; refunding one now.",
			At:   time.Date(2026, 3, 14, 9, 29, 50, 0, time.UTC),
		},
		unused:  "chatwoot/contact_created.json",
		private: []string{chatwootSecret, "jane.doe@example.com", "refunding one now"},
	}
}

func TestChatwootContract(t *testing.T) { testContract(t, chatwootVendor()) }

func TestChatwootEvents(t *testing.T) {
	v := chatwootVendor()
	conv := func(id string, k handoff.AgentEventKind, topic, name string) Event {
		return Event{Connector: "chatwoot", ID: id, Kind: k, Topic: topic, HandoffID: testHandoffID, RemoteID: "42", AgentName: name, At: testNow}
	}
	numeric := v.want
	numeric.ID, numeric.MessageID, numeric.Text = "message:9005", "9005", "Anything else I can do?"
	testEvents(t, v, []eventCase{
		{name: "agent's outgoing message", payload: "chatwoot/message_outgoing.json", want: v.want},
		{name: "message_type sent as a number", payload: "chatwoot/message_numeric_type.json", want: numeric},
		{name: "private note: ignored", payload: "chatwoot/message_private.json", reason: "private note"},
		{name: "customer's incoming message (our relay): ignored", payload: "chatwoot/message_incoming.json", reason: "not an agent's reply"},
		{name: "agent bot's message: ignored", payload: "chatwoot/message_bot.json", reason: "not written by a human agent"},
		{name: "resolved: closed", payload: "chatwoot/status_resolved.json",
			want: conv(bodyIDOf(t, "chatwoot/status_resolved.json"), handoff.AgentClosed, "conversation_status_changed", "")},
		{name: "resolved to open: reopened", payload: "chatwoot/status_reopened.json",
			want: conv(bodyIDOf(t, "chatwoot/status_reopened.json"), handoff.AgentReopened, "conversation_status_changed", "")},
		{name: "pending: ignored", payload: "chatwoot/status_pending.json", reason: "does not end"},
		{name: "assignee set: joined with name", payload: "chatwoot/assignee_changed.json",
			want: conv(bodyIDOf(t, "chatwoot/assignee_changed.json"), handoff.AgentJoined, "conversation_updated", "Ravi Kumar")},
		{name: "assignee removed: ignored", payload: "chatwoot/assignee_removed.json", reason: "unassigned"},
		{name: "labels changed: ignored", payload: "chatwoot/labels_changed.json", reason: "no assignee change"},
		{name: "message without conversation: malformed", payload: "chatwoot/message_no_conversation.json", status: http.StatusBadRequest},
	})
}

// bodyIDOf is the dedupe id of a testdata payload that carries no id.
func bodyIDOf(t *testing.T, name string) string {
	return helpdesk.BodyID(payload(t, name, "", testNow))
}
