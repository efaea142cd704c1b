package helpdesk

import (
	"encoding/base64"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

func lcInHelpdesk() handoff.Handoff {
	h := sampleHandoff()
	h.Metadata = map[string]string{MetaConversationID: "PJ0MRSHTDG"}
	return h
}

func lcChat(events string) http.HandlerFunc {
	return reply(200, `{"id":"PJ0MRSHTDG","thread":{"id":"PGDGHT5G","active":true,"events":[`+events+`]},"users":[]}`)
}

// The in-helpdesk handoff reads the chat, leaves the note for agents only,
// transfers the chat to the routed group and tags the thread: no customer,
// no new chat, no transcript; every call with the account's Basic auth and
// X-Region.
func TestLiveChatInHelpdeskOpen(t *testing.T) {
	f := newFake(t)
	const p = "/v3.5/agent/action/"
	f.on("POST "+p+"get_chat", lcChat(`{"id":"PGDGHT5G_1","type":"message","text":"Hi, I am the bot","author_id":"bot-1","visibility":"all"}`))
	f.on("POST "+p+"send_event", reply(200, `{"event_id":"PGDGHT5G_2"}`))
	f.on("POST "+p+"transfer_chat", reply(200, `{}`))
	f.on("POST "+p+"tag_thread", reply(200, `{}`))
	lc := mustNew(t, livechatConfig(f.srv.URL), nopLog())

	r, err := lc.Open(ctx(t), lcInHelpdesk())
	require.NoError(t, err)
	assert.Equal(t, handoff.Receipt{RemoteID: "PJ0MRSHTDG", Meta: map[string]string{"mode": "in_helpdesk", "thread_id": "PGDGHT5G"}}, r)
	assert.Equal(t, []string{"POST " + p + "get_chat", "POST " + p + "send_event", "POST " + p + "transfer_chat", "POST " + p + "tag_thread"}, f.routesHit())
	basic := "Basic " + base64.StdEncoding.EncodeToString([]byte("4d1c7a12-acct:"+lcToken))
	for _, req := range f.requests() {
		assert.Equal(t, basic, req.Header.Get("Authorization"), req.Path)
		assert.Equal(t, "fra", req.Header.Get("X-Region"), req.Path)
	}
	assert.Equal(t, map[string]any{"chat_id": "PJ0MRSHTDG"}, f.only("POST "+p+"get_chat").JSON(t))
	ev := f.only("POST " + p + "send_event").JSON(t)
	assert.Equal(t, "PJ0MRSHTDG", ev["chat_id"])
	event := ev["event"].(map[string]any)
	assert.Equal(t, "agents", event["visibility"])
	mustContainAll(t, event["text"].(string), "handoff:h_01JPA7Q3", "Triggers: explicit_request, frustration")
	assert.NotContains(t, event["text"], "two charges of 49", "no transcript")
	assert.Equal(t, map[string]any{"id": "PJ0MRSHTDG", "target": map[string]any{"type": "group", "ids": []any{float64(3)}}}, f.only("POST "+p+"transfer_chat").JSON(t))
	assert.Equal(t, map[string]any{"chat_id": "PJ0MRSHTDG", "thread_id": "PGDGHT5G", "tag": "billing"}, f.only("POST "+p+"tag_thread").JSON(t))
}

// A retry finds the note and only transfers again; messages are not
// relayed; the bot's side ending leaves a note and keeps the chat active.
func TestLiveChatInHelpdeskRetryMessagesClose(t *testing.T) {
	f := newFake(t)
	const p = "/v3.5/agent/action/"
	f.on("POST "+p+"get_chat", lcChat(`{"id":"PGDGHT5G_2","type":"message","text":"The bot handed this conversation over to a person (handoff:h_01JPA7Q3).","visibility":"agents"}`))
	f.on("POST "+p+"send_event", reply(200, `{"event_id":"PGDGHT5G_3"}`))
	f.on("POST "+p+"transfer_chat", reply(200, `{}`))
	f.on("POST "+p+"tag_thread", reply(200, `{}`))
	lc := mustNew(t, livechatConfig(f.srv.URL), nopLog())
	h := lcInHelpdesk()

	_, err := lc.Open(ctx(t), h)
	require.NoError(t, err)
	assert.NotContains(t, f.routesHit(), "POST "+p+"send_event", "no second note")
	f.only("POST " + p + "transfer_chat")

	h.RemoteID = "PJ0MRSHTDG"
	require.NoError(t, lc.AddMessage(ctx(t), h, handoff.Message{Seq: 3, Text: "hello?"}))
	require.NoError(t, lc.Close(ctx(t), h, "ended by the user"))
	assert.Equal(t, "agents", f.only("POST " + p + "send_event").JSON(t)["event"].(map[string]any)["visibility"])
	assert.NotContains(t, f.routesHit(), "POST "+p+"deactivate_chat")

	h = lcInHelpdesk()
	h.Route = handoff.Route{}
	_, err = lc.Open(ctx(t), h)
	assert.Equal(t, handoff.KindPermanent, handoff.KindOf(err), "no group: %v", err)
	ih, _ := InHelpdeskOf(lc)
	assert.ErrorContains(t, ih.CheckConversationID("../x"), "is not a LiveChat chat id")
}
