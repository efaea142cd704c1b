package tools

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/delivery"
	"github.com/handoff-mcp/handoff-mcp/handoff/helpdesk"
)

// zendeskStub answers ticket creates with status (and a ticket when 201),
// recording each create's body.
type zendeskStub struct {
	status int
	mu     sync.Mutex // protects bodies
	bodies []map[string]any
}

func (z *zendeskStub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	if r.URL.Path == "/api/v2/users/me.json" {
		_, _ = io.WriteString(w, `{"user": {"id": 1, "role": "admin"}}`)
		return
	}
	b, _ := io.ReadAll(r.Body)
	var body map[string]any
	_ = json.Unmarshal(b, &body)
	z.mu.Lock()
	z.bodies = append(z.bodies, body)
	z.mu.Unlock()
	w.WriteHeader(z.status)
	if z.status == http.StatusCreated {
		_, _ = io.WriteString(w, `{"ticket": {"id": 981, "requester_id": 5}}`)
		return
	}
	_, _ = io.WriteString(w, `{"error": "nope"}`)
}

func zendeskYAML(url string) string {
	return fmt.Sprintf(`
triggers:
  - id: explicit_request
    kind: human_request
    description: "The user asks to talk to a human: a person, an agent, customer service or an operator."
    priority: urgent
    route: {team: billing}
helpdesk:
  type: zendesk
  zendesk:
    base_url: %s
    email: agent@acme.com
    api_token: zendesk-token-for-tests
    routes: {team: {billing: {group_id: 123, tags: [billing]}}}
delivery:
  first_attempt_wait: 5s
`, url)
}

func TestRequestHumanHandoffDelivery(t *testing.T) {
	msgs := handoff.DefaultMessages()
	tests := []struct {
		name      string
		status    int
		want      HandoffOutput
		wantError string
	}{
		{"delivered with the ticket's id and URL", http.StatusCreated, HandoffOutput{
			Status: "delivered", Owner: "human", RemoteID: "981", MessageForUser: msgs.Render(handoff.MsgForwarded, "en", map[string]string{"email": "anna@example.com"}),
		}, ""},
		{"queued while the helpdesk fails", http.StatusServiceUnavailable, HandoffOutput{
			Status: "queued", Owner: "human", MessageForUser: msgs.Render(handoff.MsgForwarded, "en", map[string]string{"email": "anna@example.com"}),
		}, "zendesk: 503 Service Unavailable"},
		{"failed when the helpdesk refuses the credentials", http.StatusUnauthorized, HandoffOutput{
			Status: "failed", Owner: "bot", MessageForUser: msgs.Render(handoff.MsgDeliveryFailed, "en", nil),
		}, "zendesk: 401 Unauthorized: nope: check helpdesk.zendesk.email and api_token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stub := &zendeskStub{status: tt.status}
			srv := httptest.NewServer(stub)
			defer srv.Close()
			e := newEnv(t, zendeskYAML(srv.URL))
			res := call(t, e.client(t), "request_human_handoff", askHuman("c-zd", map[string]any{"email": "anna@example.com"}))
			out := structured[HandoffOutput](t, res)
			assert.Equal(t, tt.want.Status, out.Status)
			assert.Equal(t, tt.want.Owner, out.Owner)
			assert.Equal(t, tt.want.RemoteID, out.RemoteID)
			assert.Equal(t, tt.want.MessageForUser, out.MessageForUser)
			assert.Contains(t, out.HelpdeskError, tt.wantError)
			if tt.wantError == "" {
				assert.Empty(t, out.HelpdeskError)
				assert.Equal(t, srv.URL+"/agent/tickets/981", out.RemoteURL)
				assert.Contains(t, text(res), "Helpdesk ticket: 981 ("+srv.URL+"/agent/tickets/981).")
			}
			if out.Owner == "human" {
				assert.Contains(t, out.NextStep, "No agent replies come back to this chat: the team answers the user by email", "one-way: no inbound events")
			}
			if out.Status == "failed" {
				assert.Contains(t, out.NextStep, "collect_contact")
				assert.Contains(t, text(res), "Helpdesk error (for the bot builder, not the user)")
			}
			// The trigger's route and priority reached the helpdesk's own fields.
			require.NotEmpty(t, stub.bodies)
			ticket := stub.bodies[0]["ticket"].(map[string]any)
			assert.Equal(t, float64(123), ticket["group_id"], "route team billing → group 123")
			assert.Equal(t, "urgent", ticket["priority"])
			assert.Contains(t, ticket["tags"], "billing")
		})
	}
}

