package handoff

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Timeouts are the live session's timeouts, the GPTBots rules (the
// timeouts: section).
type Timeouts struct {
	// Wait is how long the user waits for an agent's first reply before
	// being asked whether to keep waiting, end the request or leave a
	// message (default 60s). Keeping waiting starts it again.
	Wait time.Duration `yaml:"wait" json:"wait"`
	// Session ends a session this long after the agent's last message when
	// the user has not replied (default 180s): the handoff is timed_out and
	// the helpdesk is told.
	Session time.Duration `yaml:"session" json:"session"`
	// CheckInterval is how often the server looks for timeouts that are
	// due (default 1s). get_handoff_status applies a due timeout itself, so
	// the bot never sees a stale state.
	CheckInterval time.Duration `yaml:"check_interval" json:"check_interval"`
}

// The defaults of Timeouts.
const (
	DefaultWaitTimeout    = 60 * time.Second
	DefaultSessionTimeout = 180 * time.Second
	DefaultCheckInterval  = time.Second
)

// WithDefaults returns t with zero fields set to their defaults.
func (t Timeouts) WithDefaults() Timeouts {
	if t.Wait == 0 {
		t.Wait = DefaultWaitTimeout
	}
	if t.Session == 0 {
		t.Session = DefaultSessionTimeout
	}
	if t.CheckInterval == 0 {
		t.CheckInterval = DefaultCheckInterval
	}
	return t
}

// Validate reports every negative timeout, naming its key.
func (t Timeouts) Validate() error {
	var errs []string
	for _, f := range []struct {
		key string
		d   time.Duration
		ex  string
	}{{"wait", t.Wait, "60s"}, {"session", t.Session, "3m"}, {"check_interval", t.CheckInterval, "1s"}} {
		if f.d < 0 {
			errs = append(errs, fmt.Sprintf("%s: %s is negative; use a positive duration like %s", f.key, f.d, f.ex))
		}
	}
	if len(errs) > 0 {
		return errors.New(strings.Join(errs, "\n"))
	}
	return nil
}

// SweepResult counts what one Sweep did.
type SweepResult struct {
	// Asked is how many handoffs got the waiting question.
	Asked int
	// TimedOut is how many sessions the session timeout ended.
	TimedOut int
}

// sweepBatch is how many due handoffs one query of Sweep handles.
const sweepBatch = 200

// Sweep applies every timeout that is due at the clock's now: the waiting
// timeout puts the waiting question (see Status), the session timeout ends
// the session as timed_out and tells the helpdesk. Each handoff is decided
// again inside its own transaction, so a reply that arrived in between wins.
// The app runs it every Timeouts.CheckInterval; tests call it with a fake
// clock.
func (s *Service) Sweep(ctx context.Context) (SweepResult, error) {
	var res SweepResult
	now := s.now()
	waitBefore := now.Add(-s.cfg.Timeouts.Wait)
	if !s.cfg.AgentEvents { // handed over once quiet for the session timeout
		waitBefore = now.Add(-s.cfg.Timeouts.Session)
	}
	sessionBefore := now.Add(-s.cfg.Timeouts.Session)
	for range 20 { // at most 20 batches a sweep; the next sweep goes on
		hs, err := s.store.DueTimeouts(ctx, waitBefore, sessionBefore, sweepBatch)
		if err != nil {
			return res, fmt.Errorf("looking for due timeouts: %w", err)
		}
		progress := false
		for _, due := range hs {
			before := due.Session.AskedAt
			h, changed, err := s.update(ctx, due.ID, func(h Handoff) (Change, error) { return s.timeoutChange(h, now), nil })
			if err != nil {
				return res, fmt.Errorf("applying timeout to handoff %s: %w", due.ID, err)
			}
			if !changed {
				continue
			}
			progress = true
			s.timedOut(ctx, h)
			if h.State == StateTimedOut {
				res.TimedOut++
			} else if before.IsZero() && !h.Session.AskedAt.IsZero() {
				res.Asked++
			}
		}
		if len(hs) < sweepBatch || !progress {
			break
		}
	}
	return res, nil
}

