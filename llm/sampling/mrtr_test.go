package sampling_test

import (
	"context"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/llm/sampling"
)

// modern is the context of a 2026-07-28 request from a client that
// declared sampling.
func modern() context.Context {
	return server.WithRequestProtocolInfo(context.Background(), &server.RequestProtocolInfo{
		Modern: true, ProtocolVersion: mcp.ProtocolVersion20260728,
		ClientInfo:         &mcp.Implementation{Name: "test-client"},
		ClientCapabilities: &mcp.ClientCapabilities{Sampling: &mcp.SamplingCapability{}},
	})
}

// elicitingTool classifies, then asks for an email in a round of its own
// (as request_human_handoff does), recording the states it saw.
type elicitingTool struct {
	cls    handoff.Classifier
	states []string
	last   handoff.Decision
}

func (e *elicitingTool) handle(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
	e.states = append(e.states, req.Params.RequestState)
	d, err := e.cls.Classify(ctx, handoff.Input{Transcript: []handoff.Turn{{Role: handoff.RoleUser, Content: "I want a human"}}})
	if err != nil {
		return nil, err
	}
	e.last = d
	if req.Params.RequestState != "email:1" {
		return server.NewInputRequestBuilder("email:1").Elicit("email_1", mcp.ElicitationParams{Message: "Your email?"}).ToolResult(), nil
	}
	return mcp.NewToolResultText("done"), nil
}

func samplingAnswer(text string) mcp.InputResponse {
	return mcp.NewSamplingInputResponse(mcp.CreateMessageResult{Model: "m",
		SamplingMessage: mcp.SamplingMessage{Role: mcp.RoleAssistant, Content: mcp.NewTextContent(text)}})
}

func TestMiddlewareKeepsTheAnswerAcrossTheToolsOwnRounds(t *testing.T) {
	fb := &fallback{}
	tool := &elicitingTool{cls: newClassifier(t, sampling.Config{}, fb, nil)}
	h := sampling.Middleware(tool.handle)
	ctx := modern()

	// Round 1: the classifier needs the client's model.
	var req mcp.CallToolRequest
	res, err := h(ctx, req)
	require.NoError(t, err)
	require.True(t, res.NeedsInput())
	require.Len(t, res.InputRequests, 1)
	var id string
	for k, r := range res.InputRequests {
		id = k
		assert.Equal(t, mcp.MethodSamplingCreateMessage, r.Method)
		require.NotNil(t, r.Sampling)
		assert.Equal(t, 300, r.Sampling.MaxTokens)
	}

	// Round 2: the answer arrives; the tool asks for an email.
	req.Params.RequestState = res.RequestState
	req.Params.InputResponses = mcp.InputResponses{id: samplingAnswer(`{"handoff": true, "triggers": ["explicit_request"], "confidence": 0.9, "reason": "Asks for a human."}`)}
	res, err = h(ctx, req)
	require.NoError(t, err)
	require.True(t, res.NeedsInput())
	assert.Contains(t, res.InputRequests, "email_1")
	assert.Equal(t, "sampling", tool.last.Classifier)

	// Round 3: only the email comes back; the carried answer still decides.
	req.Params.RequestState = res.RequestState
	req.Params.InputResponses = mcp.InputResponses{"email_1": mcp.NewElicitationInputResponse(mcp.ElicitationResult{})}
	res, err = h(ctx, req)
	require.NoError(t, err)
	assert.False(t, res.NeedsInput())
	assert.Equal(t, []string{"", "", "email:1"}, tool.states, "the tool sees only its own state")
	assert.Equal(t, "sampling", tool.last.Classifier)
	assert.Equal(t, []string{"explicit_request"}, tool.last.Triggers)
	assert.Equal(t, 0, fb.calls)
}

func TestMiddlewareWithoutAnAnswer(t *testing.T) {
	tests := []struct {
		name       string
		ctx        context.Context
		retry      bool // retry with the state of round 1 and no answer
		wrap       bool
		wantReason string
	}{
		{name: "retried without the answer", ctx: modern(), retry: true, wrap: true,
			wantReason: "Client model unavailable (the client retried the call without the answer); no trigger matched."},
		{name: "no capability", wrap: true, ctx: server.WithRequestProtocolInfo(context.Background(), &server.RequestProtocolInfo{Modern: true}),
			wantReason: "Client model unavailable (the client does not support sampling); no trigger matched."},
		{name: "no middleware", ctx: modern(),
			wantReason: "Client model unavailable (this call cannot carry an input request); no trigger matched."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fb := &fallback{}
			tool := &elicitingTool{cls: newClassifier(t, sampling.Config{}, fb, nil)}
			h := tool.handle
			if tt.wrap {
				h = sampling.Middleware(h)
			}
			var req mcp.CallToolRequest
			if tt.retry {
				res, err := h(tt.ctx, req)
				require.NoError(t, err)
				require.True(t, res.NeedsInput())
				req.Params.RequestState = res.RequestState
			}
			_, err := h(tt.ctx, req)
			require.NoError(t, err)
			assert.True(t, tool.last.Fallback)
			assert.Equal(t, tt.wantReason, tool.last.Reason)
			assert.Equal(t, 1, fb.calls)
		})
	}
}

func TestMiddlewareRejectsAForeignState(t *testing.T) {
	tool := &elicitingTool{cls: newClassifier(t, sampling.Config{}, &fallback{}, nil)}
	var req mcp.CallToolRequest
	req.Params.RequestState = "smp1.!!!|"
	res, err := sampling.Middleware(tool.handle)(modern(), req)
	require.NoError(t, err)
	assert.True(t, res.IsError)
	assert.Empty(t, tool.states, "the tool is not called")
}
