package delivery

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/store"
)

func TestDeliverOpensTicket(t *testing.T) {
	d := newDesk(nil)
	r := newRig(t, testConfig(), d)
	r.handoff("h_1", handoff.PriorityNormal)
	assert.Equal(t, 1, r.runOnce())
	h := r.get("h_1")
	assert.Equal(t, handoff.StateDelivered, h.State)
	assert.Equal(t, d.ticketsOf("h_1")[0], h.RemoteID)
	assert.Equal(t, "https://desk.test/h_1", h.RemoteURL)
	assert.Equal(t, "fake", h.Connector)
	assert.Equal(t, 0, r.runOnce(), "nothing left")
	assert.Contains(t, r.logs.String(), `"message":"delivered"`)
}

func TestBackoffSequenceThroughTheWorker(t *testing.T) {
	// Every attempt fails; with the jitter at its top the retries come
	// after 1, 2, 4, 8 seconds, and the fifth attempt parks the handoff.
	d := newDesk(func(string, int) int { return refuse })
	r := newRig(t, testConfig(), d)
	r.handoff("h_1", handoff.PriorityNormal)
	var delays []time.Duration
	for attempt := 1; attempt <= 5; attempt++ {
		now := r.clk.Now()
		require.Equal(t, 1, r.runOnce(), "attempt %d is due", attempt)
		job := r.jobs("h_1")[0]
		if job.State != handoff.DeliveryPending {
			break
		}
		delays = append(delays, job.NextAttemptAt.Sub(now))
		r.clk.Advance(job.NextAttemptAt.Sub(now) - time.Nanosecond)
		assert.Equal(t, 0, r.runOnce(), "attempt %d is not due before its time", attempt+1)
		r.clk.Advance(time.Nanosecond)
	}
	assert.Equal(t, []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second}, delays)
	assert.Len(t, d.callLog(), 5)
}

func TestRetryAfterHonoured(t *testing.T) {
	d := newDesk(func(op string, n int) int {
		if n == 1 {
			return limited
		}
		return ok
	})
	d.retryAfter = 90 * time.Second
	r := newRig(t, testConfig(), d)
	r.handoff("h_1", handoff.PriorityNormal)
	r.runOnce()
	job := r.jobs("h_1")[0]
	assert.Equal(t, t0.Add(90*time.Second), job.NextAttemptAt, "Retry-After beats the 1s backoff")
	assert.Contains(t, job.LastError, "429")
	r.clk.Advance(89 * time.Second)
	assert.Equal(t, 0, r.runOnce())
	r.clk.Advance(time.Second)
	assert.Equal(t, 1, r.runOnce())
	assert.Equal(t, handoff.StateDelivered, r.get("h_1").State)
}

func TestPermanentFailureNotRetried(t *testing.T) {
	d := newDesk(func(string, int) int { return reject })
	r := newRig(t, testConfig(), d)
	r.handoff("h_1", handoff.PriorityNormal)
	r.enqueue(handoff.Delivery{Subject: "h_1", Kind: handoff.DeliveryClose, Reason: "bye"})
	r.runOnce()
	r.clk.Advance(time.Hour)
	assert.Equal(t, 0, r.runOnce(), "nothing is retried")
	assert.Equal(t, []string{"open h_1"}, d.callLog())

	h := r.get("h_1")
	assert.Equal(t, handoff.StateFailed, h.State, "parked at once")
	assert.Equal(t, "fake: 401 Unauthorized: check helpdesk.fake.api_token", h.LastError)
	jobs := r.jobs("h_1")
	assert.Equal(t, handoff.DeliveryFailed, jobs[0].State)
	assert.True(t, jobs[0].Permanent)
	assert.Equal(t, handoff.DeliveryCancelled, jobs[1].State, "the close has no ticket to go to")

	logs := r.logs.String()
	assert.Contains(t, logs, `"level":"error"`)
	assert.Contains(t, logs, `"connector":"fake"`)
	assert.Contains(t, logs, `"configuration_error":true`)
	assert.Contains(t, logs, "check helpdesk.fake.api_token")
	assert.Contains(t, logs, "handoff-mcp helpdesk test")
}

