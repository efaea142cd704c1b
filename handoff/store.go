package handoff

import (
	"context"
	"errors"
	"time"
)

// ListOrder is the order of a listing.
type ListOrder int

// The orders of ListHandoffs.
const (
	// OrderCreated lists oldest first (the default).
	OrderCreated ListOrder = iota
	// OrderQueue lists in queue order: higher priority first, then oldest
	// first, as agents should take them.
	OrderQueue
	// OrderRecent lists the latest changed first (the desk's resolved
	// conversations).
	OrderRecent
)

// ListFilter selects handoffs to list. Zero fields select everything.
type ListFilter struct {
	States         []State
	ConversationID string
	// IDPrefix, when set, keeps only handoffs whose id starts with it.
	IDPrefix string
	// Limit caps the number returned; 0 means a default of 100.
	Limit int
	// Order is the order of the list (oldest first by default).
	Order ListOrder
}

// ErrQueueFull is wrapped by the KindConflict error of CreateHandoffIfRoom
// when the queue holds its maximum.
var ErrQueueFull = errors.New("the queue is full")

// ErrDuplicateMessage is wrapped by the KindConflict error of UpdateHandoff
// when a message's ExternalID is already stored for the handoff: the
// helpdesk delivered it twice.
var ErrDuplicateMessage = errors.New("message already stored")

// Change is what one UpdateHandoff writes, decided from the handoff as it
// stands inside the transaction. The zero Change writes nothing.
type Change struct {
	// At is when the change happens (the handoff's updated time, the
	// event's time).
	At time.Time
	// State, when set and not the current state, moves the handoff there,
	// recording an event with Cause. Leaving a final state is a
	// KindConflict error.
	State State
	Cause string
	// Session, when set, replaces the handoff's session fields.
	Session *Session
	// Messages are stored in order. Their Seq must follow the handoff's
	// Session.LastSeq (and Session.LastSeq be set to the last of them). A
	// message whose ExternalID the handoff already has voids the whole
	// change: nothing is written, and the error wraps ErrDuplicateMessage.
	Messages []Message
	// Jobs are delivery jobs enqueued in the same transaction.
	Jobs []Delivery
}

// IsZero reports whether c writes nothing.
func (c Change) IsZero() bool {
	return c.State == "" && c.Session == nil && len(c.Messages) == 0 && len(c.Jobs) == 0
}

// Store persists handoffs, contacts, offline messages and the delivery
// outbox. Implementations are safe for concurrent use, and safe across
// processes sharing one database.
type Store interface {
	// Handoff returns the handoff with the given id, or a KindNotFound error.
	Handoff(ctx context.Context, id string) (Handoff, error)
	// OpenHandoff returns the conversation's open handoff, or a KindNotFound
	// error.
	OpenHandoff(ctx context.Context, conversationID string) (Handoff, error)
	// CreateHandoffIfRoom stores h unless its conversation already has an
	// open handoff, in which case it returns that one and created is false.
	// A queued handoff is stored with its open delivery job (see Outbox) in
	// the same transaction, and h.Contact is saved as the conversation's
	// contact, merged as SaveContact merges; the handoff carries the merged
	// contact. When maxWaiting > 0 and that many handoffs
	// already wait for an agent (queued or delivered), it stores nothing
	// and returns a KindConflict error wrapping ErrQueueFull; the
	// conversation's open handoff is returned however full the queue is.
	// The checks and the insert are one atomic step.
	CreateHandoffIfRoom(ctx context.Context, h Handoff, maxWaiting int) (stored Handoff, created bool, err error)
	// CreateHandoffPositioned is CreateHandoffIfRoom also returning the
	// created handoff's queue position (as QueuePosition counts it; 0 when
	// it does not wait or was not created), read in the transaction that
	// stores it.
	CreateHandoffPositioned(ctx context.Context, h Handoff, maxWaiting int) (stored Handoff, created bool, pos int, err error)
	// RecordUnstored keeps what a request that stored no handoff leaves
	// behind in one write transaction: its contact, merged as SaveContact
	// merges; its context, replacing the conversation's earlier one (read
	// by RequestContext); its decision, as RecordDecision records it.
	RecordUnstored(ctx context.Context, u Unstored) error
	// ListHandoffs returns handoffs matching f, in f.Order.
	ListHandoffs(ctx context.Context, f ListFilter) ([]Handoff, error)
	// UpdateHandoff changes handoff id in one write transaction: it reads
	// the handoff, calls decide with it, and writes the Change decide
	// returns (nothing for a zero Change), then returns the handoff as
	// stored. An error from decide writes nothing and is returned as it is.
	// decide runs while the database is locked for writing: it must be
	// quick and do no I/O. An unknown id is a KindNotFound error.
	UpdateHandoff(ctx context.Context, id string, decide func(Handoff) (Change, error)) (Handoff, error)
	// HandoffByRemote returns the newest handoff that connector opened as
	// remoteID, or a KindNotFound error.
	HandoffByRemote(ctx context.Context, connector, remoteID string) (Handoff, error)
	// Messages returns the session messages of handoff id with a Seq
	// greater than after, oldest first, at most limit (0 means 100).
	Messages(ctx context.Context, id string, after int64, limit int) ([]Message, error)
	// QueuePosition returns where handoff h stands among the handoffs
	// waiting for an agent, in queue order (1 is next); 0 when h does not
	// wait.
	QueuePosition(ctx context.Context, h Handoff) (int, error)
	// WaitTimes returns, for the n handoffs whose agent replied last, the
	// time from each one's creation to the agent's first reply, newest
	// first.
	WaitTimes(ctx context.Context, n int) ([]time.Duration, error)
	// DueTimeouts returns up to limit open handoffs whose waiting timeout
	// is due (no agent reply, no question pending, waiting since waitBefore
	// or earlier) or whose session timeout is due (agent_joined, the
	// agent's last message at sessionBefore or earlier and not answered by
	// the user). A zero time leaves that timeout out.
	DueTimeouts(ctx context.Context, waitBefore, sessionBefore time.Time, limit int) ([]Handoff, error)
	// Events returns the lifecycle transitions of handoff id, oldest first.
	Events(ctx context.Context, id string) ([]Event, error)

	// SaveContact merges c into the contact stored for the conversation
	// (non-empty fields of c win) and returns the result.
	SaveContact(ctx context.Context, conversationID string, c Contact, at time.Time) (Contact, error)
	// Contact returns the contact stored for the conversation, or a zero
	// Contact when there is none.
	Contact(ctx context.Context, conversationID string) (Contact, error)
	// SetHandoffContact replaces the contact on handoff id.
	SetHandoffContact(ctx context.Context, id string, c Contact, at time.Time) (Handoff, error)

	// AddOfflineMessage stores a message left for agents. When m.Connector
	// is set, an offline delivery job forwarding it to that helpdesk is
	// enqueued in the same transaction.
	AddOfflineMessage(ctx context.Context, m OfflineMessage) error
	// OfflineMessages returns the stored offline messages, newest first.
	OfflineMessages(ctx context.Context, limit int) ([]OfflineMessage, error)
	// RequestContext returns the conversation's latest request that ended
	// without a handoff, kept by RecordUnstored; false when there is none.
	RequestContext(ctx context.Context, conversationID string) (RequestContext, bool, error)

	Outbox
	DecisionLog
	RatingStore

	// Close releases the store.
	Close() error
}
