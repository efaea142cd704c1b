package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/cmd/handoff-mcp/config"
	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/clock/clocktest"
	"github.com/handoff-mcp/handoff-mcp/handoff/helpdesk"
)

// fakeLLM is an OpenAI-compatible chat-completions endpoint: it records
// every request body and answers the classifier's prompt with a handoff
// and the summary's prompt with a summary.
type fakeLLM struct {
	t      *testing.T
	mu     sync.Mutex // protects bodies
	bodies []string
}

func (f *fakeLLM) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	assert.Equal(f.t, "/v1/chat/completions", r.URL.Path)
	assert.Equal(f.t, "Bearer sk-privacy", r.Header.Get("Authorization"))
	b, err := io.ReadAll(r.Body)
	require.NoError(f.t, err)
	f.mu.Lock()
	f.bodies = append(f.bodies, string(b))
	f.mu.Unlock()
	answer := `{"handoff":true,"triggers":["sensitive_topic"],"confidence":0.9,"reason":"A disputed card payment."}`
	if strings.Contains(string(b), "You write the note a human support agent reads first") {
		answer = `{"goal":"Get the double charge on [redacted card] refunded to [redacted iban].","tried":"The bot explained refund times.","why":"A disputed payment needs a person."}`
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{
		"id": "chatcmpl-1", "object": "chat.completion", "created": 1700000000, "model": "gpt-test",
		"choices": []any{map[string]any{"index": 0, "message": map[string]any{"role": "assistant", "content": answer}, "finish_reason": "stop"}},
		"usage":   map[string]any{"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120},
	})
}

func (f *fakeLLM) requests() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.bodies...)
}

// The secrets of the conversation below, none of which may leave the
// server.
var privateValues = []string{"4111 1111 1111 1111", "4111111111111111", "DE89 3704 0044 0532 0130 00", "hunter2", "CUST-123456", "131052-308T"}

