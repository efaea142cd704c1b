package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// SaveHelpdeskStatus keeps st as the installation's status of the helpdesk
// st.Connector, replacing the one before: the status monitor writes it
// after each check, and every replica reads it back (HelpdeskStatus).
func (s *DB) SaveHelpdeskStatus(ctx context.Context, st handoff.HelpdeskStatus) error {
	if st.Connector == "" {
		return handoff.Invalid("connector", "a helpdesk status needs its connector")
	}
	what := "saving the status of helpdesk " + st.Connector
	return s.write(ctx, what, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO helpdesk_status (connector, status, checked_at, error, config_error)
			VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (connector) DO UPDATE SET status = excluded.status, checked_at = excluded.checked_at,
				error = excluded.error, config_error = excluded.config_error`,
			st.Connector, string(st.Status), formatTime(st.CheckedAt), st.Error, st.ConfigError)
		return dbErr(what, err)
	})
}

// HelpdeskStatus returns the status of the helpdesk connector that
// SaveHelpdeskStatus kept last, false when none was kept.
func (s *DB) HelpdeskStatus(ctx context.Context, connector string) (handoff.HelpdeskStatus, bool, error) {
	st := handoff.HelpdeskStatus{Connector: connector}
	var checked sql.NullString
	err := s.r.QueryRowContext(ctx, `SELECT status, checked_at, error, config_error FROM helpdesk_status WHERE connector = ?`,
		connector).Scan(&st.Status, &checked, &st.Error, &st.ConfigError)
	if errors.Is(err, sql.ErrNoRows) {
		return handoff.HelpdeskStatus{}, false, nil
	}
	if err != nil {
		return handoff.HelpdeskStatus{}, false, dbErr("reading the status of helpdesk "+connector, err)
	}
	if st.CheckedAt, err = parseTime(checked); err != nil {
		return handoff.HelpdeskStatus{}, false, fmt.Errorf("reading the status of helpdesk %s: %w", connector, err)
	}
	return st, true, nil
}
