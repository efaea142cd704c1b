package classify

import (
	"context"
	"fmt"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/llm/chat"
	"github.com/handoff-mcp/handoff-mcp/llm/sampling"
)

// SummaryWriter is a model that writes handoff summaries (the Writer of
// package handoff/summary).
type SummaryWriter interface {
	WriteSummary(ctx context.Context, h handoff.Handoff) (handoff.Summary, error)
}

// NewSummaryWriter returns the model that writes handoff summaries for
// the classifier configuration cfg: the LLM of classifier.llm in modes llm
// and cascade (judge llm), the client's model in mode sampling and cascade
// (judge sampling), and nil (extractive summaries) in mode embedded.
// maxTokens bounds the answer. Everything sent is masked by opts.Redact.
func NewSummaryWriter(cfg Config, maxTokens int, opts Options) (SummaryWriter, error) {
	cfg.Defaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.Mode == ModeEmbedded {
		return nil, nil
	}
	if cfg.usesSampling() {
		cfg.Sampling.Defaults()
		if err := cfg.Sampling.Validate(); err != nil {
			return nil, fmt.Errorf("sampling.%w", err)
		}
		return sampling.NewSummarizer(cfg.Sampling, opts.Redact, maxTokens), nil
	}
	cfg.LLM.Defaults()
	if err := cfg.LLM.Validate(); err != nil {
		return nil, fmt.Errorf("llm.%w", err)
	}
	opts.defaults()
	return chat.NewSummarizer(cfg.LLM, chat.SummaryOptions{
		Logger: opts.Logger, HTTPClient: opts.HTTPClient, Redact: opts.Redact, MaxTokens: maxTokens,
	})
}
