package helpdesk

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

const cwToken = "cw-access-token-7788"

func chatwootConfig(base string) Config {
	return ConfigFor(ChatwootConfig{
		BaseURL: base, AccountID: 1, InboxID: 4, APIAccessToken: cwToken,
		Routing: Routing{
			Routes:     map[string]map[string]Target{"team": {"billing": {TeamID: 2, Tags: []string{"billing"}}}},
			Priorities: map[string]string{"high": "urgent"},
		},
	})
}

const cwConversation = `{"id":1201,"account_id":1,"inbox_id":4,"status":"open","uuid":"3c8e0a52-2f1e-4e2a-9a39-0c1a8b7d6f10","custom_attributes":{"handoff_id":"h_01JPA7Q3"},"messages":[],"meta":{"sender":{"id":31}}}`

func TestChatwootOpen(t *testing.T) {
	tests := []struct {
		name     string
		search   string
		wantPath string
	}{
		{"new contact", `{"meta":{"count":0,"current_page":"1"},"payload":[]}`, "POST /api/v1/accounts/1/contacts"},
		{"known contact", `{"meta":{"count":1,"current_page":"1"},"payload":[{"id":31,"name":"Jane Doe","email":"jane.doe@example.com","identifier":null}]}`, "POST /api/v1/accounts/1/contacts/31/contact_inboxes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t)
			f.on("GET /api/v1/accounts/1/contacts/search", reply(200, tt.search))
			f.on("POST /api/v1/accounts/1/contacts", reply(200, `{"payload":{"contact":{"id":31,"name":"Jane Doe","email":"jane.doe@example.com"},"contact_inbox":{"inbox":{"id":4,"name":"Bot handoffs","channel_type":"Channel::Api"},"source_id":"9f2c6a3e-5d1b-4f2b-8a7e-1f0c2d3e4b5a"}}}`))
			f.on("POST /api/v1/accounts/1/contacts/31/contact_inboxes", reply(200, `{"source_id":"9f2c6a3e-5d1b-4f2b-8a7e-1f0c2d3e4b5a","inbox":{"id":4,"name":"Bot handoffs"}}`))
			f.on("POST /api/v1/accounts/1/conversations", reply(200, cwConversation))
			f.on("POST /api/v1/accounts/1/conversations/1201/labels", reply(200, `{"payload":["bot-handoff","billing"]}`))
			f.on("POST /api/v1/accounts/1/conversations/1201/toggle_priority", reply(200, `{}`))
			logs, log := logBuffer()
			cw := mustNew(t, chatwootConfig(f.srv.URL), log)

			r, err := cw.Open(ctx(t), sampleHandoff())
			require.NoError(t, err)
			assert.Equal(t, "1201", r.RemoteID)
			assert.Equal(t, f.srv.URL+"/app/accounts/1/conversations/1201", r.URL)
			assert.Equal(t, map[string]string{"account_id": "1", "inbox_id": "4", "contact_id": "31", "source_id": "9f2c6a3e-5d1b-4f2b-8a7e-1f0c2d3e4b5a"}, r.Meta)

			search := f.only("GET /api/v1/accounts/1/contacts/search")
			assert.Equal(t, "q=jane.doe%40example.com", search.Query)
			assert.Equal(t, []string{cwToken}, search.Header["Api_access_token"])
			assert.Contains(t, f.routesHit(), tt.wantPath)
			if tt.wantPath == "POST /api/v1/accounts/1/contacts" {
				assert.Equal(t, map[string]any{"inbox_id": float64(4), "name": "Jane Doe", "email": "jane.doe@example.com", "phone_number": "+4915112345678"}, f.only(tt.wantPath).JSON(t))
			} else {
				assert.Equal(t, map[string]any{"inbox_id": float64(4)}, f.only(tt.wantPath).JSON(t))
			}
			conv := f.only("POST /api/v1/accounts/1/conversations").JSON(t)
			assert.Equal(t, "9f2c6a3e-5d1b-4f2b-8a7e-1f0c2d3e4b5a", conv["source_id"])
			assert.EqualValues(t, 4, conv["inbox_id"])
			assert.EqualValues(t, 31, conv["contact_id"])
			assert.EqualValues(t, 2, conv["team_id"])
			assert.Equal(t, "open", conv["status"])
			assert.Equal(t, map[string]any{"handoff_id": "h_01JPA7Q3"}, conv["custom_attributes"])
			msg := conv["message"].(map[string]any)
			assert.Equal(t, "incoming", msg["message_type"])
			mustContainAll(t, msg["content"].(string), "Reason:", "jane.doe@example.com", "[Customer]")
			assert.Equal(t, map[string]any{"labels": []any{"billing", "explicit_request", "frustration"}}, f.only("POST /api/v1/accounts/1/conversations/1201/labels").JSON(t))
			assert.Equal(t, map[string]any{"priority": "urgent"}, f.only("POST /api/v1/accounts/1/conversations/1201/toggle_priority").JSON(t))
			assert.NotContains(t, logs.String(), cwToken)
		})
	}
}

func TestChatwootMessagesCloseFindCheck(t *testing.T) {
	f := newFake(t)
	f.on("POST /api/v1/accounts/1/conversations/1201/messages", reply(200, `{"id":88001,"content":"x","inbox_id":4,"conversation_id":1201,"message_type":0,"private":false}`))
	f.on("POST /api/v1/accounts/1/conversations/1201/toggle_status", reply(200, `{"meta":{},"payload":{"success":true,"current_status":"resolved","conversation_id":1201}}`))
	f.on("GET /api/v1/accounts/1/contacts/search", reply(200, `{"meta":{"count":1},"payload":[{"id":31,"email":"Jane.Doe@example.com"}]}`))
	f.on("GET /api/v1/accounts/1/contacts/31/conversations", reply(200, `{"payload":[{"id":1100,"inbox_id":4,"custom_attributes":{}},`+cwConversation+`]}`))
	f.on("GET /api/v1/accounts/1/inboxes/4", reply(200, `{"id":4,"name":"Bot handoffs","channel_type":"Channel::Api"}`))
	cw := mustNew(t, chatwootConfig(f.srv.URL), nopLog())
	h := sampleHandoff()
	h.RemoteID = "1201"

	require.NoError(t, cw.AddMessage(ctx(t), h, handoff.Message{Seq: 1, Text: "Any news?"}))
	require.NoError(t, cw.Close(ctx(t), h, "agent never answered: waiting timeout"))
	var msgs []map[string]any
	for _, r := range f.requests() {
		if r.Path == "/api/v1/accounts/1/conversations/1201/messages" {
			msgs = append(msgs, r.JSON(t))
		}
	}
	require.Len(t, msgs, 2)
	assert.Equal(t, map[string]any{"content": "Any news?", "message_type": "incoming", "private": false}, msgs[0])
	assert.Equal(t, true, msgs[1]["private"])
	assert.Contains(t, msgs[1]["content"], "waiting timeout")
	assert.Equal(t, map[string]any{"status": "resolved"}, f.only("POST /api/v1/accounts/1/conversations/1201/toggle_status").JSON(t))

	r, found, err := cw.(Finder).Find(ctx(t), h)
	require.NoError(t, err)
	require.True(t, found)
	assert.Equal(t, "1201", r.RemoteID)
	assert.Equal(t, "31", r.Meta["contact_id"])

	require.NoError(t, cw.Check(ctx(t)))
}
