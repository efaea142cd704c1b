package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// priorityRank is handoff.Priority.Rank in SQL, for queue order.
const priorityRank = `(CASE priority WHEN 'low' THEN 0 WHEN 'high' THEN 2 WHEN 'urgent' THEN 3 ELSE 1 END)`

// waitingClause selects the handoffs that wait for an agent (the queue).
// It repeats the WHERE clause of the partial index handoffs_waiting.
const waitingClause = `state IN ('queued', 'delivered')`

// positionScanLimit bounds how many younger handoffs of its rank
// QueuePosition counts before it counts the older ones instead: a handoff
// is counted from the nearer end of its rank's part of the queue.
var positionScanLimit = defaultPositionScanLimit

const defaultPositionScanLimit = 1000

// selectRankCounts is rankCountsQuery with the limit n.
func selectRankCounts(n int) string { return fmt.Sprintf(rankCountsQuery, n) }

// selectOlder is olderQuery of rank (0 to 3, handoff.Priority.Rank).
func selectOlder(rank int) string { return fmt.Sprintf(olderQuery, rank) }

// defaultRankCounts is selectRankCounts of the production limit, built once.
var defaultRankCounts = selectRankCounts(defaultPositionScanLimit)

// The queue position's queries take their limit and rank as numbers in
// the SQL text, not as parameters: SQLite marks a statement whose plan
// depends on a parameter (a LIMIT in a subquery, a value compared with an
// expression index) to be compiled again whenever that parameter is bound,
// which made every QueuePosition parse and plan its query anew (about
// 100 µs of the 120 µs it took). With numbers in the text, the statement
// cache keeps one compiled statement per limit (one in production) and
// per rank (four).
const (
	// rankCountsQuery reads a waiting handoff's rank, the handoffs waiting
	// at a higher rank and at its own (queue_counts, four rows), and up to
	// limit handoffs of its rank younger than it (index handoffs_waiting: a
	// range of later creation times, then the same time and a later rowid,
	// both seeks).
	rankCountsQuery = `SELECT h.rank,
		(SELECT COALESCE(SUM(waiting), 0) FROM queue_counts WHERE rank > h.rank),
		(SELECT waiting FROM queue_counts WHERE rank = h.rank),
		(SELECT COUNT(*) FROM (SELECT 1 FROM handoffs a INDEXED BY handoffs_waiting
			WHERE a.` + waitingClause + ` AND ` + priorityRankA + ` = h.rank AND a.created_at > h.created_at LIMIT %[1]d) AS younger),
		(SELECT COUNT(*) FROM (SELECT 1 FROM handoffs a INDEXED BY handoffs_waiting
			WHERE a.` + waitingClause + ` AND ` + priorityRankA + ` = h.rank AND a.created_at = h.created_at AND a.rowid > h.rid LIMIT %[1]d) AS same_time)
	FROM (SELECT ` + priorityRank + ` AS rank, created_at, rowid AS rid FROM handoffs
		WHERE id = ? AND ` + waitingClause + `) h`
	// olderQuery counts the handoffs of a rank older than handoff ?.
	olderQuery = `SELECT
		(SELECT COUNT(*) FROM handoffs a INDEXED BY handoffs_waiting
			WHERE a.` + waitingClause + ` AND ` + priorityRankA + ` = %[1]d AND a.created_at < h.created_at),
		(SELECT COUNT(*) FROM handoffs a INDEXED BY handoffs_waiting
			WHERE a.` + waitingClause + ` AND ` + priorityRankA + ` = %[1]d AND a.created_at = h.created_at AND a.rowid < h.rowid)
	FROM handoffs h WHERE h.id = ?`
	// priorityRankA is priorityRank of the table aliased a.
	priorityRankA = `(CASE a.priority WHEN 'low' THEN 0 WHEN 'high' THEN 2 WHEN 'urgent' THEN 3 ELSE 1 END)`
)

const (
	countWaiting  = `SELECT COALESCE(SUM(waiting), 0) FROM queue_counts`
	insertMessage = `INSERT INTO messages (handoff_id, seq, author, name, text, external_id, at)
	VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (handoff_id, external_id) DO NOTHING`
	updateSession = `UPDATE handoffs SET agent_name = ?, joined_at = ?, first_reply_at = ?, last_agent_at = ?,
	last_user_at = ?, wait_since = ?, wait_asked_at = ?, last_seq = ?, updated_at = ? WHERE id = ?`
	selectWaitTimes = `SELECT created_at, first_reply_at FROM handoffs INDEXED BY handoffs_first_reply
	WHERE first_reply_at IS NOT NULL ORDER BY first_reply_at DESC LIMIT ?`
)

