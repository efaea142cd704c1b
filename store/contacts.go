package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/mattn/go-sqlite3"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// upsertContact merges a contact into the stored one in one statement: a
// non-empty new field wins, an empty one keeps the stored value.
const upsertContact = `INSERT INTO contacts (conversation_id, email, phone, name, updated_at)
	VALUES (?, ?, ?, ?, ?)
	ON CONFLICT (conversation_id) DO UPDATE SET
		email = CASE WHEN excluded.email <> '' THEN excluded.email ELSE contacts.email END,
		phone = CASE WHEN excluded.phone <> '' THEN excluded.phone ELSE contacts.phone END,
		name  = CASE WHEN excluded.name  <> '' THEN excluded.name  ELSE contacts.name  END,
		updated_at = excluded.updated_at
	RETURNING email, phone, name`

// SaveContact merges c into the contact stored for the conversation
// (non-empty fields of c win) and returns the result. A zero c stores
// nothing and returns the stored contact.
func (s *DB) SaveContact(ctx context.Context, conversationID string, c handoff.Contact, at time.Time) (handoff.Contact, error) {
	if conversationID == "" {
		return handoff.Contact{}, handoff.Invalid("conversation_id", "a contact needs a conversation id")
	}
	if c.IsZero() {
		return s.Contact(ctx, conversationID)
	}
	if at.IsZero() {
		at = s.now()
	}
	var out handoff.Contact
	err := s.write(ctx, "saving contact", func(tx *sql.Tx) error {
		var err error
		out, err = saveContactTx(ctx, tx, conversationID, c, at)
		return err
	})
	return out, err
}

// saveContactTx is SaveContact's statement, in tx.
func saveContactTx(ctx context.Context, tx *sql.Tx, conversationID string, c handoff.Contact, at time.Time) (handoff.Contact, error) {
	var out handoff.Contact
	err := tx.QueryRowContext(ctx, upsertContact, conversationID, c.Email, c.Phone, c.Name, formatTime(at)).
		Scan(&out.Email, &out.Phone, &out.Name)
	return out, dbErr("saving contact", err)
}

// Contact returns the contact stored for the conversation, or a zero
// Contact when there is none.
func (s *DB) Contact(ctx context.Context, conversationID string) (handoff.Contact, error) {
	var c handoff.Contact
	err := s.r.QueryRowContext(ctx, "SELECT email, phone, name FROM contacts WHERE conversation_id = ?", conversationID).
		Scan(&c.Email, &c.Phone, &c.Name)
	if errors.Is(err, sql.ErrNoRows) {
		return handoff.Contact{}, nil
	}
	if err != nil {
		return handoff.Contact{}, dbErr("reading contact", err)
	}
	return c, nil
}

// AddOfflineMessage stores a message left for agents. m.ID,
// m.ConversationID and m.Text are required; a zero CreatedAt is now. When
// m.Connector is set, an offline delivery job forwarding the message to that
// helpdesk is enqueued in the same transaction. A
// HandoffID that names no handoff is a KindNotFound error, an id already
// stored a KindConflict error.
func (s *DB) AddOfflineMessage(ctx context.Context, m handoff.OfflineMessage) error {
	switch {
	case m.ID == "":
		return handoff.Invalid("id", "an offline message needs an id")
	case m.ConversationID == "":
		return handoff.Invalid("conversation_id", "an offline message needs a conversation id")
	case m.Text == "":
		return handoff.Invalid("text", "an offline message needs a text")
	}
	if m.CreatedAt.IsZero() {
		m.CreatedAt = s.now()
	}
	handoffID := sql.NullString{String: m.HandoffID, Valid: m.HandoffID != ""}
	mctx, err := encodeOptional(m.Context)
	if err != nil {
		return fmt.Errorf("encoding the context of offline message %s: %w", m.ID, err)
	}
	priority := handoff.PriorityNormal
	if m.Context != nil && m.Context.Priority != "" {
		priority = m.Context.Priority
	}
	return s.write(ctx, "storing offline message "+m.ID, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO offline_messages
			(id, conversation_id, handoff_id, contact_email, contact_phone, contact_name, text, connector, created_at, context)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			m.ID, m.ConversationID, handoffID, m.Contact.Email, m.Contact.Phone, m.Contact.Name, m.Text, m.Connector,
			formatTime(m.CreatedAt), mctx)
		switch {
		case isConstraint(err, sqlite3.ErrConstraintForeignKey):
			return handoff.NotFound("handoff %s not found", m.HandoffID)
		case isConstraint(err, sqlite3.ErrConstraintPrimaryKey):
			return conflict("offline message id %s is already taken", m.ID)
		case err != nil:
			return dbErr("storing offline message "+m.ID, err)
		}
		if m.Connector == "" {
			return nil // it stays in the built-in inbox
		}
		fwd := m
		_, _, err = s.enqueueTx(ctx, tx, handoff.Delivery{
			Subject: m.ID, Kind: handoff.DeliveryOffline, Offline: &fwd,
			Priority: priority.Rank(), CreatedAt: m.CreatedAt,
		})
		return err
	})
}

// OfflineMessages returns the stored offline messages, newest first, at
// most limit of them (DefaultListLimit when 0 or less).
func (s *DB) OfflineMessages(ctx context.Context, limit int) ([]handoff.OfflineMessage, error) {
	if limit <= 0 {
		limit = DefaultListLimit
	}
	rows, err := s.r.QueryContext(ctx, `SELECT id, conversation_id, handoff_id, contact_email, contact_phone,
		contact_name, text, connector, remote_id, created_at, context FROM offline_messages ORDER BY created_at DESC, rowid DESC LIMIT ?`, limit)
	if err != nil {
		return nil, dbErr("listing offline messages", err)
	}
	defer rows.Close()
	out := []handoff.OfflineMessage{}
	for rows.Next() {
		var (
			m         handoff.OfflineMessage
			handoffID sql.NullString
			created   string
			mctx      sql.NullString
		)
		if err := rows.Scan(&m.ID, &m.ConversationID, &handoffID, &m.Contact.Email, &m.Contact.Phone,
			&m.Contact.Name, &m.Text, &m.Connector, &m.RemoteID, &created, &mctx); err != nil {
			return nil, dbErr("reading offline messages", err)
		}
		if err := decodeOptional(mctx, &m.Context); err != nil {
			return nil, fmt.Errorf("decoding the context of offline message %s: %w", m.ID, err)
		}
		m.HandoffID = handoffID.String
		if m.CreatedAt, err = parseTime(sql.NullString{String: created, Valid: true}); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, dbErr("listing offline messages", err)
	}
	return out, nil
}
