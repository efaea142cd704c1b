package watch

import (
	"errors"
	"fmt"
	"time"
)

// Config is the updates: section of the configuration: how clients follow a
// handoff (resource subscriptions, and progress while a call waits for an
// agent).
type Config struct {
	// PollInterval is how often the feed looks for changes made by other
	// processes (another replica, the inbox command, the delivery worker of
	// another process); changes made through this process's tools are seen
	// at once. Default 1s.
	PollInterval time.Duration `yaml:"poll_interval"`
	// WaitForAgent is how long a request_human_handoff call stays open
	// after the handoff is accepted, sending progress notifications, until
	// an agent joins, the handoff ends, or the client cancels. It only
	// waits when the client sent a progress token. Default 0: return at
	// once.
	WaitForAgent time.Duration `yaml:"wait_for_agent"`
	// ProgressInterval is how often a waiting call reports progress when
	// nothing changed. Default 10s.
	ProgressInterval time.Duration `yaml:"progress_interval"`
	// MaxSubscriptions bounds the resource subscriptions held at once by
	// all clients of the process together, a bound on memory. Each client
	// session or listen stream holds at most MaxSubscriptionsPerClient,
	// and the HTTP transport holds at most server.max_sessions of them
	// (1000): the default is their product, so that no client can lock the
	// others out by filling it. Default 100000.
	MaxSubscriptions int `yaml:"max_subscriptions"`
}

// The defaults of Config, and the fixed per-client bound.
const (
	DefaultPollInterval     = time.Second
	DefaultProgressInterval = 10 * time.Second
	DefaultMaxSubscriptions = 100_000
	// MaxSubscriptionsPerClient bounds the handoffs one client session (or
	// one subscriptions/listen stream) follows at once.
	MaxSubscriptionsPerClient = 100
)

// Defaults fills the zero fields of c.
func (c *Config) Defaults() {
	if c.PollInterval == 0 {
		c.PollInterval = DefaultPollInterval
	}
	if c.ProgressInterval == 0 {
		c.ProgressInterval = DefaultProgressInterval
	}
	if c.MaxSubscriptions == 0 {
		c.MaxSubscriptions = DefaultMaxSubscriptions
	}
}

// Validate checks c (after Defaults). Messages name the key relative to the
// updates section and say what to fix.
func (c Config) Validate() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if c.PollInterval < 10*time.Millisecond || c.PollInterval > time.Minute {
		bad("poll_interval: is %s; use a duration from 10ms to 1m (default %s)", c.PollInterval, DefaultPollInterval)
	}
	if c.WaitForAgent < 0 || c.WaitForAgent > time.Hour {
		bad("wait_for_agent: is %s; use 0 (do not wait) or a duration up to 1h, like 5m", c.WaitForAgent)
	}
	if c.ProgressInterval < time.Second || c.ProgressInterval > 5*time.Minute {
		bad("progress_interval: is %s; use a duration from 1s to 5m (default %s)", c.ProgressInterval, DefaultProgressInterval)
	}
	if c.MaxSubscriptions < 1 || c.MaxSubscriptions > 1_000_000 {
		bad("max_subscriptions: is %d; use a number from 1 to 1000000 (default %d)", c.MaxSubscriptions, DefaultMaxSubscriptions)
	}
	return errors.Join(errs...)
}
