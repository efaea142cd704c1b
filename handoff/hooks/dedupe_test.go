package hooks

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMemoryDeduper(t *testing.T) {
	ctx := context.Background()
	type step struct {
		op        string // seen or forget
		connector string
		id        string
		at        time.Duration // after testNow
		want      bool
	}
	cases := []struct {
		name  string
		ret   time.Duration
		max   int
		steps []step
	}{
		{"first time new, then seen", time.Hour, 10, []step{
			{"seen", "zendesk", "e1", 0, false},
			{"seen", "zendesk", "e1", time.Minute, true},
		}},
		{"connectors are separate", time.Hour, 10, []step{
			{"seen", "zendesk", "e1", 0, false},
			{"seen", "chatwoot", "e1", 0, false},
		}},
		{"forgotten is new again", time.Hour, 10, []step{
			{"seen", "zendesk", "e1", 0, false},
			{"forget", "zendesk", "e1", 0, false},
			{"seen", "zendesk", "e1", time.Minute, false},
			{"seen", "zendesk", "e1", 2 * time.Minute, true},
		}},
		{"past the retention is new again", time.Hour, 10, []step{
			{"seen", "zendesk", "e1", 0, false},
			{"seen", "zendesk", "e1", 59 * time.Minute, true},
			{"seen", "zendesk", "e1", 61 * time.Minute, false},
		}},
		{"beyond max the oldest goes first", time.Hour, 2, []step{
			{"seen", "zendesk", "e1", 0, false},
			{"seen", "zendesk", "e2", time.Second, false},
			{"seen", "zendesk", "e3", 2 * time.Second, false},
			{"seen", "zendesk", "e3", 3 * time.Second, true},
			{"seen", "zendesk", "e1", 4 * time.Second, false},
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := NewMemoryDeduper(c.ret, c.max)
			for i, s := range c.steps {
				if s.op == "forget" {
					require.NoError(t, d.Forget(ctx, s.connector, s.id))
					continue
				}
				got, err := d.Seen(ctx, s.connector, s.id, testNow.Add(s.at))
				require.NoError(t, err)
				assert.Equal(t, s.want, got, "step %d (%s %s)", i, s.connector, s.id)
			}
			assert.LessOrEqual(t, d.Len(), c.max)
		})
	}
}

func TestMemoryDeduperBounded(t *testing.T) {
	ctx := context.Background()
	d := NewMemoryDeduper(time.Hour, 100)
	for i := range 10_000 {
		_, err := d.Seen(ctx, "zendesk", fmt.Sprint("e", i), testNow.Add(time.Duration(i)*time.Millisecond))
		require.NoError(t, err)
		if i%3 == 0 {
			require.NoError(t, d.Forget(ctx, "zendesk", fmt.Sprint("e", i)))
		}
	}
	assert.LessOrEqual(t, d.Len(), 100)
	assert.LessOrEqual(t, len(d.order), 2*100+1, "stale entries are compacted")
}

func TestMemoryDeduperConcurrent(t *testing.T) {
	d := NewMemoryDeduper(0, 0)
	var fresh atomic.Int32
	var wg sync.WaitGroup
	for range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			seen, err := d.Seen(context.Background(), "intercom", "notif_1", testNow)
			assert.NoError(t, err)
			if !seen {
				fresh.Add(1)
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, int32(1), fresh.Load(), "exactly one delivery sees a new event")
}
