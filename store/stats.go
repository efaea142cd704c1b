package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/mattn/go-sqlite3"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/metrics"
	"github.com/handoff-mcp/handoff-mcp/stats"
)

// DecisionRetention is how long the decisions of requests that stored no
// handoff are kept for stats; older ones are deleted as new ones arrive.
const DecisionRetention = 400 * 24 * time.Hour

var (
	_ handoff.RatingStore = (*DB)(nil)
	_ handoff.DecisionLog = (*DB)(nil)
	_ stats.Source        = (*DB)(nil)
	_ metrics.GaugeSource = (*DB)(nil)
)

// SaveRating stores the survey answer r, once per handoff: a second answer
// is a KindConflict error wrapping handoff.ErrAlreadyRated, an unknown
// handoff a KindNotFound error. jobs are enqueued in the same transaction,
// created (and due) at r.At unless they say otherwise.
func (s *DB) SaveRating(ctx context.Context, r handoff.Rating, jobs ...handoff.Delivery) error {
	if r.At.IsZero() {
		r.At = s.now()
	}
	return s.write(ctx, "saving rating", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO ratings (handoff_id, rating, comment, at) VALUES (?, ?, ?, ?)`,
			r.HandoffID, r.Rating, r.Comment, formatTime(r.At))
		switch {
		case isConstraint(err, sqlite3.ErrConstraintPrimaryKey):
			return &handoff.Error{Kind: handoff.KindConflict, Err: handoff.ErrAlreadyRated,
				Msg: fmt.Sprintf("handoff %s was rated already; a handoff takes one answer", r.HandoffID)}
		case isConstraint(err, sqlite3.ErrConstraintForeignKey):
			return handoff.NotFound("no handoff %s", r.HandoffID)
		case err != nil:
			return dbErr("saving rating", err)
		}
		for _, d := range jobs {
			if d.CreatedAt.IsZero() {
				d.CreatedAt = r.At
			}
			if _, _, err := s.enqueueTx(ctx, tx, d); err != nil {
				return err
			}
		}
		return nil
	})
}

// Rating returns the survey answer of handoff id; false when none.
func (s *DB) Rating(ctx context.Context, id string) (handoff.Rating, bool, error) {
	r := handoff.Rating{HandoffID: id}
	var at sql.NullString
	err := s.r.QueryRowContext(ctx, `SELECT rating, comment, at FROM ratings WHERE handoff_id = ?`, id).
		Scan(&r.Rating, &r.Comment, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return handoff.Rating{}, false, nil
	}
	if err != nil {
		return handoff.Rating{}, false, dbErr("reading rating", err)
	}
	if r.At, err = parseTime(at); err != nil {
		return handoff.Rating{}, false, err
	}
	return r, true, nil
}

// RecordDecision records a request that stored no handoff: when, its
// outcome and the judge that decided. Decisions older than
// DecisionRetention are deleted as it goes.
func (s *DB) RecordDecision(ctx context.Context, at time.Time, o handoff.Outcome, judge string) error {
	if at.IsZero() {
		at = s.now()
	}
	return s.write(ctx, "recording decision", func(tx *sql.Tx) error {
		return s.recordDecisionTx(ctx, tx, at, o, judge)
	})
}

// recordDecisionTx is RecordDecision's statements, in tx.
func (s *DB) recordDecisionTx(ctx context.Context, tx *sql.Tx, at time.Time, o handoff.Outcome, judge string) error {
	if s.pruneDue(&s.decisionsPruned, time.Hour, at) {
		if _, err := tx.ExecContext(ctx, `DELETE FROM decisions WHERE at < ?`, formatTime(at.Add(-DecisionRetention))); err != nil {
			return dbErr("forgetting old decisions", err)
		}
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO decisions (at, outcome, judge) VALUES (?, ?, ?)`,
		formatTime(at), string(o), judge)
	return dbErr("recording decision", err)
}

