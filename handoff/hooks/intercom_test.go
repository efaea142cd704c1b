package hooks

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/clock/clocktest"
	"github.com/handoff-mcp/handoff-mcp/handoff/helpdesk"
	"github.com/handoff-mcp/handoff-mcp/internal/testlog"
)

const (
	testHandoffID    = "h_k5vq3x7mzt2r4w6y"
	intercomSecret   = "3f6c2a0e-9b1d-4c8e-a7f5-1e2d3c4b5a69"
	intercomAgent    = "Anna Svensson"
	intercomReplyTxt = "Hi Jane, I'm Anna from billing.\n\nI can see the double charge & I've refunded it.\nAnything else?"
)

func intercomVendor() vendor {
	return vendor{
		connector: "intercom",
		cfg: helpdesk.ConfigFor(helpdesk.IntercomConfig{
			AccessToken: "dG9rOmFiYzEyMw==", ClientSecret: intercomSecret,
		}),
		secret: intercomSecret,
		sign: func(body []byte, secret string, _ time.Time) *http.Request {
			h := http.Header{}
			if secret != "" {
				h.Set("X-Hub-Signature", hexSHA1(secret, body))
			}
			return post("intercom", body, h)
		},
		fill:      payload,
		signsBody: true,
		message:   "intercom/admin_replied.json",
		want: Event{
			Connector: "intercom", ID: "notif_2c1e6a8e-5b7d-4f3a-9c0e-7d1b2a3c4d5e", Kind: handoff.AgentMessage,
			Topic: "conversation.admin.replied", HandoffID: testHandoffID, RemoteID: "147", MessageID: "5678",
			AgentName: intercomAgent, Text: intercomReplyTxt, At: time.Unix(1773480790, 0),
		},
		unused:  "intercom/user_replied.json",
		private: []string{intercomSecret, "jane.doe@example.com", "double charge"},
	}
}

func TestIntercomContract(t *testing.T) { testContract(t, intercomVendor()) }

func TestIntercomEvents(t *testing.T) {
	v := intercomVendor()
	base := Event{Connector: "intercom", HandoffID: testHandoffID, RemoteID: "147", At: time.Unix(1773480790, 0)}
	with := func(f func(*Event)) Event { e := base; f(&e); return e }
	testEvents(t, v, []eventCase{
		{name: "admin replied: HTML stripped, script dropped", payload: "intercom/admin_replied.json", want: v.want},
		{name: "admin replied: a body reference is not a handoff id (the user can type one)", payload: "intercom/admin_replied_reference.json",
			want: with(func(e *Event) {
				e.ID, e.Kind, e.Topic, e.HandoffID = "notif_3d2f7b9f-6c8e-4a4b-8d1f-8e2c3b4d5e6f", handoff.AgentMessage, "conversation.admin.replied", ""
				e.MessageID, e.AgentName, e.Text, e.At = "5679", intercomAgent, "Still there?", time.Unix(1773480850, 0)
			})},
		{name: "admin replied with our own relayed text: echo ignored", payload: "intercom/admin_replied_echo.json", reason: "echoed"},
		{name: "admin self-assigned: agent joined with name", payload: "intercom/admin_assigned.json",
			want: with(func(e *Event) {
				e.ID, e.Kind, e.Topic, e.AgentName = "notif_5f4b9dbf-8eaa-4c6d-af3b-a04e5d6f7081", handoff.AgentJoined, "conversation.admin.assigned", intercomAgent
			})},
		{name: "assigned to a team: ignored", payload: "intercom/admin_assigned_team.json", reason: "team"},
		{name: "admin closed", payload: "intercom/admin_closed.json",
			want: with(func(e *Event) {
				e.ID, e.Kind, e.Topic, e.AgentName = "notif_7b6dbfd0-a0cc-4e8f-815d-c2607f8b92a3", handoff.AgentClosed, "conversation.admin.closed", intercomAgent
			})},
		{name: "admin opened: reopened", payload: "intercom/admin_opened.json",
			want: with(func(e *Event) {
				e.ID, e.Kind, e.Topic = "notif_8c7ec0e1-b1dd-4f90-926e-d3718a9ca3b4", handoff.AgentReopened, "conversation.admin.opened"
			})},
		{name: "snoozed: ends an in-helpdesk handoff (the sink decides)", payload: "intercom/admin_snoozed.json",
			want: with(func(e *Event) {
				e.ID, e.Kind, e.Topic = "notif_9d8fd1f2-c2ee-4a01-a37f-e4829badb4c5", handoff.AgentSnoozed, "conversation.admin.snoozed"
			})},
		{name: "read with a person assigned: agent joined", payload: "intercom/conversation_read.json",
			want: with(func(e *Event) {
				e.ID, e.Kind, e.Topic = "notif_ae0f2a13-d3ff-4b12-b48f-f5930cbec5d6", handoff.AgentJoined, "conversation.read"
			})},
		{name: "read, assigned to a team only: ignored", payload: "intercom/conversation_read_team.json", reason: "no person"},
		{name: "internal note: ignored", payload: "intercom/admin_noted.json", reason: "internal note"},
		{name: "customer reply: ignored", payload: "intercom/user_replied.json", reason: "topic not used"},
		{name: "ping on setup: ignored", payload: "intercom/ping.json", reason: "topic not used"},
		{name: "not a notification: malformed", payload: "intercom/not_a_notification.json", status: http.StatusBadRequest},
	})
}

func TestIntercomOldNotificationIsAReplay(t *testing.T) {
	// Intercom signs no send time; a notification older than MaxAge (which
	// the Deduper outlives) is refused even with a valid signature.
	v := intercomVendor()
	sink := &recordingSink{}
	logs := &testlog.Buffer{}
	created := time.Unix(1773480790, 0)
	for _, c := range []struct {
		name   string
		now    time.Time
		status int
	}{
		{"delayed 20 minutes (a paused subscription): accepted", created.Add(20 * time.Minute), http.StatusOK},
		{"a day and a minute old: replay", created.Add(DefaultMaxAge + time.Minute), http.StatusUnauthorized},
	} {
		t.Run(c.name, func(t *testing.T) {
			h, err := New(v.cfg, Options{Sink: sink, Logger: zerolog.New(logs), Clock: clocktest.NewFake(c.now)})
			require.NoError(t, err)
			w := httptest.NewRecorder()
			h.ServeHTTP(w, v.request(t, v.message, v.secret, c.now))
			assert.Equal(t, c.status, w.Code, w.Body.String())
		})
	}
	assert.Len(t, sink.got(), 1)
	assert.Contains(t, logs.String(), "replayed or stale: notification created_at")
}
