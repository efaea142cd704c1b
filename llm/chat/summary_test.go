package chat

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/privacy"
)

func testRedactor(t *testing.T) *privacy.Redactor {
	t.Helper()
	var c privacy.Config
	c.Defaults()
	r, err := privacy.New(c)
	require.NoError(t, err)
	return r
}

var summaryHandoff = handoff.Handoff{
	ID:       "h_1",
	Language: "en",
	Transcript: []handoff.Turn{
		{Role: handoff.RoleUser, Content: "I was charged twice on card 4111 1111 1111 1111"},
		{Role: handoff.RoleAssistant, Content: "Refunds take 5 days."},
		{Role: handoff.RoleUser, Content: "my password is hunter2, get me a person"},
	},
	Triggers: []string{"billing_dispute", "explicit_request"},
	Reason:   "double charge on 4111111111111111",
}

func newSummaryHarness(t *testing.T, script ...func(w http.ResponseWriter, r *http.Request, body map[string]any)) (*Summarizer, *server) {
	t.Helper()
	srv := &server{t: t, script: script}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	cfg := Config{BaseURL: hs.URL + "/v1", Model: "gpt-test", APIKey: "sk-test"}
	cfg.Defaults()
	require.NoError(t, cfg.Validate())
	s, err := NewSummarizer(cfg, SummaryOptions{Logger: zerolog.Nop(), HTTPClient: hs.Client(), Redact: testRedactor(t).Text, MaxTokens: 200})
	require.NoError(t, err)
	return s, srv
}

func TestSummarizerRequestBody(t *testing.T) {
	s, srv := newSummaryHarness(t, completion(`{"goal":"Refund of a double charge on [redacted card].","tried":"The bot said refunds take 5 days.","why":"The customer asked for a person."}`, nil))
	sum, err := s.WriteSummary(context.Background(), summaryHandoff)
	require.NoError(t, err)
	assert.Equal(t, handoff.Summary{Goal: "Refund of a double charge on [redacted card].", Tried: "The bot said refunds take 5 days.",
		Why: "The customer asked for a person.", Source: handoff.SummaryLLM}, sum)

	require.Len(t, srv.requests, 1)
	body := srv.requests[0]
	assert.Equal(t, "gpt-test", body["model"])
	assert.Equal(t, float64(200), body["max_tokens"], "the answer is bounded")
	assert.Equal(t, float64(0), body["temperature"])
	assert.Nil(t, body["response_format"], "plain JSON in words: every compatible server accepts it")
	msgs := body["messages"].([]any)
	require.Len(t, msgs, 2)
	assert.Equal(t, summarySystem, msgs[0].(map[string]any)["content"])
	assert.Equal(t, "TRIGGERS: [\"billing_dispute\",\"explicit_request\"]\n"+
		"REASON: \"double charge on [redacted card]\"\n"+
		"LANGUAGE: en\n"+
		transcriptOpen+"\n"+
		`[{"role":"user","content":"I was charged twice on card [redacted card]"},`+
		`{"role":"assistant","content":"Refunds take 5 days."},`+
		`{"role":"user","content":"my password is [redacted password] get me a person"}]`+"\n"+
		transcriptClose, msgs[1].(map[string]any)["content"])
}

func TestSummarizerFailures(t *testing.T) {
	tests := []struct {
		name   string
		script func(w http.ResponseWriter, r *http.Request, body map[string]any)
		want   string
	}{
		{"server error", apiError(503, "overloaded", nil), "the LLM did not answer: HTTP 503"},
		{"not json", completion("The customer wants a refund.", nil), "the LLM's summary: the answer is not the JSON object asked for"},
		{"no goal", completion(`{"goal":"","why":"x"}`, nil), "the LLM's summary: the answer has no goal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, srv := newSummaryHarness(t, tt.script)
			_, err := s.WriteSummary(context.Background(), summaryHandoff)
			require.Error(t, err)
			assert.Equal(t, tt.want, err.Error())
			assert.Len(t, srv.requests, 1, "one call, no retries: the handoff waits for it")
		})
	}
}

func TestSummaryReadFenced(t *testing.T) {
	p := NewSummaryPrompt(10, 1000, nil)
	sum, err := p.Read("```json\n{\"goal\":\"g\",\"tried\":\"\",\"why\":\"w\"}\n```")
	require.NoError(t, err)
	assert.Equal(t, handoff.Summary{Goal: "g", Why: "w"}, sum)
}

func TestClassifierPromptIsRedacted(t *testing.T) {
	srv := &server{t: t, script: []func(w http.ResponseWriter, r *http.Request, body map[string]any){completion(validAnswer, nil)}}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	cfg := Config{BaseURL: hs.URL + "/v1", Model: "gpt-test", APIKey: "sk-test"}
	cfg.Defaults()
	c, err := New(cfg, testTriggers, Options{Fallback: &fakeFallback{}, Logger: zerolog.Nop(), HTTPClient: hs.Client(),
		Redact: testRedactor(t).Text})
	require.NoError(t, err)
	_, err = c.Classify(context.Background(), handoff.Input{Transcript: summaryHandoff.Transcript})
	require.NoError(t, err)
	require.Len(t, srv.requests, 1)
	user := srv.requests[0]["messages"].([]any)[1].(map[string]any)["content"].(string)
	assert.Contains(t, user, `[{"role":"user","content":"I was charged twice on card [redacted card]"},`+
		`{"role":"assistant","content":"Refunds take 5 days."},`+
		`{"role":"user","content":"my password is [redacted password] get me a person"}]`)
	assert.NotContains(t, user, "4111")
	assert.NotContains(t, user, "hunter2")
}
