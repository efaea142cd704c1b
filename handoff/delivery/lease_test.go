package delivery

import (
	"context"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/store"
)

// lateClaims is a store whose claims return late: the write waited for the
// database while the lease, counted from the clock reading taken before
// it, was already running.
type lateClaims struct {
	*store.DB
	clk  *fakeClock
	wait time.Duration
}

func (s lateClaims) ClaimDeliveries(ctx context.Context, c handoff.Claim) ([]handoff.Delivery, error) {
	ds, err := s.DB.ClaimDeliveries(ctx, c)
	s.clk.Advance(s.wait)
	return ds, err
}

// inFlightOpen is a helpdesk whose create requests are in flight until the
// test lets them through: the ticket is created only then (as a request
// that reached the helpdesk late, or that it processes slowly, is).
type inFlightOpen struct {
	findingDesk
	entered chan struct{}
	through chan struct{}
}

func (d inFlightOpen) Open(ctx context.Context, h handoff.Handoff) (handoff.Receipt, error) {
	d.entered <- struct{}{}
	<-d.through
	return d.findingDesk.Open(ctx, h)
}

func TestAttemptEndsWithinItsLease(t *testing.T) {
	// Worker 1 claims the open job, but its claim returns 60% of the lease
	// late (a write waiting for the database on a loaded machine). Counted
	// from when the attempt starts, half the lease would take its attempt
	// past the lease's end: worker 2 would take the job over, find no
	// ticket (worker 1's create still in flight) and open one, and worker
	// 1's create would then make a second. Counted from the claim, nothing
	// is left of the attempt's half: worker 1 gives the job back untried.
	d := newDesk(nil)
	cfg := testConfig()
	r := newRig(t, cfg, findingDesk{d})
	r.handoff("h_1", handoff.PriorityNormal)

	slow := inFlightOpen{findingDesk: findingDesk{d}, entered: make(chan struct{}, 1), through: make(chan struct{})}
	w1, err := New(cfg, Options{
		Store: lateClaims{DB: r.store, clk: r.clk, wait: cfg.Lease * 6 / 10}, Connector: slow,
		Logger: zerolog.New(r.logs), Clock: r.clk, Rand: maxJitter, Owner: "w1",
	})
	require.NoError(t, err)
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, err := w1.RunOnce(context.Background())
		assert.NoError(t, err)
	}()
	select {
	case <-slow.entered: // worker 1's create is in flight
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("worker 1 neither attempted nor returned")
	}

	// The lease ends; worker 2 takes what is due.
	r.clk.Advance(cfg.Lease)
	w2 := r.worker(cfg, findingDesk{d}, "w2")
	n, err := w2.RunOnce(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 1, n)

	close(slow.through) // worker 1's create, if it was sent, reaches the helpdesk
	<-done
	assert.Len(t, d.ticketsOf("h_1"), 1, "one ticket: calls %v", d.callLog())
	h := r.get("h_1")
	assert.Equal(t, handoff.StateDelivered, h.State)
	assert.Equal(t, d.ticketsOf("h_1")[0], h.RemoteID)
	assert.Contains(t, r.logs.String(), "no time left of its lease")
}

func TestAttemptBudget(t *testing.T) {
	cfg := testConfig() // 30s lease: an attempt gets 15s from the claim
	cfg.Defaults()
	w := &Worker{cfg: cfg}
	claimed := t0
	d := handoff.Delivery{LeaseUntil: claimed.Add(cfg.Lease)}
	for _, tt := range []struct {
		since time.Duration // from the claim's clock reading to the attempt's start
		want  time.Duration
	}{
		{0, 15 * time.Second},
		{4 * time.Second, 11 * time.Second},
		{15 * time.Second, 0},
		{18 * time.Second, -3 * time.Second},
	} {
		assert.Equal(t, tt.want, w.budget(d, claimed.Add(tt.since)), "attempt starting %s after the claim", tt.since)
	}
	assert.Equal(t, cfg.AttemptTimeout(), w.budget(handoff.Delivery{}, claimed), "no lease: the whole attempt timeout")
}

// lateCreate is a helpdesk whose first create is given up on (a timeout:
// the outcome unknown) but lands later, while the helpdesk still works
// through it.
type lateCreate struct{ findingDesk }

func (d lateCreate) Open(ctx context.Context, h handoff.Handoff) (handoff.Receipt, error) {
	if d.outcome("open", h.ID, 0) == lost && len(d.ticketsOf(h.ID)) == 0 {
		return handoff.Receipt{}, d.err(lost) // on its way: the ticket is not there yet
	}
	return handoff.Receipt{RemoteID: d.create(h.ID)}, nil
}

func TestLookupWaitsForACreateGivenUpOn(t *testing.T) {
	// The first create times out; the helpdesk makes the ticket a few
	// seconds later. A retry after the backoff alone (1s) would look
	// before the ticket exists and open a second one; the retry of an open
	// whose outcome is unknown, with a lookup and no idempotency key, waits
	// half a lease (15s) from the attempt's end.
	d := newDesk(func(op string, n int) int {
		if op == "open" && n == 1 {
			return lost
		}
		return ok
	})
	cfg := testConfig()
	r := newRig(t, cfg, lateCreate{findingDesk{d}})
	r.handoff("h_1", handoff.PriorityNormal)
	require.Equal(t, 1, r.runOnce())
	job := r.jobs("h_1")[0]
	require.True(t, job.Unknown)
	assert.Equal(t, r.clk.Now().Add(cfg.AttemptTimeout()), job.NextAttemptAt, "due half a lease after the attempt")

	r.clk.Advance(cfg.BackoffBase)
	assert.Equal(t, 0, r.runOnce(), "no lookup while the create may be on its way")
	d.create("h_1") // the helpdesk works through the request given up on
	r.drain(5)
	assert.Equal(t, []string{"open h_1", "find h_1"}, d.callLog())
	assert.Len(t, d.ticketsOf("h_1"), 1)
	assert.Equal(t, d.ticketsOf("h_1")[0], r.get("h_1").RemoteID)
}
