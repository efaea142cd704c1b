package delivery

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// processID names this process in lease owners: host, process id, a random
// instance tag, and the PID namespace, so that a worker can tell a lease
// held by a dead process of the same host (and namespace) from one held
// elsewhere: host:pid:tag:ns.
type processID struct {
	host, ns string
	pid      int
}

func thisProcess() processID {
	host, _ := os.Hostname()
	ns, _ := os.Readlink("/proc/self/ns/pid") // "pid:[4026531836]"; empty where there is none
	ns = strings.Trim(strings.TrimPrefix(ns, "pid:"), "[]")
	return processID{host: host, ns: ns, pid: os.Getpid()}
}

// owner returns a new lease owner name for a worker of this process.
func (p processID) owner() string {
	return fmt.Sprintf("%s:%d:%04x:%s", p.host, p.pid, rand.IntN(1<<16), p.ns)
}

// orphaned reports whether owner names a worker of another process of this
// host and PID namespace that no longer runs. Owners from elsewhere, from
// this process, or that it cannot read, are never orphaned: their leases
// expire as usual.
func (p processID) orphaned(owner string, alive func(pid int) bool) bool {
	parts := strings.Split(owner, ":")
	if len(parts) != 4 || p.ns == "" || parts[0] != p.host || parts[3] != p.ns {
		return false
	}
	pid, err := strconv.Atoi(parts[1])
	if err != nil || pid <= 0 || pid == p.pid {
		return false
	}
	return !alive(pid)
}

// ReclaimOrphans releases the leases of workers whose process died on this
// host (a kill -9, a crash), so that their jobs are tried again soon rather
// than when the lease expires; Run calls it when it starts. Each such job's
// outcome is unknown: an open is looked up first where the connector can.
// Where that lookup is all that keeps a retry from opening a second ticket
// (looksUp), the jobs are due half a lease from now, not at once: a create
// the dead process sent just before it died may still be on its way.
func (w *Worker) ReclaimOrphans(ctx context.Context) (int, error) {
	due := w.now()
	if w.looksUp(handoff.Delivery{Kind: handoff.DeliveryOpen}) {
		due = due.Add(w.cfg.AttemptTimeout())
	}
	n, err := w.store.ReleaseOrphanedLeases(ctx, func(owner string) bool { return w.proc.orphaned(owner, w.alive) }, due)
	if err != nil {
		return n, fmt.Errorf("releasing leases of dead processes: %w", err)
	}
	if n > 0 {
		w.log.Info().Int("deliveries", n).Time("due", due).Msg("took back the deliveries of a process that died mid-attempt; their outcome is unknown, so opens are looked up before they are retried")
	}
	return n, nil
}
