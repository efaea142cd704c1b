package hooks

import (
	"net/http"
	"testing"
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/helpdesk"
)

const (
	libredeskSecret = "ld-whsec-6Yc2PqR9tV4xZ8bN"
	libredeskConv   = "0b9a7c3e-54d2-4c1f-9e8a-7f6d5c4b3a21"
)

func libredeskVendor() vendor {
	return vendor{
		connector: "libredesk",
		cfg: helpdesk.ConfigFor(helpdesk.LibredeskConfig{
			BaseURL: "https://desk.acme.example", APIKey: "ld_key_1", APISecret: "ld-api-secret", InboxID: 1, WebhookSecret: libredeskSecret,
		}),
		secret: libredeskSecret,
		sign: func(body []byte, secret string, _ time.Time) *http.Request {
			h := http.Header{}
			h.Set("User-Agent", "Libredesk-Webhook/v0.7.0")
			if secret != "" {
				h.Set("X-Libredesk-Signature", hexSHA256(secret, body))
			}
			return post("libredesk", body, h)
		},
		fill:      payload,
		signsBody: true,
		signsTime: true, // the signed body carries the timestamp
		message:   "libredesk/message_outgoing.json",
		want: Event{
			Connector: "libredesk", ID: "message:6f1d2e3c-4b5a-4978-8a6b-5c4d3e2f1a0b", Kind: handoff.AgentMessage,
			Topic: "message.created", RemoteID: libredeskConv, MessageID: "6f1d2e3c-4b5a-4978-8a6b-5c4d3e2f1a0b",
			Text: "Hello Jane,\n\nthe duplicate charge is refunded. Details", AgentName: "Lea Virtanen", At: time.Date(2026, 3, 14, 9, 29, 50, 511000000, time.UTC),
		},
		unused:  "libredesk/tags_changed.json",
		private: []string{libredeskSecret, "duplicate charge is refunded"},
	}
}

func TestLibredeskContract(t *testing.T) { testContract(t, libredeskVendor()) }

func TestLibredeskEvents(t *testing.T) {
	v := libredeskVendor()
	conv := func(name string, k handoff.AgentEventKind, topic string) Event {
		return Event{Connector: "libredesk", ID: bodyIDOf(t, name), Kind: k, Topic: topic, HandoffID: testHandoffID, RemoteID: libredeskConv, At: testNow}
	}
	htmlOnly := v.want
	htmlOnly.ID, htmlOnly.MessageID, htmlOnly.Text, htmlOnly.AgentName = "message:7a2e3f4d-5c6b-4a89-9b7c-6d5e4f3a2b1c", "7a2e3f4d-5c6b-4a89-9b7c-6d5e4f3a2b1c", "Is there anything else?", ""
	testEvents(t, v, []eventCase{
		{name: "agent's outgoing message: the HTML body without text_content's stray period, the author's name", payload: "libredesk/message_outgoing.json", want: v.want},
		{name: "agent's message with HTML only", payload: "libredesk/message_html_only.json", want: htmlOnly},
		{name: "private note (our close note): ignored", payload: "libredesk/message_private.json", reason: "private note"},
		{name: "contact's message: ignored", payload: "libredesk/message_incoming.json", reason: "not an agent's reply"},
		{name: "resolved: closed", payload: "libredesk/status_resolved.json",
			want: conv("libredesk/status_resolved.json", handoff.AgentClosed, "conversation.status_changed")},
		{name: "resolved to open: reopened", payload: "libredesk/status_reopened.json",
			want: conv("libredesk/status_reopened.json", handoff.AgentReopened, "conversation.status_changed")},
		{name: "snoozed: ignored", payload: "libredesk/status_snoozed.json", reason: "does not end"},
		{name: "assigned to an agent: joined", payload: "libredesk/assigned.json",
			want: conv("libredesk/assigned.json", handoff.AgentJoined, "conversation.assigned")},
		{name: "test delivery from the admin page: ignored", payload: "libredesk/webhook_test.json", reason: "event not used"},
		{name: "no timestamp: malformed", payload: "libredesk/no_timestamp.json", status: http.StatusBadRequest},
	})
}
