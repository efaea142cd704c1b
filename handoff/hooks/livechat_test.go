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

const livechatSecret = "9f86d081884c7d659a2feaa0c55ad015"

func livechatVendor() vendor {
	return vendor{
		connector: "livechat",
		cfg: helpdesk.ConfigFor(helpdesk.LiveChatConfig{
			AccountID: "4d1c7a12-0000-4000-8000-000000000001", Token: "fra:pat-token", WebhookSecretKey: livechatSecret,
		}),
		secret: livechatSecret,
		sign: func(body []byte, _ string, _ time.Time) *http.Request {
			return post("livechat", body, http.Header{"User-Agent": {"LiveChat-Webhooks"}})
		},
		fill:    payload,
		message: "livechat/incoming_event_agent.json",
		want: Event{
			Connector: "livechat", ID: "event:PJ0MRSHTDG:K600PKZON8_5", Kind: handoff.AgentMessage, Topic: "incoming_event",
			RemoteID: "PJ0MRSHTDG", MessageID: "K600PKZON8_5", Text: "Hi Jane, Anna here. Let me check the charge for you.",
			At: time.Date(2026, 3, 14, 9, 29, 51, 877000000, time.UTC),
		},
		unused:  "livechat/thread_tagged.json",
		private: []string{livechatSecret, "check the charge"},
	}
}

func TestLiveChatContract(t *testing.T) { testContract(t, livechatVendor()) }

func TestLiveChatEvents(t *testing.T) {
	v := livechatVendor()
	chat := func(id string, k handoff.AgentEventKind, topic, name string) Event {
		return Event{Connector: "livechat", ID: id, Kind: k, Topic: topic, RemoteID: "PJ0MRSHTDG", AgentName: name, At: testNow}
	}
	v32 := v.want
	v32.ID, v32.MessageID, v32.Text = "event:PJ0MRSHTDG:K600PKZON8_9", "K600PKZON8_9", "Are you still there?"
	testEvents(t, v, []eventCase{
		{name: "agent's message", payload: "livechat/incoming_event_agent.json", want: v.want},
		{name: "agent's message, webhooks before v3.3 (recipients)", payload: "livechat/incoming_event_v32.json", want: v32},
		{name: "customer's message: ignored", payload: "livechat/incoming_event_customer.json", reason: "not written by an agent"},
		{name: "our relayed user message, written as the token's agent: echo ignored", payload: "livechat/incoming_event_echo.json", reason: "echoed"},
		{name: "our close note to agents only: ignored", payload: "livechat/incoming_event_agents_only.json", reason: "agents only"},
		{name: "a file: ignored", payload: "livechat/incoming_event_file.json", reason: "not a message"},
		{name: "chat deactivated: closed", payload: "livechat/chat_deactivated.json",
			want: chat("deactivated:PJ0MRSHTDG:K600PKZON8", handoff.AgentClosed, "chat_deactivated", "")},
		{name: "agent added to the chat: joined", payload: "livechat/user_added_agent.json",
			want: chat("user_added:PJ0MRSHTDG:K600PKZON8:anna@acme.example", handoff.AgentJoined, "user_added_to_chat", "Anna Svensson")},
		{name: "customer added: ignored", payload: "livechat/user_added_customer.json", reason: "not an agent"},
		{name: "transferred to an agent: joined", payload: "livechat/chat_transferred.json",
			want: chat(helpdesk.BodyID(payload(t, "livechat/chat_transferred.json", livechatSecret, testNow)), handoff.AgentJoined, "chat_transferred", "")},
		{name: "transferred to a group: ignored", payload: "livechat/chat_transferred_group.json", reason: "group"},
		{name: "agent deleted (no chat): ignored", payload: "livechat/agent_deleted.json", reason: "action not used"},
	})
}

func TestLiveChatSecretKeyNotInLogs(t *testing.T) {
	// Even a body with a wrong key is never logged: the key is in the body.
	v := livechatVendor()
	f := newFixture(t, v.cfg)
	wrong := "a-wrong-key-that-someone-guessed"
	w := f.serve(v.request(t, v.message, wrong, testNow))
	require.Equal(t, http.StatusUnauthorized, w.Code)
	assert.NotContains(t, f.logs.String(), wrong)
	assert.NotContains(t, f.logs.String(), livechatSecret)
}
