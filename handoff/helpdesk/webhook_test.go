package helpdesk

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

const whSecret = "whsec-5f3c9a7e1b2d4f60"

func webhookConfig(url string) Config {
	return ConfigFor(WebhookConfig{URL: url, Secret: whSecret, Username: "hook", Password: "hook-password-1"})
}

// verified checks a recorded delivery the way a receiver would.
func verified(t *testing.T, r recorded) {
	t.Helper()
	require.NoError(t, VerifySignature([]byte(whSecret), r.Header.Get(HeaderTimestamp), r.Header.Get(HeaderSignature), r.Body, testNow, 5*time.Minute))
}

func TestWebhookEvents(t *testing.T) {
	f := newFake(t)
	f.on("POST /hooks/handoff", reply(200, `{"remote_id":"T-9","url":"https://desk.example.com/t/9"}`))
	logs, log := logBuffer()
	w := mustNew(t, webhookConfig(f.srv.URL+"/hooks/handoff"), log)
	h := sampleHandoff()

	r, err := w.Open(ctx(t), h)
	require.NoError(t, err)
	assert.Equal(t, handoff.Receipt{RemoteID: "T-9", URL: "https://desk.example.com/t/9"}, r)
	h.RemoteID = r.RemoteID
	require.NoError(t, w.AddMessage(ctx(t), h, handoff.Message{HandoffID: h.ID, Seq: 4, Author: handoff.AuthorUser, Text: "hello", At: testNow}))
	require.NoError(t, w.Close(ctx(t), h, "user ended"))
	require.NoError(t, w.Check(ctx(t)))

	reqs := f.requests()
	require.Len(t, reqs, 4)
	wantKeys := []string{"h_01JPA7Q3:created", "h_01JPA7Q3:message:4", "h_01JPA7Q3:closed", ""}
	wantTypes := []string{EventCreated, EventMessage, EventClosed, EventPing}
	for i, rq := range reqs {
		verified(t, rq)
		assert.Equal(t, "1741944600", rq.Header.Get(HeaderTimestamp))
		assert.Equal(t, wantKeys[i], rq.Header.Get(HeaderIdempotencyKey))
		assert.Equal(t, wantTypes[i], rq.Header.Get(HeaderEvent))
		user, pass, ok := (&http.Request{Header: rq.Header}).BasicAuth()
		assert.True(t, ok)
		assert.Equal(t, "hook", user)
		assert.Equal(t, "hook-password-1", pass)
		var ev WebhookEvent
		require.NoError(t, json.Unmarshal(rq.Body, &ev))
		assert.Equal(t, "1", ev.Version)
		assert.Equal(t, wantTypes[i], ev.Type)
	}

	var created WebhookEvent
	require.NoError(t, json.Unmarshal(reqs[0].Body, &created))
	require.NotNil(t, created.Handoff)
	assert.Equal(t, "h_01JPA7Q3:created", created.ID)
	assert.Equal(t, h.CreatedAt, created.CreatedAt)
	assert.Equal(t, h.Contact, created.Handoff.Contact)
	assert.Equal(t, h.Transcript, created.Handoff.Transcript)
	assert.Equal(t, h.Triggers, created.Handoff.Triggers)
	assert.Equal(t, h.Reason, created.Handoff.Reason)
	assert.Equal(t, h.Route, created.Handoff.Route)
	assert.Equal(t, handoff.PriorityHigh, created.Handoff.Priority)
	assert.Equal(t, h.Metadata, created.Handoff.Metadata)
	assert.Equal(t, "handoff:h_01JPA7Q3", created.Handoff.Reference)
	assert.Contains(t, created.Text, "Reason:")
	raw := string(reqs[0].Body)
	assert.NotContains(t, raw, "attempts")
	assert.NotContains(t, raw, "next_attempt_at")

	var msg WebhookEvent
	require.NoError(t, json.Unmarshal(reqs[1].Body, &msg))
	assert.Equal(t, "T-9", msg.RemoteID)
	assert.Equal(t, "hello", msg.Message.Text)
	var closed WebhookEvent
	require.NoError(t, json.Unmarshal(reqs[2].Body, &closed))
	assert.Equal(t, "user ended", closed.Reason)

	assert.NotContains(t, logs.String(), whSecret)
	assert.NotContains(t, logs.String(), "hook-password-1")
}

func TestWebhookSameBytesOnRetry(t *testing.T) {
	f := newFake(t)
	f.on("POST /", reply(202, ``))
	w := mustNew(t, webhookConfig(f.srv.URL+"/"), nopLog())
	h := sampleHandoff()
	r1, err := w.Open(ctx(t), h)
	require.NoError(t, err)
	r2, err := w.Open(ctx(t), h)
	require.NoError(t, err)
	assert.Equal(t, h.ID, r1.RemoteID, "without a remote id in the answer the handoff id is the remote id")
	assert.Equal(t, r1, r2)
	reqs := f.requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, reqs[0].Body, reqs[1].Body)
	assert.Equal(t, reqs[0].Header.Get(HeaderIdempotencyKey), reqs[1].Header.Get(HeaderIdempotencyKey))
}

