package store

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

func TestClaimConcurrentNeverShares(t *testing.T) {
	// Claimers on two handles (which lock like two processes) and many
	// goroutines drain 300 jobs: every job is claimed exactly once.
	const jobs, claimers = 300, 12
	ctx := context.Background()
	forEachDatabase(t, func(t *testing.T, path string) {
		stores := []*DB{openAt(t, path, newClock()), openAt(t, path, newClock())}
		for i := range jobs {
			create(t, stores[0], fmt.Sprintf("h_%03d", i), fmt.Sprintf("conv-%d", i), t0)
		}
		var (
			mu      sync.Mutex // protects claimed
			claimed = map[int64]string{}
		)
		race(claimers, func(i int) {
			s := stores[i%len(stores)]
			owner := fmt.Sprintf("w%d", i)
			for {
				ds, err := s.ClaimDeliveries(ctx, handoff.Claim{Owner: owner, Limit: 3, Lease: lease, Now: t0})
				if !assert.NoError(t, err) || len(ds) == 0 {
					return
				}
				for _, d := range ds {
					mu.Lock()
					prev, dup := claimed[d.ID]
					claimed[d.ID] = owner
					mu.Unlock()
					assert.False(t, dup, "delivery %d claimed by %s and %s", d.ID, prev, owner)
					_, err := s.CompleteDelivery(ctx, d, "inbox", handoff.Receipt{RemoteID: d.Subject}, t0)
					assert.NoError(t, err)
				}
			}
		})
		assert.Len(t, claimed, jobs)
		st, err := stores[0].DeliveryStats(ctx)
		require.NoError(t, err)
		assert.Equal(t, map[handoff.DeliveryState]int{handoff.DeliveryDone: jobs}, st.Counts)
	})
}

func TestMigrationQueuesEarlierHandoffs(t *testing.T) {
	// A database written before the outbox: its queued handoffs get their
	// open job from migration 0002, so an upgrade loses none.
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db := migratedBefore(t, path, "0002_outbox.sql")
	clk := newClock()
	insert := func(id, conv, state string, attempts int) {
		_, err := db.Exec(`INSERT INTO handoffs (id, conversation_id, state, priority, attempts, created_at, updated_at)
			VALUES (?, ?, ?, 'urgent', ?, ?, ?)`, id, conv, state, attempts, formatTime(t0), formatTime(t0))
		require.NoError(t, err)
	}
	insert("h_new", "c1", "queued", 0)
	insert("h_tried", "c2", "queued", 1) // an inline attempt failed: it may have arrived
	insert("h_done", "c3", "delivered", 1)
	require.NoError(t, db.Close())

	s := openAt(t, path, clk)
	ds, err := s.Deliveries(ctx, handoff.DeliveryFilter{})
	require.NoError(t, err)
	require.Len(t, ds, 2)
	assert.Equal(t, []string{"h_new/open", "h_tried/open"}, subjects(ds))
	assert.False(t, ds[0].Unknown)
	assert.True(t, ds[1].Unknown, "looked up before it is opened again")
	assert.Equal(t, handoff.PriorityUrgent.Rank(), ds[0].Priority)
	assert.Equal(t, "h_new:created", ds[0].Key)
	assert.Len(t, claim(t, s, "w", 10, t0), 2, "due at once")
}
