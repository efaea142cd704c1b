package delivery

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/clock"
	"github.com/handoff-mcp/handoff-mcp/handoff/clock/clocktest"
	"github.com/handoff-mcp/handoff-mcp/internal/testlog"
	"github.com/handoff-mcp/handoff-mcp/store"
)

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// fakeClock is the fake clock of the tests, which moves only when told.
type fakeClock = clocktest.Fake

func newClock() *fakeClock { return clocktest.NewFake(t0) }

// call is one operation the fake helpdesk received.
type call struct {
	Op      string // open, find, message, close
	Subject string
	Seq     int64
}

func (c call) String() string {
	if c.Op == "message" {
		return fmt.Sprintf("%s %s %d", c.Op, c.Subject, c.Seq)
	}
	return c.Op + " " + c.Subject
}

// Failure modes of the fake helpdesk.
const (
	ok       = iota
	refuse   // a transient failure before anything happened (503)
	lost     // the ticket is created, then the response is lost (timeout)
	reject   // a permanent refusal (401)
	limited  // 429 with Retry-After
	blockNow // create the ticket, then block until unblocked, then succeed
)

// desk is a fake helpdesk connector that counts the tickets it creates. It
// creates one per Open, as a helpdesk without idempotency keys would, so a
// second Open for a handoff is a duplicate. Its script decides the outcome
// of each operation.
type desk struct {
	mu         sync.Mutex // protects the fields below
	tickets    map[string][]string
	calls      []call
	script     func(op string, n int) int // n counts the op's calls so far for the subject
	n          map[string]int
	retryAfter time.Duration
	unblock    chan struct{}
	entered    chan struct{}
	opened     chan string // receives the id of every ticket created
	checkErr   error
}

var _ handoff.Connector = (*desk)(nil)

func newDesk(script func(op string, n int) int) *desk {
	if script == nil {
		script = func(string, int) int { return ok }
	}
	return &desk{tickets: map[string][]string{}, n: map[string]int{}, script: script,
		unblock: make(chan struct{}), entered: make(chan struct{}, 16), opened: make(chan string, 1024)}
}

func (d *desk) Name() string { return "fake" }

func (d *desk) outcome(op, subject string, seq int64) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.calls = append(d.calls, call{op, subject, seq})
	key := op + " " + subject
	d.n[key]++
	return d.script(op, d.n[key])
}

func (d *desk) err(mode int) error {
	switch mode {
	case refuse:
		return handoff.Transient(errors.New("fake: 503 Service Unavailable"), 0)
	case lost:
		return handoff.Transient(errors.New("fake: timed out: context deadline exceeded"), 0)
	case reject:
		return handoff.Permanent(errors.New("fake: 401 Unauthorized: check helpdesk.fake.api_token"))
	case limited:
		return handoff.Transient(errors.New("fake: 429 Too Many Requests"), d.retryAfter)
	}
	return nil
}

func (d *desk) create(id string) string {
	d.mu.Lock()
	defer d.mu.Unlock()
	remote := "T" + strconv.Itoa(len(d.calls)) + "-" + id
	d.tickets[id] = append(d.tickets[id], remote)
	d.opened <- id
	return remote
}

func (d *desk) Open(ctx context.Context, h handoff.Handoff) (handoff.Receipt, error) {
	mode := d.outcome("open", h.ID, 0)
	switch mode {
	case ok:
		return handoff.Receipt{RemoteID: d.create(h.ID), URL: "https://desk.test/" + h.ID}, nil
	case lost:
		d.create(h.ID)
	case blockNow:
		r := handoff.Receipt{RemoteID: d.create(h.ID)}
		d.entered <- struct{}{}
		select {
		case <-d.unblock:
			return r, nil
		case <-ctx.Done():
			return handoff.Receipt{}, handoff.Transient(ctx.Err(), 0)
		}
	}
	return handoff.Receipt{}, d.err(mode)
}

func (d *desk) AddMessage(_ context.Context, h handoff.Handoff, m handoff.Message) error {
	return d.err(d.outcome("message", h.ID, m.Seq))
}

func (d *desk) Close(_ context.Context, h handoff.Handoff, _ string) error {
	return d.err(d.outcome("close", h.ID, 0))
}

func (d *desk) Check(context.Context) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.calls = append(d.calls, call{Op: "check"})
	return d.checkErr
}

func (d *desk) ticketsOf(id string) []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]string(nil), d.tickets[id]...)
}

func (d *desk) callLog() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := make([]string, len(d.calls))
	for i, c := range d.calls {
		out[i] = c.String()
	}
	return out
}

// findingDesk is a desk whose tickets can be looked up (helpdesk.Finder).
type findingDesk struct{ *desk }

func (d findingDesk) Find(_ context.Context, h handoff.Handoff) (handoff.Receipt, bool, error) {
	if err := d.err(d.outcome("find", h.ID, 0)); err != nil {
		return handoff.Receipt{}, false, err
	}
	if ts := d.ticketsOf(h.ID); len(ts) > 0 {
		return handoff.Receipt{RemoteID: ts[0]}, true, nil
	}
	return handoff.Receipt{}, false, nil
}

// rig is a worker over a SQLite store in a temp dir, a fake clock and a
// fake helpdesk.
type rig struct {
	t     *testing.T
	path  string
	clk   *fakeClock
	store *store.DB
	w     *Worker
	logs  *testlog.Buffer
}

// maxJitter draws the largest delay, so backoff is predictable.
func maxJitter(n int64) int64 { return n - 1 }

