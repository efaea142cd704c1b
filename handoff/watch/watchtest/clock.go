// Package watchtest names the project's fake clock for the tests that
// still import it from here; it is clocktest.Fake.
package watchtest

import (
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff/clock/clocktest"
)

// Clock is clocktest.Fake.
type Clock = clocktest.Fake

// NewClock returns clocktest.NewFake(t).
func NewClock(t time.Time) *Clock { return clocktest.NewFake(t) }
