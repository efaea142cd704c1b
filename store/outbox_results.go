package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// CauseDeliveryFailed is the cause recorded when FailDelivery moves a
// queued handoff to failed.
const CauseDeliveryFailed = "delivery failed"

// notOpened is why a failed open cancels its subject's later jobs.
const notOpened = "not sent: the ticket was never opened"

// result runs one write of the holder of d's lease: update must change
// exactly d's row while d.LeaseToken still holds it, else the lease was
// lost (taken over after it expired, or the job already finished) and the
// result is a KindConflict error. then runs in the same transaction.
func (s *DB) result(ctx context.Context, d handoff.Delivery, op, update string, args []any, then func(*sql.Tx) error) (handoff.Delivery, error) {
	var out handoff.Delivery
	err := s.write(ctx, op, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, update+" WHERE id = ? AND lease_token = ? AND lease_token <> '' AND "+pendingClause,
			append(args, d.ID, d.LeaseToken)...)
		if err != nil {
			return dbErr(op, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return dbErr(op, err)
		} else if n == 0 {
			return conflict("delivery %d (%s of %s): the lease was lost; another worker took it over", d.ID, d.Kind, d.Subject)
		}
		if then != nil {
			if err := then(tx); err != nil {
				return err
			}
		}
		out, err = scanDelivery(tx.QueryRowContext(ctx, selectDelivery, d.ID))
		return err
	})
	return out, err
}

// CompleteDelivery records that d succeeded at connector, returning r. An
// open job marks its handoff delivered with r's remote ids in the same
// transaction (a queued handoff becomes delivered, with an event; a handoff
// already in another state keeps it, and its remote id, for closing it
// there); an offline job records the remote id on its message.
func (s *DB) CompleteDelivery(ctx context.Context, d handoff.Delivery, connector string, r handoff.Receipt, at time.Time) (handoff.Delivery, error) {
	if at.IsZero() {
		at = s.now()
	}
	ts := formatTime(at)
	return s.result(ctx, d, fmt.Sprintf("completing delivery %d", d.ID),
		`UPDATE deliveries SET state = 'done', attempts = attempts + 1, unknown = 0, last_error = '', permanent = 0,
			connector = ?, remote_id = ?, `+clearLease+`, updated_at = ?`,
		[]any{connector, r.RemoteID, ts},
		func(tx *sql.Tx) error {
			switch d.Kind {
			case handoff.DeliveryOpen:
				_, err := markDelivered(ctx, tx, d.Subject, connector, r, at)
				return err
			case handoff.DeliveryOffline:
				_, err := tx.ExecContext(ctx, "UPDATE offline_messages SET connector = ?, remote_id = ? WHERE id = ?", connector, r.RemoteID, d.Subject)
				return dbErr("recording forwarded message "+d.Subject, err)
			}
			return nil
		})
}

// RetryDelivery records a failed attempt of d, due again at next; unknown
// says whether the remote may have acted. An open job mirrors the attempt on
// its handoff (attempts, last error, next attempt), which stays queued.
func (s *DB) RetryDelivery(ctx context.Context, d handoff.Delivery, errMsg string, unknown bool, next, at time.Time) (handoff.Delivery, error) {
	if at.IsZero() {
		at = s.now()
	}
	ts := formatTime(at)
	return s.result(ctx, d, fmt.Sprintf("recording attempt of delivery %d", d.ID),
		`UPDATE deliveries SET attempts = attempts + 1, next_attempt_at = ?, unknown = ?, last_error = ?, permanent = 0,
			`+clearLease+`, updated_at = ?`,
		[]any{formatTime(next), unknown, errMsg, ts},
		func(tx *sql.Tx) error {
			if d.Kind != handoff.DeliveryOpen {
				return nil
			}
			_, err := tx.ExecContext(ctx, `UPDATE handoffs SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?,
				updated_at = ? WHERE id = ?`, errMsg, formatTime(next), ts, d.Subject)
			return dbErr("recording delivery attempt of handoff "+d.Subject, err)
		})
}

