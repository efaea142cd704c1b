package store

import (
	"context"
	"database/sql"
	"time"
)

// InboundRetention is how long Seen remembers an inbound event: three times
// the 24 hours handoff/hooks requires (its MaxAge), longer than any helpdesk
// keeps retrying one.
const InboundRetention = 72 * time.Hour

// pruneEvery is how often Seen deletes the events older than
// InboundRetention (at most; it runs in the write that records an event).
const pruneEvery = time.Minute

// Seen records the inbound event eventID of connector, received at at, and
// reports whether it was recorded before: the durable hooks.Deduper, shared
// by every process on the database. The check and the record are one
// INSERT, so of two concurrent deliveries of one event exactly one sees
// false. Events older than InboundRetention are deleted as it goes.
func (s *DB) Seen(ctx context.Context, connector, eventID string, at time.Time) (bool, error) {
	if at.IsZero() {
		at = s.now()
	}
	var seen bool
	err := s.write(ctx, "recording inbound event", func(tx *sql.Tx) error {
		if s.pruneDue(&s.pruned, pruneEvery, at) {
			if _, err := tx.ExecContext(ctx, `DELETE FROM inbound_events WHERE received_at < ?`,
				formatTime(at.Add(-InboundRetention))); err != nil {
				return dbErr("forgetting old inbound events", err)
			}
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO inbound_events (connector, event_id, received_at)
			VALUES (?, ?, ?) ON CONFLICT DO NOTHING`, connector, eventID, formatTime(at))
		if err != nil {
			return dbErr("recording inbound event", err)
		}
		n, err := res.RowsAffected()
		seen = n == 0
		return dbErr("recording inbound event", err)
	})
	return seen, err
}

// Forget removes the inbound event eventID of connector, so that the
// helpdesk's retry of an event whose processing failed is processed again.
func (s *DB) Forget(ctx context.Context, connector, eventID string) error {
	return s.write(ctx, "forgetting inbound event", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM inbound_events WHERE connector = ? AND event_id = ?`, connector, eventID)
		return dbErr("forgetting inbound event", err)
	})
}

// pruneDue reports whether it is time to delete old rows whose last
// deletion was at *last (the zero time: never): every is past, or the clock
// went back. It notes at as the deletion's time when it is. The writes that
// delete as they go call it with the fields of pruneMu.
func (s *DB) pruneDue(last *time.Time, every time.Duration, at time.Time) bool {
	s.pruneMu.Lock()
	defer s.pruneMu.Unlock()
	if !last.IsZero() && at.Sub(*last) < every && at.After(*last) {
		return false
	}
	*last = at
	return true
}
