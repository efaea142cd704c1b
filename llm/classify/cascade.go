package classify

import (
	"context"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/llm/chat"
	"github.com/handoff-mcp/handoff-mcp/llm/embedded"
)

// The Decision.Classifier values of the cascade.
const (
	CascadeEmbedded = "cascade/embedded"
	CascadeLLM      = "cascade/llm"
	CascadeSampling = "cascade/sampling"
)

// Cascade lets the embedded classifier answer when it is confident (or a
// rule fired) and asks its judge (the LLM, or the client's model)
// otherwise. It is safe for concurrent use.
type Cascade struct {
	emb  *embedded.Classifier
	llm  handoff.Classifier // the judge
	name string             // the judge's decisions' Classifier
	cfg  CascadeConfig
}

var _ handoff.Classifier = (*Cascade)(nil)

// Classify judges in with the embedded classifier first.
func (c *Cascade) Classify(ctx context.Context, in handoff.Input) (handoff.Decision, error) {
	d, err := c.emb.Classify(ctx, in)
	if err != nil {
		return d, err
	}
	final := d.Classifier == embedded.RulesName ||
		d.Handoff && d.Confidence >= c.cfg.HandoffConfidence ||
		!d.Handoff && d.Confidence >= c.cfg.NoHandoffConfidence
	if final {
		d.Classifier = CascadeEmbedded
		return d, nil
	}
	ld, err := c.llm.Classify(ctx, in)
	if err != nil {
		return handoff.Decision{}, err
	}
	switch {
	case !ld.Fallback:
		ld.Classifier = c.name
	case ld.Classifier == chat.Name: // the client's model fell back to the LLM
		ld.Classifier = CascadeLLM
	default:
		ld.Classifier = CascadeEmbedded
	}
	return ld, nil
}
