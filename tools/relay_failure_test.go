package tools

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const relayUUID = "0e1f6c9a-5b7d-4c1e-9f3a-2b8c7d6e5f40"

// libredeskRefusingRelays is a Libredesk that opens conversations but
// answers the contact's messages with relayStatus, as an API key whose role
// lacks messages:write_as_contact does (403), or a desk that is down (503).
func libredeskRefusingRelays(t *testing.T, relayStatus int) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.Method == http.MethodPost && r.URL.Path == "/api/v1/conversations":
			_, _ = fmt.Fprintf(w, `{"status":"success","data":{"id":42,"uuid":%q,"reference_number":"100042"}}`, relayUUID)
		case r.Method == http.MethodPost && r.URL.Path == "/api/v1/conversations/"+relayUUID+"/messages" &&
			strings.Contains(string(body), `"sender_type":"contact"`):
			w.WriteHeader(relayStatus)
			_, _ = io.WriteString(w, `{"status":"error","message":"Permission denied","data":null}`)
		default:
			_, _ = io.WriteString(w, `{"status":"success","data":true}`)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func libredeskYAML(url string) string {
	return fmt.Sprintf(`
helpdesk:
  type: libredesk
  libredesk:
    base_url: %s
    api_key: ld_key
    api_secret: ld-secret-for-tests
    inbox_id: 1
delivery:
  first_attempt_wait: 5s
`, url)
}

// A relay the helpdesk refuses for good reaches the bot: send_handoff_message
// does not claim sent, and get_handoff_status lists it with its error.
func TestRelayRefusedReachesTheBot(t *testing.T) {
	desk := libredeskRefusingRelays(t, http.StatusForbidden)
	e := newEnv(t, libredeskYAML(desk.URL))
	c := e.client(t)
	req := structured[HandoffOutput](t, call(t, c, "request_human_handoff", askHuman("c-relay", map[string]any{"email": "anna@example.com"})))
	require.Equal(t, "delivered", req.Status)

	res := call(t, c, "send_handoff_message", map[string]any{"handoff_id": req.HandoffID, "text": "Order 4711"})
	sent := structured[SendOutput](t, res)
	assert.False(t, sent.Sent, "the helpdesk refused it: not sent")
	assert.Equal(t, "failed", sent.Delivery)
	assert.Contains(t, sent.DeliveryError, "403")
	for _, perm := range []string{"conversations:read", "conversations:read_all", "conversations:write", "conversations:update_status",
		"conversations:update_priority", "conversations:update_tags", "messages:write", "messages:write_as_contact"} {
		assert.Contains(t, sent.DeliveryError, perm, "the hint names every permission the connector needs")
	}
	assert.Contains(t, sent.NextStep, "did not reach the team")
	assert.Contains(t, text(res), "delivery failed")

	st := structured[StatusOutput](t, call(t, c, "get_handoff_status", map[string]any{"handoff_id": req.HandoffID}))
	require.Len(t, st.Undelivered, 1)
	assert.Equal(t, UndeliveredOutput{Kind: "message", Seq: sent.Seq, DeliveryError: sent.DeliveryError}, st.Undelivered[0])
	assert.Contains(t, st.NextStep, fmt.Sprintf("never took the user's message(s) %d", sent.Seq))
	assert.Equal(t, "human", st.Owner, "the handoff itself stands")
}

// A relay the helpdesk cannot take now is queued, not sent.
func TestRelayQueuedIsNotSent(t *testing.T) {
	desk := libredeskRefusingRelays(t, http.StatusServiceUnavailable)
	e := newEnv(t, libredeskYAML(desk.URL))
	c := e.client(t)
	req := structured[HandoffOutput](t, call(t, c, "request_human_handoff", askHuman("c-queued", map[string]any{"email": "anna@example.com"})))
	require.Equal(t, "delivered", req.Status)
	sent := structured[SendOutput](t, call(t, c, "send_handoff_message", map[string]any{"handoff_id": req.HandoffID, "text": "Order 4711"}))
	assert.False(t, sent.Sent)
	assert.Equal(t, "queued", sent.Delivery)
	assert.Contains(t, sent.DeliveryError, "503")
	assert.Contains(t, sent.NextStep, "retried")
	st := structured[StatusOutput](t, call(t, c, "get_handoff_status", map[string]any{"handoff_id": req.HandoffID}))
	assert.Empty(t, st.Undelivered, "still being retried")
}

// A close the helpdesk refuses for good reaches the bot too: the handoff
// has ended here, and get_handoff_status lists the close as undelivered.
func TestCloseRefusedReachesTheBot(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.Method == http.MethodPost && r.URL.Path == "/api/v1/conversations":
			_, _ = fmt.Fprintf(w, `{"status":"success","data":{"id":42,"uuid":%q,"reference_number":"100042"}}`, relayUUID)
		case r.Method == http.MethodPut && r.URL.Path == "/api/v1/conversations/"+relayUUID+"/status":
			w.WriteHeader(http.StatusForbidden)
			_, _ = io.WriteString(w, `{"status":"error","message":"Permission denied","data":null}`)
		default:
			_, _ = io.WriteString(w, `{"status":"success","data":true}`)
		}
	}))
	t.Cleanup(srv.Close)
	e := newEnv(t, libredeskYAML(srv.URL))
	c := e.client(t)
	req := structured[HandoffOutput](t, call(t, c, "request_human_handoff", askHuman("c-close", map[string]any{"email": "anna@example.com"})))
	require.Equal(t, "delivered", req.Status)
	end := structured[EndOutput](t, call(t, c, "end_handoff", map[string]any{"handoff_id": req.HandoffID, "reason": "no longer needed"}))
	require.Equal(t, "bot", end.Owner)
	e.worker.Wait()

	st := structured[StatusOutput](t, call(t, c, "get_handoff_status", map[string]any{"handoff_id": req.HandoffID}))
	require.Len(t, st.Undelivered, 1)
	assert.Equal(t, "close", st.Undelivered[0].Kind)
	assert.Contains(t, st.Undelivered[0].DeliveryError, "conversations:update_status")
	assert.Contains(t, st.NextStep, "The helpdesk was not told that the conversation ended")
}
