package summary

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// Writer is a model that writes summaries: the LLM of classifier.llm
// (package llm/chat) or the MCP client's model (package llm/sampling). It
// sees the conversation with privacy redaction applied.
type Writer interface {
	// WriteSummary asks the model once; it returns the summary with Source
	// set, or an error saying in a few words why the model gave none, or an
	// error implementing Pending.
	WriteSummary(ctx context.Context, h handoff.Handoff) (handoff.Summary, error)
}

// Pending is implemented by a Writer's error that is no failure: the
// client must be asked first (an input request of protocol 2026-07-28),
// and the tool call is retried with its answer. Summarize returns it as it
// is.
type Pending interface {
	error
	Pending()
}

// Writers name what writes the summaries (Config.Writer).
const (
	// WriterAuto: the model the classifier uses, where it has one; the
	// extractive summary otherwise.
	WriterAuto = "auto"
	// WriterExtractive: always the extractive summary, never a model call.
	WriterExtractive = "extractive"
)

// Config is the `summary` section.
type Config struct {
	// Writer is auto (default) or extractive.
	Writer string `yaml:"writer" json:"writer"`
	// MaxTokens bounds the model's answer. Default 300.
	MaxTokens int `yaml:"max_tokens" json:"max_tokens"`
	// Timeout bounds the model's call; the handoff waits for it. Default 10s.
	Timeout time.Duration `yaml:"timeout" json:"timeout"`
}

// The defaults Defaults fills in.
const (
	DefaultMaxTokens = 300
	DefaultTimeout   = 10 * time.Second
)

// Defaults fills the unset fields of c.
func (c *Config) Defaults() {
	if c.Writer == "" {
		c.Writer = WriterAuto
	}
	if c.MaxTokens == 0 {
		c.MaxTokens = DefaultMaxTokens
	}
	if c.Timeout == 0 {
		c.Timeout = DefaultTimeout
	}
}

// Validate reports the first problem with c, naming the key relative to
// the summary section.
func (c *Config) Validate() error {
	switch c.Writer {
	case WriterAuto, WriterExtractive, "":
	default:
		return fmt.Errorf("writer: %q is unknown; use auto (the classifier's model where it has one) or extractive", c.Writer)
	}
	if c.MaxTokens < 50 || c.MaxTokens > 2000 {
		return fmt.Errorf("max_tokens: %d is outside 50..2000; the summary is three short sentences, use about 300", c.MaxTokens)
	}
	if c.Timeout < 0 || c.Timeout > 2*time.Minute {
		return fmt.Errorf("timeout: %v is outside 0..2m; the handoff waits for the summary, use about 10s", c.Timeout)
	}
	return nil
}

// Summarizer writes handoff summaries: by its Writer when it has one,
// falling back to Extractive with a Note when the Writer fails. It is safe
// for concurrent use.
type Summarizer struct {
	writer  Writer
	timeout time.Duration
	log     zerolog.Logger
}

var _ handoff.Summarizer = (*Summarizer)(nil)

// New returns a Summarizer; a nil writer writes extractive summaries only.
func New(w Writer, cfg Config, log zerolog.Logger) *Summarizer {
	cfg.Defaults()
	return &Summarizer{writer: w, timeout: cfg.Timeout, log: log}
}

// Summarize returns h's summary. A model's summary missing its goal or its
// reason is completed from the extractive one; a model that fails leaves
// the extractive one with a Note. The only error is a Writer's Pending.
func (s *Summarizer) Summarize(ctx context.Context, h handoff.Handoff) (handoff.Summary, error) {
	ext := Extractive(h)
	if s.writer == nil {
		return ext, nil
	}
	callCtx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	sum, err := s.writer.WriteSummary(callCtx, h)
	var pending Pending
	if errors.As(err, &pending) {
		return handoff.Summary{}, err
	}
	if err == nil {
		sum.Goal, sum.Tried, sum.Why = oneLine(sum.Goal), oneLine(sum.Tried), oneLine(sum.Why)
		if sum.Goal == "" {
			sum.Goal = ext.Goal
		}
		if sum.Why == "" {
			sum.Why = ext.Why
		}
		return sum, nil
	}
	why := err.Error()
	if errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil {
		why = fmt.Sprintf("no answer within %v", s.timeout)
	}
	s.log.Warn().Str("handoff", h.ID).Str("why", why).Msg("model summary unavailable; the extractive summary stands in")
	ext.Note = "the model's summary was unavailable (" + clip(why, 120) + ")"
	return ext, nil
}

func clip(s string, n int) string {
	r := []rune(strings.TrimSpace(s))
	if len(r) <= n {
		return string(r)
	}
	return string(r[:n-1]) + "…"
}
