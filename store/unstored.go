package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// RecordUnstored keeps what a request that stored no handoff leaves behind
// in one write transaction: u.Contact merged into the conversation's
// contact (as SaveContact merges; a zero one writes nothing), u.Context as
// the conversation's latest request (as SaveRequestContext keeps it), and
// the decision (as RecordDecision records it). All of it commits, or none.
// A zero u.At, or u.Context.At, is now.
func (s *DB) RecordUnstored(ctx context.Context, u handoff.Unstored) error {
	if u.ConversationID == "" {
		return handoff.Invalid("conversation_id", "a request needs a conversation id")
	}
	if u.At.IsZero() {
		u.At = s.now()
	}
	if u.Context.At.IsZero() {
		u.Context.At = u.At
	}
	js, err := encodeJSON(u.Context)
	if err != nil {
		return fmt.Errorf("encoding request context of %s: %w", u.ConversationID, err)
	}
	return s.write(ctx, "keeping the request of "+u.ConversationID, func(tx *sql.Tx) error {
		if !u.Contact.IsZero() {
			if _, err := saveContactTx(ctx, tx, u.ConversationID, u.Contact, u.At); err != nil {
				return err
			}
		}
		if err := s.saveRequestContextTx(ctx, tx, u.ConversationID, js, u.Context.At); err != nil {
			return err
		}
		return s.recordDecisionTx(ctx, tx, u.At, u.Outcome, u.Judge)
	})
}
