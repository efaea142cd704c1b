package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"

	"github.com/handoff-mcp/handoff-mcp/desk"
	"github.com/handoff-mcp/handoff-mcp/handoff"
)

var _ desk.Store = (*DB)(nil)

const agentColumns = `id, name, email, role, teams, languages, password_hash, created_at, messages_seen_at`

// AddAgent stores a new agent and returns it with its id. A name or email
// already taken is a KindConflict error.
func (s *DB) AddAgent(ctx context.Context, a desk.Agent) (desk.Agent, error) {
	if a.CreatedAt.IsZero() {
		a.CreatedAt = s.now()
	}
	teams, err := encodeJSON(nonNil(a.Teams))
	if err != nil {
		return desk.Agent{}, err
	}
	langs, err := encodeJSON(nonNil(a.Languages))
	if err != nil {
		return desk.Agent{}, err
	}
	err = s.write(ctx, "adding agent", func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO agents (name, email, role, teams, languages, password_hash, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, a.Name, a.Email, string(a.Role), teams, langs, a.PasswordHash, formatTime(a.CreatedAt)).Scan(&a.ID)
		if isConstraint(err, sqlite3.ErrConstraintUnique) {
			return conflict("an agent named %q or with email %s exists already", a.Name, a.Email)
		}
		return dbErr("adding agent", err)
	})
	return a, err
}

// Agents returns every agent, by name.
func (s *DB) Agents(ctx context.Context) ([]desk.Agent, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+agentColumns+` FROM agents ORDER BY name`)
	if err != nil {
		return nil, dbErr("listing agents", err)
	}
	defer rows.Close()
	out := []desk.Agent{}
	for rows.Next() {
		a, err := scanAgent(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, dbErr("listing agents", rows.Err())
}

// AgentByName returns the agent named name (case-insensitive).
func (s *DB) AgentByName(ctx context.Context, name string) (desk.Agent, error) {
	return s.agentWhere(ctx, "name = ?", name)
}

// AgentByEmail returns the agent with that email (case-insensitive).
func (s *DB) AgentByEmail(ctx context.Context, email string) (desk.Agent, error) {
	return s.agentWhere(ctx, "email = ?", email)
}

// Agent returns the agent with id.
func (s *DB) Agent(ctx context.Context, id int64) (desk.Agent, error) {
	return s.agentWhere(ctx, "id = ?", id)
}

func (s *DB) agentWhere(ctx context.Context, where string, arg any) (desk.Agent, error) {
	a, err := scanAgent(s.r.QueryRowContext(ctx, `SELECT `+agentColumns+` FROM agents WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return desk.Agent{}, handoff.NotFound("no agent %v", arg)
	}
	return a, err
}

// RemoveAgent deletes the agent named name and their sessions.
func (s *DB) RemoveAgent(ctx context.Context, name string) error {
	return s.write(ctx, "removing agent", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM agents WHERE name = ?`, name)
		if err != nil {
			return dbErr("removing agent", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return handoff.NotFound("no agent named %q", name)
		}
		return nil
	})
}

// SetAgentPassword replaces the password hash of the agent named name and
// ends their sessions.
func (s *DB) SetAgentPassword(ctx context.Context, name, hash string) error {
	return s.write(ctx, "changing password", func(tx *sql.Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, `UPDATE agents SET password_hash = ? WHERE name = ? RETURNING id`, hash, name).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return handoff.NotFound("no agent named %q", name)
		}
		if err != nil {
			return dbErr("changing password", err)
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM desk_sessions WHERE agent_id = ?`, id)
		return dbErr("ending sessions", err)
	})
}

// SetMessagesSeen records when agent id last looked at the offline messages.
func (s *DB) SetMessagesSeen(ctx context.Context, id int64, at time.Time) error {
	return s.write(ctx, "recording visit", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE agents SET messages_seen_at = ? WHERE id = ?`, formatTime(at), id)
		return dbErr("recording visit", err)
	})
}

type scanner interface{ Scan(...any) error }

func scanAgent(r scanner) (desk.Agent, error) {
	var (
		a                      desk.Agent
		role, teams, langs, cr string
		seen                   sql.NullString
	)
	if err := r.Scan(&a.ID, &a.Name, &a.Email, &role, &teams, &langs, &a.PasswordHash, &cr, &seen); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return a, err
		}
		return a, dbErr("reading agent", err)
	}
	a.Role = desk.Role(role)
	if err := json.Unmarshal([]byte(teams), &a.Teams); err != nil {
		return a, dbErr("reading agent teams", err)
	}
	if err := json.Unmarshal([]byte(langs), &a.Languages); err != nil {
		return a, dbErr("reading agent languages", err)
	}
	var err error
	if a.CreatedAt, err = parseTime(sql.NullString{String: cr, Valid: true}); err != nil {
		return a, err
	}
	a.MessagesSeenAt, err = parseTime(seen)
	return a, err
}

