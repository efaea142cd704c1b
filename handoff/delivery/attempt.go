package delivery

import (
	"context"
	"fmt"
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/helpdesk"
)

// outcome is what one attempt came to.
type outcome struct {
	receipt handoff.Receipt
	err     error
	// unknown: the remote may have acted although err says it failed.
	unknown bool
	// cancel, when set, drops the job without a result: there is nothing
	// to deliver (and says why).
	cancel string
}

// idempotentOpen reports whether the helpdesk named name itself
// deduplicates Open by a key derived from the handoff id, as its
// connector registered (helpdesk.Guarantees), so that a retry after an
// unknown outcome is safe without a Finder. An unregistered name (a test
// double) promises nothing.
func idempotentOpen(name string) bool {
	spec, ok := helpdesk.Lookup(name)
	return ok && spec.Guarantees.IdempotentOpen
}

// attempt tries d once, within its budget, and records the outcome. When
// nothing is left of the budget it gives d back untried.
func (w *Worker) attempt(d handoff.Delivery) {
	defer w.finished(d)
	budget := w.budget(d, w.now())
	if budget <= 0 {
		w.giveBack(d, budget)
		return
	}
	ctx, cancel := context.WithTimeout(w.base, budget)
	defer cancel()
	o := w.try(ctx, d)
	if w.onAttempt != nil && o.cancel == "" {
		w.onAttempt(d.Kind, o.err)
	}
	w.record(d, o)
}

// budget is how long an attempt of d starting at now may take: until half
// of d's lease is left. The lease counts from the clock reading of the
// claim, and the claim's write may have waited for the database since (or
// the attempt for a goroutine), so half the lease counted from the
// attempt's start could outlast the lease: another worker would take the
// job over while this attempt's create is still on its way to the helpdesk,
// look for the ticket before it exists, and open a second one. Ending the
// attempt half a lease before the lease does leaves a request whose answer
// is lost that half (at least helpdesk.timeout, by Validate) to reach the
// helpdesk before anyone looks for its ticket. A delivery without a lease
// gets AttemptTimeout.
func (w *Worker) budget(d handoff.Delivery, now time.Time) time.Duration {
	if d.LeaseUntil.IsZero() {
		return w.cfg.AttemptTimeout()
	}
	return min(w.cfg.AttemptTimeout(), d.LeaseUntil.Add(-w.cfg.Lease/2).Sub(now))
}

// giveBack releases d untried: the claim came back too late for an
// attempt to end within its budget. It is due again at once, with a fresh
// lease.
func (w *Worker) giveBack(d handoff.Delivery, budget time.Duration) {
	ctx, cancel := context.WithTimeout(context.Background(), recordTimeout)
	defer cancel()
	err := w.store.ReleaseDelivery(ctx, d, w.now())
	w.log.Warn().Str("subject", d.Subject).Str("kind", string(d.Kind)).Int64("delivery", d.ID).Dur("late_by", -budget).
		Msg("no time left of its lease for an attempt (the claim came back late: the database or the machine is slow); given back untried. Raise delivery.lease if this repeats")
	if err != nil && !handoff.Is(err, handoff.KindConflict) {
		w.log.Error().Err(err).Str("subject", d.Subject).Msg("releasing delivery")
	}
	w.Kick()
}

