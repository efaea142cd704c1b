package handoff

import (
	"context"
	"strconv"
)

// openQueueResult is openResult with the handoff's place in the queue and
// the expected wait, which {wait} of handoff_accepted gives the user.
func (s *Service) openQueueResult(ctx context.Context, h Handoff, already bool, lang string) (Result, error) {
	return s.openQueueResultAt(ctx, h, already, lang, 0)
}

// openQueueResultAt is openQueueResult of a handoff whose queue position
// is known when known > 0 (see queueInfoAt).
func (s *Service) openQueueResultAt(ctx context.Context, h Handoff, already bool, lang string, known int) (Result, error) {
	pos, wait, err := s.queueInfoAt(ctx, h, known)
	if err != nil {
		return Result{}, err
	}
	res := s.openResult(h, already, lang)
	res.Position, res.Wait = pos, wait
	if pos > 0 && res.Outcome != OutcomeFailed && !already && h.LastError == "" {
		if lang == "" {
			lang = h.Language
		}
		phrase := s.cfg.Messages.Render(MsgWaitEstimate, lang, map[string]string{"minutes": strconv.Itoa(wait.Minutes())})
		res.UserMessage = s.cfg.Messages.Render(MsgAccepted, lang, map[string]string{"wait": phrase})
	}
	return res, nil
}

// firstAttempt asks the courier to try the new handoff's open job at once
// and waits a moment for it, then returns the handoff as stored: delivered
// when a healthy helpdesk took it, queued (with the error, when the attempt
// failed) otherwise, failed when the helpdesk refused it for good. While the
// helpdesk is known to be down it does not wait (a refused configuration
// fails fast, so then it does, to answer failed rather than queued).
func (s *Service) firstAttempt(ctx context.Context, h Handoff) Handoff {
	if s.courier == nil {
		return h
	}
	wait := s.cfg.DeliveryWait
	if s.HelpdeskStatus().Down() {
		wait = 0
	}
	s.courier.DeliverNow(ctx, h.ID, wait)
	updated, err := s.store.Handoff(context.WithoutCancel(ctx), h.ID)
	if err != nil {
		s.log.Error().Err(err).Str("handoff", h.ID).Msg("reading handoff after its first delivery attempt")
		return h
	}
	return updated
}

// openResult describes an existing or new open handoff.
func (s *Service) openResult(h Handoff, already bool, lang string) Result {
	if lang == "" {
		lang = h.Language
	}
	res := Result{Handoff: h, AlreadyOpen: already}
	switch h.State {
	case StateDelivered:
		res.Outcome = OutcomeDelivered
	case StateAgentJoined:
		res.Outcome = OutcomeAgentJoined
	case StateFailed:
		res.Outcome = OutcomeFailed
	default:
		res.Outcome = OutcomeQueued
	}
	switch {
	case h.State == StateFailed:
		res.UserMessage = s.cfg.Messages.Render(MsgDeliveryFailed, lang, nil)
	case !s.cfg.AgentEvents:
		res.UserMessage = s.forwardedMessage(h, lang)
	case already:
		res.UserMessage = s.cfg.Messages.Render(MsgAlreadyOpen, lang, nil)
	case h.State == StateQueued && h.LastError != "":
		res.UserMessage = s.cfg.Messages.Render(MsgQueued, lang, nil)
	default:
		res.UserMessage = s.cfg.Messages.Render(MsgAccepted, lang, nil)
	}
	return res
}

// strongestTrigger returns the configured trigger that fired with the
// highest priority (the first one on a tie), for its route and priority.
func (s *Service) strongestTrigger(d Decision) Trigger {
	best := Trigger{}
	for _, id := range d.Triggers {
		t, ok := FindTrigger(s.triggers, id)
		if !ok {
			t = Trigger{ID: id}
		}
		if best.ID == "" || t.Priority.Rank() > best.Priority.Rank() {
			best = t
		}
	}
	return best
}

// scheduleName picks the named schedule for a route: team first, then
// department.
func scheduleName(r Route) string {
	if r.Team != "" {
		return r.Team
	}
	return r.Department
}
