// Package clocktest holds the project's fake clock (clock.Clock), for
// tests only.
package clocktest

import (
	"sync"
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff/clock"
)

// Fake is the fake clock of the project's tests: of code that reads
// injected time (the store, delivery, the service, the tools, the eval
// runner) and of code that waits on it (the change feed, calls waiting for
// an agent, retries). Time moves only when a test calls Advance. Its zero
// value is not usable; use NewFake.
type Fake struct {
	mu     sync.Mutex // protects the fields below
	now    time.Time
	timers []timer
}

var _ clock.Clock = (*Fake)(nil)

type timer struct {
	at time.Time
	ch chan time.Time
}

// NewFake returns a fake clock reading t.
func NewFake(t time.Time) *Fake { return &Fake{now: t} }

// Now returns the clock's time.
func (c *Fake) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// After returns a channel that receives the time once the clock has been
// advanced by d; at once when d <= 0.
func (c *Fake) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	if d <= 0 {
		ch <- c.now
		return ch
	}
	c.timers = append(c.timers, timer{at: c.now.Add(d), ch: ch})
	return ch
}

// Advance moves the clock forward by d and fires every timer that is due.
func (c *Fake) Advance(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	kept := c.timers[:0]
	for _, t := range c.timers {
		if t.at.After(c.now) {
			kept = append(kept, t)
			continue
		}
		t.ch <- c.now
	}
	clear(c.timers[len(kept):])
	c.timers = kept
	return c.now
}

// Pending returns how many timers have not fired yet, including those whose
// waiter has moved on.
func (c *Fake) Pending() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.timers)
}

// WithoutTimers returns c's time with timers that never fire: for tests of
// the assembled server whose background loops (the delivery worker, the
// helpdesk monitor, the change feed, the timeout sweeper) must run only
// when the test kicks them, whatever the test does to the time.
func WithoutTimers(c clock.Clock) clock.Clock { return noTimers{c} }

type noTimers struct{ clock.Clock }

func (noTimers) After(time.Duration) <-chan time.Time { return nil }

// NoWait returns c's time with waits that end at once, without moving c;
// each wait's duration is handed to record first when record is not nil.
// It is for code whose waits (retry back-offs) a test checks but does not
// wait out, with no goroutine to advance the clock.
func NoWait(c clock.Clock, record func(time.Duration)) clock.Clock { return noWait{c, record} }

type noWait struct {
	clock.Clock
	record func(time.Duration)
}

func (c noWait) After(d time.Duration) <-chan time.Time {
	if c.record != nil {
		c.record(d)
	}
	ch := make(chan time.Time, 1)
	ch <- c.Now()
	return ch
}
