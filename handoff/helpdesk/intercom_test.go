package helpdesk

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

const icToken = "dG9rOmludGVyY29tLXNlY3JldA=="

func intercomConfig(base string) Config {
	return ConfigFor(IntercomConfig{
		BaseURL: base, AccessToken: icToken, AppID: "abc123",
		Routing: Routing{Routes: map[string]map[string]Target{"team": {"billing": {TeamID: 5000, Tags: []string{"7712"}}}}},
	})
}

const (
	icMe           = `{"type":"admin","id":"991267","name":"Support Bot","email":"bot@acme.com","email_verified":true,"app":{"type":"app","id_code":"abc123","name":"Acme"}}`
	icUserMessage  = `{"type":"user_message","id":"403918330","created_at":1741944600,"body":"...","message_type":"inapp","conversation_id":"147"}`
	icConversation = `{"type":"conversation","id":"147","created_at":1741944600,"state":"open","open":true}`
)

func TestIntercomOpen(t *testing.T) {
	tests := []struct {
		name    string
		search  string
		created bool
		role    string
	}{
		{"new lead", `{"type":"list","data":[],"total_count":0,"pages":{"type":"pages","page":1,"per_page":50,"total_pages":0}}`, true, "lead"},
		{"existing user", `{"type":"list","data":[{"type":"contact","id":"65f0c0ffee","role":"user","email":"jane.doe@example.com"}],"total_count":1}`, false, "user"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t)
			f.on("POST /contacts/search", reply(200, tt.search))
			f.on("POST /contacts", reply(200, `{"type":"contact","id":"65f0c0ffee","workspace_id":"abc123","role":"lead","email":"jane.doe@example.com","name":"Jane Doe"}`))
			f.on("POST /conversations", reply(200, icUserMessage))
			f.on("PUT /conversations/147", reply(200, icConversation))
			f.on("GET /me", reply(200, icMe))
			f.on("POST /conversations/147/parts", reply(200, icConversation))
			f.on("POST /conversations/147/tags", reply(200, `{"type":"tag","id":"7712","name":"billing"}`))
			logs, log := logBuffer()
			ic := mustNew(t, intercomConfig(f.srv.URL), log)

			r, err := ic.Open(ctx(t), sampleHandoff())
			require.NoError(t, err)
			assert.Equal(t, "147", r.RemoteID)
			assert.Equal(t, "https://app.intercom.com/a/inbox/abc123/inbox/conversation/147", r.URL)
			assert.Equal(t, map[string]string{"contact_id": "65f0c0ffee", "contact_role": tt.role, "message_id": "403918330"}, r.Meta)

			search := f.only("POST /contacts/search")
			assert.Equal(t, "Bearer "+icToken, search.Header.Get("Authorization"))
			assert.Equal(t, "2.11", search.Header.Get("Intercom-Version"))
			assert.Equal(t, map[string]any{"query": map[string]any{"field": "email", "operator": "=", "value": "jane.doe@example.com"}}, search.JSON(t))
			if tt.created {
				assert.Equal(t, map[string]any{"role": "lead", "email": "jane.doe@example.com", "name": "Jane Doe", "phone": "+4915112345678"}, f.only("POST /contacts").JSON(t))
			} else {
				assert.NotContains(t, f.routesHit(), "POST /contacts")
			}
			conv := f.only("POST /conversations").JSON(t)
			assert.Equal(t, map[string]any{"type": tt.role, "id": "65f0c0ffee"}, conv["from"])
			mustContainAll(t, conv["body"].(string), "Reason:", "double charge", "<script>", "[Customer]", "handoff:h_01JPA7Q3")
			assert.Equal(t, map[string]any{"custom_attributes": map[string]any{"handoff_id": "h_01JPA7Q3"}}, f.only("PUT /conversations/147").JSON(t))
			assert.Equal(t, map[string]any{"message_type": "assignment", "type": "admin", "admin_id": "991267", "assignee_id": "5000"}, f.only("POST /conversations/147/parts").JSON(t))
			assert.Equal(t, map[string]any{"id": "7712", "admin_id": "991267"}, f.only("POST /conversations/147/tags").JSON(t))
			assert.NotContains(t, logs.String(), icToken)
		})
	}
}

