package classify

import (
	"fmt"
	"net/http"

	"github.com/rs/zerolog"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/clock"
	"github.com/handoff-mcp/handoff-mcp/llm/chat"
	"github.com/handoff-mcp/handoff-mcp/llm/embedded"
	"github.com/handoff-mcp/handoff-mcp/llm/sampling"
)

// Options carries the dependencies of the classifiers. Every field is
// optional.
type Options struct {
	// Logger receives structured logs (never transcripts or keys); the
	// zero value logs nothing.
	Logger zerolog.Logger
	// HTTPClient makes the LLM calls; default a new http.Client.
	HTTPClient *http.Client
	// Clock tells the time (HTTP-date Retry-After) and waits between
	// retries; nil means the wall clock.
	Clock clock.Clock
	// Redact masks personal data in every text sent to an LLM or the
	// client's model (package handoff/privacy); nil sends it as it is. The
	// embedded classifier, which runs here, sees the original.
	Redact func(string) string
}

func (o *Options) defaults() {
	if o.HTTPClient == nil {
		o.HTTPClient = &http.Client{}
	}
	o.Clock = clock.Or(o.Clock)
}

// New builds the classifier cfg.Mode names for the enabled triggers of ts,
// behind a decision cache unless cfg.CacheSize is negative. It fills cfg's
// defaults and validates it; errors name the key to fix (keys of the
// classifier section, or "triggers[i]..." for a trigger).
func New(cfg Config, ts []handoff.Trigger, opts Options) (handoff.Classifier, error) {
	cfg.Defaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	var c handoff.Classifier
	var err error
	switch cfg.Mode {
	case ModeLLM:
		c, err = NewLLM(cfg, ts, opts)
	case ModeCascade:
		c, err = NewCascade(cfg, ts, opts)
	case ModeSampling:
		c, err = NewSampling(cfg, ts, opts)
	default:
		c, err = NewEmbedded(cfg, ts, opts)
	}
	if err != nil {
		return nil, err
	}
	if cfg.CacheSize > 0 {
		c = newCache(c, cfg.CacheSize, TriggersVersion(ts))
	}
	return c, nil
}

// NewEmbedded builds the embedded classifier from cfg.Embedded, whatever
// cfg.Mode says, without a cache.
func NewEmbedded(cfg Config, ts []handoff.Trigger, _ Options) (*embedded.Classifier, error) {
	cfg.Embedded.Defaults()
	if err := cfg.Embedded.Validate(); err != nil {
		return nil, fmt.Errorf("embedded.%w", err)
	}
	return embedded.New(cfg.Embedded, ts)
}

// NewLLM builds the LLM classifier from cfg.LLM, whatever cfg.Mode says,
// without a cache. Rules (keywords, failed answers) decide without a call;
// the embedded classifier answers when the LLM fails for good.
func NewLLM(cfg Config, ts []handoff.Trigger, opts Options) (*chat.Classifier, error) {
	emb, err := NewEmbedded(cfg, ts, opts)
	if err != nil {
		return nil, err
	}
	cfg.LLM.Defaults()
	if err := cfg.LLM.Validate(); err != nil {
		return nil, fmt.Errorf("llm.%w", err)
	}
	opts.defaults()
	return chat.New(cfg.LLM, ts, chat.Options{
		Fallback: emb, Rules: rulesOf(emb), Logger: opts.Logger, HTTPClient: opts.HTTPClient, Clock: opts.Clock,
		Redact: opts.Redact,
	})
}

// NewSampling builds the classifier that asks the MCP client's model from
// cfg.Sampling, whatever cfg.Mode says, without a cache. Rules decide
// without a request; the embedded classifier (or, with sampling.fallback
// llm, the LLM classifier) answers when the client's model cannot.
func NewSampling(cfg Config, ts []handoff.Trigger, opts Options) (*sampling.Classifier, error) {
	emb, err := NewEmbedded(cfg, ts, opts)
	if err != nil {
		return nil, err
	}
	cfg.Sampling.Defaults()
	if err := cfg.Sampling.Validate(); err != nil {
		return nil, fmt.Errorf("sampling.%w", err)
	}
	var fallback handoff.Classifier = emb
	if cfg.Sampling.Fallback == sampling.FallbackLLM {
		if fallback, err = NewLLM(cfg, ts, opts); err != nil {
			return nil, err
		}
	}
	return sampling.New(cfg.Sampling, ts, sampling.Options{Fallback: fallback, Rules: rulesOf(emb), Logger: opts.Logger, Redact: opts.Redact})
}

// NewCascade builds the cascade from cfg, whatever cfg.Mode says, without
// a cache. Its judge of unsure cases is the LLM classifier, or the client's
// model with cascade.judge sampling.
func NewCascade(cfg Config, ts []handoff.Trigger, opts Options) (*Cascade, error) {
	emb, err := NewEmbedded(cfg, ts, opts)
	if err != nil {
		return nil, err
	}
	cfg.Defaults()
	var judge handoff.Classifier
	name := CascadeLLM
	if cfg.Cascade.Judge == JudgeSampling {
		judge, err = NewSampling(cfg, ts, opts)
		name = CascadeSampling
	} else {
		judge, err = NewLLM(cfg, ts, opts)
	}
	if err != nil {
		return nil, err
	}
	return &Cascade{emb: emb, llm: judge, name: name, cfg: cfg.Cascade}, nil
}

// rulesOf returns a decision from the rules alone, when one fired.
func rulesOf(emb *embedded.Classifier) func(handoff.Input) (handoff.Decision, bool) {
	return func(in handoff.Input) (handoff.Decision, bool) {
		var fired []embedded.Verdict
		for _, v := range emb.Judge(in) {
			if v.Rule && v.Fired() {
				fired = append(fired, v)
			}
		}
		if len(fired) == 0 {
			return handoff.Decision{}, false
		}
		return embedded.Decide(fired), true
	}
}
