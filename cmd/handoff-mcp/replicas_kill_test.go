package main

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/store"
)

// TestKillOneOfTwoReplicas accepts 1,000 handoffs (-short: 200) through two
// replicas of the real binary on one database, from 2026-07-28 clients
// spread over both, while the helpdesk (a fake Zendesk with idempotency
// keys, and a fake Freshdesk, found again by our id) fails half of its
// requests, a quarter of them after creating the ticket. Midway one
// replica is killed with SIGKILL, its deliveries in flight and leased; its
// clients carry on with the other replica, which also takes over the
// killed replica's outbox jobs once their leases expire. Every accepted
// handoff must be stored, delivered, and have exactly one ticket, whose id
// it records.
func TestKillOneOfTwoReplicas(t *testing.T) {
	onEachBackend(t, func(t *testing.T, db string) {
		for _, vendor := range []string{"zendesk", "freshdesk"} {
			t.Run(vendor, func(t *testing.T) { runReplicaKill(t, db, vendor, killHandoffs(t)) })
		}
	})
}

func runReplicaKill(t *testing.T, db, vendor string, total int) {
	var (
		fake    fakeDesk
		section string
	)
	switch vendor {
	case "zendesk":
		fake = newFakeZendesk(11, 0.5)
		section = "type: zendesk\n  zendesk:\n    base_url: %s\n    email: agent@acme.com\n    api_token: zd-test-token\n"
	case "freshdesk":
		fake = newFakeFreshdesk(12, 0.5)
		section = "type: freshdesk\n  freshdesk:\n    base_url: %s\n    api_key: fd-test-key\n"
	}
	desk := httptest.NewServer(fake)
	defer desk.Close()
	cfg := filepath.Join(t.TempDir(), "handoff.yaml")
	require.NoError(t, os.WriteFile(cfg, []byte(fmt.Sprintf("helpdesk:\n  timeout: 1s\n  "+section, desk.URL)+`
delivery:
  attempts: 1000          # never park: every handoff must arrive
  backoff_base: 5ms
  backoff_max: 100ms
  lease: 2s               # a killed replica's jobs are taken over 2s later
  poll_interval: 50ms
  status_interval: 1s
  first_attempt_wait: 200ms
  concurrency: 8
server:
  log_level: warn
`), 0o600))

	replicas := []*replica{startReplica(t, "r1", db, cfg), startReplica(t, "r2", db, cfg)}
	run := &replicaKillRun{t: t, accepted: map[string]string{}, replicas: replicas, prefix: uniqueConv(t, "")}
	for i := range total {
		run.queue = append(run.queue, i)
	}
	st, err := store.Open(context.Background(), db, store.Options{})
	require.NoError(t, err)
	defer st.Close()
	pending := func() int {
		t.Helper()
		stats, err := st.DeliveryStats(context.Background())
		require.NoError(t, err)
		require.Zero(t, stats.Counts[handoff.DeliveryFailed], "nothing may fail")
		return stats.Counts[handoff.DeliveryPending]
	}

	// The handoffs through both replicas; once half are accepted, r1 dies
	// under the calls in flight, and the rest go through r2 alone.
	run.killAt = total / 2
	run.kill = func() {
		// Freeze r1 (SIGSTOP) until it is caught holding leases, then kill
		// it: those jobs wait for r2 to take them over.
		r1 := replicas[0]
		for range 2000 {
			if run.killErr = r1.cmd.Process.Signal(syscall.SIGSTOP); run.killErr != nil {
				return
			}
			run.killedPending, run.killedLeases, run.killErr = leasesOf(st, r1.cmd.Process.Pid)
			if run.killErr != nil || run.killedLeases > 0 {
				break
			}
			if run.killErr = r1.cmd.Process.Signal(syscall.SIGCONT); run.killErr != nil {
				return
			}
			time.Sleep(time.Millisecond)
		}
		r1.kill()
	}
	run.submit(total)
	require.Empty(t, run.queue, "every conversation was accepted")
	require.NoError(t, run.killErr)
	deadline := time.Now().Add(3 * time.Minute)
	for pending() > 0 {
		require.True(t, time.Now().Before(deadline), "deliveries still pending; r2's log:\n%s", replicas[1].stderr.String())
		time.Sleep(50 * time.Millisecond)
	}
	replicas[1].stop()

	// Every accepted handoff is stored, delivered, with exactly one ticket
	// at the helpdesk, whose id it records.
	tickets := fake.byRef()
	for conv, id := range run.accepted {
		h, err := st.Handoff(context.Background(), id)
		if !assert.NoError(t, err, "accepted handoff %s of %s is stored", id, conv) {
			continue
		}
		assert.Equal(t, conv, h.ConversationID)
		assert.Equal(t, handoff.StateDelivered, h.State, id)
		if assert.Len(t, tickets[id], 1, "tickets of handoff %s", id) {
			assert.Equal(t, strconv.FormatInt(tickets[id][0].ID, 10), h.RemoteID, "remote id of %s", id)
		}
	}
	assert.Len(t, run.accepted, total)
	assert.Len(t, tickets, total, "no ticket for anything but an accepted handoff")
	assert.NotZero(t, run.killedLeases, "r1 was killed holding leases, which r2 took over")
	t.Logf("%s on %s: %d handoffs through two replicas; r1 killed with %d deliveries pending, %d of them leased by r1; %d calls retried on r2; helpdesk saw %s",
		vendor, store.Redact(db), total, run.killedPending, run.killedLeases, run.retried, fake.summary())
}

