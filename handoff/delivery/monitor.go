package delivery

import (
	"context"
	"sync"
	"time"

	"github.com/rs/zerolog"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/clock"
	"github.com/handoff-mcp/handoff-mcp/handoff/helpdesk"
)

// MonitorOptions carries what a Monitor needs besides the helpdesk.
type MonitorOptions struct {
	// Interval between checks (Config.StatusInterval; default 5m).
	Interval time.Duration
	Logger   zerolog.Logger
	// Clock is the time and the sleep; nil means the wall clock.
	Clock clock.Clock
	// OnChange is called after a check whose status differs from the one
	// before (a recovered helpdesk kicks the worker).
	OnChange func(handoff.HelpdeskStatus)
	// Store, when set, shares the status across the replicas of the
	// installation: Check writes it there, and Status reads it back, at
	// most once per Refresh (default 5s, no longer than Interval).
	Store   StatusStore
	Refresh time.Duration
	// StaleAfter is the age past which a checked status reads as unknown:
	// the replica checking it stopped (default 3 Intervals).
	StaleAfter time.Duration
}

// Monitor keeps the helpdesk's service status: it checks the credentials
// with the connector's cheap authenticated Check (helpdesk.Probe) at start
// and every Interval. It is safe for concurrent use.
type Monitor struct {
	cfg  helpdesk.Config
	conn handoff.Connector
	opts MonitorOptions

	mu     sync.Mutex // protects st and readAt
	st     handoff.HelpdeskStatus
	readAt time.Time // when st was last read from (or written to) Store

	refreshing sync.Mutex // held by the Status call reading Store
}

// NewMonitor returns a monitor of conn, configured by cfg. Its status is
// unknown until the first check (not_configured at once for the built-in
// inbox).
func NewMonitor(cfg helpdesk.Config, conn handoff.Connector, opts MonitorOptions) *Monitor {
	if opts.Interval <= 0 {
		opts.Interval = DefaultStatusInterval
	}
	opts.Clock = clock.Or(opts.Clock)
	if opts.Refresh <= 0 {
		opts.Refresh = min(DefaultStatusRefresh, opts.Interval)
	}
	if opts.StaleAfter <= 0 {
		opts.StaleAfter = 3 * opts.Interval
	}
	m := &Monitor{cfg: cfg, conn: conn, opts: opts}
	m.st = handoff.HelpdeskStatus{Connector: conn.Name(), Status: handoff.HelpdeskUnknown}
	if !cfg.Configured() {
		m.st.Status = handoff.HelpdeskNotConfigured
	}
	return m
}

// Status returns the status of the last check, whichever replica made it
// (with a Store), or unknown when that check is older than StaleAfter.
func (m *Monitor) Status() handoff.HelpdeskStatus {
	now := m.opts.Clock.Now()
	m.mu.Lock()
	st, age := m.st, now.Sub(m.readAt)
	m.mu.Unlock()
	if m.opts.Store != nil && m.cfg.Configured() && (age < 0 || age >= m.opts.Refresh) && m.refreshing.TryLock() {
		st = m.refresh(now)
		m.refreshing.Unlock()
	}
	return m.stale(st, now)
}

// Check probes the helpdesk now, keeps and returns the status, and logs a
// change: a refusal of the credentials at error level with what to check, a
// transient failure as a warning, a recovery as info. A check cut short by
// the end of parent changes nothing.
func (m *Monitor) Check(parent context.Context) handoff.HelpdeskStatus {
	timeout := m.cfg.Timeout
	if timeout <= 0 {
		timeout = helpdesk.DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(parent, 2*timeout)
	defer cancel()
	status, err := helpdesk.Probe(ctx, m.cfg, m.conn)
	if err != nil && parent.Err() != nil {
		return m.Status() // shutting down: the check proves nothing
	}
	st := handoff.HelpdeskStatus{Connector: m.conn.Name(), Status: status, CheckedAt: m.opts.Clock.Now()}
	if err != nil {
		st.Error, st.ConfigError = err.Error(), handoff.Is(err, handoff.KindPermanent)
	}
	m.save(ctx, st)
	m.mu.Lock()
	prev := m.st
	m.st, m.readAt = st, st.CheckedAt
	m.mu.Unlock()

	log := m.opts.Logger.With().Str("connector", st.Connector).Str("status", string(st.Status)).Logger()
	changed := prev.Status != st.Status || prev.Error != st.Error
	switch {
	case !changed:
		log.Debug().Msg("helpdesk status checked")
	case st.ConfigError:
		configError(log.Error(), err).Msg("helpdesk unavailable: it refused the credentials or configuration; handoffs are queued until it is fixed (check with `handoff-mcp helpdesk test`)")
	case err != nil:
		log.Warn().Str("error", st.Error).Msg("helpdesk unavailable; handoffs are queued and retried")
	default:
		log.Info().Msg("helpdesk status")
	}
	if changed && prev.Status != handoff.HelpdeskUnknown && m.opts.OnChange != nil {
		m.opts.OnChange(st)
	}
	return st
}

// Run checks at once and then every Interval until ctx ends. With the
// built-in inbox there is nothing to check. Replicas sharing a Store run it
// through RunAsLeader instead, one at a time.
func (m *Monitor) Run(ctx context.Context) {
	if !m.cfg.Configured() {
		return
	}
	for {
		m.Check(ctx)
		select {
		case <-ctx.Done():
			return
		case <-m.opts.Clock.After(m.opts.Interval):
		}
	}
}
