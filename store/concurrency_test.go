package store

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// race runs fn(i) for i in [0, n) in n goroutines released at once.
func race(n int, fn func(i int)) {
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			fn(i)
		})
	}
	close(start)
	wg.Wait()
}

func TestCreateHandoffConcurrent(t *testing.T) {
	const goroutines = 50
	forEachDatabase(t, func(t *testing.T, path string) {
		one := openAt(t, path, newClock())
		two := openAt(t, path, newClock())
		tests := []struct {
			name          string
			stores        []*DB
			conversations int
		}{
			{"one handle, one conversation", []*DB{one}, 1},
			{"two handles, one conversation", []*DB{one, two}, 1},
			{"two handles, five conversations", []*DB{one, two}, 5},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				ctx := context.Background()
				var (
					mu      sync.Mutex // protects winners and seen
					winners = map[string][]string{}
					seen    = map[string]map[string]bool{}
					errs    atomic.Int32
				)
				race(goroutines, func(i int) {
					s := tt.stores[i%len(tt.stores)]
					conv := fmt.Sprintf("%s/conv-%d", tt.name, i%tt.conversations)
					got, created, err := s.CreateHandoffIfRoom(ctx, sample(fmt.Sprintf("%s/h-%d", tt.name, i), conv, t0), 0)
					if err != nil {
						errs.Add(1)
						t.Errorf("goroutine %d: %v", i, err)
						return
					}
					mu.Lock()
					defer mu.Unlock()
					if created {
						winners[conv] = append(winners[conv], got.ID)
					}
					if seen[conv] == nil {
						seen[conv] = map[string]bool{}
					}
					seen[conv][got.ID] = true
				})
				require.Zero(t, errs.Load())
				require.Len(t, winners, tt.conversations)
				for conv, ids := range winners {
					require.Len(t, ids, 1, "conversation %s: more than one handoff created", conv)
					assert.Equal(t, map[string]bool{ids[0]: true}, seen[conv], "conversation %s: every caller got the winner", conv)
					all, err := one.ListHandoffs(ctx, handoff.ListFilter{ConversationID: conv})
					require.NoError(t, err)
					require.Len(t, all, 1)
					events, err := two.Events(ctx, ids[0])
					require.NoError(t, err)
					assert.Len(t, events, 1)
				}
			})
		}
	})
}

func TestTransitionConcurrent(t *testing.T) {
	ctx := context.Background()
	forEachDatabase(t, func(t *testing.T, path string) {
		stores := []*DB{openAt(t, path, newClock()), openAt(t, path, newClock())}
		create(t, stores[0], "h_1", "conv", t0)
		finals := []handoff.State{handoff.StateClosed, handoff.StateTimedOut, handoff.StateCancelled, handoff.StateFailed}

		type result struct {
			to  handoff.State
			got handoff.Handoff
			err error
		}
		results := make([]result, 40)
		race(len(results), func(i int) {
			to := finals[i%len(finals)]
			got, err := stores[i%2].transition(ctx, "h_1", to, fmt.Sprintf("goroutine %d", i), t0)
			results[i] = result{to, got, err}
		})

		final, err := stores[0].Handoff(ctx, "h_1")
		require.NoError(t, err)
		events, err := stores[1].Events(ctx, "h_1")
		require.NoError(t, err)
		require.Len(t, events, 2, "exactly one transition happened")
		assert.Equal(t, final.State, events[1].To)
		for i, r := range results {
			if r.to == final.State {
				// The winner, or a no-op once the winner had moved it there.
				require.NoError(t, r.err, "goroutine %d", i)
				assert.Equal(t, final, r.got)
			} else {
				assert.Equal(t, handoff.KindConflict, handoff.KindOf(r.err), "goroutine %d: %v", i, r.err)
			}
		}
	})
}

func TestSaveContactConcurrent(t *testing.T) {
	// Concurrent saves of different fields must all survive: the merge is
	// one atomic statement, not a read followed by a write.
	ctx := context.Background()
	forEachDatabase(t, func(t *testing.T, path string) {
		stores := []*DB{openAt(t, path, newClock()), openAt(t, path, newClock())}
		const conversations = 20
		race(conversations*3, func(i int) {
			conv := fmt.Sprintf("conv-%d", i/3)
			var c handoff.Contact
			switch i % 3 {
			case 0:
				c.Email = "user@example.com"
			case 1:
				c.Phone = "+358401234567"
			case 2:
				c.Name = "User"
			}
			_, err := stores[i%2].SaveContact(ctx, conv, c, t0)
			assert.NoError(t, err)
		})
		for i := range conversations {
			got, err := stores[0].Contact(ctx, fmt.Sprintf("conv-%d", i))
			require.NoError(t, err)
			assert.Equal(t, handoff.Contact{Email: "user@example.com", Phone: "+358401234567", Name: "User"}, got)
		}
	})
}
