// Package watchtest names the project's fake clock for the tests that
// still import it from here; it is clock.Fake.
package watchtest

import (
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff/clock"
)

// Clock is clock.Fake.
type Clock = clock.Fake

// NewClock returns clock.NewFake(t).
func NewClock(t time.Time) *Clock { return clock.NewFake(t) }
