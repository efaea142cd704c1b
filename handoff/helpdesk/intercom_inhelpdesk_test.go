package helpdesk

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// inHelpdeskHandoff is sampleHandoff made inside Intercom conversation 215.
func inHelpdeskHandoff() handoff.Handoff {
	h := sampleHandoff()
	h.Contact = handoff.Contact{}
	h.Metadata = map[string]string{"plan": "pro", MetaConversationID: "215"}
	return h
}

// icConv answers GET /conversations/215 with parts, which may hold notes.
func icConv(parts string) http.HandlerFunc {
	return reply(200, `{"type":"conversation","id":"215","state":"open","conversation_parts":{"type":"conversation_part.list","conversation_parts":[`+parts+`],"total_count":1}}`)
}

const icBotPart = `{"type":"conversation_part","id":"9001","part_type":"comment","body":"<p>Hi, I am the bot.</p>","author":{"type":"bot","id":"77"}}`

// The in-helpdesk handoff reads the conversation, notes the reason and
// triggers, stores the handoff id, assigns the routed team and tags it,
// every call with the token and the Intercom-Version; it creates no
// conversation and no contact, and posts no transcript.
func TestIntercomInHelpdeskOpen(t *testing.T) {
	f := newFake(t)
	f.on("GET /me", reply(200, icMe))
	f.on("GET /conversations/215", icConv(icBotPart))
	f.on("POST /conversations/215/reply", reply(200, icConversation))
	f.on("PUT /conversations/215", reply(200, icConversation))
	f.on("POST /conversations/215/parts", reply(200, icConversation))
	f.on("POST /conversations/215/tags", reply(200, `{"type":"tag","id":"7712"}`))
	ic := mustNew(t, intercomConfig(f.srv.URL), nopLog())

	r, err := ic.Open(ctx(t), inHelpdeskHandoff())
	require.NoError(t, err)
	assert.Equal(t, "215", r.RemoteID)
	assert.Equal(t, "https://app.intercom.com/a/inbox/abc123/inbox/conversation/215", r.URL)
	assert.Equal(t, map[string]string{"mode": "in_helpdesk"}, r.Meta)
	assert.Equal(t, []string{"GET /me", "GET /conversations/215", "POST /conversations/215/reply", "PUT /conversations/215", "POST /conversations/215/parts", "POST /conversations/215/tags"}, f.routesHit(),
		"no POST /conversations, no contact search")
	for _, req := range f.requests() {
		assert.Equal(t, "Bearer "+icToken, req.Header.Get("Authorization"), req.Path)
		assert.Equal(t, "2.11", req.Header.Get("Intercom-Version"), req.Path)
	}
	note := f.only("POST /conversations/215/reply").JSON(t)
	assert.Equal(t, "note", note["message_type"])
	assert.Equal(t, "admin", note["type"])
	assert.Equal(t, "991267", note["admin_id"])
	body := note["body"].(string)
	mustContainAll(t, body, "handoff:h_01JPA7Q3", "Reason: The user asks for a human", "Triggers: explicit_request, frustration", "Priority: high")
	assert.NotContains(t, body, "two charges of 49", "the agent reads the conversation itself: no transcript")
	assert.Equal(t, map[string]any{"message_type": "assignment", "type": "admin", "admin_id": "991267", "assignee_id": "5000"}, f.only("POST /conversations/215/parts").JSON(t))
	assert.Equal(t, map[string]any{"custom_attributes": map[string]any{"handoff_id": "h_01JPA7Q3"}}, f.only("PUT /conversations/215").JSON(t))
}

