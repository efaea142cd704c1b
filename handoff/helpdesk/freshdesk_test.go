package helpdesk

import (
	"encoding/base64"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

const fdKey = "fd-api-key-456789"

func freshdeskConfig(base string) Config {
	return ConfigFor(FreshdeskConfig{
		BaseURL: base, APIKey: fdKey,
		Routing: Routing{Routes: map[string]map[string]Target{"team": {"billing": {GroupID: 7}}}},
	})
}

const fdTicketJSON = `{"cc_emails":[],"fwd_emails":[],"reply_cc_emails":[],"email_config_id":null,"group_id":7,"priority":3,"requester_id":1000234,"responder_id":null,"source":7,"status":2,"subject":"Handoff (explicit_request, frustration): It is <b>twice</b>! [handoff:h_01JPA7Q3]","to_emails":null,"product_id":null,"id":512,"type":null,"due_by":"2025-03-17T09:30:00Z","fr_due_by":"2025-03-15T09:30:00Z","is_escalated":false,"description":"<p>...</p>","description_text":"...","custom_fields":{},"created_at":"2025-03-14T09:30:00Z","updated_at":"2025-03-14T09:30:00Z","tags":["explicit_request","frustration"],"attachments":[]}`

func TestFreshdeskRequests(t *testing.T) {
	f := newFake(t)
	f.on("POST /api/v2/tickets", reply(201, fdTicketJSON))
	f.on("POST /api/v2/tickets/512/notes", reply(201, `{"id":9001,"incoming":false,"private":true,"user_id":1000001,"support_email":null,"body":"<p>x</p>","body_text":"x","ticket_id":512,"to_emails":[],"attachments":[],"created_at":"2025-03-14T09:31:00Z","updated_at":"2025-03-14T09:31:00Z"}`))
	f.on("PUT /api/v2/tickets/512", reply(200, fdTicketJSON))
	logs, log := logBuffer()
	fd := mustNew(t, freshdeskConfig(f.srv.URL), log)
	h := sampleHandoff()

	r, err := fd.Open(ctx(t), h)
	require.NoError(t, err)
	assert.Equal(t, handoff.Receipt{RemoteID: "512", URL: f.srv.URL + "/a/tickets/512", Meta: map[string]string{"requester_id": "1000234"}}, r)
	req := f.only("POST /api/v2/tickets")
	assert.Equal(t, "Basic "+base64.StdEncoding.EncodeToString([]byte(fdKey+":X")), req.Header.Get("Authorization"))
	body := req.JSON(t)
	assert.Equal(t, "jane.doe@example.com", body["email"])
	assert.Equal(t, "Jane Doe", body["name"])
	assert.EqualValues(t, 2, body["status"])
	assert.EqualValues(t, 3, body["priority"])
	assert.EqualValues(t, 7, body["source"])
	assert.EqualValues(t, 7, body["group_id"])
	assert.Equal(t, []any{"explicit_request", "frustration"}, body["tags"])
	assert.Contains(t, body["subject"], "[handoff:h_01JPA7Q3]")
	assert.NotContains(t, body["description"], "<script>")
	assert.Contains(t, body["description"], "&lt;script&gt;")

	h.RemoteID = r.RemoteID
	require.NoError(t, fd.AddMessage(ctx(t), h, handoff.Message{Seq: 2, Text: "Hello <there>"}))
	note := f.only("POST /api/v2/tickets/512/notes").JSON(t)
	assert.Equal(t, true, note["private"])
	assert.Equal(t, "Jane Doe wrote (via bot, handoff:h_01JPA7Q3):<br>Hello &lt;there&gt;", note["body"])

	require.NoError(t, fd.Close(ctx(t), h, "session timeout"))
	assert.Equal(t, map[string]any{"status": float64(4)}, f.only("PUT /api/v2/tickets/512").JSON(t))
	assert.NotContains(t, logs.String(), fdKey)
}

func TestFreshdeskFind(t *testing.T) {
	tests := []struct {
		name   string
		status int
		body   string
		found  bool
	}{
		{"found by subject reference", 200, `[` + fdTicketJSON + `]`, true},
		{"other tickets only", 200, `[{"id":77,"subject":"Invoice question","requester_id":1000234}]`, false},
		{"requester unknown", 404, `{"description":"Validation failed","errors":[{"field":"email","message":"There is no contact matching the given email","code":"invalid_value"}]}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t)
			f.on("GET /api/v2/tickets", reply(tt.status, tt.body))
			r, found, err := mustNew(t, freshdeskConfig(f.srv.URL), nopLog()).(Finder).Find(ctx(t), sampleHandoff())
			require.NoError(t, err)
			assert.Equal(t, tt.found, found)
			assert.Equal(t, "email=jane.doe%40example.com&order_by=created_at&order_type=desc&per_page=100", f.only("GET /api/v2/tickets").Query)
			if tt.found {
				assert.Equal(t, "512", r.RemoteID)
			}
		})
	}
}

func TestFreshdeskCheck(t *testing.T) {
	f := newFake(t)
	f.on("GET /api/v2/agents/me", reply(200, `{"available":true,"occasional":false,"id":1000001,"contact":{"email":"bot@acme.com","name":"Bot"}}`))
	require.NoError(t, mustNew(t, freshdeskConfig(f.srv.URL), nopLog()).Check(ctx(t)))
	assert.Equal(t, http.MethodGet, f.only("GET /api/v2/agents/me").Method)
}
