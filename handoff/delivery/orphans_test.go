package delivery

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

func TestOrphanedOwner(t *testing.T) {
	p := processID{host: "web-1", ns: "4026531836", pid: 100}
	dead := func(int) bool { return false }
	for _, tt := range []struct {
		owner string
		want  bool
	}{
		{"web-1:200:beef:4026531836", true},
		{"web-1:100:beef:4026531836", false}, // this process: alive by definition
		{"web-2:200:beef:4026531836", false}, // another host
		{"web-1:200:beef:4026532000", false}, // another PID namespace (a container)
		{"web-1:200:beef", false},            // an owner of the old form, or named by hand
		{"runner", false},
		{"web-1:x:beef:4026531836", false},
	} {
		assert.Equal(t, tt.want, p.orphaned(tt.owner, dead), tt.owner)
	}
	assert.False(t, p.orphaned("web-1:200:beef:4026531836", func(int) bool { return true }), "a running process keeps its leases")
	assert.False(t, processID{host: "web-1", pid: 100}.orphaned("web-1:200:beef:", dead), "without a namespace to compare, never")
}

// A worker started after a process died mid-delivery takes its jobs back at
// once, outcome unknown, instead of waiting out the lease; the live leases
// of other processes stay.
func TestReclaimOrphansAfterACrash(t *testing.T) {
	d := newDesk(nil)
	r := newRig(t, testConfig(), d)
	r.handoff("h_dead", handoff.PriorityNormal)
	r.handoff("h_live", handoff.PriorityNormal)
	w := r.worker(testConfig(), d, "")
	deadOwner := fmt.Sprintf("%s:%d:dead:%s", w.proc.host, w.proc.pid+1, w.proc.ns)
	liveOwner := fmt.Sprintf("%s:%d:live:%s", w.proc.host, w.proc.pid+2, w.proc.ns)
	for id, owner := range map[string]string{"h_dead": deadOwner, "h_live": liveOwner} {
		ds, err := r.store.ClaimDeliveries(context.Background(), handoff.Claim{Owner: owner, Limit: 1, Lease: time.Hour, Now: r.clk.Now(), Subject: id})
		require.NoError(t, err)
		require.Len(t, ds, 1)
	}
	w.alive = func(pid int) bool { return pid != w.proc.pid+1 }
	if w.proc.ns == "" {
		t.Skip("no PID namespace to tell this host's processes by")
	}
	n, err := w.ReclaimOrphans(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	assert.Contains(t, r.logs.String(), "took back the deliveries of a process that died")

	tried, err := w.RunOnce(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 1, tried, "the dead process's job, not the live one's")
	assert.Equal(t, handoff.StateDelivered, r.get("h_dead").State)
	assert.Equal(t, handoff.StateQueued, r.get("h_live").State, "still leased by a running process")
}

func TestReclaimedOrphansWaitForTheirCreates(t *testing.T) {
	// The dead process may have sent a create just before it died: with a
	// helpdesk that only a lookup deduplicates, its jobs are due half a
	// lease after the restart, so that the lookup sees that ticket.
	d := newDesk(nil)
	cfg := testConfig()
	r := newRig(t, cfg, findingDesk{d})
	r.handoff("h_dead", handoff.PriorityNormal)
	w := r.worker(cfg, findingDesk{d}, "")
	if w.proc.ns == "" {
		t.Skip("no PID namespace to tell this host's processes by")
	}
	deadOwner := fmt.Sprintf("%s:%d:dead:%s", w.proc.host, w.proc.pid+1, w.proc.ns)
	_, err := r.store.ClaimDeliveries(context.Background(), handoff.Claim{Owner: deadOwner, Limit: 1, Lease: time.Hour, Now: r.clk.Now(), Subject: "h_dead"})
	require.NoError(t, err)
	w.alive = func(pid int) bool { return pid != w.proc.pid+1 }
	n, err := w.ReclaimOrphans(context.Background())
	require.NoError(t, err)
	require.Equal(t, 1, n)

	tried, err := w.RunOnce(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 0, tried, "not looked up at once")
	d.create("h_dead") // the dead process's create lands
	r.clk.Advance(cfg.AttemptTimeout())
	tried, err = w.RunOnce(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 1, tried, "due half a lease after the restart, not an hour later")
	assert.Equal(t, []string{"find h_dead"}, d.callLog())
	assert.Len(t, d.ticketsOf("h_dead"), 1)
	assert.Equal(t, handoff.StateDelivered, r.get("h_dead").State)
}