func newRig(t *testing.T, cfg Config, conn handoff.Connector) *rig {
	t.Helper()
	r := &rig{t: t, path: filepath.Join(t.TempDir(), "handoff.db"), clk: newClock(), logs: &testlog.Buffer{}}
	r.open(cfg, conn, "w1")
	return r
}

// open (re)opens the store and builds a worker named owner, as a new
// process would.
func (r *rig) open(cfg Config, conn handoff.Connector, owner string) {
	r.t.Helper()
	st, err := store.Open(context.Background(), r.path, store.Options{Clock: r.clk})
	require.NoError(r.t, err)
	r.t.Cleanup(func() { st.Close() })
	r.store = st
	r.w = r.worker(cfg, conn, owner)
}

func (r *rig) worker(cfg Config, conn handoff.Connector, owner string) *Worker {
	r.t.Helper()
	w, err := New(cfg, Options{
		Store: r.store, Connector: conn, Logger: zerolog.New(r.logs), Clock: r.clk, Rand: maxJitter, Owner: owner,
	})
	require.NoError(r.t, err)
	r.t.Cleanup(w.Wait)
	return w
}

// handoff stores a queued handoff (with its open job) created now.
func (r *rig) handoff(id string, p handoff.Priority) handoff.Handoff {
	r.t.Helper()
	h := handoff.Handoff{
		ID: id, ConversationID: "conv-" + id, State: handoff.StateQueued, Priority: p,
		Contact:    handoff.Contact{Email: "ada@example.com"},
		Transcript: []handoff.Turn{{Role: handoff.RoleUser, Content: "a human, please"}},
		Triggers:   []string{"explicit_request"}, Connector: "fake", CreatedAt: r.clk.Now(),
	}
	stored, created, err := r.store.CreateHandoffIfRoom(context.Background(), h, 0)
	require.NoError(r.t, err)
	require.True(r.t, created)
	return stored
}

func (r *rig) enqueue(d handoff.Delivery) handoff.Delivery {
	r.t.Helper()
	ctx := context.Background()
	if d.Key == "" {
		d.Key = handoff.DeliveryKey(d.Kind, d.Subject, d.Seq)
	}
	// As the service enqueues: in the handoff's UpdateHandoff.
	_, err := r.store.UpdateHandoff(ctx, d.Subject, func(handoff.Handoff) (handoff.Change, error) {
		return handoff.Change{Jobs: []handoff.Delivery{d}}, nil
	})
	require.NoError(r.t, err)
	ds, err := r.store.Deliveries(ctx, handoff.DeliveryFilter{Subject: d.Subject})
	require.NoError(r.t, err)
	for _, stored := range ds {
		if stored.Key == d.Key {
			return stored
		}
	}
	r.t.Fatalf("job %s not stored", d.Key)
	return handoff.Delivery{}
}

func (r *rig) runOnce() int {
	r.t.Helper()
	n, err := r.w.RunOnce(context.Background())
	require.NoError(r.t, err)
	return n
}

// drain runs the worker until nothing is pending, jumping the clock to
// each next due time; it fails after limit rounds.
func (r *rig) drain(limit int) {
	r.t.Helper()
	for range limit {
		r.runOnce()
		next, pending, err := r.store.NextDue(context.Background())
		require.NoError(r.t, err)
		if !pending {
			return
		}
		if d := next.Sub(r.clk.Now()); d > 0 {
			r.clk.Advance(d)
		}
	}
	r.t.Fatalf("the outbox did not drain in %d rounds", limit)
}

func (r *rig) get(id string) handoff.Handoff {
	r.t.Helper()
	h, err := r.store.Handoff(context.Background(), id)
	require.NoError(r.t, err)
	return h
}

func (r *rig) jobs(subject string) []handoff.Delivery {
	r.t.Helper()
	ds, err := r.store.Deliveries(context.Background(), handoff.DeliveryFilter{Subject: subject})
	require.NoError(r.t, err)
	return ds
}

// testConfig is a small configuration for tests: 5 attempts, backoff from
// 1s to 30s, a 30s lease, 2 at once.
func testConfig() Config {
	return Config{Attempts: 5, BackoffBase: time.Second, BackoffMax: 30 * time.Second, Lease: 30 * time.Second,
		PollInterval: 5 * time.Second, Concurrency: 2, FirstAttemptWait: time.Second}
}

// recv receives from ch, failing the test if nothing comes within a
// generous guard time (a hang, never a timing assertion).
func recv[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(10 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
	}
	var zero T
	return zero
}

// sleeper is a fake sleep: every After call is handed to the test, which
// decides whether and when it fires.
type sleeper struct{ reqs chan sleep }

type sleep struct {
	d  time.Duration
	at chan time.Time
}

func newSleeper() *sleeper { return &sleeper{reqs: make(chan sleep)} }

func (s *sleeper) After(d time.Duration) <-chan time.Time {
	c := make(chan time.Time, 1)
	s.reqs <- sleep{d, c}
	return c
}

// on returns c's time with s's sleeps.
func (s *sleeper) on(c clock.Clock) clock.Clock { return sleeperClock{c, s} }

type sleeperClock struct {
	clock.Clock
	s *sleeper
}

func (c sleeperClock) After(d time.Duration) <-chan time.Time { return c.s.After(d) }

// until receives sleeps, leaving them unfired, until one of d.
func (s *sleeper) until(t *testing.T, d time.Duration) sleep {
	t.Helper()
	for {
		if sl := recv(t, s.reqs, "a sleep of "+d.String()); sl.d == d {
			return sl
		}
	}
}
