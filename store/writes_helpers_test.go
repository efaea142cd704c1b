package store

// The writes production makes in one UpdateHandoff or delivery
// transaction, made one at a time: what this package's tests set up their
// handoffs and jobs with. They are not the store's API.

import (
	"context"
	"database/sql"
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// transition moves handoff id to state to, recording cause and at (now when
// zero) as an event in the same transaction, and returns the updated
// handoff. Moving to the state it is already in changes nothing, records no
// event and returns it unchanged. Leaving a final state is a KindConflict
// error; an unknown id is KindNotFound, an unknown state KindInvalid.
func (s *DB) transition(ctx context.Context, id string, to handoff.State, cause string, at time.Time) (handoff.Handoff, error) {
	if !to.Valid() {
		return handoff.Handoff{}, handoff.Invalid("state", "unknown state %q", to)
	}
	if at.IsZero() {
		at = s.now()
	}
	var out handoff.Handoff
	err := s.write(ctx, "transitioning handoff "+id, func(tx *sql.Tx) error {
		h, err := handoffInTx(ctx, tx, id)
		if err != nil {
			return err
		}
		if h.State == to {
			out = h
			return nil
		}
		if !h.State.Open() {
			return conflict("handoff %s is %s, a final state; it cannot become %s", id, h.State, to)
		}
		if err := setState(ctx, tx, &h, to, cause, at); err != nil {
			return err
		}
		out = h
		return nil
	})
	return out, err
}

// recordAttempt records a failed delivery attempt of handoff id: one more
// attempt, errMsg as the last error, next as when the next attempt is due
// (none when zero). The state does not change.
func (s *DB) recordAttempt(ctx context.Context, id string, errMsg string, next, at time.Time) (handoff.Handoff, error) {
	if at.IsZero() {
		at = s.now()
	}
	return s.update(ctx, "recording delivery attempt of handoff "+id, id,
		`UPDATE handoffs SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?, updated_at = ? WHERE id = ?`,
		errMsg, nullTime(next), formatTime(at), id)
}

// markDelivered records that handoff id reached its helpdesk: the
// receipt's non-empty remote id, URL and metadata, one more attempt, no
// error and no next attempt. A queued handoff becomes delivered, with an
// event; any other state stays as it is, so that a handoff cancelled while
// it was being delivered keeps its remote id for closing it there.
func (s *DB) markDelivered(ctx context.Context, id string, r handoff.Receipt, at time.Time) (handoff.Handoff, error) {
	if at.IsZero() {
		at = s.now()
	}
	var out handoff.Handoff
	err := s.write(ctx, "marking handoff "+id+" delivered", func(tx *sql.Tx) error {
		var err error
		out, err = markDelivered(ctx, tx, id, "", r, at)
		return err
	})
	return out, err
}

// enqueue adds d as a pending job unless a job with d.Key (derived with
// handoff.DeliveryKey when empty) exists: then it returns that job with
// created false. A zero NextAttemptAt is due at once.
func (s *DB) enqueue(ctx context.Context, d handoff.Delivery) (handoff.Delivery, bool, error) {
	var (
		out     handoff.Delivery
		created bool
	)
	err := s.write(ctx, "enqueuing delivery "+d.Key, func(tx *sql.Tx) error {
		var err error
		out, created, err = s.enqueueTx(ctx, tx, d)
		return err
	})
	return out, created, err
}
