package store

import (
	"context"

	"github.com/handoff-mcp/handoff-mcp/handoff/watch"
)

// ChangeCursor returns the latest change sequence number of the handoffs
// table (0 when it is empty): where a new change feed starts.
//
// Every insert or update of a handoff row gives it the next number of one
// database-wide sequence (migration 0004, triggers on handoffs), so
// lifecycle transitions, delivery bookkeeping, contact changes and any write
// that touches the row are all seen, whichever process made them.
func (s *DB) ChangeCursor(ctx context.Context) (int64, error) {
	var seq int64
	if err := s.r.QueryRowContext(ctx, "SELECT COALESCE(MAX(change_seq), 0) FROM handoffs").Scan(&seq); err != nil {
		return 0, dbErr("reading the change cursor", err)
	}
	return seq, nil
}

const selectChanges = `SELECT id, change_seq, connector, state, agent_name FROM handoffs INDEXED BY handoffs_change_seq
	WHERE change_seq > ? ORDER BY change_seq LIMIT ?`

// Changes returns the handoffs changed after sequence number after, in the
// order of their latest change, at most limit of them (watch.DefaultBatch
// when 0 or less). It is one range read of the handoffs_change_seq index;
// each change carries the handoff's connector, state and agent, read from
// the row its id comes from, so that a follower such as the desk needs no
// second read of it.
func (s *DB) Changes(ctx context.Context, after int64, limit int) ([]watch.Change, error) {
	if limit <= 0 {
		limit = watch.DefaultBatch
	}
	rows, err := s.r.QueryContext(ctx,
		selectChanges,
		after, limit)
	if err != nil {
		return nil, dbErr("reading handoff changes", err)
	}
	defer rows.Close()
	var out []watch.Change
	for rows.Next() {
		var c watch.Change
		if err := rows.Scan(&c.HandoffID, &c.Seq, &c.Connector, &c.State, &c.Agent); err != nil {
			return nil, dbErr("reading handoff changes", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, dbErr("reading handoff changes", err)
	}
	return out, nil
}

var _ watch.Source = (*DB)(nil)
