package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// DefaultListLimit is how many handoffs ListHandoffs returns when the filter
// sets no limit, and how many offline messages OfflineMessages returns.
const DefaultListLimit = 100

// openClause selects open handoffs. It repeats the WHERE clause of the
// partial index handoffs_one_open so that SQLite uses that index.
const openClause = `state IN ('queued', 'delivered', 'agent_joined')`

const insertEvent = `INSERT INTO handoff_events (handoff_id, from_state, to_state, cause, at) VALUES (?, ?, ?, ?, ?)`

// CauseCreated is the cause recorded on the event that creates a handoff.
const CauseCreated = "created"

// CreateHandoffIfRoom stores h, in one of the open states (empty means
// queued), unless its conversation already has an open handoff: then it
// returns that one with created false and stores nothing. A queued handoff
// is stored with its open delivery job, due at h.NextAttemptAt (at once
// when zero), in the same transaction. h.ID and h.ConversationID are
// required; a zero CreatedAt is now, a zero UpdatedAt is CreatedAt. The
// creation is recorded as the handoff's first event. An id already used by
// another handoff is a KindConflict error. In the same transaction
// h.Contact is saved as the conversation's contact, merged as SaveContact
// merges (its non-empty fields win, the stored contact fills the others),
// and the handoff carries the merged contact: a handoff that brings its
// contact costs one write transaction, not two. A zero h.Contact writes
// nothing and takes the stored contact.
//
// maxWaiting bounds the queue: when it is > 0 and at least that many
// handoffs are queued or delivered, it stores nothing and returns a KindConflict error wrapping
// handoff.ErrQueueFull. The conversation's open handoff, when it has one,
// is returned (created false) before the queue is counted. Counting and
// inserting happen in one write transaction, so concurrent requests never
// overfill the queue.
func (s *DB) CreateHandoffIfRoom(ctx context.Context, h handoff.Handoff, maxWaiting int) (handoff.Handoff, bool, error) {
	out, created, _, err := s.createHandoff(ctx, h, maxWaiting, false)
	return out, created, err
}

// CreateHandoffPositioned is CreateHandoffIfRoom that also returns the
// created handoff's queue position (as QueuePosition counts it, 0 when it
// does not wait or was not created), read in the transaction that stores
// it: the write connection holds the pages the insert touched, where a
// read after the commit would load them again.
func (s *DB) CreateHandoffPositioned(ctx context.Context, h handoff.Handoff, maxWaiting int) (handoff.Handoff, bool, int, error) {
	return s.createHandoff(ctx, h, maxWaiting, true)
}

