package app

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/clock/clocktest"
	"github.com/handoff-mcp/handoff-mcp/tools"
)

const (
	icSecret = "ic-client-secret-for-the-live-test"
	icConvID = "215471234567890"
)

// fakeIntercom answers the requests an in-helpdesk handoff makes, as
// Intercom's REST API documents them, and records every request.
type fakeIntercom struct {
	srv      *httptest.Server
	assigned chan struct{}

	mu   sync.Mutex // protects reqs
	reqs []string
}

func newFakeIntercom(t *testing.T) *fakeIntercom {
	f := &fakeIntercom{assigned: make(chan struct{}, 4)}
	conv := "/conversations/" + icConvID
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		f.mu.Lock()
		f.reqs = append(f.reqs, r.Method+" "+r.URL.Path+" "+string(body))
		f.mu.Unlock()
		assert.Equal(t, "Bearer ic-token", r.Header.Get("Authorization"))
		assert.Equal(t, "2.11", r.Header.Get("Intercom-Version"))
		w.Header().Set("Content-Type", "application/json")
		switch r.Method + " " + r.URL.Path {
		case "GET " + conv:
			io.WriteString(w, `{"type":"conversation","id":"`+icConvID+`","state":"open","conversation_parts":{"type":"conversation_part.list","conversation_parts":[]}}`)
		case "POST " + conv + "/reply", "PUT " + conv:
			io.WriteString(w, `{"type":"conversation","id":"`+icConvID+`"}`)
		case "POST " + conv + "/parts":
			io.WriteString(w, `{"type":"conversation","id":"`+icConvID+`"}`)
			f.assigned <- struct{}{}
		default:
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, `{"type":"error.list","errors":[{"code":"not_found"}]}`)
		}
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeIntercom) requests() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.reqs...)
}

