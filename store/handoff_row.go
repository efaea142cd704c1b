package store

import (
	"context"
	"time"

	"database/sql"
	"errors"
	"fmt"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// hf is the handoff of handoffRow's accessors.
type hf = handoff.Handoff

// handoffRow maps the columns of the handoffs table (all but change_seq,
// which a trigger keeps, and PostgreSQL's rowid) to handoff.Handoff.
var handoffRow = rowMap[hf]{
	plain("id", func(h *hf) *string { return &h.ID }),
	plain("conversation_id", func(h *hf) *string { return &h.ConversationID }),
	text("state", func(h *hf) *handoff.State { return &h.State }),
	plain("contact_email", func(h *hf) *string { return &h.Contact.Email }),
	plain("contact_phone", func(h *hf) *string { return &h.Contact.Phone }),
	plain("contact_name", func(h *hf) *string { return &h.Contact.Name }),
	plain("language", func(h *hf) *string { return &h.Language }),
	jsonOf("transcript", func(h *hf) *[]handoff.Turn { return &h.Transcript }),
	plain("question", func(h *hf) *string { return &h.Question }),
	jsonOf("triggers", func(h *hf) *[]string { return &h.Triggers }),
	plain("reason", func(h *hf) *string { return &h.Reason }),
	plain("classifier", func(h *hf) *string { return &h.Classifier }),
	plain("confidence", func(h *hf) *float64 { return &h.Confidence }),
	jsonOf("route", func(h *hf) *handoff.Route { return &h.Route }),
	text("priority", func(h *hf) *handoff.Priority { return &h.Priority }),
	jsonMap("metadata", func(h *hf) *map[string]string { return &h.Metadata }),
	plain("connector", func(h *hf) *string { return &h.Connector }),
	plain("remote_id", func(h *hf) *string { return &h.RemoteID }),
	plain("remote_url", func(h *hf) *string { return &h.RemoteURL }),
	jsonMap("remote_meta", func(h *hf) *map[string]string { return &h.RemoteMeta }),
	plain("attempts", func(h *hf) *int { return &h.Attempts }),
	timeAt("next_attempt_at", func(h *hf) *time.Time { return &h.NextAttemptAt }),
	plain("last_error", func(h *hf) *string { return &h.LastError }),
	timeAt("created_at", func(h *hf) *time.Time { return &h.CreatedAt }),
	timeAt("updated_at", func(h *hf) *time.Time { return &h.UpdatedAt }),
	plain("agent_name", func(h *hf) *string { return &h.Session.AgentName }),
	timeAt("joined_at", func(h *hf) *time.Time { return &h.Session.JoinedAt }),
	timeAt("first_reply_at", func(h *hf) *time.Time { return &h.Session.FirstReplyAt }),
	timeAt("last_agent_at", func(h *hf) *time.Time { return &h.Session.LastAgentAt }),
	timeAt("last_user_at", func(h *hf) *time.Time { return &h.Session.LastUserAt }),
	timeAt("wait_since", func(h *hf) *time.Time { return &h.Session.WaitSince }),
	timeAt("wait_asked_at", func(h *hf) *time.Time { return &h.Session.AskedAt }),
	plain("last_seq", func(h *hf) *int64 { return &h.Session.LastSeq }),
	jsonPtr("vote", func(h *hf) **handoff.Vote { return &h.Vote }),
	jsonPtr("server_verdict", func(h *hf) **handoff.Verdict { return &h.ServerVerdict }),
	jsonPtr("summary", func(h *hf) **handoff.Summary { return &h.Summary }),
	jsonList("redactions", func(h *hf) *[]handoff.Redaction { return &h.Redactions }),
	jsonList("context", func(h *hf) *[]handoff.ContextItem { return &h.Context }),
	plain("timezone", func(h *hf) *string { return &h.Timezone }),
}

// handoffColumns lists the handoffs columns in the order of handoffArgs and
// scanHandoff.
var handoffColumns = handoffRow.columns()

var (
	insertHandoff = `INSERT INTO handoffs (` + handoffColumns + `) VALUES (` + handoffRow.marks() + `) ON CONFLICT DO NOTHING`
	// insertHandoffSeq is insertHandoff on SQLite: the row takes its
	// change_seq as it is inserted (writers are serialised), so the insert
	// trigger of 0004, which skips rows that bring one (0013), neither
	// writes the row a second time nor moves its entry in
	// handoffs_change_seq from 0 to the end. PostgreSQL's trigger sets it
	// before the insert.
	insertHandoffSeq = `INSERT INTO handoffs (` + handoffColumns + `, change_seq) VALUES (` + handoffRow.marks() +
		`, (SELECT COALESCE(MAX(change_seq), 0) + 1 FROM handoffs)) ON CONFLICT DO NOTHING`
	selectHandoff = `SELECT ` + handoffColumns + ` FROM handoffs WHERE id = ?`
	selectOpen    = `SELECT ` + handoffColumns + ` FROM handoffs WHERE conversation_id = ? AND ` + openClause
	selectDue     = `SELECT ` + handoffColumns + ` FROM handoffs WHERE ` + openClause + ` AND (
		(?1 <> '' AND (first_reply_at IS NULL OR last_agent_at IS NULL) AND wait_asked_at IS NULL AND COALESCE(wait_since, created_at) <= ?1)
		OR (?2 <> '' AND state = 'agent_joined' AND last_agent_at <= ?2
			AND (last_user_at IS NULL OR last_user_at < last_agent_at)))
	ORDER BY created_at, rowid LIMIT ?3`
)

// handoffArgs returns h's column values in the order of handoffColumns.
// It takes a pointer: a Handoff passed by value would be copied to the heap.
func handoffArgs(h *handoff.Handoff) ([]any, error) { return handoffRow.args(h) }

// querier runs a query: a *sql.DB or a *sql.Tx.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// queryHandoff reads the first handoff query finds, as scanHandoff does,
// or sql.ErrNoRows. Where no row is found (the open-handoff check of every
// call for a new conversation) it builds no scan targets: sql.Row's Scan
// needs them before it can say there is no row.
func queryHandoff(ctx context.Context, q querier, query string, args ...any) (handoff.Handoff, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return handoff.Handoff{}, dbErr("reading handoff", err)
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return handoff.Handoff{}, dbErr("reading handoff", err)
		}
		return handoff.Handoff{}, sql.ErrNoRows
	}
	h, err := scanHandoff(rows)
	if err != nil {
		return h, err
	}
	if err := rows.Close(); err != nil {
		return handoff.Handoff{}, dbErr("reading handoff", err)
	}
	return h, nil
}

// scanHandoff reads one row of handoffColumns. It returns sql.ErrNoRows
// unwrapped so that callers can turn it into a KindNotFound error.
func scanHandoff(row interface{ Scan(...any) error }) (handoff.Handoff, error) {
	var h handoff.Handoff
	err := handoffRow.scan(row, &h)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return h, err
	case err != nil && h.ID == "":
		return h, dbErr("reading handoff", err)
	case err != nil:
		return h, fmt.Errorf("decoding handoff %s: %w", h.ID, err)
	}
	if h.Session.WaitSince.IsZero() { // stored before migration 0003
		h.Session.WaitSince = h.CreatedAt
	}
	return h, nil
}
