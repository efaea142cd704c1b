package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// Delivery returns the job with the given id, or a KindNotFound error.
func (s *DB) Delivery(ctx context.Context, id int64) (handoff.Delivery, error) {
	d, err := scanDelivery(s.r.QueryRowContext(ctx, selectDelivery, id))
	if errors.Is(err, sql.ErrNoRows) {
		return d, handoff.NotFound("delivery %d not found; `handoff-mcp outbox list` shows the jobs", id)
	}
	return d, err
}

// RequeueDelivery puts the failed job id back in the outbox, due at at,
// with its attempts counted from zero (its last error stays until the next
// attempt): the operator fixed what made it fail. An open job is refused:
// its handoff failed for good and its user was told so. A job that is not
// failed is a KindConflict error, an unknown id KindNotFound.
func (s *DB) RequeueDelivery(ctx context.Context, id int64, at time.Time) (handoff.Delivery, error) {
	if at.IsZero() {
		at = s.now()
	}
	var out handoff.Delivery
	err := s.write(ctx, fmt.Sprintf("requeuing delivery %d", id), func(tx *sql.Tx) error {
		d, err := s.failedInTx(ctx, tx, id)
		if err != nil {
			return err
		}
		if d.Kind == handoff.DeliveryOpen {
			return conflict("delivery %d opens handoff %s, which failed for good when it did (its user was told); it cannot be retried: the user asks again, or the team contacts them", id, d.Subject)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE deliveries SET state = 'pending', attempts = 0, permanent = 0,
			next_attempt_at = ?, updated_at = ? WHERE id = ?`, formatTime(at), formatTime(at), id); err != nil {
			return dbErr(fmt.Sprintf("requeuing delivery %d", id), err)
		}
		out, err = scanDelivery(tx.QueryRowContext(ctx, selectDelivery, id))
		return err
	})
	return out, err
}

// DropDelivery gives up the failed job id for good: it is cancelled, its
// last error kept after reason. A job that is not failed is a KindConflict
// error, an unknown id KindNotFound.
func (s *DB) DropDelivery(ctx context.Context, id int64, reason string, at time.Time) (handoff.Delivery, error) {
	if at.IsZero() {
		at = s.now()
	}
	var out handoff.Delivery
	err := s.write(ctx, fmt.Sprintf("dropping delivery %d", id), func(tx *sql.Tx) error {
		d, err := s.failedInTx(ctx, tx, id)
		if err != nil {
			return err
		}
		msg := reason
		if d.LastError != "" {
			msg += " (it had failed: " + d.LastError + ")"
		}
		if _, err := tx.ExecContext(ctx, `UPDATE deliveries SET state = 'cancelled', last_error = ?, updated_at = ? WHERE id = ?`,
			msg, formatTime(at), id); err != nil {
			return dbErr(fmt.Sprintf("dropping delivery %d", id), err)
		}
		out, err = scanDelivery(tx.QueryRowContext(ctx, selectDelivery, id))
		return err
	})
	return out, err
}

// failedInTx reads job id in tx and checks that it is failed.
func (s *DB) failedInTx(ctx context.Context, tx *sql.Tx, id int64) (handoff.Delivery, error) {
	d, err := scanDelivery(tx.QueryRowContext(ctx, selectDelivery, id))
	if errors.Is(err, sql.ErrNoRows) {
		return d, handoff.NotFound("delivery %d not found; `handoff-mcp outbox list` shows the jobs", id)
	}
	if err != nil {
		return d, err
	}
	if d.State != handoff.DeliveryFailed {
		return d, conflict("delivery %d is %s, not failed; only failed jobs can be retried or dropped", id, d.State)
	}
	return d, nil
}

// ReleaseOrphanedLeases ends the live leases whose owner dead reports as a
// process that no longer runs (killed before it could record a result or
// release them): those jobs are due at at, their outcome unknown, instead of
// waiting out the lease. dead is called once per distinct owner, outside
// any transaction; the release only touches leases that owner still holds.
func (s *DB) ReleaseOrphanedLeases(ctx context.Context, dead func(owner string) bool, at time.Time) (int, error) {
	if at.IsZero() {
		at = s.now()
	}
	ts := formatTime(at)
	rows, err := s.r.QueryContext(ctx, `SELECT DISTINCT lease_owner FROM deliveries
		WHERE `+pendingClause+` AND lease_token <> '' AND lease_owner <> ''`)
	if err != nil {
		return 0, dbErr("listing lease owners", err)
	}
	var owners []string
	for rows.Next() {
		var o string
		if err := rows.Scan(&o); err != nil {
			rows.Close()
			return 0, dbErr("listing lease owners", err)
		}
		owners = append(owners, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, dbErr("listing lease owners", err)
	}
	released := 0
	for _, o := range owners {
		if !dead(o) {
			continue
		}
		err := s.write(ctx, "releasing the leases of "+o, func(tx *sql.Tx) error {
			res, err := tx.ExecContext(ctx, `UPDATE deliveries SET unknown = 1, next_attempt_at = ?, `+clearLease+`, updated_at = ?
				WHERE `+pendingClause+` AND lease_owner = ? AND lease_token <> ''`, ts, ts, o)
			if err != nil {
				return dbErr("releasing the leases of "+o, err)
			}
			n, err := res.RowsAffected()
			released += int(n)
			return dbErr("releasing the leases of "+o, err)
		})
		if err != nil {
			return released, err
		}
	}
	return released, nil
}
