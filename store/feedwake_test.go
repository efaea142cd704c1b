package store

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/watch"
)

func TestPostgresFeedWokenByAnotherReplica(t *testing.T) {
	// Replica B's change feed learns of a handoff made on replica A without
	// polling: its poll timer is a fake clock that never moves, so only
	// the LISTEN wake-up (app.Start wires OnChange to Nudge) can deliver.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	clk := newClock()
	a := openBackend(t, BackendPostgres, clk)
	b := secondHandle(t, a, clk)
	feed, err := watch.New(watch.Config{PollInterval: time.Minute}, watch.Options{Source: b, Clock: clk})
	require.NoError(t, err)
	got := make(chan []watch.Change, 8)
	defer feed.Listen(func(cs []watch.Change) { got <- cs })()
	defer b.OnChange(feed.Nudge)()
	done := make(chan struct{})
	go func() { defer close(done); _ = feed.Run(ctx) }()
	defer func() { cancel(); <-done }()
	// The feed starts at the latest change; wait until it has, so the
	// creation below is after its cursor.
	require.Eventually(t, func() bool { return clk.Pending() > 0 }, 30*time.Second, time.Millisecond)

	create(t, a, "h_1", "conv", t0)
	select {
	case cs := <-got:
		require.Len(t, cs, 1)
		assert.Equal(t, "h_1", cs[0].HandoffID)
	case <-time.After(30 * time.Second):
		t.Fatal("replica B's feed never learned of the handoff")
	}
	_, err = a.transition(ctx, "h_1", handoff.StateAgentJoined, "agent replied", clk.Now())
	require.NoError(t, err)
	select {
	case cs := <-got:
		assert.Equal(t, "h_1", cs[0].HandoffID)
	case <-time.After(30 * time.Second):
		t.Fatal("replica B's feed never learned of the transition")
	}
}

// BenchmarkPostgresChangeWake measures how long a change committed through
// one handle takes to wake another handle's OnChange (a replica's waiting
// calls): the time from the commit's start to the wake-up.
func BenchmarkPostgresChangeWake(b *testing.B) {
	clk := newClock()
	a := openBackend(b, BackendPostgres, clk)
	other := secondHandle(b, a, clk)
	woke := make(chan struct{}, 1)
	defer other.OnChange(func() {
		select {
		case woke <- struct{}{}:
		default:
		}
	})()
	<-woke // the listener's first wake-up, at connect
	ctx := context.Background()
	h := create(b, a, "h_1", "conv", t0)
	<-woke // the creation's
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		_, err := a.SetHandoffContact(ctx, h.ID, handoff.Contact{Name: "Ada"}, clk.Now())
		if err != nil {
			b.Fatal(err)
		}
		<-woke
	}
}
