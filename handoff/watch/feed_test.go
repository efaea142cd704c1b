package watch_test

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/clock/clocktest"
	"github.com/handoff-mcp/handoff-mcp/handoff/watch"
	"github.com/handoff-mcp/handoff-mcp/internal/testlog"
	"github.com/handoff-mcp/handoff-mcp/store"
)

var t0 = time.Date(2026, 11, 18, 9, 0, 0, 0, time.UTC)

// fixture is a feed over a SQLite file, and a second handle on the same
// file standing for another process.
type fixture struct {
	feed  *watch.Feed
	clock *clocktest.Fake
	own   *store.DB
	other *store.DB
	got   *recorder
	stop  context.CancelFunc
}

// recorder collects what a listener receives.
type recorder struct {
	mu      sync.Mutex // protects batches
	batches [][]watch.Change
}

func (r *recorder) add(c []watch.Change) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.batches = append(r.batches, append([]watch.Change(nil), c...))
}

// ids returns every handoff id received so far, in order.
func (r *recorder) ids() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, b := range r.batches {
		for _, c := range b {
			out = append(out, c.HandoffID)
		}
	}
	return out
}

func openStore(t *testing.T, path string) *store.DB {
	t.Helper()
	s, err := store.Open(context.Background(), path, store.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return s
}

// newFixture starts a feed and waits until it has read its cursor and
// sleeps.
func newFixture(t *testing.T, opts watch.Options, created ...string) *fixture {
	t.Helper()
	path := filepath.Join(t.TempDir(), "handoff.db")
	f := &fixture{clock: clocktest.NewFake(t0), own: openStore(t, path), other: openStore(t, path), got: &recorder{}}
	for _, id := range created {
		f.create(t, id)
	}
	if opts.Source == nil {
		opts.Source = f.own
	}
	opts.Clock = f.clock
	feed, err := watch.New(watch.Config{}, opts)
	require.NoError(t, err)
	f.feed = feed
	t.Cleanup(feed.Listen(f.got.add))
	ctx, cancel := context.WithCancel(context.Background())
	f.stop = cancel
	go func() { _ = feed.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-feed.Done() })
	require.Eventually(t, func() bool { return f.clock.Pending() > 0 }, 5*time.Second, time.Millisecond, "the feed did not start")
	return f
}

// create stores a handoff through the other handle.
func (f *fixture) create(t *testing.T, id string) {
	t.Helper()
	_, created, err := f.other.CreateHandoffIfRoom(context.Background(), handoff.Handoff{ID: id, ConversationID: "conv-" + id, CreatedAt: t0}, 0)
	require.NoError(t, err)
	require.True(t, created)
}

func (f *fixture) transition(t *testing.T, id string, to handoff.State) {
	t.Helper()
	_, err := f.other.UpdateHandoff(context.Background(), id, func(handoff.Handoff) (handoff.Change, error) {
		return handoff.Change{State: to, Cause: "test", At: t0}, nil
	})
	require.NoError(t, err)
}

// eventually advances the clock by a poll interval until cond holds.
func (f *fixture) eventually(t *testing.T, cond func() bool, msg string) {
	t.Helper()
	require.Eventually(t, func() bool {
		f.clock.Advance(watch.DefaultPollInterval)
		return cond()
	}, 5*time.Second, time.Millisecond, msg)
}

func TestFeedReportsChangesFromAnotherHandle(t *testing.T) {
	f := newFixture(t, watch.Options{}, "h_before")
	joined, stopJoined := f.feed.Watch("h_1")
	defer stopJoined()
	untouched, stopUntouched := f.feed.Watch("h_before")
	defer stopUntouched()

	f.create(t, "h_1")
	f.eventually(t, func() bool { return len(f.got.ids()) > 0 }, "no change reported")
	assert.Equal(t, []string{"h_1"}, f.got.ids(), "history before the start is not replayed")
	select {
	case <-joined:
	default:
		t.Fatal("the watcher of h_1 was not woken")
	}
	select {
	case <-untouched:
		t.Fatal("the watcher of an unchanged handoff was woken")
	default:
	}

	f.transition(t, "h_1", handoff.StateAgentJoined)
	f.transition(t, "h_before", handoff.StateCancelled)
	f.eventually(t, func() bool { return len(f.got.ids()) == 3 }, "transitions not reported")
	assert.Equal(t, []string{"h_1", "h_1", "h_before"}, f.got.ids())
	assert.Len(t, joined, 1, "wake-ups coalesce")
	assert.Len(t, untouched, 1)
}

func TestFeedNudgePollsWithoutWaiting(t *testing.T) {
	f := newFixture(t, watch.Options{}, "h_1")
	f.transition(t, "h_1", handoff.StateDelivered)
	f.feed.Nudge()
	f.feed.Nudge() // coalesces with the first
	require.Eventually(t, func() bool { return len(f.got.ids()) == 1 }, 5*time.Second, time.Millisecond, "a nudge did not poll")
	assert.Equal(t, []string{"h_1"}, f.got.ids(), "seen without the clock moving")
}

