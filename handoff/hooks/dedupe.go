package hooks

import (
	"context"
	"sync"
	"time"
)

// Deduper remembers the events already received, so that a redelivered or
// replayed event changes nothing. The store implements it durably (shared
// by every replica); MemoryDeduper serves a single process and tests.
type Deduper interface {
	// Seen records eventID of connector, received at at, and reports
	// whether it was recorded before. Checking and recording are one atomic
	// step: of two concurrent deliveries of one event, exactly one sees
	// false.
	Seen(ctx context.Context, connector, eventID string, at time.Time) (alreadySeen bool, err error)
	// Forget removes eventID, so that the helpdesk's retry of an event
	// whose processing failed is processed again.
	Forget(ctx context.Context, connector, eventID string) error
}

// DefaultDedupeRetention is how long MemoryDeduper remembers an event: longer
// than any vendor keeps retrying one (Intercom pauses a failing endpoint's
// notifications for 15 minutes; Zendesk and Chatwoot retry for minutes).
const DefaultDedupeRetention = 72 * time.Hour

// DefaultDedupeMax bounds the events MemoryDeduper remembers; the oldest are
// forgotten first.
const DefaultDedupeMax = 100_000

// MemoryDeduper is a Deduper in memory: safe for concurrent use, bounded in
// time and size, lost on restart. It is correct for one process; several
// replicas need the store's.
type MemoryDeduper struct {
	retention time.Duration
	max       int

	mu    sync.Mutex           // protects the fields below
	seen  map[string]time.Time // key -> when first seen
	order []dedupeEntry        // insertion order, for pruning
}

type dedupeEntry struct {
	key string
	at  time.Time
}

var _ Deduper = (*MemoryDeduper)(nil)

// NewMemoryDeduper returns a MemoryDeduper that remembers an event for
// retention (DefaultDedupeRetention when zero) and at most max events
// (DefaultDedupeMax when zero).
func NewMemoryDeduper(retention time.Duration, max int) *MemoryDeduper {
	if retention <= 0 {
		retention = DefaultDedupeRetention
	}
	if max <= 0 {
		max = DefaultDedupeMax
	}
	return &MemoryDeduper{retention: retention, max: max, seen: map[string]time.Time{}}
}

// Seen implements Deduper. Events older than the retention, measured from
// at, are forgotten first.
func (d *MemoryDeduper) Seen(_ context.Context, connector, eventID string, at time.Time) (bool, error) {
	key := connector + "\x00" + eventID
	d.mu.Lock()
	defer d.mu.Unlock()
	d.prune(at)
	if _, ok := d.seen[key]; ok {
		return true, nil
	}
	d.seen[key] = at
	d.order = append(d.order, dedupeEntry{key, at})
	return false, nil
}

// Forget implements Deduper.
func (d *MemoryDeduper) Forget(_ context.Context, connector, eventID string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	delete(d.seen, connector+"\x00"+eventID)
	return nil
}

// Len returns the number of events remembered.
func (d *MemoryDeduper) Len() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.seen)
}

// prune drops entries older than the retention and, beyond max, the oldest.
// An order entry whose key was forgotten or re-recorded later is skipped.
func (d *MemoryDeduper) prune(now time.Time) {
	cut := now.Add(-d.retention)
	i := 0
	for ; i < len(d.order); i++ {
		e := d.order[i]
		if e.at.After(cut) && len(d.seen) < d.max {
			break
		}
		if at, ok := d.seen[e.key]; ok && at.Equal(e.at) {
			delete(d.seen, e.key)
		}
	}
	if i > 0 {
		d.order = append(d.order[:0:0], d.order[i:]...)
	}
	if len(d.order) > 2*d.max {
		// Forgotten events leave stale entries behind; drop them.
		live := d.order[:0]
		for _, e := range d.order {
			if at, ok := d.seen[e.key]; ok && at.Equal(e.at) {
				live = append(live, e)
			}
		}
		d.order = live
	}
}
