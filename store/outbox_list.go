package store

import (
	"context"
	"database/sql"
	"strings"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// Deliveries lists the jobs matching f, oldest first, at most f.Limit
// (DefaultListLimit when 0 or less).
func (s *DB) Deliveries(ctx context.Context, f handoff.DeliveryFilter) ([]handoff.Delivery, error) {
	var (
		where []string
		args  []any
	)
	if f.Subject != "" {
		where = append(where, "subject = ?")
		args = append(args, f.Subject)
	}
	if f.Key != "" {
		where = append(where, "idempotency_key = ?")
		args = append(args, f.Key)
	}
	if len(f.States) > 0 {
		marks := make([]string, len(f.States))
		for i, st := range f.States {
			marks[i] = "?"
			args = append(args, string(st))
		}
		where = append(where, "state IN ("+strings.Join(marks, ", ")+")")
	}
	q := "SELECT " + deliveryColumns + " FROM deliveries"
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	limit := f.Limit
	if limit <= 0 {
		limit = DefaultListLimit
	}
	q += " ORDER BY id LIMIT ?"
	args = append(args, limit)
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, dbErr("listing deliveries", err)
	}
	defer rows.Close()
	out := []handoff.Delivery{}
	for rows.Next() {
		d, err := scanDelivery(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, dbErr("listing deliveries", rows.Err())
}

// DeliveryStats counts the jobs per state and reads when the oldest pending
// job was enqueued and when the next is due.
func (s *DB) DeliveryStats(ctx context.Context) (handoff.DeliveryStats, error) {
	st := handoff.DeliveryStats{Counts: map[handoff.DeliveryState]int{}}
	rows, err := s.r.QueryContext(ctx, "SELECT state, COUNT(*) FROM deliveries GROUP BY state")
	if err != nil {
		return st, dbErr("counting deliveries", err)
	}
	defer rows.Close()
	for rows.Next() {
		var state string
		var n int
		if err := rows.Scan(&state, &n); err != nil {
			return st, dbErr("counting deliveries", err)
		}
		st.Counts[handoff.DeliveryState(state)] = n
	}
	if err := rows.Err(); err != nil {
		return st, dbErr("counting deliveries", err)
	}
	var oldest sql.NullString
	if err := s.r.QueryRowContext(ctx, "SELECT MIN(created_at) FROM deliveries WHERE "+pendingClause).Scan(&oldest); err != nil {
		return st, dbErr("reading oldest pending delivery", err)
	}
	if st.OldestPending, err = parseTime(oldest); err != nil {
		return st, err
	}
	st.NextDue, _, err = s.NextDue(ctx)
	return st, err
}
