package sampling

import (
	"fmt"
	"strings"
	"time"
)

// Fallback names what answers when the client's model cannot.
type Fallback string

// The fallbacks.
const (
	// FallbackEmbedded is the embedded classifier (the default).
	FallbackEmbedded Fallback = "embedded"
	// FallbackLLM is the LLM classifier of classifier.llm (which falls back
	// to the embedded classifier in turn).
	FallbackLLM Fallback = "llm"
)

// Config is the `classifier.sampling` section.
type Config struct {
	// Timeout bounds the wait for the client's answer. Default 30s.
	Timeout time.Duration `yaml:"timeout" json:"timeout"`
	// MaxTokens caps the answer's length. Default 300.
	MaxTokens int `yaml:"max_tokens" json:"max_tokens"`
	// ModelHints are model names suggested to the client, best first
	// ("claude-sonnet", "gpt-4o"); the client may ignore them.
	ModelHints []string `yaml:"model_hints,omitempty" json:"model_hints,omitempty"`
	// Fallback is embedded (default) or llm.
	Fallback Fallback `yaml:"fallback" json:"fallback"`
	// MaxTurns is how many of the latest turns are sent. Default 10.
	MaxTurns int `yaml:"max_turns" json:"max_turns"`
	// MaxTurnChars shortens each turn sent to this many characters, keeping
	// its end. Default 1000.
	MaxTurnChars int `yaml:"max_turn_chars" json:"max_turn_chars"`
}

// The defaults Defaults fills in.
const (
	DefaultTimeout      = 30 * time.Second
	DefaultMaxTokens    = 300
	DefaultMaxTurns     = 10
	DefaultMaxTurnChars = 1000
)

// Defaults fills the unset fields of c.
func (c *Config) Defaults() {
	if c.Timeout == 0 {
		c.Timeout = DefaultTimeout
	}
	if c.MaxTokens == 0 {
		c.MaxTokens = DefaultMaxTokens
	}
	if c.Fallback == "" {
		c.Fallback = FallbackEmbedded
	}
	if c.MaxTurns == 0 {
		c.MaxTurns = DefaultMaxTurns
	}
	if c.MaxTurnChars == 0 {
		c.MaxTurnChars = DefaultMaxTurnChars
	}
}

// Validate reports the first problem with c, naming the key relative to
// the sampling section. Run Defaults first.
func (c *Config) Validate() error {
	if c.Timeout < 0 {
		return fmt.Errorf("timeout: %v is negative; use a duration such as 30s", c.Timeout)
	}
	if c.MaxTokens < 50 || c.MaxTokens > 4000 {
		return fmt.Errorf("max_tokens: %d is outside 50..4000; the answer is a short JSON object, use about 300", c.MaxTokens)
	}
	for i, h := range c.ModelHints {
		if strings.TrimSpace(h) == "" {
			return fmt.Errorf("model_hints[%d]: empty; write a model name such as claude-sonnet, or remove the entry", i)
		}
	}
	switch c.Fallback {
	case FallbackEmbedded, FallbackLLM:
	default:
		return fmt.Errorf("fallback: %q is unknown; use embedded or llm", c.Fallback)
	}
	if c.MaxTurns < 0 || c.MaxTurns > 200 {
		return fmt.Errorf("max_turns: %d is outside 1..200; use the number of latest turns to send, such as 10", c.MaxTurns)
	}
	if c.MaxTurnChars < 0 || (c.MaxTurnChars > 0 && c.MaxTurnChars < 50) {
		return fmt.Errorf("max_turn_chars: %d is too small; use at least 50, such as 1000", c.MaxTurnChars)
	}
	return nil
}
