package delivery

import (
	"context"
	"fmt"
	"time"

	"github.com/rs/zerolog"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// recordTimeout bounds writing an attempt's result.
const recordTimeout = 10 * time.Second

// record writes the outcome of an attempt of d, with the claim's lease
// token, and logs it. A job whose lease was taken over records nothing.
func (w *Worker) record(d handoff.Delivery, o outcome) {
	ctx, cancel := context.WithTimeout(context.Background(), recordTimeout)
	defer cancel()
	now := w.now()
	log := w.log.With().Str("subject", d.Subject).Str("kind", string(d.Kind)).Int64("delivery", d.ID).Int("attempt", d.Attempts+1).Logger()
	var err error
	switch {
	case o.cancel != "":
		_, err = w.store.CancelDelivery(ctx, d, o.cancel, now)
		log.Info().Str("reason", o.cancel).Msg("delivery cancelled")
	case o.err == nil:
		var done handoff.Delivery
		done, err = w.store.CompleteDelivery(ctx, d, w.conn.Name(), o.receipt, now)
		if err == nil {
			log.Info().Str("remote_id", done.RemoteID).Msg("delivered")
		}
	case w.base.Err() != nil:
		due := now
		if o.unknown && w.looksUp(d) {
			due = now.Add(w.cfg.AttemptTimeout()) // its create may be on its way
		}
		err = w.store.ReleaseDelivery(ctx, d, due)
		log.Warn().Time("due", due).Msg("delivery interrupted by shutdown; due again at the next start")
	case handoff.Is(o.err, handoff.KindPermanent):
		_, err = w.store.FailDelivery(ctx, d, o.err.Error(), true, now)
		configError(log.Error(), o.err).Msg("helpdesk configuration error: the helpdesk refused the delivery and retrying cannot help; fix the setting the error names, then run `handoff-mcp helpdesk test`" + parked(d))
	case d.Attempts+1 >= w.cfg.Attempts:
		_, err = w.store.FailDelivery(ctx, d, o.err.Error(), false, now)
		log.Error().Str("error", o.err.Error()).Int("attempts", d.Attempts+1).
			Msg("delivery failed after its last attempt; parked as failed" + parked(d))
	default:
		delay := w.cfg.retryDelay(d.Attempts+1, o.err, w.rnd)
		if o.unknown && w.looksUp(d) {
			// The create given up on may still be on its way to the
			// helpdesk: looking now could miss a ticket it makes later.
			delay = max(delay, w.cfg.AttemptTimeout())
		}
		_, err = w.store.RetryDelivery(ctx, d, o.err.Error(), o.unknown, now.Add(delay), now)
		log.Warn().Str("error", o.err.Error()).Bool("outcome_unknown", o.unknown).Dur("retry_in", delay).
			Msg("delivery attempt failed; retrying")
	}
	switch {
	case handoff.Is(err, handoff.KindConflict):
		log.Warn().Str("error", err.Error()).Msg("delivery result not recorded")
	case err != nil:
		log.Error().Err(err).Msg("recording delivery result")
	}
	// Run sleeps until the next due job; this result may have changed that
	// (a retry due soon, the subject's next job now free).
	w.Kick()
}

// parked says what becomes of a job parked as failed, and how to send it
// once the cause is fixed.
func parked(d handoff.Delivery) string {
	switch d.Kind {
	case handoff.DeliveryMessage:
		return fmt.Sprintf(". The user's message %d is NOT in the ticket (the bot was told); once fixed, `handoff-mcp outbox retry %d` sends it", d.Seq, d.ID)
	case handoff.DeliveryClose:
		return fmt.Sprintf(". The ticket was NOT closed; once fixed, `handoff-mcp outbox retry %d` closes it", d.ID)
	case handoff.DeliveryRating:
		return fmt.Sprintf(". The user's satisfaction answer is NOT in the helpdesk (it is in `handoff-mcp inbox show %s`); once fixed, `handoff-mcp outbox retry %d` forwards it", d.Subject, d.ID)
	case handoff.DeliveryOffline:
		return fmt.Sprintf(". The message left for the team is NOT in the helpdesk (it is in `handoff-mcp inbox messages`); once fixed, `handoff-mcp outbox retry %d` forwards it", d.ID)
	}
	return ". The handoff failed and its user was told; `handoff-mcp outbox list` shows the outbox"
}

// configError adds the fields of a configuration error to ev.
func configError(ev *zerolog.Event, err error) *zerolog.Event {
	return ev.Str("error", err.Error()).Bool("configuration_error", true)
}

// looksUp reports whether a retry of d finds out whether an earlier
// attempt created its ticket only by looking it up (a Finder without an
// idempotency key). A lookup sees only creates the helpdesk has done: one
// we gave up on (a timeout, a dropped connection) may land later. So the
// retry of such a job whose outcome is unknown waits half a lease
// (AttemptTimeout, at least helpdesk.timeout) from the attempt's end, as a
// job taken over after its lease ended does.
func (w *Worker) looksUp(d handoff.Delivery) bool {
	return (d.Kind == handoff.DeliveryOpen || d.Kind == handoff.DeliveryOffline) &&
		w.find != nil && !idempotentOpen(w.conn.Name())
}