// applyTimeouts applies the timeout due for handoff id, if any, and returns
// the handoff as stored.
func (s *Service) applyTimeouts(ctx context.Context, id string) (Handoff, error) {
	now := s.now()
	h, changed, err := s.update(ctx, id, func(h Handoff) (Change, error) { return s.timeoutChange(h, now), nil })
	if err == nil && changed {
		s.timedOut(ctx, h)
	}
	return h, err
}

// lastActivity is when handoff h last changed or the user last wrote.
func lastActivity(h Handoff) time.Time {
	t := h.UpdatedAt
	for _, u := range []time.Time{h.Session.WaitSince, h.Session.LastUserAt, h.CreatedAt} {
		if u.After(t) {
			t = u
		}
	}
	return t
}

// timedOut logs the timeout just applied to h and delivers its close job.
func (s *Service) timedOut(ctx context.Context, h Handoff) {
	if h.State == StateClosed {
		s.log.Info().Str("handoff", h.ID).Dur("after", s.cfg.Timeouts.Session).Msg("handed over: the helpdesk sends no agent events back, so the chat returns to the bot; the ticket stays with the team")
		return
	}
	if h.State == StateTimedOut {
		s.log.Info().Str("handoff", h.ID).Dur("after", s.cfg.Timeouts.Session).Msg("session timeout: the user did not reply to the agent; handoff timed out")
		s.deliver(ctx, h.ID)
		return
	}
	s.log.Info().Str("handoff", h.ID).Dur("waited", h.Session.AskedAt.Sub(h.CreatedAt)).Msg("waiting timeout: the user is to be asked whether to keep waiting")
}

// timeoutChange decides what a due timeout does to h at now: the session
// timeout ends an agent's session the user has not answered for
// Timeouts.Session; the waiting timeout marks the waiting question pending
// when no agent has replied for Timeouts.Wait. Nothing else.
func (s *Service) timeoutChange(h Handoff, now time.Time) Change {
	t, ss := s.cfg.Timeouts, h.Session
	switch {
	case h.State == StateAgentJoined && !ss.LastAgentAt.IsZero() && ss.LastUserAt.Before(ss.LastAgentAt) &&
		!now.Before(ss.LastAgentAt.Add(t.Session)):
		return Change{
			At: now, State: StateTimedOut,
			Cause: fmt.Sprintf("%s: no reply from the user within %s of the agent's last message", CauseSessionTimeout, t.Session),
			Jobs:  s.closeJob(h, fmt.Sprintf("Closed by the bot: the customer did not reply within %s of the agent's last message.", t.Session)),
		}
	case !s.cfg.AgentEvents && h.State == StateDelivered && !now.Before(lastActivity(h).Add(t.Session)):
		// No agent event will ever come back: the ticket stays with the
		// team (it is not closed there), the chat goes back to the bot.
		return Change{
			At: now, State: StateClosed,
			Cause: fmt.Sprintf("%s: the team answers by email or in the helpdesk; no agent events come back here (closed %s after the delivery or the user's last message)", CauseHandedOver, t.Session),
		}
	case s.cfg.AgentEvents && h.State.Open() && (!ss.Replied() || ss.LastAgentAt.IsZero()) && ss.AskedAt.IsZero() &&
		!now.Before(ss.WaitSince.Add(t.Wait)):
		// Nobody has answered yet, or a transfer put the conversation back
		// in the team's queue (an agent's message always sets LastAgentAt).
		ss.AskedAt = now
		return Change{At: now, Session: &ss}
	}
	return Change{}
}

// RunTimeouts sweeps every Timeouts.CheckInterval until ctx ends. after is
// the sleep (nil means time.After), so that tests drive it.
func (s *Service) RunTimeouts(ctx context.Context, after func(time.Duration) <-chan time.Time) {
	if after == nil {
		after = time.After
	}
	for {
		if res, err := s.Sweep(ctx); err != nil && ctx.Err() == nil {
			s.log.Error().Err(err).Msg("applying session timeouts")
		} else if res.Asked+res.TimedOut > 0 {
			s.log.Debug().Int("asked", res.Asked).Int("timed_out", res.TimedOut).Msg("timeouts applied")
		}
		select {
		case <-ctx.Done():
			return
		case <-after(s.cfg.Timeouts.CheckInterval):
		}
	}
}
