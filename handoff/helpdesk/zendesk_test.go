package helpdesk

import (
	"encoding/base64"
	"net/http"
	"sync"
	"testing"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

const zdToken = "zd-secret-token-123"

func zendeskConfig(base string) Config {
	return ConfigFor(ZendeskConfig{
		BaseURL: base, Email: "agent@acme.com", APIToken: zdToken,
		Routing: Routing{
			Routes:     map[string]map[string]Target{"team": {"billing": {GroupID: 123, Tags: []string{"billing"}}}},
			Priorities: map[string]string{"high": "urgent"},
			Tags:       []string{"bot-handoff"},
		},
	})
}

// zendeskFake answers like the Tickets API, honouring Idempotency-Key.
func zendeskFake(t *testing.T) *fake {
	f := newFake(t)
	var mu sync.Mutex
	seen := map[string]bool{}
	f.on("POST /api/v2/tickets.json", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hit := seen[r.Header.Get("Idempotency-Key")]
		seen[r.Header.Get("Idempotency-Key")] = true
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		if hit {
			w.Header().Set("X-Idempotency-Lookup", "hit")
		} else {
			w.Header().Set("X-Idempotency-Lookup", "miss")
		}
		w.WriteHeader(http.StatusCreated)
		w.Write([]byte(`{"ticket":{"url":"https://acme.zendesk.com/api/v2/tickets/35436.json","id":35436,"external_id":"h_01JPA7Q3","via":{"channel":"api"},"created_at":"2025-03-14T09:30:00Z","subject":"Handoff","status":"new","requester_id":20978392,"submitter_id":20978392,"group_id":123,"tags":["billing"]},"audit":{"id":1,"ticket_id":35436,"events":[]}}`))
	})
	return f
}

func TestZendeskRequests(t *testing.T) {
	f := zendeskFake(t)
	logs, log := logBuffer()
	z := mustNew(t, zendeskConfig(f.srv.URL), log)
	h := sampleHandoff()

	r, err := z.Open(ctx(t), h)
	require.NoError(t, err)
	assert.Equal(t, "35436", r.RemoteID)
	assert.Equal(t, f.srv.URL+"/agent/tickets/35436", r.URL)
	assert.Equal(t, "20978392", r.Meta["requester_id"])

	req := f.only("POST /api/v2/tickets.json")
	assert.Equal(t, "Basic "+base64.StdEncoding.EncodeToString([]byte("agent@acme.com/token:"+zdToken)), req.Header.Get("Authorization"))
	assert.Equal(t, "h_01JPA7Q3:created", req.Header.Get("Idempotency-Key"))
	assert.Equal(t, "application/json", req.Header.Get("Content-Type"))
	tk := req.JSON(t)["ticket"].(map[string]any)
	assert.Equal(t, "h_01JPA7Q3", tk["external_id"])
	assert.Equal(t, "urgent", tk["priority"])
	assert.EqualValues(t, 123, tk["group_id"])
	assert.Equal(t, []any{"bot-handoff", "billing", "explicit_request", "frustration"}, tk["tags"])
	assert.Equal(t, map[string]any{"name": "Jane Doe", "email": "jane.doe@example.com"}, tk["requester"])
	assert.Contains(t, tk["subject"], "[handoff:h_01JPA7Q3]")
	comment := tk["comment"].(map[string]any)
	assert.Equal(t, false, comment["public"])
	body := comment["html_body"].(string)
	assert.NotContains(t, body, "<script>")
	mustContainAll(t, body, "&lt;script&gt;", "jane.doe@example.com", "explicit_request, frustration", "team=billing", "customer_id", "C-991")

	// A retry carries the same key: the helpdesk answers with the same ticket.
	r2, err := z.Open(ctx(t), h)
	require.NoError(t, err)
	assert.Equal(t, r.RemoteID, r2.RemoteID)

	h.RemoteID = r.RemoteID
	f.on("PUT /api/v2/tickets/35436.json", reply(200, `{"ticket":{"id":35436,"status":"open"},"audit":{"id":2}}`))
	require.NoError(t, z.AddMessage(ctx(t), h, handoff.Message{Seq: 3, Author: handoff.AuthorUser, Text: "Still waiting"}))
	require.NoError(t, z.Close(ctx(t), h, "user ended the chat"))
	var puts []recorded
	for _, rq := range f.requests() {
		if rq.Method == http.MethodPut {
			puts = append(puts, rq)
		}
	}
	require.Len(t, puts, 2)
	msg := puts[0].JSON(t)["ticket"].(map[string]any)
	assert.Equal(t, map[string]any{"body": "Jane Doe wrote (via bot, handoff:h_01JPA7Q3):\nStill waiting", "public": false}, msg["comment"])
	closing := puts[1].JSON(t)["ticket"].(map[string]any)
	assert.Equal(t, "solved", closing["status"])
	assert.Contains(t, closing["comment"].(map[string]any)["body"], "user ended the chat")

	assert.NotContains(t, logs.String(), zdToken)
	assert.NotContains(t, logs.String(), "jane.doe@example.com")
	assert.Contains(t, logs.String(), `"email":"j***@example.com"`)
}

func TestZendeskFind(t *testing.T) {
	tests := []struct {
		name  string
		body  string
		found bool
	}{
		{"found", `{"tickets":[{"id":35436,"external_id":"h_01JPA7Q3","requester_id":20978392,"status":"open"}],"next_page":null,"previous_page":null,"count":1}`, true},
		{"absent", `{"tickets":[],"next_page":null,"previous_page":null,"count":0}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t)
			f.on("GET /api/v2/tickets.json", reply(200, tt.body))
			z := mustNew(t, zendeskConfig(f.srv.URL), zerolog.Nop())
			r, found, err := z.(Finder).Find(ctx(t), sampleHandoff())
			require.NoError(t, err)
			assert.Equal(t, tt.found, found)
			assert.Equal(t, "external_id=h_01JPA7Q3", f.only("GET /api/v2/tickets.json").Query)
			if tt.found {
				assert.Equal(t, "35436", r.RemoteID)
			}
		})
	}
}

func TestZendeskCheck(t *testing.T) {
	tests := []struct {
		name string
		body string
		kind handoff.ErrorKind
		ok   bool
	}{
		{"agent", `{"user":{"id":1511,"name":"Bot Agent","email":"agent@acme.com","role":"admin"}}`, 0, true},
		{"anonymous", `{"user":{"id":null,"url":null,"name":"Anonymous user","email":"invalid@example.com","role":"end-user"}}`, handoff.KindPermanent, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t)
			f.on("GET /api/v2/users/me.json", reply(200, tt.body))
			err := mustNew(t, zendeskConfig(f.srv.URL), zerolog.Nop()).Check(ctx(t))
			if tt.ok {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Equal(t, tt.kind, handoff.KindOf(err))
			assert.Contains(t, err.Error(), "helpdesk.zendesk.email and api_token")
		})
	}
}