// PruneDecisions deletes the decisions made before before and returns how
// many.
func (s *DB) PruneDecisions(ctx context.Context, before time.Time) (int64, error) {
	var n int64
	err := s.write(ctx, "pruning decisions", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM decisions WHERE at < ?`, formatTime(before))
		if err != nil {
			return dbErr("pruning decisions", err)
		}
		n, err = res.RowsAffected()
		return dbErr("pruning decisions", err)
	})
	return n, err
}

// statsHandoffs reads the facts of the handoffs created in a range through
// handoffs_created; the last event of each comes from handoff_events_handoff,
// its transfers from the events that changed its state (a helpdesk's) and
// the desk's transfers (desk_transfers_handoff: a transfer between agents
// leaves the state agent_joined, so it records no event).
const statsHandoffs = `SELECT h.id, h.triggers, COALESCE(json_extract(h.route, '$.team'), ''), h.language, h.connector,
		h.classifier, h.state, h.created_at, h.joined_at, h.first_reply_at,
		(SELECT e.at FROM handoff_events e WHERE e.handoff_id = h.id ORDER BY e.id DESC LIMIT 1),
		(SELECT e.cause FROM handoff_events e WHERE e.handoff_id = h.id ORDER BY e.id DESC LIMIT 1),
		(SELECT COUNT(*) FROM handoff_events e WHERE e.handoff_id = h.id AND e.cause LIKE 'transferred%')
			+ (SELECT COUNT(*) FROM desk_transfers t WHERE t.handoff_id = h.id),
		COALESCE((SELECT r.rating FROM ratings r WHERE r.handoff_id = h.id), 0)
	FROM handoffs h INDEXED BY handoffs_created
	WHERE h.created_at >= ? AND h.created_at < ?
	ORDER BY h.created_at`

// statsDecisions reads the decisions of a range through decisions_at.
const statsDecisions = `SELECT at, outcome, judge FROM decisions INDEXED BY decisions_at
	WHERE at >= ? AND at < ? ORDER BY at`

// StatsFacts returns the facts of the handoffs created, and the decisions
// made, at or after since and before until (stats.Source).
func (s *DB) StatsFacts(ctx context.Context, since, until time.Time) ([]stats.HandoffFacts, []stats.DecisionFacts, error) {
	from, to := formatTime(since), formatTime(until)
	rows, err := s.r.QueryContext(ctx, statsHandoffs, from, to)
	if err != nil {
		return nil, nil, dbErr("reading handoffs for stats", err)
	}
	defer rows.Close()
	var hs []stats.HandoffFacts
	for rows.Next() {
		var (
			h                                     stats.HandoffFacts
			triggers                              string
			created, joined, reply, ended, endCau sql.NullString
		)
		if err := rows.Scan(&h.ID, &triggers, &h.Team, &h.Language, &h.Connector, &h.Classifier, &h.State,
			&created, &joined, &reply, &ended, &endCau, &h.Transfers, &h.Rating); err != nil {
			return nil, nil, dbErr("reading handoffs for stats", err)
		}
		if err := json.Unmarshal([]byte(triggers), &h.Triggers); err != nil {
			return nil, nil, fmt.Errorf("reading triggers of handoff %s: %w", h.ID, err)
		}
		for _, t := range []struct {
			dst *time.Time
			src sql.NullString
		}{{&h.Created, created}, {&h.JoinedAt, joined}, {&h.FirstReplyAt, reply}} {
			if *t.dst, err = parseTime(t.src); err != nil {
				return nil, nil, err
			}
		}
		if !handoff.State(h.State).Open() {
			if h.EndedAt, err = parseTime(ended); err != nil {
				return nil, nil, err
			}
			h.EndCause = endCau.String
		}
		hs = append(hs, h)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, dbErr("reading handoffs for stats", err)
	}
	drows, err := s.r.QueryContext(ctx, statsDecisions, from, to)
	if err != nil {
		return nil, nil, dbErr("reading decisions for stats", err)
	}
	defer drows.Close()
	var ds []stats.DecisionFacts
	for drows.Next() {
		var d stats.DecisionFacts
		var at sql.NullString
		if err := drows.Scan(&at, &d.Outcome, &d.Judge); err != nil {
			return nil, nil, dbErr("reading decisions for stats", err)
		}
		if d.At, err = parseTime(at); err != nil {
			return nil, nil, err
		}
		ds = append(ds, d)
	}
	return hs, ds, dbErr("reading decisions for stats", drows.Err())
}

// Ready reports whether the database answers and its schema is at the
// newest migration this binary knows: the /readyz check.
func (s *DB) Ready(ctx context.Context) error {
	ms, err := migrationsOf(s.backend)
	if err != nil {
		return err
	}
	cur, err := s.schemaVersion(ctx, s.r)
	if err != nil {
		return err
	}
	if latest := ms[len(ms)-1].version; cur != latest {
		return fmt.Errorf("database schema is at version %d, this binary expects %d", cur, latest)
	}
	return nil
}

// Gauges returns the outbox depth, the queue length and the open sessions
// (metrics.GaugeSource), each from an index or the maintained queue counts.
func (s *DB) Gauges(ctx context.Context) (metrics.Gauges, error) {
	var g metrics.Gauges
	err := s.r.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM deliveries INDEXED BY deliveries_state WHERE state = 'pending'),
		(SELECT COALESCE(SUM(waiting), 0) FROM queue_counts),
		(SELECT COUNT(*) FROM handoffs INDEXED BY handoffs_state_settled WHERE `+notWaitingClause+` AND state = 'agent_joined')`).
		Scan(&g.OutboxDepth, &g.QueueLength, &g.OpenSessions)
	return g, dbErr("reading gauges", err)
}
