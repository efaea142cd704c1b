package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// deliveryColumns lists the deliveries columns in the order of
// scanDelivery.
const deliveryColumns = `id, subject, kind, seq, idempotency_key, payload, priority, state, attempts,
	next_attempt_at, unknown, last_error, permanent, connector, remote_id, lease_owner, lease_token,
	lease_until, created_at, updated_at`

// pendingClause selects pending jobs. It repeats the WHERE clause of the
// partial indexes deliveries_due and deliveries_queue so that SQLite may use
// them.
const pendingClause = `state = 'pending'`

// headClause keeps only the first pending job of each subject (aliased d):
// a subject's jobs run in order.
const headClause = `NOT EXISTS (SELECT 1 FROM deliveries e INDEXED BY deliveries_queue
	WHERE e.subject = d.subject AND e.id < d.id AND e.` + pendingClause + `)`

const (
	insertDelivery = `INSERT INTO deliveries (subject, kind, seq, idempotency_key, payload, priority,
	next_attempt_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
	ON CONFLICT (idempotency_key) DO NOTHING`
	selectDeliveryByKey = `SELECT ` + deliveryColumns + ` FROM deliveries WHERE idempotency_key = ?`
	selectDelivery      = `SELECT ` + deliveryColumns + ` FROM deliveries WHERE id = ?`
	// claimDue and claimSubject lease due, free head jobs: any subject's
	// (by due time), or one subject's.
	claimDue     = claimUpdate + `FROM deliveries d INDEXED BY deliveries_due WHERE d.` + claimWhere + claimEnd
	claimSubject = claimUpdate + `FROM deliveries d INDEXED BY deliveries_queue WHERE d.subject = ? AND d.` + claimWhere + claimEnd
	claimUpdate  = `UPDATE deliveries SET
		unknown = CASE WHEN lease_token <> '' THEN 1 ELSE unknown END,
		lease_owner = ?, lease_token = ?, lease_until = ?, updated_at = ?
	WHERE id IN (SELECT d.id `
	claimWhere = pendingClause + ` AND d.next_attempt_at <= ?
		AND (d.lease_until IS NULL OR d.lease_until <= ?) AND ` + headClause
	claimEnd = `
		ORDER BY d.priority DESC, d.next_attempt_at, d.id LIMIT ?)
	RETURNING ` + deliveryColumns
	// claimDuePG and claimSubjectPG are the claims on PostgreSQL: the
	// chosen rows are locked and rows another transaction holds are
	// skipped, so claimers that do not share the store's write lock (or
	// a future one that drops it) never take the same job.
	claimDuePG     = claimUpdate + `FROM deliveries d WHERE d.` + claimWhere + claimEndPG
	claimSubjectPG = claimUpdate + `FROM deliveries d WHERE d.subject = ? AND d.` + claimWhere + claimEndPG
	claimEndPG     = `
		ORDER BY d.priority DESC, d.next_attempt_at, d.id LIMIT ? FOR UPDATE OF d SKIP LOCKED)
	RETURNING ` + deliveryColumns
	selectNextDue = `SELECT MIN(CASE WHEN d.lease_until > d.next_attempt_at THEN d.lease_until ELSE d.next_attempt_at END)
	FROM deliveries d INDEXED BY deliveries_due WHERE d.` + pendingClause + ` AND ` + headClause
	// clearLease ends the holder's claim; every result writes it.
	clearLease = `lease_owner = '', lease_token = '', lease_until = NULL`
)

// payload is the JSON of the payload column.
type payload struct {
	Message *handoff.Message        `json:"message,omitempty"`
	Reason  string                  `json:"reason,omitempty"`
	Offline *handoff.OfflineMessage `json:"offline,omitempty"`
	Rating  *handoff.Rating         `json:"rating,omitempty"`
}

