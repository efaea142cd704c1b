package hooks

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/helpdesk"
)

const zendeskSecret = "dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ=="

func zendeskVendor() vendor {
	return vendor{
		connector: "zendesk",
		cfg: helpdesk.ConfigFor(helpdesk.ZendeskConfig{
			Subdomain: "acme", Email: "agent@acme.example", APIToken: "zd-api-token", WebhookSecret: zendeskSecret,
		}),
		secret: zendeskSecret,
		sign: func(body []byte, secret string, at time.Time) *http.Request {
			h := http.Header{}
			ts := at.UTC().Format(time.RFC3339)
			h.Set("X-Zendesk-Webhook-Id", "01F1KRFQ6BG29CNWFR60NK5FNY")
			h.Set("X-Zendesk-Webhook-Invocation-Id", "8350205582")
			h.Set("X-Zendesk-Account-Id", "22129848")
			if secret != "" {
				h.Set("X-Zendesk-Webhook-Signature-Timestamp", ts)
				h.Set("X-Zendesk-Webhook-Signature", b64SHA256(secret, []byte(ts), body))
			}
			return post("zendesk", body, h)
		},
		fill:      payload,
		signsBody: true,
		signsTime: true,
		message:   "zendesk/comment_added.json",
		want: Event{
			Connector: "zendesk", ID: "d4f5c389-8f4a-4c2e-a1b9-8e4f39c71d52", Kind: handoff.AgentMessage,
			Topic: "zen:event-type:ticket.comment_added", HandoffID: testHandoffID, RemoteID: "5158", MessageID: "9876543210",
			AgentName: "Support Agent", Text: "Hi Jane,\n\nI have refunded the second charge of 49 €.\n\nBest, Support Agent",
			At: time.Date(2026, 3, 14, 9, 29, 55, 123456789, time.UTC),
		},
		unused:  "zendesk/priority_changed.json",
		private: []string{zendeskSecret, "refunded the second charge"},
	}
}

func TestZendeskContract(t *testing.T) { testContract(t, zendeskVendor()) }

func TestZendeskEvents(t *testing.T) {
	v := zendeskVendor()
	at := time.Date(2026, 3, 14, 9, 29, 58, 0, time.UTC)
	ticket := func(id string, k handoff.AgentEventKind, typ string) Event {
		return Event{Connector: "zendesk", ID: id, Kind: k, Topic: "zen:event-type:" + typ, HandoffID: testHandoffID, RemoteID: "5158", At: at}
	}
	testEvents(t, v, []eventCase{
		{name: "public agent comment", payload: "zendesk/comment_added.json", want: v.want},
		{name: "internal note: ignored", payload: "zendesk/comment_internal.json", reason: "internal note"},
		{name: "requester's comment: ignored", payload: "zendesk/comment_requester.json", reason: "not an agent"},
		{name: "our own transcript as a public comment: echo ignored", payload: "zendesk/comment_echo.json", reason: "echoed"},
		{name: "solved: closed", payload: "zendesk/status_solved.json",
			want: ticket("a8b9c1d2-3e4f-5a6b-7c8d-9e0f1a2b3c4d", handoff.AgentClosed, "ticket.status_changed")},
		{name: "solved to open: reopened", payload: "zendesk/status_reopened.json",
			want: ticket("b9cad2e3-4f5a-6b7c-8d9e-0f1a2b3c4d5e", handoff.AgentReopened, "ticket.status_changed")},
		{name: "pending: ignored", payload: "zendesk/status_pending.json", reason: "does not end"},
		{name: "agent assigned (numeric ids): joined", payload: "zendesk/agent_assigned.json",
			want: ticket("c6d7e8f9-0a1b-2c3d-4e5f-6a7b8c9d0e1f", handoff.AgentJoined, "ticket.agent_assignment_changed")},
		{name: "unassigned: ignored", payload: "zendesk/agent_unassigned.json", reason: "unassigned"},
		{name: "user event: ignored", payload: "zendesk/user_active_changed.json", reason: "not a ticket event"},
		{name: "ticket event without a ticket: malformed", payload: "zendesk/comment_no_ticket.json", status: http.StatusBadRequest},
	})
}

func TestZendeskTimestampFormats(t *testing.T) {
	// The documented header is RFC 3339; an unreadable one is unsigned.
	v := zendeskVendor()
	f := newFixture(t, v.cfg)
	body := payload(t, v.message, "", testNow)
	r := v.sign(body, v.secret, testNow)
	r.Header.Set("X-Zendesk-Webhook-Signature-Timestamp", "yesterday")
	r.Header.Set("X-Zendesk-Webhook-Signature", b64SHA256(v.secret, []byte("yesterday"), body))
	w := f.serve(r)
	require.Equal(t, http.StatusUnauthorized, w.Code)
	assert.Contains(t, f.logs.String(), "is not a time")
	assert.Empty(t, f.sink.got())
}
