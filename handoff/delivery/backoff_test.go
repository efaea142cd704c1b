package delivery

import (
	"errors"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

func TestBackoffCeilings(t *testing.T) {
	tests := []struct {
		name      string
		base, max time.Duration
		want      []time.Duration // ceilings of retries 1, 2, 3, ...
	}{
		{"doubles to the cap", time.Second, 30 * time.Second,
			[]time.Duration{1 * time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second, 30 * time.Second, 30 * time.Second}},
		{"defaults", DefaultBackoffBase, DefaultBackoffMax,
			[]time.Duration{2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second, 32 * time.Second, 64 * time.Second,
				128 * time.Second, 256 * time.Second, 512 * time.Second, 600 * time.Second, 600 * time.Second}},
		{"cap equals base", time.Second, time.Second, []time.Duration{time.Second, time.Second, time.Second}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for i, want := range tt.want {
				n := i + 1
				assert.Equal(t, want, Ceiling(tt.base, tt.max, n), "retry %d", n)
				assert.Equal(t, want, Backoff(tt.base, tt.max, n, maxJitter), "retry %d at the top of the jitter", n)
				assert.Equal(t, time.Duration(0), Backoff(tt.base, tt.max, n, func(int64) int64 { return 0 }), "full jitter reaches 0")
			}
		})
	}
	// No overflow, however many retries.
	assert.Equal(t, DefaultBackoffMax, Ceiling(DefaultBackoffBase, DefaultBackoffMax, 1000))
	assert.Equal(t, time.Second, Ceiling(time.Second, time.Minute, 0), "retry numbers start at 1")
}

func TestBackoffJitterBounds(t *testing.T) {
	// Full jitter: uniform over [0, ceiling]. A seeded source keeps the
	// test deterministic; the bounds hold for every draw and the mean sits
	// at half the ceiling.
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 1; n <= 8; n++ {
		ceil := Ceiling(time.Second, 30*time.Second, n)
		const draws = 20000
		var sum time.Duration
		seen := map[bool]bool{}
		for range draws {
			d := Backoff(time.Second, 30*time.Second, n, rng.Int64N)
			if d < 0 || d > ceil {
				t.Fatalf("retry %d: delay %s outside [0, %s]", n, d, ceil)
			}
			seen[d < ceil/2] = true
			sum += d
		}
		mean := sum / draws
		assert.InDelta(t, float64(ceil/2), float64(mean), float64(ceil)/50, "retry %d: mean %s", n, mean)
		assert.Len(t, seen, 2, "retry %d: draws on both halves", n)
	}
}

func TestRetryDelayHonoursRetryAfter(t *testing.T) {
	cfg := Config{BackoffBase: time.Second, BackoffMax: 30 * time.Second}
	tests := []struct {
		name    string
		attempt int
		err     error
		want    time.Duration
	}{
		{"no Retry-After", 3, errors.New("boom"), 4 * time.Second},
		{"Retry-After longer than the backoff wins", 1, handoff.Transient(errors.New("429"), 90*time.Second), 90 * time.Second},
		{"Retry-After shorter than the backoff", 6, handoff.Transient(errors.New("429"), 2*time.Second), 30 * time.Second},
		{"Retry-After capped at an hour", 1, handoff.Transient(errors.New("429"), 5*time.Hour), time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, cfg.retryDelay(tt.attempt, tt.err, maxJitter))
		})
	}
	long := Config{BackoffBase: time.Second, BackoffMax: 3 * time.Hour}
	assert.Equal(t, 3*time.Hour, long.retryDelay(1, handoff.Transient(errors.New("429"), 5*time.Hour), maxJitter),
		"the cap is backoff_max when that is longer than an hour")
}

func TestConfigValidate(t *testing.T) {
	tests := []struct {
		name    string
		mutate  func(*Config)
		wantErr string
	}{
		{"defaults", func(*Config) {}, ""},
		{"no attempts", func(c *Config) { c.Attempts = -1 }, "attempts: is -1"},
		{"cap below base", func(c *Config) { c.BackoffMax = time.Second; c.BackoffBase = time.Minute }, "backoff_max: 1s is shorter than backoff_base 1m0s"},
		{"tiny lease", func(c *Config) { c.Lease = time.Millisecond }, "lease: is 1ms"},
		{"wait past the lease", func(c *Config) { c.FirstAttemptWait = 2 * time.Minute }, "first_attempt_wait: is 2m0s; use a duration shorter than lease"},
		{"too many at once", func(c *Config) { c.Concurrency = 1000 }, "concurrency: is 1000"},
		{"status every millisecond", func(c *Config) { c.StatusInterval = time.Millisecond }, "status_interval"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c Config
			c.Defaults()
			tt.mutate(&c)
			err := c.Validate()
			if tt.wantErr == "" {
				assert.NoError(t, err)
				return
			}
			assert.ErrorContains(t, err, tt.wantErr)
		})
	}
	var c Config
	c.Defaults()
	assert.Equal(t, Config{Attempts: 20, BackoffBase: 2 * time.Second, BackoffMax: 10 * time.Minute, Lease: time.Minute,
		PollInterval: 5 * time.Second, StatusInterval: 5 * time.Minute, FirstAttemptWait: 3 * time.Second, Concurrency: 4}, c)
	assert.Equal(t, 30*time.Second, c.AttemptTimeout())
}
