package llm

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/rs/zerolog"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/llm/embedded"
)

// Options carries the dependencies of the classifiers. Every field is
// optional.
type Options struct {
	// Logger receives structured logs (never transcripts or keys); the
	// zero value logs nothing.
	Logger zerolog.Logger
	// HTTPClient makes the LLM calls; default a new http.Client.
	HTTPClient *http.Client
	// Now is the clock; default time.Now.
	Now func() time.Time
	// Sleep waits between retries; default a timer that honours ctx.
	Sleep func(ctx context.Context, d time.Duration) error
}

func (o *Options) defaults() {
	if o.HTTPClient == nil {
		o.HTTPClient = &http.Client{}
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Sleep == nil {
		o.Sleep = sleep
	}
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// New builds the classifier cfg.Mode names for the enabled triggers of ts,
// behind a decision cache unless cfg.CacheSize is negative. It fills cfg's
// defaults and validates it; errors name the key to fix.
func New(cfg Config, ts []handoff.Trigger, opts Options) (handoff.Classifier, error) {
	cfg.Defaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	var c handoff.Classifier
	var err error
	switch cfg.Mode {
	case ModeEmbedded:
		c, err = NewEmbedded(cfg, ts, opts)
	default:
		return nil, fmt.Errorf("mode: %s is not available in this build yet; use embedded", cfg.Mode)
	}
	if err != nil {
		return nil, err
	}
	return c, nil
}

// NewEmbedded builds the embedded classifier from cfg.Embedded, whatever
// cfg.Mode says, without a cache.
func NewEmbedded(cfg Config, ts []handoff.Trigger, opts Options) (*embedded.Classifier, error) {
	cfg.Embedded.Defaults()
	if err := cfg.Embedded.Validate(); err != nil {
		return nil, fmt.Errorf("embedded.%w", err)
	}
	return embedded.New(cfg.Embedded, ts)
}
