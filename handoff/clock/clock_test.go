package clock_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff/clock"
	"github.com/handoff-mcp/handoff-mcp/handoff/clock/clocktest"
)

// TestSleep returns once the clock has been advanced, and the context's
// error when it ends first.
func TestSleep(t *testing.T) {
	c := clocktest.NewFake(time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC))
	done := make(chan error, 1)
	go func() { done <- clock.Sleep(context.Background(), c, time.Second) }()
	require.Eventually(t, func() bool { return c.Pending() == 1 }, 5*time.Second, time.Millisecond)
	c.Advance(time.Second)
	assert.NoError(t, <-done)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	assert.ErrorIs(t, clock.Sleep(ctx, c, time.Hour), context.Canceled)
	assert.ErrorIs(t, clock.Sleep(ctx, c, 0), context.Canceled)
}

// TestOr falls back to the wall clock.
func TestOr(t *testing.T) {
	assert.Equal(t, clock.Real{}, clock.Or(nil))
	c := clocktest.NewFake(time.Time{})
	assert.Same(t, c, clock.Or(c))
}
