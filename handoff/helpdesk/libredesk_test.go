package helpdesk

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

const ldSecret = "ld-api-secret-5150"

func libredeskConfig(base string) Config {
	return ConfigFor(LibredeskConfig{
		BaseURL: base, APIKey: "ld_key_1", APISecret: ldSecret, InboxID: 1,
		Routing: Routing{Routes: map[string]map[string]Target{"team": {"billing": {TeamID: 3}}}},
	})
}

const ldUUID = "0e1f6c9a-5b7d-4c1e-9f3a-2b8c7d6e5f40"

func TestLibredeskRequests(t *testing.T) {
	f := newFake(t)
	ok := reply(200, `{"status":"success","data":true}`)
	f.on("POST /api/v1/conversations", reply(200, `{"status":"success","data":{"id":42,"uuid":"`+ldUUID+`","reference_number":"100042","subject":"Handoff [handoff:h_01JPA7Q3] #100042","status":"Open","priority":""}}`))
	f.on("POST /api/v1/conversations/"+ldUUID+"/tags", ok)
	f.on("PUT /api/v1/conversations/"+ldUUID+"/priority", ok)
	f.on("POST /api/v1/conversations/"+ldUUID+"/messages", reply(200, `{"status":"success","data":{"uuid":"m-1","type":"incoming","private":false}}`))
	f.on("PUT /api/v1/conversations/"+ldUUID+"/status", ok)
	f.on("GET /api/v1/agents/me", reply(200, `{"status":"success","data":{"id":1,"email":"bot@acme.com","type":"agent"}}`))
	f.on("GET /api/v1/inboxes", reply(200, ldInboxes))
	logs, log := logBuffer()
	ld := mustNew(t, libredeskConfig(f.srv.URL), log)
	h := sampleHandoff()

	r, err := ld.Open(ctx(t), h)
	require.NoError(t, err)
	assert.Equal(t, handoff.Receipt{RemoteID: ldUUID, Meta: map[string]string{"reference_number": "100042"}}, r)
	create := f.only("POST /api/v1/conversations")
	assert.Equal(t, "token ld_key_1:"+ldSecret, create.Header.Get("Authorization"))
	body := create.JSON(t)
	assert.EqualValues(t, 1, body["inbox_id"])
	assert.EqualValues(t, 3, body["team_id"])
	assert.Equal(t, "jane.doe@example.com", body["contact_email"])
	assert.Equal(t, "Jane", body["first_name"])
	assert.Equal(t, "Doe", body["last_name"])
	assert.Equal(t, "contact", body["initiator"])
	assert.Equal(t, map[string]any{"handoff_id": "h_01JPA7Q3"}, body["custom_attributes"])
	assert.Contains(t, body["subject"], "[handoff:h_01JPA7Q3]")
	assert.True(t, strings.HasPrefix(body["subject"].(string), "Your request: "), "the customer gets the agent's replies under it: %s", body["subject"])
	assert.NotContains(t, body["subject"], "explicit_request", "no internal trigger ids in what the customer reads")
	assert.NotContains(t, body["content"], "<blockquote>", "Libredesk folds quotes away; the current question must show")
	assert.NotContains(t, body["content"], "<script>")
	assert.Equal(t, map[string]any{"tags": []any{"explicit_request", "frustration"}}, f.only("POST /api/v1/conversations/"+ldUUID+"/tags").JSON(t))
	assert.Equal(t, map[string]any{"priority": "High"}, f.only("PUT /api/v1/conversations/"+ldUUID+"/priority").JSON(t))

	h.RemoteID = ldUUID
	require.NoError(t, ld.AddMessage(ctx(t), h, handoff.Message{Seq: 1, Text: "a < b\nthanks"}))
	require.NoError(t, ld.Close(ctx(t), h, "resolved by user"))
	var msgs []map[string]any
	for _, rq := range f.requests() {
		if rq.Path == "/api/v1/conversations/"+ldUUID+"/messages" {
			msgs = append(msgs, rq.JSON(t))
		}
	}
	require.Len(t, msgs, 2)
	assert.Equal(t, map[string]any{"message": "<p>a &lt; b<br>thanks</p>", "sender_type": "contact", "private": false}, msgs[0])
	assert.Equal(t, "agent", msgs[1]["sender_type"])
	assert.Equal(t, true, msgs[1]["private"])
	assert.Equal(t, map[string]any{"status": "Resolved"}, f.only("PUT /api/v1/conversations/"+ldUUID+"/status").JSON(t))
	require.NoError(t, ld.Check(ctx(t)))
	assert.NotContains(t, logs.String(), ldSecret)
}