// CreateDeskSession stores a login session, and deletes expired ones.
func (s *DB) CreateDeskSession(ctx context.Context, ds desk.Session) error {
	return s.write(ctx, "creating desk session", func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM desk_sessions WHERE expires_at <= ?`, formatTime(ds.CreatedAt)); err != nil {
			return dbErr("pruning desk sessions", err)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO desk_sessions (token_hash, agent_id, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
			ds.TokenHash, ds.AgentID, ds.CSRF, formatTime(ds.CreatedAt), formatTime(ds.ExpiresAt))
		return dbErr("creating desk session", err)
	})
}

// DeskSession returns the session with tokenHash unless it expired by now;
// a KindNotFound error otherwise.
func (s *DB) DeskSession(ctx context.Context, tokenHash string, now time.Time) (desk.Session, error) {
	var (
		ds      desk.Session
		cr, exp string
	)
	err := s.r.QueryRowContext(ctx, `SELECT token_hash, agent_id, csrf, created_at, expires_at FROM desk_sessions
		WHERE token_hash = ? AND expires_at > ?`, tokenHash, formatTime(now)).Scan(&ds.TokenHash, &ds.AgentID, &ds.CSRF, &cr, &exp)
	if errors.Is(err, sql.ErrNoRows) {
		return ds, handoff.NotFound("no such session")
	}
	if err != nil {
		return ds, dbErr("reading desk session", err)
	}
	if ds.CreatedAt, err = parseTime(sql.NullString{String: cr, Valid: true}); err != nil {
		return ds, err
	}
	ds.ExpiresAt, err = parseTime(sql.NullString{String: exp, Valid: true})
	return ds, err
}

// DeleteDeskSession ends a session (logout).
func (s *DB) DeleteDeskSession(ctx context.Context, tokenHash string) error {
	return s.write(ctx, "deleting desk session", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM desk_sessions WHERE token_hash = ?`, tokenHash)
		return dbErr("deleting desk session", err)
	})
}

// AddTransfer records a transfer.
func (s *DB) AddTransfer(ctx context.Context, t desk.Transfer) error {
	return s.write(ctx, "recording transfer", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO desk_transfers (handoff_id, from_agent, to_agent, to_team, note, at) VALUES (?, ?, ?, ?, ?, ?)`,
			t.HandoffID, t.FromAgent, t.ToAgent, t.ToTeam, t.Note, formatTime(t.At))
		return dbErr("recording transfer", err)
	})
}

// Transfers returns the transfers of a handoff, oldest first.
func (s *DB) Transfers(ctx context.Context, handoffID string) ([]desk.Transfer, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT handoff_id, from_agent, to_agent, to_team, note, at FROM desk_transfers WHERE handoff_id = ? ORDER BY id`, handoffID)
	if err != nil {
		return nil, dbErr("listing transfers", err)
	}
	return scanTransfers(rows)
}

// LastTransfers returns the latest transfer of each handoff of ids that has
// one.
func (s *DB) LastTransfers(ctx context.Context, ids []string) (map[string]desk.Transfer, error) {
	out := map[string]desk.Transfer{}
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.r.QueryContext(ctx, `SELECT handoff_id, from_agent, to_agent, to_team, note, at FROM desk_transfers
		WHERE id IN (SELECT MAX(id) FROM desk_transfers WHERE handoff_id IN (?`+strings.Repeat(",?", len(ids)-1)+`) GROUP BY handoff_id)`, args...)
	if err != nil {
		return nil, dbErr("listing transfers", err)
	}
	ts, err := scanTransfers(rows)
	for _, t := range ts {
		out[t.HandoffID] = t
	}
	return out, err
}

func scanTransfers(rows *sql.Rows) ([]desk.Transfer, error) {
	defer rows.Close()
	out := []desk.Transfer{}
	for rows.Next() {
		var (
			t  desk.Transfer
			at string
		)
		if err := rows.Scan(&t.HandoffID, &t.FromAgent, &t.ToAgent, &t.ToTeam, &t.Note, &at); err != nil {
			return nil, dbErr("reading transfer", err)
		}
		var err error
		if t.At, err = parseTime(sql.NullString{String: at, Valid: true}); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, dbErr("listing transfers", rows.Err())
}

// MarkHandled records that an offline message was handled; a message
// handled before is a KindConflict error.
func (s *DB) MarkHandled(ctx context.Context, h desk.Handled) error {
	return s.write(ctx, "marking message handled", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO desk_handled (message_id, agent, how, reply, at) VALUES (?, ?, ?, ?, ?)`,
			h.MessageID, h.Agent, h.How, h.Reply, formatTime(h.At))
		switch {
		case isConstraint(err, sqlite3.ErrConstraintPrimaryKey), isConstraint(err, sqlite3.ErrConstraintUnique):
			return conflict("message %s was handled already", h.MessageID)
		case isConstraint(err, sqlite3.ErrConstraintForeignKey):
			return handoff.NotFound("no message %s", h.MessageID)
		}
		return dbErr("marking message handled", err)
	})
}

// HandledMessages returns every handled offline message by message id.
func (s *DB) HandledMessages(ctx context.Context) (map[string]desk.Handled, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT message_id, agent, how, reply, at FROM desk_handled`)
	if err != nil {
		return nil, dbErr("listing handled messages", err)
	}
	defer rows.Close()
	out := map[string]desk.Handled{}
	for rows.Next() {
		var (
			h  desk.Handled
			at string
		)
		if err := rows.Scan(&h.MessageID, &h.Agent, &h.How, &h.Reply, &at); err != nil {
			return nil, dbErr("reading handled message", err)
		}
		var err error
		if h.At, err = parseTime(sql.NullString{String: at, Valid: true}); err != nil {
			return nil, err
		}
		out[h.MessageID] = h
	}
	return out, dbErr("listing handled messages", rows.Err())
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