// enqueueTx adds d as a pending job in tx unless a job with d.Key (derived
// with handoff.DeliveryKey when empty) exists: then it returns that job with
// created false. A zero NextAttemptAt is due at once. The writes that store
// a record store its job with it in one transaction.
func (s *DB) enqueueTx(ctx context.Context, tx *sql.Tx, d handoff.Delivery) (handoff.Delivery, bool, error) {
	if err := checkDelivery(&d); err != nil {
		return handoff.Delivery{}, false, err
	}
	if d.CreatedAt.IsZero() {
		d.CreatedAt = s.now()
	}
	if d.NextAttemptAt.IsZero() {
		d.NextAttemptAt = d.CreatedAt
	}
	var body sql.NullString
	if p := (payload{Message: d.Message, Reason: d.Reason, Offline: d.Offline, Rating: d.Rating}); p != (payload{}) {
		js, err := encodeJSON(p)
		if err != nil {
			return handoff.Delivery{}, false, fmt.Errorf("encoding delivery %s: %w", d.Key, err)
		}
		body = sql.NullString{String: js, Valid: true}
	}
	res, err := tx.ExecContext(ctx, insertDelivery, d.Subject, string(d.Kind), d.Seq, d.Key, body, d.Priority,
		formatTime(d.NextAttemptAt), formatTime(d.CreatedAt), formatTime(d.CreatedAt))
	if err != nil {
		return handoff.Delivery{}, false, dbErr("enqueuing delivery "+d.Key, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return handoff.Delivery{}, false, dbErr("enqueuing delivery "+d.Key, err)
	}
	out, err := scanDelivery(tx.QueryRowContext(ctx, selectDeliveryByKey, d.Key))
	if err != nil {
		return handoff.Delivery{}, false, fmt.Errorf("reading delivery %s: %w", d.Key, err)
	}
	return out, n == 1, nil
}

// checkDelivery validates a job to enqueue and derives its key.
func checkDelivery(d *handoff.Delivery) error {
	if d.Subject == "" {
		return handoff.Invalid("subject", "a delivery needs a subject (a handoff or message id)")
	}
	switch d.Kind {
	case handoff.DeliveryOpen, handoff.DeliveryClose:
	case handoff.DeliveryMessage:
		if d.Message == nil {
			return handoff.Invalid("message", "a message delivery needs its message")
		}
	case handoff.DeliveryOffline:
		if d.Offline == nil {
			return handoff.Invalid("offline", "an offline delivery needs its message")
		}
	case handoff.DeliveryRating:
		if d.Rating == nil {
			return handoff.Invalid("rating", "a rating delivery needs its rating")
		}
	default:
		return handoff.Invalid("kind", "unknown delivery kind %q", d.Kind)
	}
	if d.Key == "" {
		d.Key = handoff.DeliveryKey(d.Kind, d.Subject, d.Seq)
	}
	return nil
}

// ClaimDeliveries leases up to c.Limit due jobs (1 when unset) to c.Owner
// until c.Now + c.Lease: pending, due, not leased, and the first pending job
// of their subject; highest priority and earliest due first. The claim is
// one UPDATE in a write transaction, so concurrent claims, in this process
// or another, never share a job. A job whose last lease ended without a
// result comes back with Unknown set.
func (s *DB) ClaimDeliveries(ctx context.Context, c handoff.Claim) ([]handoff.Delivery, error) {
	if c.Owner == "" || c.Lease <= 0 {
		return nil, handoff.Invalid("claim", "a claim needs an owner and a positive lease")
	}
	if c.Limit <= 0 {
		c.Limit = 1
	}
	token, err := newToken()
	if err != nil {
		return nil, err
	}
	now := formatTime(c.Now)
	var out []handoff.Delivery
	err = s.write(ctx, "claiming deliveries", func(tx *sql.Tx) error {
		q, args := claimDue, []any{c.Owner, token, formatTime(c.Now.Add(c.Lease)), now, now, now, c.Limit}
		if s.backend == BackendPostgres {
			q = claimDuePG
		}
		if c.Subject != "" {
			q = claimSubject
			if s.backend == BackendPostgres {
				q = claimSubjectPG
			}
			args = []any{c.Owner, token, formatTime(c.Now.Add(c.Lease)), now, c.Subject, now, now, c.Limit}
		}
		rows, err := tx.QueryContext(ctx, q, args...)
		if err != nil {
			return dbErr("claiming deliveries", err)
		}
		defer rows.Close()
		for rows.Next() {
			d, err := scanDelivery(rows)
			if err != nil {
				return err
			}
			out = append(out, d)
		}
		return dbErr("claiming deliveries", rows.Err())
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b handoff.Delivery) int {
		switch {
		case a.Priority != b.Priority:
			return b.Priority - a.Priority
		case !a.NextAttemptAt.Equal(b.NextAttemptAt):
			return a.NextAttemptAt.Compare(b.NextAttemptAt)
		}
		return int(a.ID - b.ID)
	})
	return out, nil
}

func newToken() (string, error) {
	var b [12]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("making lease token: %w", err)
	}
	return hex.EncodeToString(b[:]), nil
}

// NextDue returns when the next claimable job is due: the earliest of each
// subject's first pending job, counting a live lease as not due before it
// ends. It returns false when nothing is pending.
func (s *DB) NextDue(ctx context.Context) (time.Time, bool, error) {
	var next sql.NullString
	if err := s.r.QueryRowContext(ctx, selectNextDue).Scan(&next); err != nil {
		return time.Time{}, false, dbErr("reading next due delivery", err)
	}
	t, err := parseTime(next)
	return t, next.Valid, err
}

// scanDelivery reads one row of deliveryColumns. It returns sql.ErrNoRows
// unwrapped.
func scanDelivery(row interface{ Scan(...any) error }) (handoff.Delivery, error) {
	var (
		d                          handoff.Delivery
		kind, state                string
		body, leaseUntil           sql.NullString
		next, created, updated     string
		unknown, permanent         bool
		leaseOwner, leaseToken, rk string
	)
	err := row.Scan(&d.ID, &d.Subject, &kind, &d.Seq, &rk, &body, &d.Priority, &state, &d.Attempts,
		&next, &unknown, &d.LastError, &permanent, &d.Connector, &d.RemoteID, &leaseOwner, &leaseToken,
		&leaseUntil, &created, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return d, err
	}
	if err != nil {
		return d, dbErr("reading delivery", err)
	}
	d.Kind, d.State, d.Key = handoff.DeliveryKind(kind), handoff.DeliveryState(state), rk
	d.Unknown, d.Permanent, d.LeaseOwner, d.LeaseToken = unknown, permanent, leaseOwner, leaseToken
	if body.Valid {
		var p payload
		if err := json.Unmarshal([]byte(body.String), &p); err != nil {
			return d, fmt.Errorf("decoding delivery %d: %w", d.ID, err)
		}
		d.Message, d.Reason, d.Offline, d.Rating = p.Message, p.Reason, p.Offline, p.Rating
	}
	var errs [4]error
	d.NextAttemptAt, errs[0] = parseTime(sql.NullString{String: next, Valid: true})
	d.LeaseUntil, errs[1] = parseTime(leaseUntil)
	d.CreatedAt, errs[2] = parseTime(sql.NullString{String: created, Valid: true})
	d.UpdatedAt, errs[3] = parseTime(sql.NullString{String: updated, Valid: true})
	if err := errors.Join(errs[:]...); err != nil {
		return d, fmt.Errorf("decoding delivery %d: %w", d.ID, err)
	}
	return d, nil
}
