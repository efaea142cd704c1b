package handoff

import (
	"context"
	"strconv"
	"time"
)

// DeliveryKind is the helpdesk operation a delivery job performs.
type DeliveryKind string

// The delivery kinds.
const (
	// DeliveryOpen opens the ticket or conversation of a handoff.
	DeliveryOpen DeliveryKind = "open"
	// DeliveryMessage adds a user's message to an opened handoff.
	DeliveryMessage DeliveryKind = "message"
	// DeliveryClose closes an opened handoff.
	DeliveryClose DeliveryKind = "close"
	// DeliveryOffline forwards a message left for the team as a ticket of
	// its own.
	DeliveryOffline DeliveryKind = "offline"
	// DeliveryRating forwards the user's satisfaction answer to the
	// ticket of an ended handoff, with a connector that is a Rater.
	DeliveryRating DeliveryKind = "rating"
)

// DeliveryState is where a delivery job stands.
type DeliveryState string

// The delivery states. Pending jobs are retried until they are done, fail
// for good, or are cancelled.
const (
	DeliveryPending   DeliveryState = "pending"
	DeliveryDone      DeliveryState = "done"
	DeliveryFailed    DeliveryState = "failed"
	DeliveryCancelled DeliveryState = "cancelled"
)

// Delivery is one helpdesk operation in the outbox. It is committed to the
// store before it is tried, so that an accepted handoff survives a crash.
// Jobs of one subject run strictly in the order they were enqueued: a
// message never overtakes its open, and a close comes last.
type Delivery struct {
	// ID orders the jobs (assigned by the store).
	ID int64 `json:"id"`
	// Subject is the handoff id (open, message, close) or the offline
	// message id (offline): the unit of ordering.
	Subject string       `json:"subject"`
	Kind    DeliveryKind `json:"kind"`
	// Seq is the message's sequence number (message jobs).
	Seq int64 `json:"seq,omitempty"`
	// Key is the idempotency key, derived from the subject (and seq) by
	// DeliveryKey; a second job with the same key is never enqueued.
	Key string `json:"key"`
	// Message is the user's message (message jobs).
	Message *Message `json:"message,omitempty"`
	// Reason is why the handoff is closed (close jobs).
	Reason string `json:"reason,omitempty"`
	// Offline is the message left for the team (offline jobs).
	Offline *OfflineMessage `json:"offline,omitempty"`
	// Rating is the user's satisfaction answer (rating jobs).
	Rating *Rating `json:"rating,omitempty"`
	// Priority orders due jobs, higher first (Priority.Rank of the handoff).
	Priority int `json:"priority"`

	State    DeliveryState `json:"state"`
	Attempts int           `json:"attempts"`
	// NextAttemptAt is when the job is due.
	NextAttemptAt time.Time `json:"next_attempt_at"`
	// Unknown is true when the outcome of the last attempt is unknown (a
	// timeout, a lost response, a 5xx, a crash mid-attempt): the remote may
	// have acted, so an open is looked up before it is tried again.
	Unknown bool `json:"unknown,omitempty"`
	// LastError is the most recent failure; Permanent tells that it was a
	// refusal retrying cannot fix (a configuration error).
	LastError string `json:"last_error,omitempty"`
	Permanent bool   `json:"permanent,omitempty"`
	// Connector is the helpdesk that completed the job; RemoteID what it
	// returned (open and offline jobs).
	Connector string `json:"connector,omitempty"`
	RemoteID  string `json:"remote_id,omitempty"`

	// LeaseOwner holds the job until LeaseUntil; LeaseToken fences the
	// holder's writes, so that a worker whose lease expired and was taken
	// over cannot record a result.
	LeaseOwner string    `json:"lease_owner,omitempty"`
	LeaseToken string    `json:"-"`
	LeaseUntil time.Time `json:"lease_until,omitzero"`

	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// DeliveryKey derives the idempotency key of a job: "<subject>:created" for
// open and offline, "<subject>:message:<seq>", "<subject>:closed" and
// "<subject>:rated". It is
// the key the webhook and Zendesk connectors send, so the outbox and the
// helpdesk agree on what is one operation.
func DeliveryKey(kind DeliveryKind, subject string, seq int64) string {
	switch kind {
	case DeliveryMessage:
		return subject + ":message:" + strconv.FormatInt(seq, 10)
	case DeliveryClose:
		return subject + ":closed"
	case DeliveryRating:
		return subject + ":rated"
	}
	return subject + ":created"
}

// Claim asks the outbox for due jobs.
type Claim struct {
	// Owner names the claiming worker (host, process, instance).
	Owner string
	// Limit caps the number of jobs claimed.
	Limit int
	// Lease is how long the jobs are held.
	Lease time.Duration
	// Now is the claiming worker's clock reading.
	Now time.Time
	// Subject, when set, claims only that subject's next job.
	Subject string
}

// DeliveryFilter selects jobs to list. Zero fields select everything.
type DeliveryFilter struct {
	Subject string
	// Key, when set, selects the one job with that idempotency key.
	Key    string
	States []DeliveryState
	// Limit caps the number returned; 0 means a default of 100.
	Limit int
}

// DeliveryStats summarises the outbox.
type DeliveryStats struct {
	// Counts per state.
	Counts map[DeliveryState]int `json:"counts"`
	// OldestPending is when the oldest pending job was enqueued.
	OldestPending time.Time `json:"oldest_pending,omitzero"`
	// NextDue is when the next pending job is due.
	NextDue time.Time `json:"next_due,omitzero"`
}

// Outbox holds the delivery jobs. A job is claimed with a lease; only the
// first pending job of a subject can be claimed, and only when it is due and
// not leased, so two processes sharing the database never deliver the same
// job at once and a subject's jobs run in order. Every result is recorded
// with the claim's lease token: a holder whose lease was taken over gets a
// KindConflict error and must forget the job.
type Outbox interface {
	// ClaimDeliveries leases due jobs to c.Owner, highest priority and
	// earliest due first. A job whose previous lease ended without a result
	// comes back with Unknown set.
	ClaimDeliveries(ctx context.Context, c Claim) ([]Delivery, error)
	// NextDue returns when the next claimable job is due, false when none
	// is pending.
	NextDue(ctx context.Context) (time.Time, bool, error)
	// CompleteDelivery records success: the job is done with the receipt's
	// remote id; an open job also marks its handoff delivered with the
	// remote ids, an offline job records the remote id on the message.
	CompleteDelivery(ctx context.Context, d Delivery, connector string, r Receipt, at time.Time) (Delivery, error)
	// RetryDelivery records a failed attempt to try again at next; unknown
	// tells whether the remote may have acted. An open job mirrors the
	// attempt on its handoff (attempts, last error, next attempt).
	RetryDelivery(ctx context.Context, d Delivery, errMsg string, unknown bool, next, at time.Time) (Delivery, error)
	// FailDelivery parks the job as failed after its last attempt (or a
	// permanent refusal). A failed open moves a queued handoff to failed and
	// cancels the subject's later jobs, which have no ticket to go to.
	FailDelivery(ctx context.Context, d Delivery, errMsg string, permanent bool, at time.Time) (Delivery, error)
	// CancelDelivery drops the job without an attempt, saying why.
	CancelDelivery(ctx context.Context, d Delivery, reason string, at time.Time) (Delivery, error)
	// ReleaseDelivery gives the lease back without a result (shutdown
	// interrupted the attempt): the job is due again at once, its outcome
	// unknown.
	ReleaseDelivery(ctx context.Context, d Delivery, at time.Time) error
	// ReleaseOrphanedLeases ends the leases that dead says belong to a
	// process that no longer runs: their jobs are due again at once, their
	// outcome unknown (so an open is looked up first), instead of waiting
	// for the lease to expire. It returns how many jobs it released.
	ReleaseOrphanedLeases(ctx context.Context, dead func(owner string) bool, at time.Time) (int, error)
	// Deliveries lists jobs matching f, oldest first.
	Deliveries(ctx context.Context, f DeliveryFilter) ([]Delivery, error)
	// DeliveryStats summarises the outbox.
	DeliveryStats(ctx context.Context) (DeliveryStats, error)
}
