package hooks

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/helpdesk"
)

const (
	webhookSecret = "whsec-4f9a2c7e1b8d3f6a"
	gptbotsToken  = "gpt-inbound-7c1e9a3f5b2d8e4a"
)

func receiverVendor() vendor {
	return vendor{
		connector: "webhook",
		cfg: helpdesk.ConfigFor(helpdesk.WebhookConfig{
			URL: "https://support.acme.example/hooks/handoff", Secret: webhookSecret,
		}),
		secret: webhookSecret,
		sign: func(body []byte, secret string, at time.Time) *http.Request {
			h := http.Header{}
			if secret != "" {
				h.Set(helpdesk.HeaderTimestamp, strconv.FormatInt(at.Unix(), 10))
				h.Set(helpdesk.HeaderSignature, helpdesk.Sign([]byte(secret), at.Unix(), body))
			}
			return post("webhook", body, h)
		},
		fill:      payload,
		signsBody: true,
		signsTime: true,
		message:   "webhook/agent_message.json",
		want: Event{
			Connector: "webhook", ID: "evt_01HQ8Z6", Kind: handoff.AgentMessage, Topic: "agent_message", HandoffID: testHandoffID,
			RemoteID: "T-9", MessageID: "evt_01HQ8Z6", AgentName: "Lea Koch", Text: "Hello Jane, this is Lea from support.\nHow can I help?",
			At: time.Date(2026, 3, 14, 9, 29, 50, 0, time.UTC),
		},
		unused:  "webhook/typing.json",
		private: []string{webhookSecret, "this is Lea"},
	}
}

func TestReceiverContract(t *testing.T) { testContract(t, receiverVendor()) }

func TestReceiverEvents(t *testing.T) {
	v := receiverVendor()
	at := time.Date(2026, 3, 14, 9, 29, 50, 0, time.UTC)
	ev := func(id string, k handoff.AgentEventKind, name string) Event {
		return Event{Connector: "webhook", ID: id, Kind: k, Topic: string(k), HandoffID: testHandoffID, RemoteID: "T-9", AgentName: name, At: at}
	}
	testEvents(t, v, []eventCase{
		{name: "agent message", payload: "webhook/agent_message.json", want: v.want},
		{name: "agent joined", payload: "webhook/agent_joined.json", want: ev("evt_01HQ8Z5", handoff.AgentJoined, "Lea Koch")},
		{name: "closed", payload: "webhook/closed.json", want: ev("evt_01HQ8Z7", handoff.AgentClosed, "Lea Koch")},
		{name: "reopened", payload: "webhook/reopened.json", want: ev("evt_01HQ8Z8", handoff.AgentReopened, "")},
		{name: "remote id only", payload: "webhook/remote_only.json",
			want: Event{Connector: "webhook", ID: "evt_01HQ8Z9", Kind: handoff.AgentClosed, Topic: "closed", RemoteID: "T-9", At: testNow}},
		{name: "unknown type: ignored", payload: "webhook/typing.json", reason: "type not used"},
		{name: "agent message without text: malformed", payload: "webhook/no_text.json", status: http.StatusBadRequest},
		{name: "neither handoff nor remote id: malformed", payload: "webhook/no_ids.json", status: http.StatusBadRequest},
		{name: "unknown version: malformed", payload: "webhook/wrong_version.json", status: http.StatusBadRequest},
	})
}

func TestReceiverEventRoundTrip(t *testing.T) {
	// A Go receiver builds ReceiverEvent and signs it with helpdesk.Sign.
	v := receiverVendor()
	f := newFixture(t, v.cfg)
	body, err := json.Marshal(ReceiverEvent{
		Version: ReceiverVersion, ID: "evt-go-1", Type: string(handoff.AgentMessage), HandoffID: testHandoffID,
		Agent: &ReceiverAgent{Name: "Lea"}, Text: "Hi!",
	})
	require.NoError(t, err)
	w := f.serve(v.sign(body, webhookSecret, testNow))
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	got := f.sink.got()
	require.Len(t, got, 1)
	assert.Equal(t, "Hi!", got[0].Text)
	assert.True(t, got[0].At.Equal(testNow), "no created_at: the time received")
}