// UpdateHandoff reads handoff id in a write transaction, calls decide with
// it, and writes the Change it returns: the session fields, the messages
// (a message whose ExternalID the handoff already has voids the change:
// nothing is written and the KindConflict error wraps
// handoff.ErrDuplicateMessage), the state with its event, and the delivery
// jobs, all in that one transaction. It returns the handoff as stored.
func (s *DB) UpdateHandoff(ctx context.Context, id string, decide func(handoff.Handoff) (handoff.Change, error)) (handoff.Handoff, error) {
	var out handoff.Handoff
	err := s.write(ctx, "updating handoff "+id, func(tx *sql.Tx) error {
		h, err := handoffInTx(ctx, tx, id)
		if err != nil {
			return err
		}
		c, err := decide(h)
		if err != nil {
			return err
		}
		if c.IsZero() {
			out = h
			return nil
		}
		if c.At.IsZero() {
			c.At = s.now()
		}
		if err := s.applyChange(ctx, tx, &h, c); err != nil {
			return err
		}
		out, err = handoffInTx(ctx, tx, id)
		return err
	})
	return out, err
}

// applyChange writes c to h inside tx.
func (s *DB) applyChange(ctx context.Context, tx *sql.Tx, h *handoff.Handoff, c handoff.Change) error {
	for _, m := range c.Messages {
		if m.Seq <= 0 || !validAuthor(m.Author) {
			return handoff.Invalid("message", "needs a positive seq and an author user, agent or system (seq %d, author %q)", m.Seq, m.Author)
		}
		ext := sql.NullString{String: m.ExternalID, Valid: m.ExternalID != ""}
		at := m.At
		if at.IsZero() {
			at = c.At
		}
		res, err := tx.ExecContext(ctx, insertMessage, h.ID, m.Seq, string(m.Author), m.Name, m.Text, ext, formatTime(at))
		if err != nil {
			return dbErr(fmt.Sprintf("storing message %d of handoff %s", m.Seq, h.ID), err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return dbErr("storing message of handoff "+h.ID, err)
		} else if n == 0 {
			return &handoff.Error{Kind: handoff.KindConflict, Msg: fmt.Sprintf("handoff %s: message %s", h.ID, m.ExternalID), Err: handoff.ErrDuplicateMessage}
		}
	}
	ts := formatTime(c.At)
	if c.Session != nil {
		ss := utcSession(*c.Session)
		if _, err := tx.ExecContext(ctx, updateSession, ss.AgentName, nullTime(ss.JoinedAt), nullTime(ss.FirstReplyAt),
			nullTime(ss.LastAgentAt), nullTime(ss.LastUserAt), nullTime(ss.WaitSince), nullTime(ss.AskedAt), ss.LastSeq,
			ts, h.ID); err != nil {
			return dbErr("updating session of handoff "+h.ID, err)
		}
	} else if _, err := tx.ExecContext(ctx, "UPDATE handoffs SET updated_at = ? WHERE id = ?", ts, h.ID); err != nil {
		return dbErr("updating handoff "+h.ID, err)
	}
	if c.State != "" && c.State != h.State {
		if !c.State.Valid() {
			return handoff.Invalid("state", "unknown state %q", c.State)
		}
		if !h.State.Open() {
			return conflict("handoff %s is %s, a final state; it cannot become %s", h.ID, h.State, c.State)
		}
		if err := setState(ctx, tx, h, c.State, c.Cause, c.At); err != nil {
			return err
		}
	}
	for _, d := range c.Jobs {
		if d.CreatedAt.IsZero() {
			d.CreatedAt = c.At
		}
		if _, _, err := s.enqueueTx(ctx, tx, d); err != nil {
			return err
		}
	}
	return nil
}

func validAuthor(a handoff.Author) bool {
	return a == handoff.AuthorUser || a == handoff.AuthorAgent || a == handoff.AuthorSystem
}

// utcSession returns ss with every time in UTC, as reading it back gives.
func utcSession(ss handoff.Session) handoff.Session {
	for _, t := range []*time.Time{&ss.JoinedAt, &ss.FirstReplyAt, &ss.LastAgentAt, &ss.LastUserAt, &ss.WaitSince, &ss.AskedAt} {
		*t = t.UTC()
	}
	return ss
}

// selectByRemote finds the newest handoff connector (?1) opened as remote
// id ?2: among those whose remote id a helpdesk gave (index
// handoffs_remote, partial since 0013) and the one whose remote id is its
// own id (the inbox's, a webhook's without one of its own: the primary
// key).
var selectByRemote = `SELECT ` + handoffColumns + ` FROM handoffs WHERE rowid = (
	SELECT rid FROM (
		SELECT rowid AS rid, created_at FROM handoffs
			WHERE connector = ?1 AND remote_id = ?2 AND remote_id <> '' AND remote_id <> id
		UNION ALL
		SELECT rowid AS rid, created_at FROM handoffs WHERE id = ?2 AND connector = ?1 AND remote_id = id
	) AS found ORDER BY created_at DESC, rid DESC LIMIT 1)`

// HandoffByRemote returns the newest handoff that connector opened as
// remoteID, or a KindNotFound error.
func (s *DB) HandoffByRemote(ctx context.Context, connector, remoteID string) (handoff.Handoff, error) {
	if remoteID == "" {
		return handoff.Handoff{}, handoff.NotFound("no remote id")
	}
	h, err := scanHandoff(s.r.QueryRowContext(ctx, selectByRemote, connector, remoteID))
	if errors.Is(err, sql.ErrNoRows) {
		return h, handoff.NotFound("no handoff of %s has remote id %s", connector, remoteID)
	}
	return h, err
}

// Messages returns the messages of handoff id after seq after, oldest first,
// at most limit (DefaultListLimit when 0 or less).
func (s *DB) Messages(ctx context.Context, id string, after int64, limit int) ([]handoff.Message, error) {
	if limit <= 0 {
		limit = DefaultListLimit
	}
	rows, err := s.r.QueryContext(ctx, `SELECT seq, author, name, text, external_id, at FROM messages
		WHERE handoff_id = ? AND seq > ? ORDER BY seq LIMIT ?`, id, after, limit)
	if err != nil {
		return nil, dbErr("listing messages of handoff "+id, err)
	}
	defer rows.Close()
	out := []handoff.Message{}
	for rows.Next() {
		var (
			m       = handoff.Message{HandoffID: id}
			author  string
			ext, at sql.NullString
		)
		if err := rows.Scan(&m.Seq, &author, &m.Name, &m.Text, &ext, &at); err != nil {
			return nil, dbErr("reading messages of handoff "+id, err)
		}
		m.Author, m.ExternalID = handoff.Author(author), ext.String
		if m.At, err = parseTime(at); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, dbErr("listing messages of handoff "+id, rows.Err())
}

// QueuePosition returns 1 plus the number of waiting handoffs ahead of h in
// queue order (a higher priority, or the same and older, insertion order on
// a tie, as ListHandoffs orders the queue), or 0 when h does not wait (or
// no longer exists). Its cost does not grow with the handoffs stored: the
// handoffs of higher rank come from queue_counts, and of h's own rank it
// counts the younger ones through handoffs_waiting (none or a few for a
// handoff just created), or the older ones when there are many younger.
func (s *DB) QueuePosition(ctx context.Context, h handoff.Handoff) (int, error) {
	return queuePosition(ctx, s.r, h)
}

// rowQuerier is what queuePosition reads through: the read pool, or a
// write transaction.
type rowQuerier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// queuePosition is QueuePosition, read through q.
func queuePosition(ctx context.Context, q rowQuerier, h handoff.Handoff) (int, error) {
	if !h.State.Waiting() {
		return 0, nil
	}
	limit, query := positionScanLimit, defaultRankCounts
	if limit != defaultPositionScanLimit {
		query = selectRankCounts(limit) // tests count from the older end
	}
	var rank, higher, same, later, tied int
	err := q.QueryRowContext(ctx, query, h.ID).Scan(&rank, &higher, &same, &later, &tied)
	younger := later + tied
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return 0, nil // it left the queue since h was read
	case err != nil:
		return 0, dbErr("reading queue position of "+h.ID, err)
	case later < limit && tied < limit:
		return higher + same - younger, nil
	}
	var earlier, tiedBefore int
	if rank < 0 || rank > 3 {
		return 0, fmt.Errorf("reading queue position of %s: rank %d out of range", h.ID, rank)
	}
	if err := q.QueryRowContext(ctx, selectOlder(rank), h.ID).Scan(&earlier, &tiedBefore); err != nil {
		return 0, dbErr("reading queue position of "+h.ID, err)
	}
	return higher + earlier + tiedBefore + 1, nil
}

// WaitTimes returns the time from creation to the agent's first reply of
// the n handoffs replied to last, newest first.
func (s *DB) WaitTimes(ctx context.Context, n int) ([]time.Duration, error) {
	if n <= 0 {
		return nil, nil
	}
	rows, err := s.r.QueryContext(ctx, selectWaitTimes, n)
	if err != nil {
		return nil, dbErr("reading wait times", err)
	}
	defer rows.Close()
	var out []time.Duration
	for rows.Next() {
		var created, replied sql.NullString
		if err := rows.Scan(&created, &replied); err != nil {
			return nil, dbErr("reading wait times", err)
		}
		c, err1 := parseTime(created)
		r, err2 := parseTime(replied)
		if err := errors.Join(err1, err2); err != nil {
			return nil, err
		}
		out = append(out, max(r.Sub(c), 0))
	}
	return out, dbErr("reading wait times", rows.Err())
}

// DueTimeouts returns up to limit open handoffs, oldest first, whose
// waiting timeout (no agent reply, no question pending, waiting since
// waitBefore or earlier) or session timeout (agent_joined, the agent's last
// message at sessionBefore or earlier, not answered by the user) is due. A
// zero time leaves that timeout out.
func (s *DB) DueTimeouts(ctx context.Context, waitBefore, sessionBefore time.Time, limit int) ([]handoff.Handoff, error) {
	if limit <= 0 {
		limit = DefaultListLimit
	}
	arg := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return formatTime(t)
	}
	rows, err := s.r.QueryContext(ctx, selectDue, arg(waitBefore), arg(sessionBefore), limit)
	if err != nil {
		return nil, dbErr("listing due timeouts", err)
	}
	defer rows.Close()
	var out []handoff.Handoff
	for rows.Next() {
		h, err := scanHandoff(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, dbErr("listing due timeouts", rows.Err())
}
