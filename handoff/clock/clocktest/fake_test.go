package clocktest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

var t0 = time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)

// TestFakeFiresTimersWhenAdvanced fires a timer only once the clock has
// been advanced past it, and at once for a non-positive wait.
func TestFakeFiresTimersWhenAdvanced(t *testing.T) {
	c := NewFake(t0)
	assert.Equal(t, t0, <-c.After(0), "no wait")
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

// TestWithoutTimers reads the clock's time and never fires.
func TestWithoutTimers(t *testing.T) {
	c := NewFake(t0)
	frozen := WithoutTimers(c)
	c.Advance(time.Hour)
	assert.Equal(t, t0.Add(time.Hour), frozen.Now())
	assert.Nil(t, frozen.After(time.Second))
	assert.Zero(t, c.Pending())
}

// TestNoWait fires every wait at once, records it and leaves the time.
func TestNoWait(t *testing.T) {
	c := NewFake(t0)
	var waits []time.Duration
	quick := NoWait(c, func(d time.Duration) { waits = append(waits, d) })
	assert.Equal(t, t0, <-quick.After(time.Hour))
	assert.Equal(t, t0, <-NoWait(c, nil).After(time.Minute))
	assert.Equal(t, []time.Duration{time.Hour}, waits)
	assert.Equal(t, t0, c.Now())
	assert.Zero(t, c.Pending())
}
