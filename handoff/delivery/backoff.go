package delivery

import (
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// Backoff returns the delay before retry number n (1 for the retry after the
// first failed attempt): exponential backoff with full jitter, drawn by rnd
// uniformly from [0, ceiling] where the ceiling is base·2^(n-1), capped at
// max. rnd(k) must return a value in [0, k).
func Backoff(base, max time.Duration, n int, rnd func(int64) int64) time.Duration {
	return time.Duration(rnd(int64(Ceiling(base, max, n)) + 1))
}

// Ceiling is the largest delay Backoff may return for retry number n.
func Ceiling(base, max time.Duration, n int) time.Duration {
	if n < 1 {
		n = 1
	}
	ceil := base
	for i := 1; i < n && ceil < max; i++ {
		ceil *= 2
	}
	return min(ceil, max)
}

// maxRetryAfter caps the Retry-After a helpdesk may ask for.
func (c Config) maxRetryAfter() time.Duration { return max(c.BackoffMax, time.Hour) }

// retryDelay is when a job that failed with err on its attempts-th attempt
// is tried again: the jittered backoff, or the helpdesk's Retry-After when
// that is longer.
func (c Config) retryDelay(attempts int, err error, rnd func(int64) int64) time.Duration {
	d := Backoff(c.BackoffBase, c.BackoffMax, attempts, rnd)
	if ra := min(handoff.RetryAfterOf(err), c.maxRetryAfter()); ra > d {
		d = ra
	}
	return d
}