// createHandoff is CreateHandoffIfRoom, and with position the created
// handoff's queue position.
func (s *DB) createHandoff(ctx context.Context, h handoff.Handoff, maxWaiting int, position bool) (handoff.Handoff, bool, int, error) {
	h, err := s.prepareNew(h)
	if err != nil {
		return handoff.Handoff{}, false, 0, err
	}
	// The row is encoded before the write lock is taken; only a contact
	// the stored one completes is encoded again inside.
	args, err := handoffArgs(&h)
	if err != nil {
		return handoff.Handoff{}, false, 0, fmt.Errorf("encoding handoff %s: %w", h.ID, err)
	}
	var (
		out     handoff.Handoff
		created bool
		pos     int
	)
	err = s.write(ctx, "creating handoff "+h.ID, func(tx *sql.Tx) error {
		// The conversation's stored contact completes the handoff's in the
		// same transaction: details collect_contact saved while the request
		// ran are never left out, and those the request brought are kept.
		var stored handoff.Contact
		var err error
		if h.Contact.IsZero() {
			err = tx.QueryRowContext(ctx, "SELECT email, phone, name FROM contacts WHERE conversation_id = ?", h.ConversationID).
				Scan(&stored.Email, &stored.Phone, &stored.Name)
		} else {
			err = tx.QueryRowContext(ctx, upsertContact, h.ConversationID, h.Contact.Email, h.Contact.Phone, h.Contact.Name, formatTime(h.CreatedAt)).
				Scan(&stored.Email, &stored.Phone, &stored.Name)
		}
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return dbErr("saving contact of conversation "+h.ConversationID, err)
		}
		h, args := h, args
		if merged := h.Contact.Merge(stored); merged != h.Contact {
			h.Contact = merged
			if args, err = handoffArgs(&h); err != nil {
				return fmt.Errorf("encoding handoff %s: %w", h.ID, err)
			}
		}
		if maxWaiting > 0 {
			open, err := queryHandoff(ctx, tx, selectOpen, h.ConversationID)
			switch {
			case err == nil:
				out = open
				return nil
			case !errors.Is(err, sql.ErrNoRows):
				return err
			}
			var waiting int
			if err := tx.QueryRowContext(ctx, countWaiting).Scan(&waiting); err != nil {
				return dbErr("counting the queue", err)
			}
			if waiting >= maxWaiting {
				return &handoff.Error{Kind: handoff.KindConflict, Msg: fmt.Sprintf("%d handoffs are waiting for an agent (queue.max_length %d)", waiting, maxWaiting), Err: handoff.ErrQueueFull}
			}
		}
		ins := insertHandoff
		if s.backend == BackendSQLite {
			ins = insertHandoffSeq
		}
		res, err := tx.ExecContext(ctx, ins, args...)
		if err != nil {
			return dbErr("inserting handoff "+h.ID, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return dbErr("inserting handoff "+h.ID, err)
		}
		if n == 0 {
			// A unique index refused the row: the conversation has an open
			// handoff, or the id is taken.
			out, err = queryHandoff(ctx, tx, selectOpen, h.ConversationID)
			if errors.Is(err, sql.ErrNoRows) {
				return conflict("handoff id %s is already taken", h.ID)
			}
			return err
		}
		if _, err := tx.ExecContext(ctx, insertEvent, h.ID, "", string(h.State), CauseCreated, formatTime(h.CreatedAt)); err != nil {
			return dbErr("recording creation of handoff "+h.ID, err)
		}
		if h.State == handoff.StateQueued {
			// The outbox: the open job commits with the handoff, so a
			// crash can lose neither.
			if _, _, err := s.enqueueTx(ctx, tx, handoff.Delivery{
				Subject: h.ID, Kind: handoff.DeliveryOpen, Priority: h.Priority.Rank(),
				NextAttemptAt: h.NextAttemptAt, CreatedAt: h.CreatedAt,
			}); err != nil {
				return err
			}
		}
		out, created, pos = h, true, 0
		if position {
			if pos, err = queuePosition(ctx, tx, h); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return handoff.Handoff{}, false, 0, err
	}
	return out, created, pos, nil
}

// prepareNew validates a handoff to create and fills its defaults, in the
// form reading it back returns.
func (s *DB) prepareNew(h handoff.Handoff) (handoff.Handoff, error) {
	switch {
	case h.ID == "":
		return h, handoff.Invalid("id", "a handoff needs an id")
	case h.ConversationID == "":
		return h, handoff.Invalid("conversation_id", "a handoff needs a conversation id")
	case h.State == "":
		h.State = handoff.StateQueued
	case !h.State.Open():
		return h, handoff.Invalid("state", "a new handoff must be queued, delivered or agent_joined, not %q", h.State)
	}
	if h.CreatedAt.IsZero() {
		h.CreatedAt = s.now()
	}
	if h.UpdatedAt.IsZero() {
		h.UpdatedAt = h.CreatedAt
	}
	h.CreatedAt, h.UpdatedAt, h.NextAttemptAt = h.CreatedAt.UTC(), h.UpdatedAt.UTC(), h.NextAttemptAt.UTC()
	if h.Session.WaitSince.IsZero() {
		h.Session.WaitSince = h.CreatedAt
	}
	h.Session = utcSession(h.Session)
	if h.Transcript == nil {
		h.Transcript = []handoff.Turn{}
	}
	if h.Triggers == nil {
		h.Triggers = []string{}
	}
	if len(h.Metadata) == 0 {
		h.Metadata = nil
	}
	if len(h.RemoteMeta) == 0 {
		h.RemoteMeta = nil
	}
	return h, nil
}

// Handoff returns the handoff with the given id, or a KindNotFound error.
func (s *DB) Handoff(ctx context.Context, id string) (handoff.Handoff, error) {
	h, err := scanHandoff(s.r.QueryRowContext(ctx, selectHandoff, id))
	if errors.Is(err, sql.ErrNoRows) {
		return h, handoff.NotFound("handoff %s not found", id)
	}
	return h, err
}

const selectHandoffState = "SELECT connector, state, agent_name FROM handoffs WHERE id = ?"

// HandoffState reads of handoff id only its connector, state and agent
// (handoff.Session.AgentName), without decoding the rest of the row: what
// the desk's bookkeeping of waiting handoffs needs of every changed one. An
// unknown id is a KindNotFound error.
func (s *DB) HandoffState(ctx context.Context, id string) (connector string, state handoff.State, agent string, err error) {
	err = s.r.QueryRowContext(ctx, selectHandoffState, id).Scan(&connector, &state, &agent)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", "", handoff.NotFound("handoff %s not found", id)
	}
	if err != nil {
		return "", "", "", dbErr("reading state of handoff "+id, err)
	}
	return connector, state, agent, nil
}

// OpenHandoff returns the conversation's open handoff, or a KindNotFound
// error.
func (s *DB) OpenHandoff(ctx context.Context, conversationID string) (handoff.Handoff, error) {
	h, err := queryHandoff(ctx, s.r, selectOpen, conversationID)
	if errors.Is(err, sql.ErrNoRows) {
		return h, handoff.NotFound("conversation %s has no open handoff", conversationID)
	}
	return h, err
}