func TestLibredeskRelayAsNote(t *testing.T) {
	f := newFake(t)
	f.on("POST /api/v1/conversations/"+ldUUID+"/messages", reply(200, `{"status":"success","data":{}}`))
	cfg := libredeskConfig(f.srv.URL)
	ld := Section[LibredeskConfig](cfg)
	ld.RelayAs = "note"
	cfg.SetSection(ld)
	h := sampleHandoff()
	h.RemoteID = ldUUID
	require.NoError(t, mustNew(t, cfg, nopLog()).AddMessage(ctx(t), h, handoff.Message{Seq: 1, Text: "hi"}))
	m := f.only("POST /api/v1/conversations/" + ldUUID + "/messages").JSON(t)
	assert.Equal(t, "agent", m["sender_type"])
	assert.Equal(t, true, m["private"])
	assert.Contains(t, m["message"], "Jane Doe wrote")
}

// ldInboxes is GET /api/v1/inboxes with an email inbox 1, a disabled email
// inbox 2 and a live chat inbox 3.
const ldInboxes = `{"status":"success","data":[
 {"id":1,"name":"Support","channel":"email","enabled":true},
 {"id":2,"name":"Old","channel":"email","enabled":false},
 {"id":3,"name":"Chat","channel":"livechat","enabled":true}]}`

func TestLibredeskCheckNamesAWrongInbox(t *testing.T) {
	tests := []struct {
		name    string
		inbox   int64
		wantErr string
	}{
		{"email inbox", 1, ""},
		{"no such inbox", 42, "helpdesk.libredesk.inbox_id 42 is not an inbox of this Libredesk; enabled email inboxes: 1 (Support)"},
		{"disabled", 2, `inbox_id 2 ("Old") is disabled`},
		{"live chat", 3, `inbox_id 3 ("Chat") is a livechat inbox; conversations can be created only in an email inbox`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t)
			f.on("GET /api/v1/agents/me", reply(200, `{"status":"success","data":{"id":1}}`))
			f.on("GET /api/v1/inboxes", reply(200, ldInboxes))
			cfg := libredeskConfig(f.srv.URL)
			ld := Section[LibredeskConfig](cfg)
			ld.InboxID = tt.inbox
			cfg.SetSection(ld)
			err := mustNew(t, cfg, nopLog()).Check(ctx(t))
			if tt.wantErr == "" {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.wantErr)
			assert.True(t, handoff.Is(err, handoff.KindPermanent), "a configuration error")
		})
	}
}

// A retry after an unknown outcome finds the conversation the lost attempt
// created (by the contact's email, then our reference in the subject)
// instead of creating a second one.
func TestLibredeskFind(t *testing.T) {
	f := newFake(t)
	f.on("GET /api/v1/conversations/search", reply(200, `{"status":"success","data":[
		{"uuid":"other","reference_number":"100041","subject":"Your request: hi [handoff:h_other] #100041","status":"Open"},
		{"uuid":"`+ldUUID+`","reference_number":"100042","subject":"Your request: help [handoff:h_01JPA7Q3] #100042","status":"Open"}]}`))
	ld := mustNew(t, libredeskConfig(f.srv.URL), nopLog()).(*Libredesk)
	h := sampleHandoff()
	r, found, err := ld.Find(ctx(t), h)
	require.NoError(t, err)
	require.True(t, found)
	assert.Equal(t, handoff.Receipt{RemoteID: ldUUID, Meta: map[string]string{"reference_number": "100042"}}, r)
	assert.Equal(t, "query=jane.doe%40example.com", f.only("GET /api/v1/conversations/search").Query)

	h.ID = "h_notthere"
	_, found, err = ld.Find(ctx(t), h)
	require.NoError(t, err)
	assert.False(t, found)
}

func TestLibredeskCheckSetup(t *testing.T) {
	f := newFake(t)
	f.on("GET /api/v1/custom-attributes", reply(200, `{"status":"success","data":[{"id":1,"key":"order_id","applies_to":"conversation"}]}`))
	f.on("GET /api/v1/tags", reply(200, `{"status":"success","data":[{"id":1,"name":"explicit_request"}]}`))
	cfg := libredeskConfig(f.srv.URL)
	ld := Section[LibredeskConfig](cfg)
	ld.Routing.Routes["team"]["billing"] = Target{TeamID: 3, Tags: []string{"billing"}}
	cfg.SetSection(ld)
	notes, err := mustNew(t, cfg, nopLog()).(SetupChecker).CheckSetup(ctx(t), []string{"explicit_request", "Frustration"})
	require.NoError(t, err)
	require.Len(t, notes, 2)
	assert.Contains(t, notes[0], "custom attribute handoff_id does not exist")
	assert.Contains(t, notes[1], "these tags do not exist, so Libredesk drops them from conversations: billing, frustration")
	assert.Equal(t, "applies_to=conversation", f.only("GET /api/v1/custom-attributes").Query)
}
