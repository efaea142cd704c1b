package helpdesk

import (
	"encoding/base64"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

const lcToken = "fra:lc-pat-secret-0099"

func livechatConfig(base string) Config {
	return ConfigFor(LiveChatConfig{
		BaseURL: base, AccountID: "4d1c7a12-acct", Token: lcToken, Region: "fra",
		Routing: Routing{
			DefaultRoute: Target{GroupID: 0},
			Routes:       map[string]map[string]Target{"team": {"billing": {GroupID: 3, Tags: []string{"billing"}}}},
		},
	})
}

func TestLiveChatRequests(t *testing.T) {
	f := newFake(t)
	const p = "/v3.5/agent/action/"
	f.on("POST "+p+"create_customer", reply(200, `{"customer_id":"b7eff798-f8df-4364-8059-649c35c9ed0c"}`))
	f.on("POST "+p+"start_chat", reply(200, `{"chat_id":"PJ0MRSHTDG","thread_id":"PGDGHT5G","event_ids":["PGDGHT5G_1"]}`))
	f.on("POST "+p+"tag_thread", reply(200, `{}`))
	f.on("POST "+p+"send_event", reply(200, `{"event_id":"PGDGHT5G_2"}`))
	f.on("POST "+p+"deactivate_chat", reply(200, `{}`))
	f.on("POST "+p+"list_chats", reply(200, `{"chats_summary":[],"found_chats":0,"next_page_id":"","previous_page_id":""}`))
	logs, log := logBuffer()
	lc := mustNew(t, livechatConfig(f.srv.URL), log)
	h := sampleHandoff()

	r, err := lc.Open(ctx(t), h)
	require.NoError(t, err)
	assert.Equal(t, handoff.Receipt{
		RemoteID: "PJ0MRSHTDG", URL: "https://my.livechatinc.com/chats/PJ0MRSHTDG",
		Meta: map[string]string{"thread_id": "PGDGHT5G", "customer_id": "b7eff798-f8df-4364-8059-649c35c9ed0c"},
	}, r)

	cust := f.only("POST " + p + "create_customer")
	assert.Equal(t, "Basic "+base64.StdEncoding.EncodeToString([]byte("4d1c7a12-acct:"+lcToken)), cust.Header.Get("Authorization"))
	assert.Equal(t, "fra", cust.Header.Get("X-Region"))
	assert.Equal(t, map[string]any{
		"name": "Jane Doe", "email": "jane.doe@example.com",
		"session_fields": []any{map[string]any{"handoff_id": "h_01JPA7Q3"}, map[string]any{"handoff_reference": "handoff:h_01JPA7Q3"}},
	}, cust.JSON(t))
	start := f.only("POST " + p + "start_chat").JSON(t)
	assert.Equal(t, true, start["continuous"])
	chat := start["chat"].(map[string]any)
	assert.Equal(t, []any{map[string]any{"id": "b7eff798-f8df-4364-8059-649c35c9ed0c", "type": "customer"}}, chat["users"])
	assert.Equal(t, map[string]any{"group_ids": []any{float64(3)}}, chat["access"])
	ev := chat["thread"].(map[string]any)["events"].([]any)[0].(map[string]any)
	assert.Equal(t, "message", ev["type"])
	assert.Equal(t, "all", ev["visibility"])
	mustContainAll(t, ev["text"].(string), "Reason:", "jane.doe@example.com", "handoff:h_01JPA7Q3")
	assert.Equal(t, map[string]any{"chat_id": "PJ0MRSHTDG", "thread_id": "PGDGHT5G", "tag": "billing"}, f.only("POST "+p+"tag_thread").JSON(t))

	h.RemoteID = r.RemoteID
	require.NoError(t, lc.AddMessage(ctx(t), h, handoff.Message{Seq: 1, Text: "hello?"}))
	require.NoError(t, lc.Close(ctx(t), h, "user closed"))
	var events []map[string]any
	for _, rq := range f.requests() {
		if rq.Path == p+"send_event" {
			events = append(events, rq.JSON(t))
		}
	}
	require.Len(t, events, 2)
	assert.Equal(t, "PJ0MRSHTDG", events[0]["chat_id"])
	assert.Equal(t, true, events[0]["attach_to_last_thread"])
	assert.Equal(t, map[string]any{"type": "message", "text": "Jane Doe wrote (via bot, handoff:h_01JPA7Q3):\nhello?", "visibility": "all"}, events[0]["event"])
	assert.Equal(t, "agents", events[1]["event"].(map[string]any)["visibility"])
	assert.Equal(t, map[string]any{"id": "PJ0MRSHTDG"}, f.only("POST "+p+"deactivate_chat").JSON(t))

	require.NoError(t, lc.Check(ctx(t)))
	assert.NotContains(t, logs.String(), lcToken)
}

func TestLiveChatBearer(t *testing.T) {
	f := newFake(t)
	f.on("POST /v3.6/agent/action/list_chats", reply(200, `{"chats_summary":[]}`))
	cfg := livechatConfig(f.srv.URL)
	lc := Section[LiveChatConfig](cfg)
	lc.Auth, lc.AccountID, lc.APIVersion = "bearer", "", "v3.6"
	cfg.SetSection(lc)
	require.NoError(t, mustNew(t, cfg, nopLog()).Check(ctx(t)))
	assert.Equal(t, "Bearer "+lcToken, f.only("POST /v3.6/agent/action/list_chats").Header.Get("Authorization"))
}
