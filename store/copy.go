package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// copyTables lists the tables Copy moves, parents before children.
// queue_counts is not among them: the handoffs triggers of the target
// count the copied handoffs. schema_migrations is the target's own.
// helpdesk_status is not either: the first check of a server on the
// target writes it.
var copyTables = []string{
	"handoffs", "handoff_events", "contacts", "offline_messages", "messages", "inbound_events",
	"request_contexts", "agents", "desk_sessions", "desk_transfers", "desk_handled", "ratings",
	"decisions", "deliveries",
}

// rowidTables keep their rowid (queries break ties by it) across a copy.
var rowidTables = map[string]bool{"handoffs": true, "offline_messages": true}

// CopyOptions configure Copy.
type CopyOptions struct {
	// Replace empties the target's tables first; without it Copy refuses a
	// target that holds any row.
	Replace bool
}

// CopyCount is how many rows of a table Copy moved.
type CopyCount struct {
	Table string `json:"table"`
	Rows  int    `json:"rows"`
}

// Copy moves every row of every table of from into to, ids preserved, in
// one transaction of to: an installation moves from a SQLite file to
// PostgreSQL (or back). Both schemas must be at the binary's latest
// version (Open migrates them). On PostgreSQL the identity sequences are
// moved past the copied ids. A target that holds rows is refused unless
// opts.Replace. Writers of from should be stopped during the copy.
func Copy(ctx context.Context, from, to *DB, opts CopyOptions) ([]CopyCount, error) {
	var counts []CopyCount
	err := to.write(ctx, "copying the database", func(tx *sql.Tx) error {
		if opts.Replace {
			for i := len(copyTables) - 1; i >= 0; i-- {
				if _, err := tx.ExecContext(ctx, "DELETE FROM "+copyTables[i]); err != nil {
					return dbErr("emptying "+copyTables[i], err)
				}
			}
		} else {
			for _, t := range copyTables {
				var n int
				if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+t).Scan(&n); err != nil {
					return dbErr("counting "+t, err)
				}
				if n > 0 {
					return fmt.Errorf("the target %s is not empty (%s has %d rows): copy into a new database, or pass --replace to empty it first", to.path, t, n)
				}
			}
		}
		for _, t := range copyTables {
			n, err := copyTable(ctx, from, tx, t)
			if err != nil {
				return err
			}
			counts = append(counts, CopyCount{Table: t, Rows: n})
		}
		if to.backend == BackendPostgres {
			return bumpSequences(ctx, tx)
		}
		return nil
	})
	return counts, err
}

// copyTable copies table t of from into tx, and returns how many rows.
func copyTable(ctx context.Context, from *DB, tx *sql.Tx, t string) (int, error) {
	sel := "SELECT * FROM " + t
	if rowidTables[t] && from.backend == BackendSQLite {
		sel = "SELECT rowid, * FROM " + t
	}
	rows, err := from.r.QueryContext(ctx, sel)
	if err != nil {
		return 0, dbErr("reading "+t, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return 0, dbErr("reading "+t, err)
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ")
	ins := fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", t, strings.Join(cols, ", "), marks)
	stmt, err := tx.PrepareContext(ctx, ins)
	if err != nil {
		return 0, dbErr("copying "+t, err)
	}
	defer stmt.Close()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return n, dbErr("reading "+t, err)
		}
		for i, v := range vals {
			if b, ok := v.([]byte); ok {
				vals[i] = string(b) // TEXT columns; SQLite may hand them as bytes
			}
		}
		if _, err := stmt.ExecContext(ctx, vals...); err != nil {
			return n, dbErr(fmt.Sprintf("copying row %d of %s", n+1, t), err)
		}
		n++
	}
	return n, dbErr("reading "+t, rows.Err())
}

// bumpSequences moves every identity sequence of the schema past the
// largest id its column holds, so new rows do not collide with copied ones.
func bumpSequences(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT table_name, column_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND is_identity = 'YES' ORDER BY table_name`)
	if err != nil {
		return dbErr("listing identity columns", err)
	}
	type col struct{ table, column string }
	var cols []col
	for rows.Next() {
		var c col
		if err := rows.Scan(&c.table, &c.column); err != nil {
			rows.Close()
			return dbErr("listing identity columns", err)
		}
		cols = append(cols, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return dbErr("listing identity columns", err)
	}
	for _, c := range cols {
		q := fmt.Sprintf(`SELECT setval(pg_get_serial_sequence('%[1]s', '%[2]s'), COALESCE(MAX(%[2]s), 0) + 1, false) FROM %[1]s`, c.table, c.column)
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return dbErr("moving the sequence of "+c.table+"."+c.column, err)
		}
	}
	return nil
}
