package delivery

import (
	"context"
	"fmt"
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// DefaultStatusRefresh is how long a replica trusts the helpdesk status it
// read from the database before it reads it again.
const DefaultStatusRefresh = 5 * time.Second

// MonitorLock names the installation-wide lock under which one replica at
// a time checks the helpdesk (RunAsLeader).
const MonitorLock = "helpdesk_monitor"

// storeTimeout bounds a read or write of the shared status.
const storeTimeout = 2 * time.Second

// StatusStore keeps the helpdesk status where every replica of the
// installation reads it. *store.DB implements it.
type StatusStore interface {
	// SaveHelpdeskStatus replaces the status of st.Connector.
	SaveHelpdeskStatus(ctx context.Context, st handoff.HelpdeskStatus) error
	// HelpdeskStatus returns the status of connector, false when none was
	// saved.
	HelpdeskStatus(ctx context.Context, connector string) (handoff.HelpdeskStatus, bool, error)
}

// Leader runs run while this process holds the installation-wide lock
// name, until ctx ends, taking the lock again whenever it is free: one
// process of the installation at a time runs it (store.DB.RunAsLeader).
type Leader func(ctx context.Context, name string, run func(context.Context))

// RunAsLeader runs Run under the lock MonitorLock of lead: one replica at a
// time checks the helpdesk and saves what it finds in the Store, where the
// others read it; another replica takes over when it dies. With the
// built-in inbox there is nothing to check, and it returns at once.
func (m *Monitor) RunAsLeader(ctx context.Context, lead Leader) {
	if !m.cfg.Configured() {
		return
	}
	lead(ctx, MonitorLock, m.Run)
}

// save writes st to the Store, if there is one; a failure is logged (the
// other replicas read the status as unknown once it is stale).
func (m *Monitor) save(parent context.Context, st handoff.HelpdeskStatus) {
	if m.opts.Store == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(parent), storeTimeout)
	defer cancel()
	if err := m.opts.Store.SaveHelpdeskStatus(ctx, st); err != nil {
		m.opts.Logger.Warn().Err(err).Str("connector", st.Connector).Msg("saving the helpdesk status for the other replicas")
	}
}

// refresh reads the status from the Store and keeps it, unless this
// process holds a newer one (its own check, whose save failed). A failed
// read keeps what it had until the next Refresh.
func (m *Monitor) refresh(now time.Time) handoff.HelpdeskStatus {
	ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
	defer cancel()
	got, ok, err := m.opts.Store.HelpdeskStatus(ctx, m.conn.Name())
	m.mu.Lock()
	defer m.mu.Unlock()
	m.readAt = now
	if err != nil {
		m.opts.Logger.Warn().Err(err).Str("connector", m.conn.Name()).Msg("reading the helpdesk status the replicas share")
		return m.st
	}
	if ok && !got.CheckedAt.Before(m.st.CheckedAt) {
		m.st = got
	}
	return m.st
}

// stale returns st, or unknown when st was checked longer than StaleAfter
// before now: the replica checking the helpdesk stopped, and an old
// "available" would promise what no one has seen.
func (m *Monitor) stale(st handoff.HelpdeskStatus, now time.Time) handoff.HelpdeskStatus {
	if st.CheckedAt.IsZero() || now.Sub(st.CheckedAt) <= m.opts.StaleAfter {
		return st
	}
	if st.Status != handoff.HelpdeskAvailable && st.Status != handoff.HelpdeskUnavailable {
		return st
	}
	return handoff.HelpdeskStatus{
		Connector: st.Connector, Status: handoff.HelpdeskUnknown, CheckedAt: st.CheckedAt,
		Error: fmt.Sprintf("%s was last checked at %s, more than %s ago (it was %s then): the server checking it has stopped, and no other has taken over yet; handoffs are still accepted and queued",
			st.Connector, st.CheckedAt.UTC().Format(time.RFC3339), m.opts.StaleAfter, st.Status),
	}
}