func TestIntercomFollowUpFailureKeepsDelivery(t *testing.T) {
	f := newFake(t)
	f.on("POST /contacts/search", reply(200, `{"type":"list","data":[{"type":"contact","id":"c1","role":"lead","email":"jane.doe@example.com"}]}`))
	f.on("POST /conversations", reply(200, icUserMessage))
	// The handoff_id data attribute was never created in Intercom.
	f.on("PUT /conversations/147", reply(400, `{"type":"error.list","request_id":"r1","errors":[{"code":"parameter_invalid","message":"Custom attribute 'handoff_id' does not exist"}]}`))
	f.on("GET /me", reply(200, icMe))
	f.on("POST /conversations/147/parts", reply(200, icConversation))
	f.on("POST /conversations/147/tags", reply(200, `{}`))
	logs, log := logBuffer()
	r, err := mustNew(t, intercomConfig(f.srv.URL), log).Open(ctx(t), sampleHandoff())
	require.NoError(t, err)
	assert.Equal(t, "147", r.RemoteID)
	assert.Contains(t, logs.String(), "Custom attribute 'handoff_id' does not exist")
}

func TestIntercomMessagesCloseFindCheck(t *testing.T) {
	f := newFake(t)
	f.on("POST /conversations/147/reply", reply(200, icConversation))
	f.on("POST /conversations/147/parts", reply(200, icConversation))
	f.on("GET /me", reply(200, icMe))
	f.on("POST /conversations/search", reply(200, `{"type":"conversation.list","pages":{"type":"pages","page":1,"per_page":20,"total_pages":1},"total_count":1,"conversations":[{"type":"conversation","id":"147","source":{"type":"conversation","id":"403918330","delivered_as":"customer_initiated","body":"<p>A customer was handed over ... Reference: handoff:h_01JPA7Q3</p>","author":{"type":"lead","id":"65f0c0ffee","name":"Jane Doe","email":"jane.doe@example.com"}}}]}`))
	ic := mustNew(t, intercomConfig(f.srv.URL), nopLog())
	h := sampleHandoff()
	h.RemoteID = "147"
	h.RemoteMeta = map[string]string{"contact_id": "65f0c0ffee", "contact_role": "lead"}

	require.NoError(t, ic.AddMessage(ctx(t), h, handoff.Message{Seq: 1, Text: "Are you there?"}))
	require.NoError(t, ic.Close(ctx(t), h, "user left"))
	var replies []map[string]any
	for _, r := range f.requests() {
		if r.Path == "/conversations/147/reply" {
			replies = append(replies, r.JSON(t))
		}
	}
	require.Len(t, replies, 2)
	assert.Equal(t, map[string]any{"message_type": "comment", "type": "user", "intercom_user_id": "65f0c0ffee", "body": "Are you there?"}, replies[0])
	assert.Equal(t, "note", replies[1]["message_type"])
	assert.Equal(t, "991267", replies[1]["admin_id"])
	assert.Equal(t, map[string]any{"message_type": "close", "type": "admin", "admin_id": "991267"}, f.only("POST /conversations/147/parts").JSON(t))

	r, found, err := ic.(Finder).Find(ctx(t), h)
	require.NoError(t, err)
	require.True(t, found)
	assert.Equal(t, "147", r.RemoteID)
	assert.Equal(t, "65f0c0ffee", r.Meta["contact_id"])
	assert.Equal(t, map[string]any{"query": map[string]any{"field": "source.body", "operator": "~", "value": "handoff:h_01JPA7Q3"}}, f.only("POST /conversations/search").JSON(t))

	require.NoError(t, ic.Check(ctx(t)))

	h.RemoteMeta = nil
	err = ic.AddMessage(ctx(t), h, handoff.Message{Seq: 2, Text: "x"})
	assert.Equal(t, handoff.KindPermanent, handoff.KindOf(err))
}

func TestIntercomCheckCallsAPIEvenWithAdminID(t *testing.T) {
	f := newFake(t)
	f.on("GET /me", reply(401, `{"type":"error.list","request_id":"r2","errors":[{"code":"unauthorized","message":"Access Token Invalid"}]}`))
	cfg := intercomConfig(f.srv.URL)
	ic := Section[IntercomConfig](cfg)
	ic.AdminID = "42"
	cfg.SetSection(ic)
	err := mustNew(t, cfg, nopLog()).Check(ctx(t))
	require.Error(t, err)
	assert.Equal(t, handoff.KindPermanent, handoff.KindOf(err))
	assert.Contains(t, err.Error(), "Access Token Invalid")
	assert.Contains(t, err.Error(), "helpdesk.intercom.access_token")
}
