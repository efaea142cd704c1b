package watch

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff/clock"
	"github.com/rs/zerolog"
)

// Change says that a handoff changed: its state, its session messages, its
// contact or its delivery bookkeeping.
type Change struct {
	HandoffID string
	// Seq is the change's position in the store's change sequence; it only
	// grows.
	Seq int64
	// Connector, State and Agent are the handoff's as the change was read
	// (Agent: handoff.Session.AgentName), where the Source reads them with
	// it (the store does, from the row it finds the id in); State is
	// empty where it does not, and a follower that needs them reads the
	// handoff.
	Connector, State, Agent string
}

// Source is where a Feed reads changes (the store implements it). It must be
// safe for concurrent use and see changes made by other processes.
type Source interface {
	// ChangeCursor returns the position of the latest change, where a new
	// feed starts.
	ChangeCursor(ctx context.Context) (int64, error)
	// Changes returns the handoffs changed after the position after, in the
	// order of their latest change, at most limit of them. A handoff changed
	// several times appears once, at its latest change.
	Changes(ctx context.Context, after int64, limit int) ([]Change, error)
}

// Options are a Feed's dependencies.
type Options struct {
	Source Source
	// Logger receives structured logs (the zero Logger discards).
	Logger zerolog.Logger
	// Clock is what the feed sleeps on between polls; nil means the wall
	// clock.
	Clock clock.Clock
	// Batch is the most changes one read returns (default 500).
	Batch int
	// NudgeGap is the least time from one nudged poll to the next (0: none;
	// the server uses DefaultNudgeGap). A Nudge within the gap polls when it
	// ends, so that under load one read carries the changes of many writes
	// instead of one read per write; a Nudge after a quiet moment polls at
	// once.
	NudgeGap time.Duration
}

// DefaultNudgeGap is the NudgeGap the server runs with: at most one nudged
// poll every 5 ms, a delay no follower notices (an open desk page, a
// subscription, a call waiting for an agent), against one read of the
// change sequence per write under load (8% of the server's CPU at 1,500
// created handoffs a second).
const DefaultNudgeGap = 5 * time.Millisecond

// DefaultBatch is the most changes one read of the Source returns.
const DefaultBatch = 500

// maxReadsPerPoll bounds the reads of one poll, so that a burst of changes
// cannot keep the feed from sleeping.
const maxReadsPerPoll = 20

// Feed polls a Source and tells followers about changes. It is safe for
// concurrent use.
type Feed struct {
	cfg     Config
	src     Source
	log     zerolog.Logger
	clock   clock.Clock
	batch   int
	gap     time.Duration
	nudge   chan struct{}
	done    chan struct{}
	started atomic.Bool
	// position is the latest change dispatched (0 before the first read).
	position atomic.Int64

	mu        sync.Mutex // protects the fields below
	listeners map[int]func([]Change)
	nextID    int
	watchers  map[string]map[chan struct{}]struct{}
}

// New returns a Feed over opts.Source; cfg is filled with defaults and
// checked.
func New(cfg Config, opts Options) (*Feed, error) {
	cfg.Defaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if opts.Source == nil {
		return nil, errors.New("watch: no source")
	}
	f := &Feed{
		cfg: cfg, src: opts.Source, log: opts.Logger, clock: clock.Or(opts.Clock), batch: opts.Batch, gap: opts.NudgeGap,
		nudge: make(chan struct{}, 1), done: make(chan struct{}),
		listeners: map[int]func([]Change){}, watchers: map[string]map[chan struct{}]struct{}{},
	}
	if f.batch <= 0 {
		f.batch = DefaultBatch
	}
	return f, nil
}

// Config returns the effective configuration (defaults filled in).
func (f *Feed) Config() Config { return f.cfg }