func TestParkedAfterMaxAttempts(t *testing.T) {
	d := newDesk(func(string, int) int { return refuse })
	cfg := testConfig()
	cfg.Attempts = 3
	r := newRig(t, cfg, d)
	r.handoff("h_1", handoff.PriorityNormal)
	r.drain(10)
	assert.Len(t, d.callLog(), 3)
	h := r.get("h_1")
	assert.Equal(t, handoff.StateFailed, h.State)
	assert.Equal(t, 3, h.Attempts)
	assert.Contains(t, h.LastError, "503")
	job := r.jobs("h_1")[0]
	assert.Equal(t, handoff.DeliveryFailed, job.State)
	assert.False(t, job.Permanent)
	evs, err := r.store.Events(context.Background(), "h_1")
	require.NoError(t, err)
	assert.Equal(t, store.CauseDeliveryFailed, evs[len(evs)-1].Cause)
	assert.Contains(t, r.logs.String(), "parked as failed")
	// Still visible and listed.
	failed, err := r.store.ListHandoffs(context.Background(), handoff.ListFilter{States: []handoff.State{handoff.StateFailed}})
	require.NoError(t, err)
	assert.Len(t, failed, 1)
}

func TestUnknownOutcomeLooksBeforeReopening(t *testing.T) {
	tests := []struct {
		name      string
		first     int
		wantCalls []string
	}{
		{"response lost after the ticket was created", lost, []string{"open h_1", "find h_1"}},
		{"refused before anything happened", refuse, []string{"open h_1", "find h_1", "open h_1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newDesk(func(op string, n int) int {
				if op == "open" && n == 1 {
					return tt.first
				}
				return ok
			})
			r := newRig(t, testConfig(), findingDesk{d})
			r.handoff("h_1", handoff.PriorityNormal)
			r.drain(5)
			assert.Equal(t, tt.wantCalls, d.callLog())
			require.Len(t, d.ticketsOf("h_1"), 1, "exactly one ticket")
			h := r.get("h_1")
			assert.Equal(t, handoff.StateDelivered, h.State)
			assert.Equal(t, d.ticketsOf("h_1")[0], h.RemoteID, "the remote id of the one ticket is recorded")
		})
	}
}

func TestLeaseExpiryAndTakeover(t *testing.T) {
	// Worker 1 opens the ticket, then hangs before it can record the
	// result. When its lease ends, worker 2 takes the job over, finds the
	// ticket and records it; worker 1's late result is refused.
	d := newDesk(func(op string, n int) int {
		if op == "open" && n == 1 {
			return blockNow
		}
		return ok
	})
	fd := findingDesk{d}
	cfg := testConfig()
	r := newRig(t, cfg, fd)
	r.handoff("h_1", handoff.PriorityNormal)
	w1 := r.w
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, err := w1.RunOnce(context.Background())
		assert.NoError(t, err)
	}()
	<-d.entered

	w2 := r.worker(cfg, fd, "w2")
	r.clk.Advance(cfg.Lease - time.Nanosecond)
	n, err := w2.RunOnce(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 0, n, "held while the lease lasts")
	r.clk.Advance(time.Nanosecond)
	n, err = w2.RunOnce(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 1, n, "taken over when the lease ends")

	close(d.unblock)
	<-done
	assert.Equal(t, []string{"open h_1", "find h_1"}, d.callLog())
	assert.Len(t, d.ticketsOf("h_1"), 1)
	h := r.get("h_1")
	assert.Equal(t, handoff.StateDelivered, h.State)
	assert.Equal(t, d.ticketsOf("h_1")[0], h.RemoteID)
	assert.Contains(t, r.logs.String(), "lease was lost")
	assert.Contains(t, r.logs.String(), "not opening another")
}

func TestOrderPerHandoff(t *testing.T) {
	// Handoff A's open fails twice; its messages and close wait behind it
	// and go in order. B, delivered meanwhile, is not held up by A.
	d := newDesk(func(op string, n int) int {
		if op == "open" && n <= 2 {
			return refuse
		}
		if op == "message" && n == 1 {
			return refuse
		}
		return ok
	})
	cfg := testConfig()
	cfg.Concurrency = 4
	r := newRig(t, cfg, d)
	r.handoff("h_a", handoff.PriorityNormal)
	for seq := int64(1); seq <= 3; seq++ {
		r.enqueue(handoff.Delivery{Subject: "h_a", Kind: handoff.DeliveryMessage, Seq: seq,
			Message: &handoff.Message{HandoffID: "h_a", Seq: seq, Author: handoff.AuthorUser, Text: "more"}})
	}
	r.enqueue(handoff.Delivery{Subject: "h_a", Kind: handoff.DeliveryClose, Reason: "solved"})
	r.handoff("h_b", handoff.PriorityNormal)
	r.drain(20)

	var a []string
	for _, c := range d.callLog() {
		if strings.HasSuffix(c, "h_a") || strings.Contains(c, "h_a ") {
			a = append(a, c)
		}
	}
	assert.Equal(t, []string{"open h_a", "open h_a", "open h_a", "message h_a 1", "message h_a 1",
		"message h_a 2", "message h_a 3", "close h_a"}, a)
	assert.ElementsMatch(t, []string{"open h_a", "open h_b"}, d.callLog()[:2], "B goes in the first round, while A waits")
	for _, j := range r.jobs("h_a") {
		assert.Equal(t, handoff.DeliveryDone, j.State, "%s %d", j.Kind, j.Seq)
	}
}