// leasesOf counts the pending deliveries, and those leased by a worker of
// process pid (whose lease owner is host:pid:...).
func leasesOf(st interface {
	Deliveries(context.Context, handoff.DeliveryFilter) ([]handoff.Delivery, error)
}, pid int) (pending, leased int, err error) {
	ds, err := st.Deliveries(context.Background(), handoff.DeliveryFilter{States: []handoff.DeliveryState{handoff.DeliveryPending}, Limit: 100_000})
	if err != nil {
		return 0, 0, err
	}
	for _, d := range ds {
		if d.LeaseToken != "" && strings.Contains(d.LeaseOwner, ":"+strconv.Itoa(pid)+":") {
			leased++
		}
	}
	return len(ds), leased, nil
}

// replicaKillRun submits conversations through the replicas still alive.
type replicaKillRun struct {
	t        *testing.T
	replicas []*replica
	prefix   string // of the conversation ids: unique to this run

	// kill runs once, on its own goroutine, when killAt handoffs are
	// accepted; it sets the killed* fields.
	kill   func()
	killAt int

	mu       sync.Mutex // protects the fields below
	queue    []int
	accepted map[string]string // conversation → handoff id from a tool result
	retried  int               // calls that failed (their replica died) and went back on the queue
	killing  sync.WaitGroup

	killedPending, killedLeases int
	killErr                     error
}

// submit calls request_human_handoff for queued conversations from
// killClients 2026-07-28 clients, spread over the replicas alive, until
// target were accepted or the queue is empty. A call that fails goes back
// on the queue, and its client moves to the next replica alive.
func (k *replicaKillRun) submit(target int) {
	var wg sync.WaitGroup
	for n := range killClients {
		wg.Go(func() {
			for r, failed := n, 0; failed < 100; r++ {
				rep := k.replicas[r%len(k.replicas)]
				select {
				case <-rep.exited:
					continue // dead: the next one
				default:
				}
				if k.submitTo(rep, target) {
					return
				}
				failed++
			}
			assert.Fail(k.t, "a client failed 100 times in a row")
		})
	}
	wg.Wait()
	k.killing.Wait()
}

// submitTo submits through rep until target is reached (true) or a call
// fails (false).
func (k *replicaKillRun) submitTo(rep *replica, target int) bool {
	ctx := context.Background()
	c, err := client.NewStreamableHttpClient(rep.url() + "/mcp")
	if err != nil {
		return false
	}
	defer c.Close()
	var init mcp.InitializeRequest
	init.Params.ClientInfo = mcp.Implementation{Name: "replica-kill-test", Version: "1"}
	if err := c.Start(ctx); err != nil {
		return false
	}
	if _, err := c.Initialize(ctx, init); err != nil {
		return false
	}
	for {
		k.mu.Lock()
		if len(k.accepted) >= target || len(k.queue) == 0 {
			k.mu.Unlock()
			return true
		}
		i := k.queue[0]
		k.queue = k.queue[1:]
		k.mu.Unlock()
		conv, id, err := callHandoffIn(ctx, c, fmt.Sprintf("%s-%04d", k.prefix, i), i, false)
		k.mu.Lock()
		if err != nil {
			k.queue = append(k.queue, i)
			k.retried++
		} else {
			k.accepted[conv] = id
			if len(k.accepted) == k.killAt && k.kill != nil {
				k.killing.Go(k.kill)
			}
		}
		k.mu.Unlock()
		if err != nil {
			return false
		}
	}
}
