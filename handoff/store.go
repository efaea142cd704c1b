package handoff

import (
	"context"
	"time"
)

// ListFilter selects handoffs to list. Zero fields select everything.
type ListFilter struct {
	States         []State
	ConversationID string
	// Limit caps the number returned; 0 means a default of 100.
	Limit int
}

// Store persists handoffs, contacts, offline messages and the delivery
// outbox. Implementations are safe for concurrent use, and safe across
// processes sharing one database.
type Store interface {
	// CreateHandoff stores h unless its conversation already has an open
	// handoff, in which case it returns that one and created is false. The
	// check and the insert are one atomic step. A queued handoff is stored
	// with its open delivery job (see Outbox) in the same transaction.
	CreateHandoff(ctx context.Context, h Handoff) (stored Handoff, created bool, err error)
	// Handoff returns the handoff with the given id, or a KindNotFound error.
	Handoff(ctx context.Context, id string) (Handoff, error)
	// OpenHandoff returns the conversation's open handoff, or a KindNotFound
	// error.
	OpenHandoff(ctx context.Context, conversationID string) (Handoff, error)
	// ListHandoffs returns handoffs matching f, oldest first.
	ListHandoffs(ctx context.Context, f ListFilter) ([]Handoff, error)
	// Transition moves handoff id to state to, recording cause and time, and
	// returns the updated handoff. Moving a handoff out of a final state is a
	// KindConflict error.
	Transition(ctx context.Context, id string, to State, cause string, at time.Time) (Handoff, error)
	// MarkDelivered records that handoff id reached its helpdesk: the
	// receipt's remote ids, state delivered, and the attempt counted.
	MarkDelivered(ctx context.Context, id string, r Receipt, at time.Time) (Handoff, error)
	// RecordAttempt records a failed delivery attempt of handoff id: the
	// error and when the next attempt is due.
	RecordAttempt(ctx context.Context, id string, errMsg string, next, at time.Time) (Handoff, error)
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

	Outbox

	// Close releases the store.
	Close() error
}