func TestCheckServiceHoursHelpdeskStatus(t *testing.T) {
	e := newEnv(t, "")
	out := structured[HoursOutput](t, call(t, e.client(t), "check_service_hours", map[string]any{}))
	assert.Equal(t, HelpdeskOutput{Status: "not_configured", Connector: "inbox"}, out.Helpdesk)

	stub := &zendeskStub{status: http.StatusCreated}
	srv := httptest.NewServer(stub)
	defer srv.Close()
	e = newEnv(t, zendeskYAML(srv.URL))
	out = structured[HoursOutput](t, call(t, e.client(t), "check_service_hours", map[string]any{}))
	assert.Equal(t, HelpdeskOutput{Status: "unknown", Connector: "zendesk"}, out.Helpdesk, "not checked yet")
	// Another replica, holding the monitor's lock, checks and saves the
	// status; this one reads it from the database once its cache expires.
	leader := delivery.NewMonitor(helpdesk.Config{Type: helpdesk.TypeZendesk}, e.svc.Connector(), delivery.MonitorOptions{Clock: e.clk, Store: e.store})
	leader.Check(t.Context())
	e.clk.Advance(delivery.DefaultStatusRefresh)
	res := call(t, e.client(t), "check_service_hours", map[string]any{})
	out = structured[HoursOutput](t, res)
	assert.Equal(t, HelpdeskOutput{Status: "available", Connector: "zendesk", CheckedAt: "2026-11-18T09:00:00Z"}, out.Helpdesk)
	assert.Contains(t, text(res), "Helpdesk (zendesk): available.")

	// No one checks for three status intervals (15 min): the old
	// "available" is no longer promised.
	e.clk.Advance(15*time.Minute - delivery.DefaultStatusRefresh + time.Second)
	res = call(t, e.client(t), "check_service_hours", map[string]any{})
	out = structured[HoursOutput](t, res)
	assert.Equal(t, HelpdeskOutput{Status: "unknown", Connector: "zendesk", CheckedAt: "2026-11-18T09:00:00Z"}, out.Helpdesk)
	assert.Contains(t, text(res), "Helpdesk (zendesk): status unknown: last checked at 2026-11-18T09:00:00Z, too long ago to trust; handoffs are still accepted and queued.")
}

// A message left after a request out of hours reaches the helpdesk as the
// handoff would have: transcript, triggers, name, metadata, route and
// priority (a refund disputed at night arrives urgent, for billing).
func TestOfflineMessageCarriesTheRequest(t *testing.T) {
	stub := &zendeskStub{status: http.StatusCreated}
	srv := httptest.NewServer(stub)
	defer srv.Close()
	closed := zendeskYAML(srv.URL) + `
service_hours:
  timezone: UTC
  weekly:
    - days: [sat]
      from: "10:00"
      to: "16:00"
`
	e := newEnv(t, closed)
	c := e.client(t)
	out := structured[HandoffOutput](t, call(t, c, "request_human_handoff", askHuman("c-night", map[string]any{
		"name": "Anna Berg", "metadata": map[string]any{"order": "4711", "amount": "149 EUR"},
	})))
	require.Equal(t, "off_hours", out.Status)
	require.Empty(t, stub.bodies, "nothing forwarded out of hours")

	left := structured[ContactOutput](t, call(t, c, "collect_contact", map[string]any{
		"conversation_id": "c-night", "email": "anna@example.com", "message": "Please refund the 149 EUR.",
	}))
	require.NotEmpty(t, left.OfflineMessageID)
	e.worker.Wait()

	require.Len(t, stub.bodies, 1)
	ticket := stub.bodies[0]["ticket"].(map[string]any)
	assert.Equal(t, "urgent", ticket["priority"], "the trigger's priority")
	assert.Equal(t, float64(123), ticket["group_id"], "route team billing → group 123")
	assert.Contains(t, ticket["tags"], "billing")
	assert.Contains(t, ticket["tags"], "offline_message")
	assert.Contains(t, ticket["tags"], "explicit_request")
	body := fmt.Sprint(ticket["comment"])
	assert.Contains(t, body, "My parcel never arrived.", "the transcript")
	assert.Contains(t, body, "Please refund the 149 EUR.", "the message")
	assert.Contains(t, body, "4711", "the metadata")
	assert.Contains(t, fmt.Sprint(ticket["requester"]), "Anna Berg", "the name given to the request")
	assert.Contains(t, fmt.Sprint(ticket["subject"]), "[handoff:"+left.OfflineMessageID+"]")
}