// FailDelivery parks d as failed with errMsg after its last attempt;
// permanent says it was a refusal retrying cannot fix. A failed open moves
// its handoff, when still queued, to failed (with an event and the error on
// the handoff, which stays visible and listed) and cancels the subject's
// later pending jobs: they have no ticket to go to.
func (s *DB) FailDelivery(ctx context.Context, d handoff.Delivery, errMsg string, permanent bool, at time.Time) (handoff.Delivery, error) {
	if at.IsZero() {
		at = s.now()
	}
	ts := formatTime(at)
	return s.result(ctx, d, fmt.Sprintf("failing delivery %d", d.ID),
		`UPDATE deliveries SET state = 'failed', attempts = attempts + 1, last_error = ?, permanent = ?,
			`+clearLease+`, updated_at = ?`,
		[]any{errMsg, permanent, ts},
		func(tx *sql.Tx) error {
			if d.Kind != handoff.DeliveryOpen {
				return nil
			}
			if _, err := tx.ExecContext(ctx, `UPDATE handoffs SET attempts = attempts + 1, last_error = ?, next_attempt_at = NULL,
				updated_at = ? WHERE id = ?`, errMsg, ts, d.Subject); err != nil {
				return dbErr("recording failed delivery of handoff "+d.Subject, err)
			}
			h, err := handoffInTx(ctx, tx, d.Subject)
			if err != nil {
				return err
			}
			if h.State == handoff.StateQueued {
				if err := setState(ctx, tx, &h, handoff.StateFailed, CauseDeliveryFailed, at); err != nil {
					return err
				}
			}
			_, err = tx.ExecContext(ctx, `UPDATE deliveries SET state = 'cancelled', last_error = ?, updated_at = ?
				WHERE subject = ? AND id > ? AND `+pendingClause, notOpened, ts, d.Subject, d.ID)
			return dbErr("cancelling later deliveries of "+d.Subject, err)
		})
}

// CancelDelivery drops d without an attempt, recording reason.
func (s *DB) CancelDelivery(ctx context.Context, d handoff.Delivery, reason string, at time.Time) (handoff.Delivery, error) {
	if at.IsZero() {
		at = s.now()
	}
	return s.result(ctx, d, fmt.Sprintf("cancelling delivery %d", d.ID),
		`UPDATE deliveries SET state = 'cancelled', last_error = ?, `+clearLease+`, updated_at = ?`,
		[]any{reason, formatTime(at)}, nil)
}

// ReleaseDelivery gives d's lease back without a result: due again at at,
// with its outcome unknown.
func (s *DB) ReleaseDelivery(ctx context.Context, d handoff.Delivery, at time.Time) error {
	if at.IsZero() {
		at = s.now()
	}
	ts := formatTime(at)
	_, err := s.result(ctx, d, fmt.Sprintf("releasing delivery %d", d.ID),
		`UPDATE deliveries SET unknown = 1, next_attempt_at = ?, `+clearLease+`, updated_at = ?`, []any{ts, ts}, nil)
	return err
}

// markDelivered records in tx that handoff id reached connector (empty
// keeps the stored name) as r: the receipt's non-empty remote id, URL and
// metadata, one more attempt, no error and no next attempt; a queued handoff
// becomes delivered, with an event.
func markDelivered(ctx context.Context, tx *sql.Tx, id, connector string, r handoff.Receipt, at time.Time) (handoff.Handoff, error) {
	meta, err := encodeMap(r.Meta)
	if err != nil {
		return handoff.Handoff{}, err
	}
	h, err := handoffInTx(ctx, tx, id)
	if err != nil {
		return h, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE handoffs SET
		connector = COALESCE(NULLIF(?, ''), connector),
		remote_id = COALESCE(NULLIF(?, ''), remote_id),
		remote_url = COALESCE(NULLIF(?, ''), remote_url),
		remote_meta = COALESCE(?, remote_meta),
		attempts = attempts + 1, last_error = '', next_attempt_at = NULL, updated_at = ?
		WHERE id = ?`, connector, r.RemoteID, r.URL, meta, formatTime(at), id); err != nil {
		return h, dbErr("recording delivery of handoff "+id, err)
	}
	if h.State == handoff.StateQueued {
		if err := setState(ctx, tx, &h, handoff.StateDelivered, CauseDelivered, at); err != nil {
			return h, err
		}
	}
	return handoffInTx(ctx, tx, id)
}
