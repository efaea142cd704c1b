package store

import (
	"context"
	"strings"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// The partial indexes over handoffs by state, each selecting by one of
// these clauses. A query uses a partial index only when its WHERE clause
// repeats the index's word for word (bound parameters do not count), so
// ListHandoffs adds the one its states fall under.
// waitingClause (handoffs_waiting) and openClause (handoffs_one_open) are
// the others.
//
// notWaitingClause selects the handoffs that no longer wait (an agent has
// them, or they ended): the partial index handoffs_state_settled (0013). A
// created handoff, which waits, costs that index no write.
const notWaitingClause = `state NOT IN ('queued', 'delivered')`

// endedClause selects the handoffs that ended: the partial index
// handoffs_conversation_ended (0013). A conversation's open handoff is in
// handoffs_one_open, so a created handoff costs that index no write.
const endedClause = `state NOT IN ('queued', 'delivered', 'agent_joined')`

// statesClause returns the clause of the partial index that every one of
// states falls under (waiting, open, or not waiting) and the index's name,
// or "" when they are mixed.
func statesClause(states []handoff.State) (clause, index string) {
	waiting, open, other := 0, 0, 0
	for _, st := range states {
		switch {
		case st.Waiting():
			waiting++
		case st.Open():
			open++
		default:
			other++
		}
	}
	switch {
	case open == 0 && other == 0:
		return waitingClause, "handoffs_waiting"
	case waiting == 0:
		return notWaitingClause, "handoffs_state_settled"
	case other == 0:
		return openClause, "handoffs_one_open"
	}
	return "", ""
}

// ListHandoffs returns the handoffs in any of f.States (all states when
// empty) and of f.ConversationID (all conversations when empty), oldest
// first (or in queue order: higher priority first, then oldest), at most
// f.Limit of them (DefaultListLimit when 0 or less).
func (s *DB) ListHandoffs(ctx context.Context, f handoff.ListFilter) ([]handoff.Handoff, error) {
	q, args, err := listQuery(f)
	if err != nil {
		return nil, err
	}
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, dbErr("listing handoffs", err)
	}
	defer rows.Close()
	out := []handoff.Handoff{}
	for rows.Next() {
		h, err := scanHandoff(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	if err := rows.Err(); err != nil {
		return nil, dbErr("listing handoffs", err)
	}
	return out, nil
}

// listQuery returns ListHandoffs' statement for f and its arguments.
func listQuery(f handoff.ListFilter) (string, []any, error) {
	var (
		where []string
		args  []any
		index string // the partial index of f.States
	)
	if len(f.States) > 0 {
		marks := make([]string, len(f.States))
		for i, st := range f.States {
			if !st.Valid() {
				return "", nil, handoff.Invalid("states", "unknown state %q", st)
			}
			marks[i] = "?"
			args = append(args, string(st))
		}
		where = append(where, "state IN ("+strings.Join(marks, ", ")+")")
		var clause string
		if clause, index = statesClause(f.States); clause != "" {
			where = append(where, clause)
		}
	}
	if f.ConversationID != "" {
		// handoffs_one_open holds a conversation's open handoff,
		// handoffs_conversation_ended its others (0013).
		open, ended := 0, 0
		for _, st := range f.States {
			if st.Open() {
				open++
			} else {
				ended++
			}
		}
		switch {
		case open > 0 && ended == 0:
			where = append(where, "conversation_id = ?", openClause)
		case ended > 0 && open == 0:
			where = append(where, "conversation_id = ?", endedClause)
		default:
			where = append(where, "((conversation_id = ? AND "+openClause+") OR (conversation_id = ? AND "+endedClause+"))")
			args = append(args, f.ConversationID)
		}
		args = append(args, f.ConversationID)
	}
	if f.IDPrefix != "" {
		// A range over the primary key, which its index answers.
		where = append(where, "id >= ?")
		args = append(args, f.IDPrefix)
		if end, ok := prefixEnd(f.IDPrefix); ok {
			where = append(where, "id < ?")
			args = append(args, end)
		}
	}
	q := "SELECT " + handoffColumns + " FROM handoffs"
	if index != "" && f.ConversationID == "" && f.IDPrefix == "" {
		// Without statistics SQLite may prefer walking handoffs_created
		// in order (through every handoff stored) to the few rows of a
		// state; PostgreSQL drops the hint.
		q += " INDEXED BY " + index
	}
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	switch f.Order {
	case handoff.OrderQueue:
		q += " ORDER BY " + priorityRank + " DESC, created_at, rowid LIMIT ?"
	case handoff.OrderRecent:
		q += " ORDER BY updated_at DESC, rowid DESC LIMIT ?"
	default:
		q += " ORDER BY created_at, rowid LIMIT ?"
	}
	limit := f.Limit
	if limit <= 0 {
		limit = DefaultListLimit
	}
	args = append(args, limit)

	return q, args, nil
}

// prefixEnd returns the smallest string above every string starting with p
// (byte order, as SQLite compares TEXT), and false when there is none (p is
// all 0xff bytes).
func prefixEnd(p string) (string, bool) {
	b := []byte(p)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < 0xff {
			b[i]++
			return string(b[:i+1]), true
		}
	}
	return "", false
}
