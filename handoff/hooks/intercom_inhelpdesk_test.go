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
)

// The events that drive an in-helpdesk handoff (GPTBots' four topics:
// conversation.admin.replied, .closed, .snoozed, conversation.read) pass
// the same contract as the others: signed and applied once, a redelivery
// a duplicate; unsigned, forged, tampered, malformed and oversized ones
// refused.
func TestIntercomInHelpdeskContract(t *testing.T) {
	for _, c := range []struct {
		payload string
		want    Event
	}{
		{"intercom/admin_snoozed.json", Event{Kind: handoff.AgentSnoozed, Topic: "conversation.admin.snoozed", ID: "notif_9d8fd1f2-c2ee-4a01-a37f-e4829badb4c5"}},
		{"intercom/conversation_read.json", Event{Kind: handoff.AgentJoined, Topic: "conversation.read", ID: "notif_ae0f2a13-d3ff-4b12-b48f-f5930cbec5d6"}},
	} {
		t.Run(c.want.Topic, func(t *testing.T) {
			v := intercomVendor()
			v.message = c.payload
			v.want = c.want
			v.want.Connector, v.want.HandoffID, v.want.RemoteID, v.want.At = "intercom", testHandoffID, "147", time.Unix(1773480790, 0)
			testContract(t, v)
		})
	}
}

// A stale snooze (older than MaxAge: the Deduper has forgotten it) is a
// replay, refused even with a valid signature.
func TestIntercomStaleSnoozeIsAReplay(t *testing.T) {
	v := intercomVendor()
	sink := &recordingSink{}
	created := time.Unix(1773480790, 0)
	now := created.Add(DefaultMaxAge + time.Minute)
	h, err := New(v.cfg, Options{Sink: sink, Logger: zerolog.Nop(), Clock: clocktest.NewFake(now)})
	require.NoError(t, err)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, v.request(t, "intercom/admin_snoozed.json", v.secret, now))
	assert.Equal(t, http.StatusUnauthorized, w.Code, w.Body.String())
	assert.Empty(t, sink.got())
}

// In in-helpdesk mode the bot answers in the conversation as an admin
// (intercom.bot_admin_id): its replies are never an agent's.
func TestIntercomBotAdminReplyIgnored(t *testing.T) {
	v := intercomVendor()
	ic := helpdesk.Section[helpdesk.IntercomConfig](v.cfg)
	ic.BotAdminID = "991267" // the author of admin_replied.json
	v.cfg.SetSection(ic)
	f := newFixture(t, v.cfg)
	w := f.serve(v.request(t, v.message, v.secret, testNow))
	assert.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), "the bot's own reply")
	assert.Empty(t, f.sink.got())
}