func TestRedactionReachesNeitherHelpdeskNorLLM(t *testing.T) {
	ctx := context.Background()
	clk := clocktest.NewFake(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	llmFake := &fakeLLM{t: t}
	llmSrv := httptest.NewServer(llmFake)
	t.Cleanup(llmSrv.Close)
	desk := newWebhookDesk(t, clk)
	doc := fmt.Sprintf(`classifier:
  mode: llm
  llm:
    base_url: %s/v1
    model: gpt-test
    api_key: sk-privacy
privacy:
  redact:
    patterns:
      - name: customer_number
        regex: '\bCUST-\d{6}\b'
%s`, llmSrv.URL, desk.helpdesk())
	cfg, err := config.Parse([]byte(doc), func(string) (string, bool) { return "", false })
	require.NoError(t, err)
	a, err := New(ctx, cfg, Options{DBPath: t.TempDir() + "/h.db", Stderr: io.Discard, Clock: clk})
	require.NoError(t, err)
	defer a.Close()
	c, err := client.NewInProcessClient(a.MCP.MCPServer)
	require.NoError(t, err)
	require.NoError(t, c.Start(ctx))
	_, err = c.Initialize(ctx, mcp.InitializeRequest{})
	require.NoError(t, err)
	defer c.Close()

	var req mcp.CallToolRequest
	req.Params.Name = "request_human_handoff"
	req.Params.Arguments = map[string]any{
		"conversation_id": "c-privacy", "email": "ada@example.com", "language": "en",
		"transcript": []map[string]string{
			{"role": "user", "content": "I am customer CUST-123456 and card 4111 1111 1111 1111 was charged twice."},
			{"role": "assistant", "content": "Refunds of double charges take up to 5 banking days."},
		},
		"current_question": "Refund it to DE89 3704 0044 0532 0130 00, my password is hunter2",
		"metadata":         map[string]any{"hetu": "131052-308T", "plan": "pro"},
	}
	res, err := c.CallTool(ctx, req)
	require.NoError(t, err)
	require.False(t, res.IsError, "%v", res.Content)
	var out map[string]any
	b, _ := json.Marshal(res.StructuredContent)
	require.NoError(t, json.Unmarshal(b, &out))
	id := out["handoff_id"].(string)

	// The LLM: one classification and one summary, both masked.
	bodies := llmFake.requests()
	require.Len(t, bodies, 2)
	for i, body := range bodies {
		for _, v := range privateValues {
			assert.NotContains(t, body, v, "LLM request %d", i)
		}
	}
	assert.Contains(t, bodies[0], `{\"role\":\"user\",\"content\":\"Refund it to [redacted iban], my password is [redacted password]\"}`)
	var summaryReq struct {
		Model       string   `json:"model"`
		MaxTokens   int      `json:"max_tokens"`
		Temperature *float64 `json:"temperature"`
		Messages    []struct{ Role, Content string }
	}
	require.NoError(t, json.Unmarshal([]byte(bodies[1]), &summaryReq))
	assert.Equal(t, "gpt-test", summaryReq.Model)
	assert.Equal(t, 300, summaryReq.MaxTokens, "summary.max_tokens bounds the answer")
	assert.Equal(t, 0.0, *summaryReq.Temperature)
	require.Len(t, summaryReq.Messages, 2)
	assert.Equal(t, "system", summaryReq.Messages[0].Role)
	assert.True(t, strings.HasPrefix(summaryReq.Messages[0].Content, "You write the note a human support agent reads first"))
	assert.Equal(t, "TRIGGERS: [\"sensitive_topic\"]\nREASON: \"A disputed card payment.\"\nLANGUAGE: en\n<<<TRANSCRIPT\n"+
		`[{"role":"user","content":"I am customer [redacted customer_number] and card [redacted card] was charged twice."},`+
		`{"role":"assistant","content":"Refunds of double charges take up to 5 banking days."},`+
		`{"role":"user","content":"Refund it to [redacted iban], my password is [redacted password]"}]`+"\nTRANSCRIPT>>>",
		summaryReq.Messages[1].Content)

	// The helpdesk: the document and its text masked, summary first.
	ev := desk.next(t)
	require.Equal(t, helpdesk.EventCreated, ev.Type)
	d := ev.Handoff
	require.NotNil(t, d)
	gotDoc, err := json.Marshal(d)
	require.NoError(t, err)
	assert.JSONEq(t, strings.ReplaceAll(`{"id":"ID","reference":"handoff:ID","conversation_id":"c-privacy",
		"summary":{"goal":"Get the double charge on [redacted card] refunded to [redacted iban].","tried":"The bot explained refund times.",
			"why":"A disputed payment needs a person.","source":"llm"},
		"redactions":[{"kind":"password","count":1},{"kind":"iban","count":1},{"kind":"national_id","count":1},{"kind":"card","count":1},{"kind":"customer_number","count":1}],
		"contact":{"email":"ada@example.com"},"language":"en",
		"question":"Refund it to [redacted iban], my password is [redacted password]",
		"transcript":[{"role":"user","content":"I am customer [redacted customer_number] and card [redacted card] was charged twice."},
			{"role":"assistant","content":"Refunds of double charges take up to 5 banking days."},
			{"role":"user","content":"Refund it to [redacted iban], my password is [redacted password]"}],
		"triggers":["sensitive_topic"],"reason":"A disputed card payment.","classifier":"llm","confidence":0.9,
		"server_verdict":{"handoff":true,"triggers":["sensitive_topic"],"confidence":0.9,"classifier":"llm","reason":"A disputed card payment."},
		"route":{},"priority":"high","metadata":{"hetu":"[redacted national_id]","plan":"pro"},"created_at":"2026-03-02T09:00:00Z"}`, "ID", id),
		string(gotDoc), "the document the receiver got")
	assert.Equal(t, []handoff.Turn{
		{Role: handoff.RoleUser, Content: "I am customer [redacted customer_number] and card [redacted card] was charged twice."},
		{Role: handoff.RoleAssistant, Content: "Refunds of double charges take up to 5 banking days."},
		{Role: handoff.RoleUser, Content: "Refund it to [redacted iban], my password is [redacted password]"},
	}, d.Transcript)
	assert.Equal(t, "Refund it to [redacted iban], my password is [redacted password]", d.Question)
	assert.Equal(t, map[string]string{"hetu": "[redacted national_id]", "plan": "pro"}, d.Metadata)
	assert.Equal(t, &handoff.Summary{Goal: "Get the double charge on [redacted card] refunded to [redacted iban].",
		Tried: "The bot explained refund times.", Why: "A disputed payment needs a person.", Source: handoff.SummaryLLM}, d.Summary)
	wantRedactions := []handoff.Redaction{{Kind: "password", Count: 1}, {Kind: "iban", Count: 1}, {Kind: "national_id", Count: 1},
		{Kind: "card", Count: 1}, {Kind: "customer_number", Count: 1}}
	assert.Equal(t, wantRedactions, d.Redactions)
	assert.Equal(t, "ada@example.com", d.Contact.Email)
	assert.True(t, strings.HasPrefix(ev.Text, "A customer was handed over by the bot. Reply here; they will not have to repeat themselves.\n\n"+
		"Summary:\n"+
		"  Goal:        Get the double charge on [redacted card] refunded to [redacted iban].\n"+
		"  Bot tried:   The bot explained refund times.\n"+
		"  Handed over: A disputed payment needs a person.\n"+
		"  Written by:  the LLM\n\n"+
		"Privacy: 1 password, 1 IBAN, 1 national id, 1 card number, 1 customer_number match redacted; the masked values are not in this ticket.\n"), ev.Text)
	raw, err := json.Marshal(ev)
	require.NoError(t, err)
	for _, v := range privateValues {
		assert.NotContains(t, string(raw), v)
	}

	// The server keeps the original, with the summary and the report.
	h, err := a.Store.Handoff(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, "Refund it to DE89 3704 0044 0532 0130 00, my password is hunter2", h.Question)
	assert.Equal(t, "131052-308T", h.Metadata["hetu"])
	assert.Equal(t, d.Summary, h.Summary)
	assert.Equal(t, wantRedactions, h.Redactions)
	var show bytes.Buffer
	require.NoError(t, PrintHandoff(&show, h, nil))
	assert.Contains(t, show.String(), "Goal:         Get the double charge on [redacted card] refunded to [redacted iban].\n")
	assert.Contains(t, show.String(), "Written by:   the LLM\n")
	assert.Contains(t, show.String(), "Privacy:      1 password, 1 IBAN, 1 national id, 1 card number, 1 customer_number match redacted from what leaves this server (helpdesk, LLM)\n")
}