func gptbotsVendor() vendor {
	return vendor{
		connector: "webhook",
		cfg: helpdesk.ConfigFor(helpdesk.WebhookConfig{
			URL: "https://support.acme.example/human/service", Mode: "gptbots", InboundToken: gptbotsToken,
		}),
		secret: gptbotsToken,
		sign: func(body []byte, secret string, _ time.Time) *http.Request {
			h := http.Header{}
			if secret != "" {
				h.Set("Authorization", "Bearer "+secret)
			}
			return post("webhook", body, h)
		},
		fill:    payload,
		message: "webhook/gptbots_message.json",
		want: Event{
			Connector: "webhook", ID: "message:m-1001", Kind: handoff.AgentMessage, Topic: "MESSAGE", HandoffID: testHandoffID,
			RemoteID: testHandoffID, MessageID: "m-1001", AgentName: "Tom",
			Text: "Hi, this is Tom from the service desk. What's your order number?", At: time.UnixMilli(1773480590000),
		},
		unused:  "webhook/gptbots_typing.json",
		private: []string{gptbotsToken, "order number"},
	}
}

func TestGPTBotsContract(t *testing.T) { testContract(t, gptbotsVendor()) }

func TestGPTBotsEvents(t *testing.T) {
	v := gptbotsVendor()
	at := time.UnixMilli(1773480590000)
	ev := func(name string, k handoff.AgentEventKind, topic, agent string) Event {
		return Event{Connector: "webhook", ID: bodyIDOf(t, name), Kind: k, Topic: topic, HandoffID: testHandoffID, RemoteID: testHandoffID, AgentName: agent, At: at}
	}
	plain := ev("webhook/gptbots_message_plain.json", handoff.AgentMessage, "MESSAGE", "")
	plain.Text = "Thanks, one moment please."
	testEvents(t, v, []eventCase{
		{name: "reply with message id and agent", payload: "webhook/gptbots_message.json", want: v.want},
		{name: "reply as GPTBots bodies have it (no type, no id)", payload: "webhook/gptbots_message_plain.json", want: plain},
		{name: "joined", payload: "webhook/gptbots_joined.json", want: ev("webhook/gptbots_joined.json", handoff.AgentJoined, "JOINED", "Tom")},
		{name: "closed", payload: "webhook/gptbots_closed.json", want: ev("webhook/gptbots_closed.json", handoff.AgentClosed, "CLOSED", "")},
		{name: "unknown type: ignored", payload: "webhook/gptbots_typing.json", reason: "type not used"},
		{name: "message without body: malformed", payload: "webhook/gptbots_no_body.json", status: http.StatusBadRequest},
		{name: "no conversation id: malformed", payload: "webhook/gptbots_no_conversation.json", status: http.StatusBadRequest},
	})
}

func TestGPTBotsBasicAuth(t *testing.T) {
	v := gptbotsVendor()
	wh := helpdesk.Section[helpdesk.WebhookConfig](v.cfg)
	wh.InboundUsername = "helpdesk"
	v.cfg.SetSection(wh)
	basic := func(user, pass string) http.Header {
		return http.Header{"Authorization": {"Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pass))}}
	}
	cases := []struct {
		name   string
		hdr    http.Header
		status int
	}{
		{"basic with user and token", basic("helpdesk", gptbotsToken), http.StatusOK},
		{"bearer still accepted", http.Header{"Authorization": {"Bearer " + gptbotsToken}}, http.StatusOK},
		{"wrong user", basic("admin", gptbotsToken), http.StatusUnauthorized},
		{"wrong password", basic("helpdesk", "guess"), http.StatusUnauthorized},
		{"unreadable basic", http.Header{"Authorization": {"Basic !!!"}}, http.StatusUnauthorized},
		{"other scheme", http.Header{"Authorization": {"Token " + gptbotsToken}}, http.StatusUnauthorized},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t, v.cfg)
			w := f.serve(post("webhook", payload(t, v.message, "", testNow), c.hdr))
			assert.Equal(t, c.status, w.Code, w.Body.String())
			if c.status != http.StatusOK {
				assert.Empty(t, f.sink.got())
				assert.NotContains(t, f.logs.String(), gptbotsToken)
			}
		})
	}

	t.Run("basic refused without inbound_username", func(t *testing.T) {
		f := newFixture(t, gptbotsVendor().cfg)
		w := f.serve(post("webhook", payload(t, v.message, "", testNow), basic("helpdesk", gptbotsToken)))
		assert.Equal(t, http.StatusUnauthorized, w.Code)
	})
}
