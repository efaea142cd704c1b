package sampling

import (
	"context"
	"fmt"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/llm/chat"
)

// summaryIDPrefix starts the input-request ids of summaries.
const summaryIDPrefix = "summarize_"

// Summarizer asks the MCP client's model for a handoff's summary through
// sampling/createMessage, in the tool call that makes the handoff. It is
// safe for concurrent use.
type Summarizer struct {
	cfg    Config
	prompt *chat.SummaryPrompt
	hints  []mcp.ModelHint
	max    int
}

// NewSummarizer returns the client-model summary writer; redact masks
// personal data in what is sent (nil: none) and maxTokens bounds the answer
// (0: 300). cfg must have passed Defaults and Validate.
func NewSummarizer(cfg Config, redact func(string) string, maxTokens int) *Summarizer {
	if maxTokens <= 0 {
		maxTokens = 300
	}
	s := &Summarizer{cfg: cfg, prompt: chat.NewSummaryPrompt(cfg.MaxTurns, cfg.MaxTurnChars, redact), max: maxTokens}
	for _, h := range cfg.ModelHints {
		s.hints = append(s.hints, mcp.ModelHint{Name: strings.TrimSpace(h)})
	}
	return s
}

// Params returns the sampling/createMessage request for h's summary.
func (s *Summarizer) Params(h handoff.Handoff) mcp.CreateMessageParams {
	return mcp.CreateMessageParams{
		SystemPrompt: s.prompt.System() + jsonOnly,
		Messages: []mcp.SamplingMessage{{
			Role: mcp.RoleUser, Content: mcp.NewTextContent(s.prompt.User(h)),
		}},
		ModelPreferences: &mcp.ModelPreferences{Hints: s.hints,
			IntelligencePriority: 0.5, SpeedPriority: 0.7, CostPriority: 0.5},
		IncludeContext: "none",
		MaxTokens:      s.max,
	}
}

// WriteSummary asks the calling client's model once for h's summary: by a
// request on the session before protocol 2026-07-28, and by an input
// request from it on (the first call returns an *InputRequired error that
// Middleware turns into an input_required result; the retried call brings
// the answer).
func (s *Summarizer) WriteSummary(ctx context.Context, h handoff.Handoff) (handoff.Summary, error) {
	if info := server.RequestProtocolInfoFromContext(ctx); info != nil && info.Modern {
		return s.writeModern(ctx, info, h)
	}
	srv, sess := server.ServerFromContext(ctx), server.ClientSessionFromContext(ctx)
	if srv == nil || sess == nil {
		return handoff.Summary{}, errNoClient
	}
	if cs, ok := sess.(server.SessionWithClientInfo); !ok || cs.GetClientCapabilities().Sampling == nil {
		return handoff.Summary{}, errNoCapability
	}
	if unreachable(ctx) {
		return handoff.Summary{}, errNoStream
	}
	callCtx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	//lint:ignore SA1019 sampling is how the client's model writes the summary; on 2026-07-28 it goes as a multi round-trip request instead
	res, err := srv.RequestSampling(callCtx, mcp.CreateMessageRequest{
		Request:             mcp.Request{Method: string(mcp.MethodSamplingCreateMessage)},
		CreateMessageParams: s.Params(h),
	})
	switch {
	case err != nil && ctx.Err() != nil:
		return handoff.Summary{}, ctx.Err()
	case err != nil && callCtx.Err() != nil:
		return handoff.Summary{}, &unavailable{why: fmt.Sprintf("no answer within %v", s.cfg.Timeout)}
	case err != nil:
		return handoff.Summary{}, &unavailable{why: "the client returned an error"} // its text stays out of tickets
	case res == nil:
		return handoff.Summary{}, &unavailable{why: "the client sent no result"}
	}
	return s.read(res)
}

// writeModern reads the client's answer from a retried call, or asks for
// it.
func (s *Summarizer) writeModern(ctx context.Context, info *server.RequestProtocolInfo, h handoff.Handoff) (handoff.Summary, error) {
	params := s.Params(h)
	id := requestIDWith(summaryIDPrefix, params)
	r := roundFrom(ctx)
	if res, ok := r.answers[id]; ok {
		return s.read(res)
	}
	if r.asked[id] {
		return handoff.Summary{}, &unavailable{why: "the client retried the call without the summary's answer"}
	}
	if !r.inRound {
		return handoff.Summary{}, errNoInputRequests
	}
	if info.ClientCapabilities == nil || info.ClientCapabilities.Sampling == nil {
		return handoff.Summary{}, errNoCapability
	}
	return handoff.Summary{}, &InputRequired{ID: id, Params: params}
}

// read checks the client model's answer.
func (s *Summarizer) read(res *mcp.CreateMessageResult) (handoff.Summary, error) {
	text, ok := textOf(res.Content)
	if !ok {
		return handoff.Summary{}, &unavailable{why: "the answer is not text"}
	}
	sum, err := s.prompt.Read(text)
	if err != nil {
		return handoff.Summary{}, &unavailable{why: err.Error()}
	}
	sum.Source = handoff.SummarySampling
	return sum, nil
}
