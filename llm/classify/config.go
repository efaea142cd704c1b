package classify

import (
	"fmt"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/llm/chat"
	"github.com/handoff-mcp/handoff-mcp/llm/embedded"
	"github.com/handoff-mcp/handoff-mcp/llm/sampling"
)

// Mode names the classifier New builds.
type Mode string

// The classifier modes.
const (
	// ModeEmbedded needs no network and no key (the default).
	ModeEmbedded Mode = "embedded"
	// ModeLLM asks the LLM on every decision, falling back to the embedded
	// classifier when the LLM fails.
	ModeLLM Mode = "llm"
	// ModeCascade lets the embedded classifier answer when it is confident
	// and asks the LLM otherwise.
	ModeCascade Mode = "cascade"
	// ModeSampling asks the MCP client's own model (sampling/createMessage)
	// on every decision, falling back when the client cannot answer.
	ModeSampling Mode = "sampling"
)

// The cascade's judges of the unsure cases (CascadeConfig.Judge).
const (
	JudgeLLM      = "llm"
	JudgeSampling = "sampling"
)

// Config is the `classifier:` section of the configuration file.
//
//	classifier:
//	  mode: cascade            # embedded (default), llm, sampling or cascade
//	  embedded: {threshold: 0.5, window: 3}
//	  llm: {base_url: https://api.openai.com/v1, api_key: ${OPENAI_API_KEY}, model: gpt-4o-mini}
//	  sampling: {timeout: 30s, fallback: embedded}
//	  cascade: {judge: llm, handoff_confidence: 0.85, no_handoff_confidence: 0.9}
//	  cache_size: 1024
type Config struct {
	// Mode is embedded (default), llm, sampling or cascade.
	Mode Mode `yaml:"mode" json:"mode"`
	// Embedded tunes the embedded classifier (all modes use it: directly,
	// as the cascade's first stage, or as the LLM's fallback).
	Embedded embedded.Config `yaml:"embedded" json:"embedded"`
	// LLM is the OpenAI-compatible endpoint; required for llm and cascade.
	LLM chat.Config `yaml:"llm" json:"llm"`
	// Sampling tunes the requests to the client's model (mode sampling,
	// or cascade with judge sampling).
	Sampling sampling.Config `yaml:"sampling" json:"sampling"`
	// Cascade holds the confidences at which the embedded classifier's
	// verdict is final.
	Cascade CascadeConfig `yaml:"cascade" json:"cascade"`
	// CacheSize is how many decisions the cache keeps, keyed by the
	// transcript and the trigger configuration's version. 0 means the
	// default (1024); a negative value switches the cache off.
	CacheSize int `yaml:"cache_size" json:"cache_size"`

	// AgentVote is how the calling model's vote (request_human_handoff's
	// triggers and evidence) combines with this classifier: ignore, verify
	// (default) or trust; see handoff.VotePolicy. Under verify, a grounded
	// vote overrules an unsure "no": one below cascade.no_handoff_confidence.
	AgentVote handoff.VotePolicy `yaml:"agent_vote" json:"agent_vote"`
	// AllowForce lets callers force a handoff without classifying
	// (force: true with a reason). Default true.
	AllowForce *bool `yaml:"allow_force" json:"allow_force"`
}

// CascadeConfig holds the cascade's thresholds.
type CascadeConfig struct {
	// Judge decides the cases the embedded classifier is unsure of: llm
	// (default, the classifier.llm endpoint) or sampling (the client's model).
	Judge string `yaml:"judge" json:"judge"`
	// HandoffConfidence is the confidence at or above which the embedded
	// classifier's handoff verdict is final. Default 0.85.
	HandoffConfidence float64 `yaml:"handoff_confidence" json:"handoff_confidence"`
	// NoHandoffConfidence is the confidence at or above which its
	// no-handoff verdict is final. Default 0.9.
	NoHandoffConfidence float64 `yaml:"no_handoff_confidence" json:"no_handoff_confidence"`
}

// The defaults Defaults fills in.
const (
	DefaultCacheSize           = 1024
	DefaultHandoffConfidence   = 0.85
	DefaultNoHandoffConfidence = 0.9
)

// Defaults fills the unset fields of c and of its sections.
func (c *Config) Defaults() {
	if c.Mode == "" {
		c.Mode = ModeEmbedded
	}
	c.Embedded.Defaults()
	c.LLM.Defaults()
	c.Sampling.Defaults()
	if c.Cascade.Judge == "" {
		c.Cascade.Judge = JudgeLLM
	}
	if c.Cascade.HandoffConfidence == 0 {
		c.Cascade.HandoffConfidence = DefaultHandoffConfidence
	}
	if c.Cascade.NoHandoffConfidence == 0 {
		c.Cascade.NoHandoffConfidence = DefaultNoHandoffConfidence
	}
	if c.CacheSize == 0 {
		c.CacheSize = DefaultCacheSize
	}
	if c.AgentVote == "" {
		c.AgentVote = handoff.VoteVerify
	}
	if c.AllowForce == nil {
		allow := true
		c.AllowForce = &allow
	}
}

// Validate reports the first problem with c. Keys are named relative to
// the classifier section ("llm.model", "embedded.threshold"), with what to
// fix. Run Defaults first.
func (c *Config) Validate() error {
	switch c.Mode {
	case ModeEmbedded, ModeLLM, ModeCascade, ModeSampling:
	default:
		return fmt.Errorf("mode: %q is unknown; use embedded, llm, sampling or cascade", c.Mode)
	}
	if c.Cascade.Judge != JudgeLLM && c.Cascade.Judge != JudgeSampling {
		return fmt.Errorf("cascade.judge: %q is unknown; use llm or sampling", c.Cascade.Judge)
	}
	if err := c.Sampling.Validate(); err != nil {
		return fmt.Errorf("sampling.%w", err)
	}
	if err := c.Embedded.Validate(); err != nil {
		return fmt.Errorf("embedded.%w", err)
	}
	if c.needsLLM() {
		if err := c.LLM.Validate(); err != nil {
			if c.usesSampling() {
				return fmt.Errorf("llm.%w (sampling.fallback llm needs an LLM endpoint; use fallback embedded to run without one)", err)
			}
			return fmt.Errorf("llm.%w (mode %s needs an LLM endpoint; use mode embedded or sampling to run without one)", err, c.Mode)
		}
	}
	for key, v := range map[string]float64{
		"cascade.handoff_confidence":    c.Cascade.HandoffConfidence,
		"cascade.no_handoff_confidence": c.Cascade.NoHandoffConfidence,
	} {
		if v <= 0 || v > 1 {
			return fmt.Errorf("%s: %v is outside (0, 1]; use a value such as 0.9 (higher asks the LLM more often)", key, v)
		}
	}
	if !c.AgentVote.Valid() {
		return fmt.Errorf("agent_vote: %q is unknown; use ignore, verify (default) or trust", c.AgentVote)
	}
	return nil
}

// usesSampling reports whether c asks the client's model.
func (c *Config) usesSampling() bool {
	return c.Mode == ModeSampling || c.Mode == ModeCascade && c.Cascade.Judge == JudgeSampling
}

// needsLLM reports whether c calls the classifier.llm endpoint.
func (c *Config) needsLLM() bool {
	if c.usesSampling() {
		return c.Sampling.Fallback == sampling.FallbackLLM
	}
	return c.Mode != ModeEmbedded
}
