package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// CauseDelivered is the cause recorded when a delivery's result moves a
// queued handoff to delivered.
const CauseDelivered = "delivered"

// setState moves h to state to in the database and in h, and records the
// event.
func setState(ctx context.Context, tx *sql.Tx, h *handoff.Handoff, to handoff.State, cause string, at time.Time) error {
	ts := formatTime(at)
	if _, err := tx.ExecContext(ctx, "UPDATE handoffs SET state = ?, updated_at = ? WHERE id = ?", string(to), ts, h.ID); err != nil {
		return dbErr("updating state of handoff "+h.ID, err)
	}
	if _, err := tx.ExecContext(ctx, insertEvent, h.ID, string(h.State), string(to), cause, ts); err != nil {
		return dbErr("recording transition of handoff "+h.ID, err)
	}
	h.State, h.UpdatedAt = to, at.UTC()
	return nil
}

// handoffInTx reads handoff id inside tx, or returns a KindNotFound error.
func handoffInTx(ctx context.Context, tx *sql.Tx, id string) (handoff.Handoff, error) {
	h, err := scanHandoff(tx.QueryRowContext(ctx, selectHandoff, id))
	if errors.Is(err, sql.ErrNoRows) {
		return h, handoff.NotFound("handoff %s not found", id)
	}
	return h, err
}

// Events returns the lifecycle transitions of handoff id in the order they
// happened, its creation first, or a KindNotFound error for an unknown id.
func (s *DB) Events(ctx context.Context, id string) ([]handoff.Event, error) {
	// The outer join tells an unknown handoff (no row) from one without
	// events (one row of NULLs).
	rows, err := s.r.QueryContext(ctx, `SELECT e.from_state, e.to_state, e.cause, e.at
		FROM handoffs h LEFT JOIN handoff_events e ON e.handoff_id = h.id
		WHERE h.id = ? ORDER BY e.id`, id)
	if err != nil {
		return nil, dbErr("listing events of handoff "+id, err)
	}
	defer rows.Close()
	var (
		out   = []handoff.Event{}
		found bool
	)
	for rows.Next() {
		found = true
		var from, to, cause, at sql.NullString
		if err := rows.Scan(&from, &to, &cause, &at); err != nil {
			return nil, dbErr("reading events of handoff "+id, err)
		}
		if !to.Valid {
			continue
		}
		t, err := parseTime(at)
		if err != nil {
			return nil, err
		}
		out = append(out, handoff.Event{HandoffID: id, From: handoff.State(from.String), To: handoff.State(to.String), Cause: cause.String, At: t})
	}
	if err := rows.Err(); err != nil {
		return nil, dbErr("listing events of handoff "+id, err)
	}
	if !found {
		return nil, handoff.NotFound("handoff %s not found", id)
	}
	return out, nil
}

// SetHandoffContact replaces the contact on handoff id, whatever its state,
// and returns the updated handoff.
func (s *DB) SetHandoffContact(ctx context.Context, id string, c handoff.Contact, at time.Time) (handoff.Handoff, error) {
	if at.IsZero() {
		at = s.now()
	}
	return s.update(ctx, "setting contact of handoff "+id, id,
		`UPDATE handoffs SET contact_email = ?, contact_phone = ?, contact_name = ?, updated_at = ? WHERE id = ?`,
		c.Email, c.Phone, c.Name, formatTime(at), id)
}

// update runs one UPDATE of handoff id and returns the updated handoff, or a
// KindNotFound error when no row matched.
func (s *DB) update(ctx context.Context, op, id, query string, args ...any) (handoff.Handoff, error) {
	var out handoff.Handoff
	err := s.write(ctx, op, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, query, args...)
		if err != nil {
			return dbErr(op, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return dbErr(op, err)
		} else if n == 0 {
			return handoff.NotFound("handoff %s not found", id)
		}
		out, err = handoffInTx(ctx, tx, id)
		return err
	})
	return out, err
}
