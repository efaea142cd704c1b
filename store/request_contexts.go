package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// saveRequestContextTx keeps a request's context as the conversation's
// latest, in tx (RecordUnstored's write): js is the encoded context, at its
// time. At most once an hour it first deletes the
// contexts of requests older than handoff.ContextFreshFor, which no message
// goes out with any more (one row per conversation that ended without a
// handoff would otherwise stay for good). The delete reads the whole
// table, which holds about a day of such conversations.
func (s *DB) saveRequestContextTx(ctx context.Context, tx *sql.Tx, conversationID, js string, at time.Time) error {
	if s.pruneDue(&s.contextsPruned, time.Hour, at) {
		if _, err := tx.ExecContext(ctx, `DELETE FROM request_contexts WHERE created_at < ?`,
			formatTime(at.Add(-handoff.ContextFreshFor))); err != nil {
			return dbErr("forgetting stale request contexts", err)
		}
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO request_contexts (conversation_id, context, created_at) VALUES (?, ?, ?)
			ON CONFLICT (conversation_id) DO UPDATE SET context = excluded.context, created_at = excluded.created_at`,
		conversationID, js, formatTime(at))
	return dbErr("saving request context of "+conversationID, err)
}

// RequestContext returns the conversation's latest request kept by
// RecordUnstored, false when there is none.
func (s *DB) RequestContext(ctx context.Context, conversationID string) (handoff.RequestContext, bool, error) {
	var js string
	err := s.r.QueryRowContext(ctx, "SELECT context FROM request_contexts WHERE conversation_id = ?", conversationID).Scan(&js)
	if errors.Is(err, sql.ErrNoRows) {
		return handoff.RequestContext{}, false, nil
	}
	if err != nil {
		return handoff.RequestContext{}, false, dbErr("loading request context of "+conversationID, err)
	}
	var c handoff.RequestContext
	if err := json.Unmarshal([]byte(js), &c); err != nil {
		return c, false, fmt.Errorf("decoding request context of %s: %w", conversationID, err)
	}
	return c, true, nil
}