// A retry after an unknown outcome reads the conversation: it writes no
// second note when the handoff's is there, and no second assignment when
// the conversation is assigned as routed. Find says the handoff was made
// only when both are done.
func TestIntercomInHelpdeskRetryWritesNoSecondNote(t *testing.T) {
	f := newFake(t)
	noted := `{"type":"conversation_part","id":"9002","part_type":"note","body":"<p>The bot handed this conversation over to a person (handoff:h_01JPA7Q3).</p>","author":{"type":"admin","id":"991267"}}`
	f.on("GET /conversations/215", icConv(icBotPart+","+noted))
	f.on("PUT /conversations/215", reply(200, icConversation))
	f.on("POST /conversations/215/parts", reply(200, icConversation))
	f.on("POST /conversations/215/tags", reply(200, `{"type":"tag","id":"7712"}`))
	cfg := intercomConfig(f.srv.URL)
	icc := Section[IntercomConfig](cfg)
	icc.AdminID = "991267"
	cfg.SetSection(icc)
	ic := mustNew(t, cfg, nopLog())

	_, found, err := ic.(Finder).Find(ctx(t), inHelpdeskHandoff())
	require.NoError(t, err)
	assert.False(t, found, "noted but not assigned: not done")
	_, err = ic.Open(ctx(t), inHelpdeskHandoff())
	require.NoError(t, err)
	assert.NotContains(t, f.routesHit(), "POST /conversations/215/reply")
	f.only("POST /conversations/215/parts")

	// Now Intercom shows it assigned to team 5000.
	f.on("GET /conversations/215", reply(200, `{"type":"conversation","id":"215","state":"open","admin_assignee_id":null,"team_assignee_id":"5000","conversation_parts":{"type":"conversation_part.list","conversation_parts":[`+noted+`]}}`))
	r, found, err := ic.(Finder).Find(ctx(t), inHelpdeskHandoff())
	require.NoError(t, err)
	assert.True(t, found)
	assert.Equal(t, "215", r.RemoteID)
	_, err = ic.Open(ctx(t), inHelpdeskHandoff())
	require.NoError(t, err)
	f.only("POST /conversations/215/parts") // still the one
	assert.NotContains(t, f.routesHit(), "POST /conversations/215/reply")
}

// Without a team or admin to assign, or with a malformed id, the handoff
// fails for good, before any write.
func TestIntercomInHelpdeskRefusals(t *testing.T) {
	f := newFake(t)
	cfg := intercomConfig(f.srv.URL)
	ic := mustNew(t, cfg, nopLog())
	h := inHelpdeskHandoff()
	h.Route = handoff.Route{Team: "sales"} // no route, no default
	_, err := ic.Open(ctx(t), h)
	require.Error(t, err)
	assert.Equal(t, handoff.KindPermanent, handoff.KindOf(err), "%v", err)
	assert.Contains(t, err.Error(), "helpdesk.intercom.default_route.team_id")

	h = inHelpdeskHandoff()
	h.Metadata[MetaConversationID] = "../me"
	_, err = ic.Open(ctx(t), h)
	require.Error(t, err)
	assert.Equal(t, handoff.KindPermanent, handoff.KindOf(err), "%v", err)
	assert.Empty(t, f.requests())

	ih, ok := InHelpdeskOf(ic)
	require.True(t, ok)
	assert.NoError(t, ih.CheckConversationID("215471234567890"))
	assert.ErrorContains(t, ih.CheckConversationID("abc"), `helpdesk_conversation_id: "abc" is not an Intercom conversation id`)
}

// The user's messages are already in the conversation: none is relayed.
// Closing from the bot's side leaves a note and keeps the conversation
// open with its agent.
func TestIntercomInHelpdeskMessagesAndClose(t *testing.T) {
	f := newFake(t)
	f.on("POST /conversations/215/reply", reply(200, icConversation))
	cfg := intercomConfig(f.srv.URL)
	icc := Section[IntercomConfig](cfg)
	icc.AdminID = "991267"
	cfg.SetSection(icc)
	ic := mustNew(t, cfg, nopLog())
	h := inHelpdeskHandoff()
	h.RemoteID = "215"

	require.NoError(t, ic.AddMessage(ctx(t), h, handoff.Message{Seq: 4, Text: "hello?"}))
	assert.Empty(t, f.requests())

	require.NoError(t, ic.Close(ctx(t), h, "session timed out"))
	assert.Equal(t, []string{"POST /conversations/215/reply"}, f.routesHit(), "no close part")
	note := f.only("POST /conversations/215/reply").JSON(t)
	assert.Equal(t, "note", note["message_type"])
	assert.True(t, strings.Contains(note["body"].(string), "session timed out"))
}
