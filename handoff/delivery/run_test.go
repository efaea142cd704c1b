package delivery

import (
	"context"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// runRig starts Run with a fake sleep and returns a function that stops it.
func runRig(t *testing.T, r *rig, cfg Config, conn handoff.Connector) (*Worker, *sleeper, func()) {
	t.Helper()
	s := newSleeper()
	w, err := New(cfg, Options{Store: r.store, Connector: conn, Logger: zerolog.New(r.logs), Clock: s.on(r.clk),
		Rand: maxJitter, Owner: "runner"})
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	return w, s, func() {
		cancel()
		for {
			select {
			case err := <-done:
				require.NoError(t, err)
				return
			case <-s.reqs: // the shutdown's grace sleep, or an idle sleep in flight
			}
		}
	}
}

func TestRunResumesAndSleepsUntilDue(t *testing.T) {
	d := newDesk(func(op string, n int) int {
		if op == "open" && n == 1 {
			return refuse
		}
		return ok
	})
	cfg := testConfig()
	r := newRig(t, cfg, d)
	// Three jobs already due when the worker starts (a restart).
	for _, id := range []string{"h_1", "h_2", "h_3"} {
		r.handoff(id, handoff.PriorityNormal)
	}
	w, sl, stop := runRig(t, r, cfg, d)

	// Time flies: each sleep the worker asks for passes at once on the
	// fake clock. Every first attempt fails and is due again 1s later (the
	// top of the first jitter window): the worker sleeps until then, not a
	// whole poll interval, and never less than its floor.
	var sleeps []time.Duration
	opened := 0
	for opened < 3 {
		select {
		case sleep := <-sl.reqs:
			sleeps = append(sleeps, sleep.d)
			// Time moves only while no attempt is in flight: a real attempt
			// ends (or times out) well within its lease, and a fake clock
			// jumping past the lease mid-attempt would hand the job to a
			// second claim, which no real clock does.
			require.Eventually(t, func() bool { return len(w.slots) == 0 }, 10*time.Second, time.Millisecond)
			r.clk.Advance(sleep.d)
			sleep.at <- r.clk.Now()
		case <-d.opened:
			opened++
		case <-time.After(10 * time.Second):
			t.Fatal("timed out waiting for the deliveries")
		}
	}
	stop()
	w.Wait()
	for _, id := range []string{"h_1", "h_2", "h_3"} {
		assert.Equal(t, handoff.StateDelivered, r.get(id).State, id)
		assert.Len(t, d.ticketsOf(id), 1, id)
	}
	assert.Contains(t, sleeps, time.Second, "slept until the retries were due")
	for _, s := range sleeps {
		assert.True(t, s >= time.Millisecond && s <= cfg.PollInterval, "sleep %s", s)
	}
}

func TestRunWakesOnKickAndPoll(t *testing.T) {
	d := newDesk(nil)
	cfg := testConfig()
	r := newRig(t, cfg, d)
	w, sl, stop := runRig(t, r, cfg, d)
	defer stop()

	sl.until(t, cfg.PollInterval)
	r.handoff("h_1", handoff.PriorityNormal) // enqueued in this process
	w.Kick()
	assert.Equal(t, "h_1", recv(t, d.opened, "the kicked delivery"))

	// As if enqueued by another process: no kick. Run finds it when its
	// poll sleep ends. Which sleep that is depends on when h_1's attempt
	// woke Run (an abandoned sleep stays unfired), so every sleep it asks
	// for from now on ends at once.
	r.handoff("h_2", handoff.PriorityNormal)
	stopFiring := make(chan struct{})
	fired := make(chan struct{})
	go func() {
		defer close(fired)
		for {
			select {
			case sl := <-sl.reqs:
				sl.at <- r.clk.Now()
			case <-stopFiring:
				return
			}
		}
	}()
	assert.Equal(t, "h_2", recv(t, d.opened, "the polled delivery"))
	close(stopFiring)
	<-fired
}

func TestRunWakesForAttemptsMadeOutsideIt(t *testing.T) {
	// A request's first attempt (DeliverNow) fails while Run sleeps a whole
	// poll interval: Run is woken and sleeps only until the retry is due.
	d := newDesk(func(op string, n int) int {
		if n == 1 {
			return refuse
		}
		return ok
	})
	cfg := testConfig()
	r := newRig(t, cfg, d)
	w, sl, stop := runRig(t, r, cfg, d)
	defer stop()
	sl.until(t, cfg.PollInterval)
	r.handoff("h_1", handoff.PriorityNormal)
	w.DeliverNow(context.Background(), "h_1", 0)
	retry := sl.until(t, time.Second)
	r.clk.Advance(time.Second)
	retry.at <- r.clk.Now()
	assert.Equal(t, "h_1", recv(t, d.opened, "the retry"))
}

func TestRunShutdownReleasesInterruptedAttempts(t *testing.T) {
	d := newDesk(func(string, int) int { return blockNow })
	cfg := testConfig()
	r := newRig(t, cfg, d)
	r.handoff("h_1", handoff.PriorityNormal)
	s := newSleeper()
	w, err := New(cfg, Options{Store: r.store, Connector: findingDesk{d}, Logger: zerolog.New(r.logs), Clock: s.on(r.clk),
		Rand: maxJitter, Owner: "runner", ShutdownGrace: 7 * time.Second})
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	recv(t, d.entered, "the attempt")
	cancel()
	grace := s.until(t, 7*time.Second)
	grace.at <- r.clk.Now() // the grace period ends with the attempt still hanging
	require.NoError(t, recv(t, done, "Run to return"))

	job := r.jobs("h_1")[0]
	assert.Equal(t, handoff.DeliveryPending, job.State)
	assert.True(t, job.Unknown, "the interrupted attempt may have reached the helpdesk")
	assert.Equal(t, 0, job.Attempts, "an interrupted attempt does not count")
	assert.Empty(t, job.LeaseOwner, "released: no lease to wait for")
	assert.Contains(t, r.logs.String(), "interrupted by shutdown")

	// The next start finds the ticket the interrupted attempt opened, half
	// a lease later: a create cut short may still be on its way.
	next := r.worker(cfg, findingDesk{newDeskSharing(d)}, "next")
	n, err := next.RunOnce(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 0, n, "not looked up at once")
	r.clk.Advance(cfg.AttemptTimeout())
	n, err = next.RunOnce(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	assert.Equal(t, handoff.StateDelivered, r.get("h_1").State)
	assert.Len(t, d.ticketsOf("h_1"), 1)
}

// newDeskSharing returns a healthy desk over d's tickets.
func newDeskSharing(d *desk) *desk {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.script = func(string, int) int { return ok }
	return d
}

func TestDeliverNow(t *testing.T) {
	t.Run("healthy helpdesk: delivered before it returns", func(t *testing.T) {
		d := newDesk(nil)
		r := newRig(t, testConfig(), d)
		r.handoff("h_1", handoff.PriorityNormal)
		r.w.DeliverNow(context.Background(), "h_1", time.Minute)
		assert.Equal(t, handoff.StateDelivered, r.get("h_1").State)
	})
	t.Run("slow helpdesk: returns when the wait ends, the attempt goes on", func(t *testing.T) {
		d := newDesk(func(string, int) int { return blockNow })
		r := newRig(t, testConfig(), d)
		r.handoff("h_1", handoff.PriorityNormal)
		s := newSleeper()
		w, err := New(testConfig(), Options{Store: r.store, Connector: d, Clock: s.on(r.clk), Owner: "tool"})
		require.NoError(t, err)
		returned := make(chan struct{})
		go func() {
			w.DeliverNow(context.Background(), "h_1", 3*time.Second)
			close(returned)
		}()
		recv(t, d.entered, "the attempt")
		wait := s.until(t, 3*time.Second)
		wait.at <- r.clk.Now()
		recv(t, returned, "DeliverNow to return")
		assert.Equal(t, handoff.StateQueued, r.get("h_1").State, "still in flight")
		close(d.unblock)
		w.Wait()
		assert.Equal(t, handoff.StateDelivered, r.get("h_1").State, "the attempt recorded its own result")
	})
	t.Run("already taken by this process's loop: waits for that attempt", func(t *testing.T) {
		d := newDesk(func(string, int) int { return blockNow })
		r := newRig(t, testConfig(), d)
		r.handoff("h_1", handoff.PriorityNormal)
		s := newSleeper()
		w, err := New(testConfig(), Options{Store: r.store, Connector: d, Clock: s.on(r.clk), Owner: "tool"})
		require.NoError(t, err)
		ran := make(chan int, 1)
		go func() { n, _ := w.RunOnce(context.Background()); ran <- n }()
		recv(t, d.entered, "the loop's attempt")
		stateOnReturn := make(chan handoff.State, 1)
		go func() {
			w.DeliverNow(context.Background(), "h_1", time.Minute)
			stateOnReturn <- r.get("h_1").State
		}()
		s.until(t, time.Minute) // DeliverNow waits for the loop's attempt
		close(d.unblock)
		assert.Equal(t, handoff.StateDelivered, <-stateOnReturn, "it returned once the loop's attempt was recorded")
		assert.Equal(t, 1, <-ran)
		assert.Equal(t, []string{"open h_1"}, d.callLog(), "one attempt")
	})
	t.Run("held by another worker: left to the loop", func(t *testing.T) {
		d := newDesk(nil)
		r := newRig(t, testConfig(), d)
		r.handoff("h_1", handoff.PriorityNormal)
		_, err := r.store.ClaimDeliveries(context.Background(), handoff.Claim{Owner: "other", Limit: 1, Lease: time.Minute, Now: r.clk.Now()})
		require.NoError(t, err)
		r.w.DeliverNow(context.Background(), "h_1", time.Minute)
		assert.Empty(t, d.callLog())
		assert.Len(t, r.w.kick, 1, "the loop was kicked")
	})
}