// TestFeedNudgeGap checks that nudges spaced closer than NudgeGap share a
// poll: the first after a quiet moment polls at once, the next waits for
// the gap's end on the feed's clock.
func TestFeedNudgeGap(t *testing.T) {
	f := newFixture(t, watch.Options{NudgeGap: 10 * time.Second}, "h_1", "h_2")
	f.transition(t, "h_1", handoff.StateDelivered)
	f.feed.Nudge()
	require.Eventually(t, func() bool { return len(f.got.ids()) == 1 }, 5*time.Second, time.Millisecond, "the first nudge did not poll at once")

	f.transition(t, "h_2", handoff.StateDelivered)
	f.feed.Nudge()
	// The feed now waits on the clock; a poll without the gap would take
	// microseconds.
	time.Sleep(50 * time.Millisecond)
	f.clock.Advance(5 * time.Second)
	time.Sleep(50 * time.Millisecond)
	assert.Equal(t, []string{"h_1"}, f.got.ids(), "a nudge within the gap polled before its end")
	f.clock.Advance(5 * time.Second)
	require.Eventually(t, func() bool { return len(f.got.ids()) == 2 }, 5*time.Second, time.Millisecond, "the nudge did not poll at the gap's end")
	assert.Equal(t, []string{"h_1", "h_2"}, f.got.ids())
}

func TestFeedDrainsMoreThanABatch(t *testing.T) {
	f := newFixture(t, watch.Options{Batch: 2})
	want := []string{"h_a", "h_b", "h_c", "h_d", "h_e"}
	for _, id := range want {
		f.create(t, id)
	}
	f.feed.Nudge()
	require.Eventually(t, func() bool { return len(f.got.ids()) == len(want) }, 5*time.Second, time.Millisecond)
	assert.Equal(t, want, f.got.ids())
	f.got.mu.Lock()
	defer f.got.mu.Unlock()
	for _, b := range f.got.batches {
		assert.LessOrEqual(t, len(b), 2)
	}
}

// flaky is a Source that fails while failing is set.
type flaky struct {
	watch.Source
	mu      sync.Mutex // protects failing
	failing bool
}

func (s *flaky) set(v bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failing = v
}

func (s *flaky) Changes(ctx context.Context, after int64, limit int) ([]watch.Change, error) {
	s.mu.Lock()
	failing := s.failing
	s.mu.Unlock()
	if failing {
		return nil, errors.New("database is locked")
	}
	return s.Source.Changes(ctx, after, limit)
}

func TestFeedSurvivesSourceErrors(t *testing.T) {
	path := filepath.Join(t.TempDir(), "handoff.db")
	src := &flaky{Source: openStore(t, path)}
	logs := &testlog.Buffer{}
	f := newFixture(t, watch.Options{Source: src, Logger: zerolog.New(logs)})
	other := openStore(t, path)

	src.set(true)
	_, _, err := other.CreateHandoffIfRoom(context.Background(), handoff.Handoff{ID: "h_1", ConversationID: "c1"}, 0)
	require.NoError(t, err)
	for range 3 {
		f.clock.Advance(watch.DefaultPollInterval)
	}
	require.Eventually(t, func() bool { return bytes.Contains([]byte(logs.String()), []byte("reading handoff changes; retrying")) },
		5*time.Second, time.Millisecond)
	assert.Empty(t, f.got.ids())

	src.set(false)
	f.eventually(t, func() bool { return len(f.got.ids()) == 1 }, "the change made while failing was lost")
	assert.Equal(t, []string{"h_1"}, f.got.ids())
	assert.Equal(t, 1, bytes.Count([]byte(logs.String()), []byte("retrying at every poll")), "the failure is logged once: %s", logs.String())
	assert.Contains(t, logs.String(), "reading handoff changes again")
}

func TestFeedStopsCleanly(t *testing.T) {
	f := newFixture(t, watch.Options{})
	_, stop := f.feed.Watch("h_1")
	assert.Equal(t, 1, f.feed.Watching())
	stop()
	assert.Zero(t, f.feed.Watching(), "a stopped watch holds nothing")

	f.stop()
	select {
	case <-f.feed.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after its context ended")
	}
	assert.Error(t, f.feed.Run(context.Background()), "Run may be called once")
}

func TestConfig(t *testing.T) {
	tests := []struct {
		name string
		cfg  watch.Config
		want string
	}{
		{"defaults", watch.Config{}, ""},
		{"fast poll", watch.Config{PollInterval: time.Millisecond}, "poll_interval: is 1ms; use a duration from 10ms to 1m"},
		{"negative wait", watch.Config{WaitForAgent: -time.Second}, "wait_for_agent: is -1s"},
		{"endless wait", watch.Config{WaitForAgent: 2 * time.Hour}, "wait_for_agent: is 2h0m0s; use 0 (do not wait) or a duration up to 1h"},
		{"chatty progress", watch.Config{ProgressInterval: time.Millisecond}, "progress_interval: is 1ms"},
		{"no subscriptions", watch.Config{MaxSubscriptions: -1}, "max_subscriptions: is -1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.cfg.Defaults()
			err := tt.cfg.Validate()
			if tt.want == "" {
				require.NoError(t, err)
				assert.Equal(t, watch.Config{PollInterval: time.Second, ProgressInterval: 10 * time.Second, MaxSubscriptions: 100_000}, tt.cfg)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

// cursorOnCancel is a Source whose cursor read fails with its context's
// error, as a database read does when the server shuts down.
type cursorOnCancel struct{ watch.Source }

func (s cursorOnCancel) ChangeCursor(ctx context.Context) (int64, error) {
	<-ctx.Done()
	return 0, ctx.Err()
}

func TestFeedShutdownDuringStartIsQuiet(t *testing.T) {
	logs := &testlog.Buffer{}
	src := cursorOnCancel{Source: openStore(t, filepath.Join(t.TempDir(), "handoff.db"))}
	feed, err := watch.New(watch.Config{}, watch.Options{Source: src, Logger: zerolog.New(logs)})
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	go func() { _ = feed.Run(ctx) }()
	cancel()
	select {
	case <-feed.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after its context ended")
	}
	assert.Empty(t, logs.String(), "a shutdown is not a failure")
}