// notify posts an Intercom notification about the conversation to
// /hooks/intercom, signed with X-Hub-Signature as Intercom signs it.
func notify(t *testing.T, s *liveServer, secret, id, topic, handoffID string, at time.Time, parts ...map[string]any) (int, string) {
	t.Helper()
	item := map[string]any{
		"type": "conversation", "id": icConvID, "custom_attributes": map[string]any{"handoff_id": handoffID},
		"admin_assignee_id": 42, "conversation_parts": map[string]any{"type": "conversation_part.list", "conversation_parts": parts},
	}
	body, err := json.Marshal(map[string]any{
		"type": "notification_event", "id": id, "topic": topic, "created_at": at.Unix(), "data": map[string]any{"item": item},
	})
	require.NoError(t, err)
	mac := hmac.New(sha1.New, []byte(secret))
	mac.Write(body)
	req, err := http.NewRequest(http.MethodPost, s.srv.URL+"/hooks/intercom", bytes.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Hub-Signature", "sha1="+hex.EncodeToString(mac.Sum(nil)))
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// The whole in-helpdesk handoff through the MCP tools: the bot, running in
// Intercom conversation icConvID, asks for a person with
// helpdesk_conversation_id; the conversation is noted and assigned, none
// is created; the admin's reply reaches the bot through
// get_handoff_status; closing (or snoozing) the conversation ends the
// session and gives the conversation back to the bot.
func TestInHelpdeskIntercomEndToEnd(t *testing.T) {
	for _, end := range []string{"conversation.admin.closed", "conversation.admin.snoozed"} {
		t.Run(end, func(t *testing.T) {
			clk := clocktest.NewFake(liveNow)
			ic := newFakeIntercom(t)
			s := startLive(t, fmt.Sprintf(`contact:
  require_email: false
helpdesk:
  type: intercom
  intercom:
    base_url: %s
    access_token: ic-token
    admin_id: "991267"
    client_secret: %s
    default_route: {team_id: 5000}
`, ic.srv.URL, icSecret), clk)
			c := s.client()

			out := callTool[tools.HandoffOutput](t, c, "request_human_handoff", map[string]any{
				"conversation_id": "intercom-" + icConvID, "language": "en", "force": true, "reason": "The user asks for a person.",
				"helpdesk_conversation_id": icConvID,
				"transcript":               []map[string]string{{"role": "user", "content": "Let me talk to a human, please."}},
			})
			require.Contains(t, []string{"delivered", "queued"}, out.Status, out.HelpdeskError)
			assert.Equal(t, "human", out.Owner)
			assert.True(t, out.StaySilent)
			assert.Contains(t, out.NextStep, "Stay silent")
			select {
			case <-ic.assigned:
			case <-time.After(10 * time.Second):
				t.Fatal("the conversation was never assigned")
			}
			var reqs []string
			for _, r := range ic.requests() {
				if r != "GET /me " { // the health check's
					reqs = append(reqs, r)
				}
			}
			require.Len(t, reqs, 4, "%q", reqs)
			assert.Equal(t, "GET /conversations/"+icConvID+" ", reqs[0])
			assert.Contains(t, reqs[1], `"message_type":"note"`)
			assert.Contains(t, reqs[1], "The user asks for a person.")
			assert.Contains(t, reqs[1], "Triggers: forced")
			assert.NotContains(t, reqs[1], "[Customer]", "no transcript re-post")
			assert.Contains(t, reqs[2], `PUT /conversations/`+icConvID+` {"custom_attributes":{"handoff_id":"`+out.HandoffID+`"}}`)
			assert.Contains(t, reqs[3], `"assignee_id":"5000"`)
			assert.Contains(t, reqs[3], `"message_type":"assignment"`)

			code, body := notify(t, s, "forged-secret", "notif_forged", "conversation.admin.replied", out.HandoffID, clk.Now())
			assert.Equal(t, http.StatusUnauthorized, code, body)

			reply := map[string]any{"id": "5001", "part_type": "comment", "body": "<p>Hi, Anna here. Let me look.</p>",
				"created_at": clk.Now().Unix(), "author": map[string]any{"type": "admin", "id": "42", "name": "Anna"}}
			code, body = notify(t, s, icSecret, "notif_1", "conversation.admin.replied", out.HandoffID, clk.Now(), reply)
			require.Equal(t, http.StatusOK, code, body)
			assert.JSONEq(t, `{"status":"applied"}`, body)
			code, body = notify(t, s, icSecret, "notif_1", "conversation.admin.replied", out.HandoffID, clk.Now(), reply)
			assert.Equal(t, http.StatusOK, code)
			assert.JSONEq(t, `{"status":"duplicate"}`, body, "a replay changes nothing")

			st := status(t, c, out.HandoffID, 0)
			assert.Equal(t, string(handoff.StateAgentJoined), st.State)
			assert.Equal(t, "human", st.Owner)
			assert.True(t, st.StaySilent)
			var agent []string
			for _, m := range st.Messages {
				if m.From == string(handoff.AuthorAgent) {
					agent = append(agent, m.Text)
				}
			}
			assert.Equal(t, []string{"Hi, Anna here. Let me look."}, agent)

			clk.Advance(time.Minute)
			code, body = notify(t, s, icSecret, "notif_2", end, out.HandoffID, clk.Now())
			require.Equal(t, http.StatusOK, code, body)
			assert.JSONEq(t, `{"status":"applied"}`, body)
			st = status(t, c, out.HandoffID, st.NextCursor)
			assert.Equal(t, string(handoff.StateClosed), st.State)
			assert.Equal(t, "bot", st.Owner)
			assert.False(t, st.StaySilent)

			for _, r := range ic.requests() {
				assert.NotRegexp(t, `^POST /conversations |^POST /contacts`, r, "no second conversation, no contact")
			}
		})
	}
}

// A helpdesk that cannot hand off inside its own conversation refuses
// helpdesk_conversation_id with an error the model can act on.
func TestInHelpdeskRefusedByTheInbox(t *testing.T) {
	s := startLive(t, "", clocktest.NewFake(liveNow))
	c := s.client()
	var req mcp.CallToolRequest
	req.Params.Name = "request_human_handoff"
	req.Params.Arguments = map[string]any{
		"conversation_id": "c1", "force": true, "reason": "asks", "helpdesk_conversation_id": "215",
		"transcript": []map[string]string{{"role": "user", "content": "a person please"}},
	}
	res, err := c.CallTool(context.Background(), req)
	require.NoError(t, err)
	require.True(t, res.IsError)
	assert.Contains(t, res.Content[0].(mcp.TextContent).Text, "helpdesk_conversation_id: the configured helpdesk (inbox) cannot take a handoff inside its own conversation")
}

// For a conversation the handoff opened itself (not in-helpdesk), a snooze
// is a pause: the event is verified and ignored, the handoff stays open.
func TestSnoozeIsAPauseOutsideInHelpdesk(t *testing.T) {
	clk := clocktest.NewFake(liveNow)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.Method + " " + r.URL.Path {
		case "POST /contacts/search":
			io.WriteString(w, `{"type":"list","data":[{"type":"contact","id":"c1","role":"lead","email":"ann@example.com"}]}`)
		case "POST /conversations":
			io.WriteString(w, `{"type":"user_message","id":"1","conversation_id":"`+icConvID+`"}`)
		default:
			io.WriteString(w, `{"type":"admin","id":"991267"}`)
		}
	}))
	t.Cleanup(srv.Close)
	s := startLive(t, fmt.Sprintf("helpdesk:\n  type: intercom\n  intercom:\n    base_url: %s\n    access_token: ic-token\n    admin_id: \"991267\"\n    client_secret: %s\n", srv.URL, icSecret), clk)
	c := s.client()
	out := callTool[tools.HandoffOutput](t, c, "request_human_handoff", map[string]any{
		"conversation_id": "web-1", "email": "ann@example.com", "language": "en", "force": true, "reason": "asks for a person",
		"transcript": []map[string]string{{"role": "user", "content": "A person, please."}},
	})
	require.Equal(t, "delivered", out.Status, out.HelpdeskError)
	assert.False(t, out.StaySilent)
	require.Equal(t, icConvID, out.RemoteID)

	code, body := notify(t, s, icSecret, "notif_s", "conversation.admin.snoozed", out.HandoffID, clk.Now())
	require.Equal(t, http.StatusOK, code, body)
	assert.Contains(t, body, `"ignored"`)
	st := status(t, c, out.HandoffID, 0)
	assert.Equal(t, "human", st.Owner, "still open: %s", st.State)
}