// try performs d's helpdesk operation.
func (w *Worker) try(ctx context.Context, d handoff.Delivery) outcome {
	if d.Kind == handoff.DeliveryOffline {
		return w.open(ctx, d, OfflineHandoff(*d.Offline))
	}
	h, err := w.store.Handoff(ctx, d.Subject)
	switch {
	case handoff.Is(err, handoff.KindNotFound):
		return outcome{cancel: "the handoff no longer exists"}
	case err != nil:
		return outcome{err: fmt.Errorf("loading handoff %s: %w", d.Subject, err), unknown: d.Unknown}
	}
	switch d.Kind {
	case handoff.DeliveryOpen:
		if h.RemoteID != "" { // recorded by an earlier delivery
			return outcome{receipt: handoff.Receipt{RemoteID: h.RemoteID, URL: h.RemoteURL, Meta: h.RemoteMeta}}
		}
		if !h.State.Open() {
			return outcome{cancel: fmt.Sprintf("the handoff is %s; nothing to open", h.State)}
		}
		return w.open(ctx, d, h)
	case handoff.DeliveryMessage:
		if h.RemoteID == "" {
			return outcome{cancel: "not sent: the ticket was never opened"}
		}
		return outcome{err: w.conn.AddMessage(ctx, h, *d.Message)}
	case handoff.DeliveryClose:
		if h.RemoteID == "" {
			return outcome{cancel: "nothing to close: the ticket was never opened"}
		}
		return outcome{err: w.conn.Close(ctx, h, d.Reason)}
	case handoff.DeliveryRating:
		if h.RemoteID == "" {
			return outcome{cancel: "nothing to rate: the ticket was never opened"}
		}
		r, ok := w.conn.(handoff.Rater)
		if !ok {
			return outcome{cancel: fmt.Sprintf("the %s connector takes no satisfaction ratings", w.conn.Name())}
		}
		return outcome{err: r.Rate(ctx, h, *d.Rating)}
	}
	return outcome{cancel: fmt.Sprintf("unknown delivery kind %q", d.Kind)}
}

// open opens the ticket for h, first looking for one an earlier attempt
// may have opened when that attempt's outcome is unknown.
func (w *Worker) open(ctx context.Context, d handoff.Delivery, h handoff.Handoff) outcome {
	if d.Unknown {
		switch {
		case w.find != nil:
			r, found, err := w.find.Find(ctx, h)
			if err != nil {
				return outcome{err: err, unknown: true} // the connector's error names the lookup
			}
			if found {
				w.log.Info().Str("subject", d.Subject).Str("remote_id", r.RemoteID).
					Msg("found the ticket an earlier attempt opened; not opening another")
				return outcome{receipt: r}
			}
		case !idempotentOpen(w.conn.Name()):
			w.log.Warn().Str("subject", d.Subject).
				Msg("the last attempt's outcome is unknown and this helpdesk can neither be searched nor deduplicates; opening again may create a second ticket")
		}
	}
	r, err := w.conn.Open(ctx, h)
	return outcome{receipt: r, err: err, unknown: err != nil}
}

// OfflineHandoff is the form a message left for the team takes to be
// forwarded as a ticket of its own: its id as the handoff id (so the
// reference, external id and idempotency key are derived from it), the
// message as the customer's question, and the trigger "offline_message".
// When the message follows a request for a person (m.Context), the ticket
// carries what that request knew, as its handoff's ticket would have: the
// transcript (the message last), the triggers after offline_message, the
// reason, route, priority, language and metadata.
func OfflineHandoff(m handoff.OfflineMessage) handoff.Handoff {
	const reason = "The customer left this message for the team (nobody could take the conversation then). Reply to them by email or phone."
	h := handoff.Handoff{
		ID: m.ID, ConversationID: m.ConversationID, State: handoff.StateQueued, Contact: m.Contact,
		Transcript: []handoff.Turn{{Role: handoff.RoleUser, Content: m.Text}},
		Question:   m.Text,
		Triggers:   []string{"offline_message"},
		Reason:     reason,
		Priority:   handoff.PriorityNormal,
		Connector:  m.Connector,
		CreatedAt:  m.CreatedAt,
		UpdatedAt:  m.CreatedAt,
	}
	meta := map[string]string{}
	if c := m.Context; c != nil {
		h.Transcript = append(append([]handoff.Turn(nil), c.Transcript...), h.Transcript...)
		for _, t := range c.Triggers {
			if t != "offline_message" {
				h.Triggers = append(h.Triggers, t)
			}
		}
		if c.Reason != "" {
			h.Reason = reason + " Why they asked for a person: " + c.Reason
		}
		h.Route, h.Language, h.Classifier, h.Confidence = c.Route, c.Language, c.Classifier, c.Confidence
		if c.Priority != "" {
			h.Priority = c.Priority
		}
		for k, v := range c.Metadata {
			meta[k] = v
		}
		if c.HandoffID != "" {
			meta["handoff_id"] = c.HandoffID
		}
	}
	if m.HandoffID != "" {
		meta["handoff_id"] = m.HandoffID
	}
	if len(meta) > 0 {
		h.Metadata = meta
	}
	return h
}
