package delivery

import (
	"errors"
	"fmt"
	"time"
)

// Config is the delivery: section of the configuration.
type Config struct {
	// Attempts is how many attempts a job gets before it is parked as
	// failed (default 20: with the default backoff, about an hour of
	// retrying on average).
	Attempts int `yaml:"attempts"`
	// BackoffBase is the first retry's ceiling; each retry doubles it up to
	// BackoffMax (defaults 2s and 10m). The delay is drawn uniformly below
	// the ceiling (full jitter); a Retry-After from the helpdesk wins when
	// longer (honoured up to an hour, or BackoffMax when that is longer).
	BackoffBase time.Duration `yaml:"backoff_base"`
	BackoffMax  time.Duration `yaml:"backoff_max"`
	// Lease is how long a worker holds a claimed job (default 60s). An
	// attempt must end by the middle of it, counted from the claim; a job
	// whose worker died is taken over when the lease ends. It must be at
	// least twice helpdesk.timeout.
	Lease time.Duration `yaml:"lease"`
	// PollInterval is how often an idle worker looks for jobs that other
	// processes enqueued (default 5s); its own are tried at once.
	PollInterval time.Duration `yaml:"poll_interval"`
	// StatusInterval is how often the helpdesk's credentials are checked
	// for the service status (default 5m).
	StatusInterval time.Duration `yaml:"status_interval"`
	// FirstAttemptWait is how long request_human_handoff waits for the
	// first attempt, so that a healthy helpdesk answers "delivered" at once
	// (default 3s); a slower attempt goes on in the background and the tool
	// answers "queued". It does not wait while the helpdesk is unavailable.
	FirstAttemptWait time.Duration `yaml:"first_attempt_wait"`
	// Concurrency is how many jobs one worker delivers at once (default 4).
	Concurrency int `yaml:"concurrency"`
}

// The defaults of Config.
const (
	DefaultAttempts         = 20
	DefaultBackoffBase      = 2 * time.Second
	DefaultBackoffMax       = 10 * time.Minute
	DefaultLease            = 60 * time.Second
	DefaultPollInterval     = 5 * time.Second
	DefaultStatusInterval   = 5 * time.Minute
	DefaultFirstAttemptWait = 3 * time.Second
	DefaultConcurrency      = 4
)

// Defaults fills the zero fields of c.
func (c *Config) Defaults() {
	def := func(d *time.Duration, v time.Duration) {
		if *d == 0 {
			*d = v
		}
	}
	if c.Attempts == 0 {
		c.Attempts = DefaultAttempts
	}
	def(&c.BackoffBase, DefaultBackoffBase)
	def(&c.BackoffMax, DefaultBackoffMax)
	def(&c.Lease, DefaultLease)
	def(&c.PollInterval, DefaultPollInterval)
	def(&c.StatusInterval, DefaultStatusInterval)
	def(&c.FirstAttemptWait, DefaultFirstAttemptWait)
	if c.Concurrency == 0 {
		c.Concurrency = DefaultConcurrency
	}
}

// Validate checks c (after Defaults). Messages name the key relative to the
// delivery section and say what to fix.
func (c Config) Validate() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if c.Attempts < 1 || c.Attempts > 1000 {
		bad("attempts: is %d; use a number of attempts from 1 to 1000 (default %d)", c.Attempts, DefaultAttempts)
	}
	if c.BackoffBase < time.Millisecond {
		bad("backoff_base: is %s; use a positive duration like 2s", c.BackoffBase)
	}
	if c.BackoffMax < c.BackoffBase {
		bad("backoff_max: %s is shorter than backoff_base %s; use a longer cap like 10m", c.BackoffMax, c.BackoffBase)
	}
	if c.Lease < 100*time.Millisecond {
		bad("lease: is %s; use a duration of at least 100ms (default 60s)", c.Lease)
	}
	if c.PollInterval < time.Millisecond {
		bad("poll_interval: is %s; use a positive duration like 5s", c.PollInterval)
	}
	if c.StatusInterval < time.Second {
		bad("status_interval: is %s; use a duration of at least 1s (default 5m)", c.StatusInterval)
	}
	if c.FirstAttemptWait < 0 || c.FirstAttemptWait >= c.Lease {
		bad("first_attempt_wait: is %s; use a duration shorter than lease (%s), like 3s", c.FirstAttemptWait, c.Lease)
	}
	if c.Concurrency < 1 || c.Concurrency > 64 {
		bad("concurrency: is %d; use 1 to 64 (default %d)", c.Concurrency, DefaultConcurrency)
	}
	return errors.Join(errs...)
}

// AttemptTimeout is the most one attempt may take: half the lease. An
// attempt gets less when its claim came back late (Worker.budget): it ends
// by the middle of its lease, so that its result is recorded before
// another worker may take the job over.
func (c Config) AttemptTimeout() time.Duration { return c.Lease / 2 }