func TestVerifySignature(t *testing.T) {
	body := []byte(`{"type":"handoff.created"}`)
	ts := testNow.Unix()
	good := Sign([]byte(whSecret), ts, body)
	tests := []struct {
		name      string
		timestamp string
		signature string
		body      []byte
		now       time.Time
		want      error
	}{
		{"valid", "1741944600", good, body, testNow, nil},
		{"rotation list", "1741944600", "v1=deadbeef, " + good, body, testNow, nil},
		{"tampered body", "1741944600", good, []byte(`{"type":"handoff.closed"}`), testNow, ErrBadSignature},
		{"wrong secret", "1741944600", Sign([]byte("other-secret-000000"), ts, body), body, testNow, ErrBadSignature},
		{"replayed later", "1741944600", good, body, testNow.Add(10 * time.Minute), ErrStale},
		{"from the future", "1741944600", good, body, testNow.Add(-10 * time.Minute), ErrStale},
		{"no timestamp", "", good, body, testNow, ErrNoSignature},
		{"no signature", "1741944600", "", body, testNow, ErrNoSignature},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := VerifySignature([]byte(whSecret), tt.timestamp, tt.signature, tt.body, tt.now, 5*time.Minute)
			assert.ErrorIs(t, err, tt.want)
		})
	}
	assert.Regexp(t, `^v1=[0-9a-f]{64}$`, good)
}

func gptConfig(url string) Config {
	return ConfigFor(WebhookConfig{URL: url, Mode: "gptbots", Username: "gpt", Password: "gpt-pass-77", BotID: "665d88b03ce2b13cf2d57345"})
}

func TestGPTBotsProtocol(t *testing.T) {
	f := newFake(t)
	ok := reply(200, `{"code":0,"message":"success"}`)
	f.on("POST /human/service/conversation/establish", ok)
	f.on("POST /human/service/chat", ok)
	f.on("POST /human/service/conversation/close", ok)
	f.on("HEAD /human/service", reply(405, ``))
	w := mustNew(t, gptConfig(f.srv.URL+"/human/service"), nopLog())
	h := sampleHandoff()

	r, err := w.Open(ctx(t), h)
	require.NoError(t, err)
	assert.Equal(t, h.ID, r.RemoteID)
	est := f.only("POST /human/service/conversation/establish")
	user, pass, basic := (&http.Request{Header: est.Header}).BasicAuth()
	assert.True(t, basic)
	assert.Equal(t, "gpt", user)
	assert.Equal(t, "gpt-pass-77", pass)
	assert.Empty(t, est.Header.Get(HeaderSignature), "no secret, no signature")
	b := est.JSON(t)
	assert.Equal(t, "h_01JPA7Q3", b["conversation_id"])
	assert.EqualValues(t, h.CreatedAt.UnixMilli(), b["timestamp"])
	assert.Equal(t, "jane.doe@example.com", b["email"])
	assert.Equal(t, "665d88b03ce2b13cf2d57345", b["bot_id"])
	assert.Equal(t, []any{
		map[string]any{"message_type": "QUESTION", "text": "My invoice shows two charges of 49 €"},
		map[string]any{"message_type": "ANSWER", "text": "I can see one charge. Could you check again?"},
		map[string]any{"message_type": "QUESTION", "text": h.Question},
	}, b["body"])
	assert.Equal(t, map[string]any{"phone": "+4915112345678", "email": "jane.doe@example.com", "user_id": "conv-42"}, b["user_info"])
	assert.Equal(t, "The user asks for a human and is angry about a double charge.", b["handoff"].(map[string]any)["reason"])

	require.NoError(t, w.AddMessage(ctx(t), h, handoff.Message{Seq: 2, Text: "still there?", At: testNow}))
	assert.Equal(t, map[string]any{"conversation_id": "h_01JPA7Q3", "timestamp": float64(testNow.UnixMilli()), "body": "still there?"}, f.only("POST /human/service/chat").JSON(t))

	require.NoError(t, w.Close(ctx(t), h, "session timeout after the agent's last message"))
	assert.Equal(t, map[string]any{"conversation_id": "h_01JPA7Q3", "timestamp": float64(testNow.UnixMilli()), "type": "TIMEOUT"}, f.only("POST /human/service/conversation/close").JSON(t))
	assert.Equal(t, "USER_CLOSED", gptCloseType("the user ended the chat"))

	require.NoError(t, w.Check(ctx(t)), "a reachable receiver answering 405 to HEAD is available")
	f.on("HEAD /human/service", reply(401, ``))
	err = w.Check(ctx(t))
	assert.Equal(t, handoff.KindPermanent, handoff.KindOf(err))
}

func TestGPTBotsQuestionNotDuplicated(t *testing.T) {
	h := sampleHandoff()
	body := gptBody(h)
	assert.Len(t, body, 3, "the current question is already the last user turn")
	h.Question = "A new question"
	body = gptBody(h)
	require.Len(t, body, 4)
	assert.Equal(t, gptMessage{"QUESTION", "A new question"}, body[3])
}
