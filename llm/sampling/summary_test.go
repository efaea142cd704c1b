package sampling_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/privacy"
	"github.com/handoff-mcp/handoff-mcp/llm/sampling"
)

func redactor(t *testing.T) func(string) string {
	t.Helper()
	var c privacy.Config
	c.Defaults()
	r, err := privacy.New(c)
	require.NoError(t, err)
	return r.Text
}

var cardHandoff = handoff.Handoff{
	ID: "h_1",
	Transcript: []handoff.Turn{
		{Role: handoff.RoleUser, Content: "Pay back to FI21 1234 5600 0007 85 please"},
		{Role: handoff.RoleAssistant, Content: "I cannot make refunds."},
	},
	Triggers: []string{"refund"},
	Reason:   "Refunds need a person.",
}

// summaryRig serves one tool, "summarize", that asks the client's model
// for the summary of cardHandoff and returns it, or the error as text.
func summaryRig(s *sampling.Summarizer) *server.MCPServer {
	srv := server.NewMCPServer("test", "1", server.WithToolHandlerMiddleware(sampling.Middleware))
	srv.AddTool(mcp.NewTool("summarize"), func(ctx context.Context, _ mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		sum, err := s.WriteSummary(ctx, cardHandoff)
		var ir *sampling.InputRequired
		if errors.As(err, &ir) {
			return nil, err // Middleware asks the client
		}
		if err != nil {
			return mcp.NewToolResultText("error: " + err.Error()), nil
		}
		return mcp.NewToolResultStructured(sum, sum.Goal), nil
	})
	return srv
}

func callSummarize(t *testing.T, srv *server.MCPServer, version string, m *model) *mcp.CallToolResult {
	t.Helper()
	c := connect(t, srv, version, m)
	req := mcp.CallToolRequest{}
	req.Params.Name = "summarize"
	res, err := c.CallTool(context.Background(), req)
	require.NoError(t, err)
	return res
}

func TestSummaryThroughTheClient(t *testing.T) {
	for _, p := range protocols {
		t.Run(p.name, func(t *testing.T) { summaryThroughTheClient(t, p.version) })
	}
}

func summaryThroughTheClient(t *testing.T, version string) {
	cfg := sampling.Config{ModelHints: []string{"claude-haiku"}}
	cfg.Defaults()
	s := sampling.NewSummarizer(cfg, redactor(t), 250)
	m := &model{text: `{"goal":"A refund to [redacted iban].","tried":"The bot cannot refund.","why":"Refunds need a person."}`}
	res := callSummarize(t, summaryRig(s), version, m)

	b, err := json.Marshal(res.StructuredContent)
	require.NoError(t, err)
	var sum handoff.Summary
	require.NoError(t, json.Unmarshal(b, &sum))
	assert.Equal(t, handoff.Summary{Goal: "A refund to [redacted iban].", Tried: "The bot cannot refund.", Why: "Refunds need a person.",
		Source: handoff.SummarySampling}, sum)

	reqs := m.requests()
	require.Len(t, reqs, 1)
	p := reqs[0].CreateMessageParams
	assert.Equal(t, 250, p.MaxTokens)
	assert.Equal(t, "none", p.IncludeContext)
	assert.Equal(t, []mcp.ModelHint{{Name: "claude-haiku"}}, p.ModelPreferences.Hints)
	assert.Contains(t, p.SystemPrompt, "You write the note a human support agent reads first")
	text := contentText(t, p.Messages[0].Content)
	assert.Equal(t, "TRIGGERS: [\"refund\"]\nREASON: \"Refunds need a person.\"\n<<<TRANSCRIPT\n"+
		`[{"role":"user","content":"Pay back to [redacted iban] please"},{"role":"assistant","content":"I cannot make refunds."}]`+
		"\nTRANSCRIPT>>>", text)
}

func TestSummaryClientCannotAnswer(t *testing.T) {
	cfg := sampling.Config{}
	cfg.Defaults()
	s := sampling.NewSummarizer(cfg, nil, 0)
	tests := []struct {
		name, version string
		m             *model
		want          string
	}{
		{"no sampling capability", mcp.ProtocolVersion20251125, nil, "error: the client does not support sampling"},
		{"no sampling capability, 2026-07-28", mcp.ProtocolVersion20260728, nil, "error: the client does not support sampling"},
		{"malformed answer, 2026-07-28", mcp.ProtocolVersion20260728, &model{text: "{}"}, "error: the answer has no goal"},
		{"malformed answer", mcp.ProtocolVersion20251125, &model{text: "The user wants money."}, "error: the answer is not the JSON object asked for"},
		{"client error text stays out", mcp.ProtocolVersion20251125, &model{err: assert.AnError}, "error: the client returned an error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := callSummarize(t, summaryRig(s), tt.version, tt.m)
			require.Len(t, res.Content, 1)
			assert.Equal(t, tt.want, res.Content[0].(mcp.TextContent).Text)
		})
	}
}

func TestClassifierPromptRedacted(t *testing.T) {
	cfg := sampling.Config{}
	cfg.Defaults()
	cls, err := sampling.New(cfg, triggers, sampling.Options{Fallback: &fallback{}, Redact: redactor(t)})
	require.NoError(t, err)
	m := &model{text: `{"handoff": false, "triggers": [], "confidence": 0.8, "reason": "x"}`}
	c := connect(t, rig(t, cls), mcp.ProtocolVersion20251125, m)
	_, err = classify(t, c, "salasana on kissa123 ja kortti 4111 1111 1111 1111")
	require.NoError(t, err)
	reqs := m.requests()
	require.Len(t, reqs, 1)
	text := reqs[0].Messages[0].Content.(mcp.TextContent).Text
	assert.Contains(t, text, `[{"role":"user","content":"salasana on [redacted password] ja kortti [redacted card]"}]`)
}

// contentText is the text of a sampling message's content, as the
// transport decoded it (a TextContent in a session, a map from an input
// request).
func contentText(t *testing.T, c any) string {
	t.Helper()
	switch v := c.(type) {
	case mcp.TextContent:
		return v.Text
	case map[string]any:
		s, _ := v["text"].(string)
		return s
	}
	t.Fatalf("content of type %T", c)
	return ""
}