func TestRestartResumesPending(t *testing.T) {
	// The first process fails every attempt, and one attempt is cut short
	// by a crash (its lease never released). A new process over the same
	// database delivers every handoff, each exactly once.
	broken := newDesk(func(op string, n int) int { return refuse })
	cfg := testConfig()
	cfg.Concurrency = 8
	r := newRig(t, cfg, findingDesk{broken})
	for _, id := range []string{"h_1", "h_2", "h_3", "h_4", "h_5"} {
		r.handoff(id, handoff.PriorityNormal)
	}
	r.runOnce()
	r.handoff("h_6", handoff.PriorityNormal)
	_, err := r.store.ClaimDeliveries(context.Background(), handoff.Claim{Owner: "crashed", Limit: 1, Lease: cfg.Lease, Now: r.clk.Now(), Subject: "h_6"})
	require.NoError(t, err)
	require.NoError(t, r.store.Close())

	healthy := newDesk(nil)
	r.open(cfg, findingDesk{healthy}, "w-restarted")
	r.drain(10)
	for _, id := range []string{"h_1", "h_2", "h_3", "h_4", "h_5", "h_6"} {
		assert.Equal(t, handoff.StateDelivered, r.get(id).State, id)
		assert.Len(t, healthy.ticketsOf(id), 1, id)
	}
	assert.Contains(t, healthy.callLog(), "find h_6", "the crashed attempt's outcome was unknown")
}

func TestCancelledWhenNothingToDeliver(t *testing.T) {
	d := newDesk(nil)
	r := newRig(t, testConfig(), d)
	r.handoff("h_1", handoff.PriorityNormal)
	_, err := r.store.UpdateHandoff(context.Background(), "h_1", func(handoff.Handoff) (handoff.Change, error) {
		return handoff.Change{State: handoff.StateCancelled, Cause: "user withdrew", At: r.clk.Now()}, nil
	})
	require.NoError(t, err)
	r.enqueue(handoff.Delivery{Subject: "h_1", Kind: handoff.DeliveryClose, Reason: "withdrawn"})
	r.drain(5)
	assert.Empty(t, d.callLog(), "no ticket for a withdrawn handoff, so nothing to close")
	for _, j := range r.jobs("h_1") {
		assert.Equal(t, handoff.DeliveryCancelled, j.State)
	}
}

func TestOfflineMessageForwarded(t *testing.T) {
	d := newDesk(nil)
	r := newRig(t, testConfig(), d)
	m := handoff.OfflineMessage{ID: "m_1", ConversationID: "c", HandoffID: "", Contact: handoff.Contact{Email: "ada@example.com"},
		Text: "Please call me back", Connector: "fake", CreatedAt: r.clk.Now()}
	require.NoError(t, r.store.AddOfflineMessage(context.Background(), m))
	r.drain(5)
	assert.Equal(t, []string{"open m_1"}, d.callLog())
	ms, err := r.store.OfflineMessages(context.Background(), 1)
	require.NoError(t, err)
	assert.Equal(t, d.ticketsOf("m_1")[0], ms[0].RemoteID)

	h := OfflineHandoff(m)
	assert.Equal(t, "m_1", h.ID)
	assert.Equal(t, []string{"offline_message"}, h.Triggers)
	assert.Equal(t, "Please call me back", h.Question)
	assert.Equal(t, m.Contact, h.Contact)
}

// A relayed message the helpdesk refuses is parked and logged for the
// builder: the setting to fix, that the message is not in the ticket, and
// the command that sends it once fixed.
func TestRefusedMessageLoggedForTheBuilder(t *testing.T) {
	d := newDesk(func(op string, _ int) int {
		if op == "message" {
			return reject
		}
		return ok
	})
	r := newRig(t, testConfig(), d)
	r.handoff("h_1", handoff.PriorityNormal)
	r.runOnce()
	job := r.enqueue(handoff.Delivery{Subject: "h_1", Kind: handoff.DeliveryMessage, Seq: 1, Message: &handoff.Message{Seq: 1, Author: handoff.AuthorUser, Text: "hi"}})
	r.runOnce()
	jobs := r.jobs("h_1")
	require.Len(t, jobs, 2)
	assert.Equal(t, handoff.DeliveryFailed, jobs[1].State)
	logs := r.logs.String()
	assert.Contains(t, logs, "check helpdesk.fake.api_token")
	assert.Contains(t, logs, "message 1 is NOT in the ticket")
	assert.Contains(t, logs, fmt.Sprintf("handoff-mcp outbox retry %d", job.ID))
}
