package clock

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var t0 = time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)

// TestFakeFiresTimersWhenAdvanced fires a timer only once the clock has
// been advanced past it, and at once for a non-positive wait.
func TestFakeFiresTimersWhenAdvanced(t *testing.T) {
	c := NewFake(t0)
	assert.Equal(t, t0, (<-c.After(0)), "no wait")
	ch := c.After(time.Minute)
	c.Advance(59 * time.Second)
	select {
	case <-ch:
		t.Fatal("fired early")
	default:
	}
	assert.Equal(t, 1, c.Pending())
	c.Advance(time.Second)
	assert.Equal(t, t0.Add(time.Minute), <-ch)
	assert.Zero(t, c.Pending())
	assert.Equal(t, t0.Add(time.Minute), c.Now())
}

// TestSleep returns once the fake clock has been advanced, and the
// context's error when it ends first.
func TestSleep(t *testing.T) {
	c := NewFake(t0)
	done := make(chan error, 1)
	go func() { done <- Sleep(context.Background(), c, time.Second) }()
	require.Eventually(t, func() bool { return c.Pending() == 1 }, 5*time.Second, time.Millisecond)
	c.Advance(time.Second)
	assert.NoError(t, <-done)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	assert.ErrorIs(t, Sleep(ctx, c, time.Hour), context.Canceled)
	assert.ErrorIs(t, Sleep(ctx, c, 0), context.Canceled)
	assert.Equal(t, Real{}, Or(nil))

	frozen := WithoutTimers(c)
	assert.Equal(t, c.Now(), frozen.Now())
	assert.Nil(t, frozen.After(time.Second), "never fires")
	assert.Same(t, c, Or(c))
}