// Run polls the source until ctx ends: every PollInterval, and at once after
// a Nudge. It starts at the latest change (history is not replayed), closes
// Done when it returns, and may be called once.
func (f *Feed) Run(ctx context.Context) error {
	if !f.started.CompareAndSwap(false, true) {
		return errors.New("watch: Run called twice")
	}
	defer close(f.done)
	var (
		cursor int64
		err    error
	)
	for {
		if cursor, err = f.src.ChangeCursor(ctx); err == nil {
			break
		}
		if ctx.Err() != nil {
			return nil // shutting down, not failing
		}
		f.log.Warn().Err(err).Msg("reading the change cursor; retrying")
		select {
		case <-ctx.Done():
			return nil
		case <-f.clock.After(f.cfg.PollInterval):
		}
	}
	f.position.Store(cursor)
	failing := false
	var nudged time.Time // when the latest nudged poll started
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-f.nudge:
			if f.gap > 0 {
				if !nudged.IsZero() {
					if wait := f.gap - f.clock.Now().Sub(nudged); wait > 0 {
						select {
						case <-ctx.Done():
							return nil
						case <-f.clock.After(wait):
						}
					}
				}
				nudged = f.clock.Now()
			}
		case <-f.clock.After(f.cfg.PollInterval):
		}
		cursor, err = f.poll(ctx, cursor)
		switch {
		case err != nil && ctx.Err() != nil:
			return nil
		case err != nil && !failing:
			f.log.Warn().Err(err).Msg("reading handoff changes; retrying at every poll")
			failing = true
		case err == nil && failing:
			f.log.Info().Msg("reading handoff changes again")
			failing = false
		}
	}
}

// poll reads the changes after cursor, in batches, and dispatches them. It
// returns the new cursor.
func (f *Feed) poll(ctx context.Context, cursor int64) (int64, error) {
	for range maxReadsPerPoll {
		changes, err := f.src.Changes(ctx, cursor, f.batch)
		if err != nil {
			return cursor, err
		}
		if len(changes) == 0 {
			return cursor, nil
		}
		cursor = changes[len(changes)-1].Seq
		f.dispatch(changes)
		f.position.Store(cursor)
		if len(changes) < f.batch {
			return cursor, nil
		}
	}
	// More is waiting: read on without sleeping.
	f.Nudge()
	return cursor, nil
}

// dispatch wakes the watchers of the changed handoffs, then calls the
// listeners, outside the lock.
func (f *Feed) dispatch(changes []Change) {
	f.mu.Lock()
	for _, c := range changes {
		for ch := range f.watchers[c.HandoffID] {
			select {
			case ch <- struct{}{}:
			default: // already woken; the wake-ups coalesce
			}
		}
	}
	listeners := make([]func([]Change), 0, len(f.listeners))
	for _, fn := range f.listeners {
		listeners = append(listeners, fn)
	}
	f.mu.Unlock()
	for _, fn := range listeners {
		fn(changes)
	}
}

// Position returns the store's change sequence up to which every change has
// been dispatched to the followers (the start position until the first poll
// found something). Tests use it to know that the feed caught up.
func (f *Feed) Position() int64 { return f.position.Load() }

// Nudge asks for a poll now, after a write in this process. It never blocks;
// nudges made before the poll runs coalesce into one.
func (f *Feed) Nudge() {
	select {
	case f.nudge <- struct{}{}:
	default:
	}
}

// Done is closed when Run has returned: nothing more will be reported.
func (f *Feed) Done() <-chan struct{} { return f.done }

// Listen calls fn with every batch of changes, from the polling goroutine,
// until stop is called. fn must not block.
func (f *Feed) Listen(fn func([]Change)) (stop func()) {
	f.mu.Lock()
	defer f.mu.Unlock()
	id := f.nextID
	f.nextID++
	f.listeners[id] = fn
	return func() {
		f.mu.Lock()
		defer f.mu.Unlock()
		delete(f.listeners, id)
	}
}

// Watch returns a channel that receives a value after handoff id changed
// (several changes before it is read coalesce into one), until stop is
// called.
func (f *Feed) Watch(id string) (changed <-chan struct{}, stop func()) {
	ch := make(chan struct{}, 1)
	f.mu.Lock()
	defer f.mu.Unlock()
	set := f.watchers[id]
	if set == nil {
		set = map[chan struct{}]struct{}{}
		f.watchers[id] = set
	}
	set[ch] = struct{}{}
	return ch, func() {
		f.mu.Lock()
		defer f.mu.Unlock()
		delete(f.watchers[id], ch)
		if len(f.watchers[id]) == 0 {
			delete(f.watchers, id)
		}
	}
}

// Watching returns how many Watch channels are open, for tests and metrics.
func (f *Feed) Watching() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, set := range f.watchers {
		n += len(set)
	}
	return n
}
