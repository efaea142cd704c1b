package app

import (
	"bytes"
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
	"github.com/handoff-mcp/handoff-mcp/handoff/clock/clocktest"
	"github.com/handoff-mcp/handoff-mcp/tools"
)

const lcSecretKey = "lc-webhook-secret-key-for-the-live-test"

// livechatHook posts a LiveChat webhook (secret_key in the body, as
// LiveChat sends it) to /hooks/livechat.
func livechatHook(t *testing.T, s *liveServer, action string, payload map[string]any) (int, string) {
	t.Helper()
	body, err := json.Marshal(map[string]any{"webhook_id": "wh1", "secret_key": lcSecretKey, "action": action, "organization_id": "org", "payload": payload})
	require.NoError(t, err)
	res, err := http.Post(s.srv.URL+"/hooks/livechat", "application/json", bytes.NewReader(body))
	require.NoError(t, err)
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// The in-helpdesk handoff through the MCP tools with LiveChat: the bot (a
// bot agent in chat PJ0MRSHTDG) asks for a person; the chat gets an
// agents-only note and is transferred to the routed group, no chat is
// started; the agent's message reaches the bot via get_handoff_status; the
// chat's end ends the session.
func TestInHelpdeskLiveChatEndToEnd(t *testing.T) {
	clk := clocktest.NewFake(liveNow)
	var (
		mu   sync.Mutex
		seen []string
	)
	transferred := make(chan struct{}, 2)
	lc := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		seen = append(seen, r.URL.Path+" "+string(body))
		mu.Unlock()
		user, pass, ok := r.BasicAuth()
		assert.True(t, ok && user == "acc-1" && pass == "lc-token", "Basic auth")
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/v3.5/agent/action/get_chat":
			io.WriteString(w, `{"id":"PJ0MRSHTDG","thread":{"id":"K600PKZON8","events":[]}}`)
		case "/v3.5/agent/action/transfer_chat":
			io.WriteString(w, `{}`)
			transferred <- struct{}{}
		default:
			io.WriteString(w, `{}`)
		}
	}))
	t.Cleanup(lc.Close)
	s := startLive(t, fmt.Sprintf(`contact:
  require_email: false
helpdesk:
  type: livechat
  livechat:
    base_url: %s
    account_id: acc-1
    token: lc-token
    webhook_secret_key: %s
    default_route: {group_id: 3}
`, lc.URL, lcSecretKey), clk)
	c := s.client()

	out := callTool[tools.HandoffOutput](t, c, "request_human_handoff", map[string]any{
		"conversation_id": "lc-PJ0MRSHTDG", "language": "en", "force": true, "reason": "The user asks for a person.",
		"helpdesk_conversation_id": "PJ0MRSHTDG",
		"transcript":               []map[string]string{{"role": "user", "content": "A human, please."}},
	})
	assert.True(t, out.StaySilent)
	select {
	case <-transferred:
	case <-time.After(10 * time.Second):
		t.Fatal("the chat was never transferred")
	}
	mu.Lock()
	var calls []string
	for _, x := range seen {
		if x != "/v3.5/agent/action/list_chats {\"limit\":10}" { // the health check's
			calls = append(calls, x)
		}
	}
	mu.Unlock()
	require.Len(t, calls, 3, "%q", calls)
	assert.Contains(t, calls[0], "get_chat")
	assert.Contains(t, calls[1], `"visibility":"agents"`)
	assert.Contains(t, calls[2], `transfer_chat {"id":"PJ0MRSHTDG","target":{"ids":[3],"type":"group"}}`)

	code, body := livechatHook(t, s, "incoming_event", map[string]any{"chat_id": "PJ0MRSHTDG", "thread_id": "K600PKZON8",
		"event": map[string]any{"id": "K600PKZON8_5", "created_at": clk.Now().Format(time.RFC3339), "type": "message",
			"text": "Hi, Anna here.", "author_id": "anna@acme.example", "visibility": "all"}})
	require.Equal(t, http.StatusOK, code, body)
	st := status(t, c, out.HandoffID, 0)
	assert.Equal(t, string(handoff.StateAgentJoined), st.State)
	assert.True(t, st.StaySilent)
	var agent []string
	for _, m := range st.Messages {
		if m.From == string(handoff.AuthorAgent) {
			agent = append(agent, m.Text)
		}
	}
	assert.Equal(t, []string{"Hi, Anna here."}, agent)

	code, body = livechatHook(t, s, "chat_deactivated", map[string]any{"chat_id": "PJ0MRSHTDG", "thread_id": "K600PKZON8", "user_id": "anna@acme.example"})
	require.Equal(t, http.StatusOK, code, body)
	assert.JSONEq(t, `{"status":"applied"}`, body)
	st = status(t, c, out.HandoffID, st.NextCursor)
	assert.Equal(t, "bot", st.Owner)
	assert.Equal(t, string(handoff.StateClosed), st.State)
	mu.Lock()
	defer mu.Unlock()
	for _, x := range seen {
		assert.NotRegexp(t, `start_chat|create_customer|deactivate_chat`, x)
	}
}
