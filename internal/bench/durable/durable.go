// Package durable is the durable peer of internal/bench/compare: a SQLite
// table written the way handoff-mcp's store writes by default (WAL,
// synchronous NORMAL, one write connection, BEGIN IMMEDIATE), one row of a
// typical handoff's size per transaction. compare runs it raw (goroutines
// inserting) and behind a raw mcp-go server (internal/bench/echodb: one tool
// call, one committed row), the least a server that stores every handoff
// before answering can do.
package durable

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	_ "github.com/mattn/go-sqlite3" // the driver, as the store uses it
)

// Body is a row's text: about a thousand bytes, a short transcript.
var Body = strings.Repeat("I was charged twice for my order. ", 30)

// Open opens (creating) the SQLite database at path with the store's
// default settings and one connection.
func Open(path string) (*sql.DB, error) {
	db, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=WAL&_synchronous=NORMAL&_busy_timeout=5000&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	if _, err := db.Exec("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, conv TEXT NOT NULL, body TEXT NOT NULL, at TEXT NOT NULL)"); err != nil {
		db.Close()
		return nil, fmt.Errorf("creating the table in %s: %w", path, err)
	}
	return db, nil
}

// Insert stores one row in a transaction of its own and commits it,
// returning its id.
func Insert(ctx context.Context, db *sql.DB, conv, body string) (int64, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	res, err := tx.ExecContext(ctx, "INSERT INTO t (conv, body, at) VALUES (?, ?, ?)", conv, body, time.Now().UTC().Format(time.RFC3339Nano))
	if err != nil {
		tx.Rollback()
		return 0, err
	}
	id, err := res.LastInsertId()
	if err != nil {
		tx.Rollback()
		return 0, err
	}
	return id, tx.Commit()
}

// NewServer returns a raw mcp-go server (the same mcp-go version as
// handoff-mcp) with one tool, store, that commits its arguments as a row
// of db before it answers.
func NewServer(db *sql.DB) *server.MCPServer {
	s := server.NewMCPServer("echodb", "1.0.0", server.WithToolCapabilities(false))
	s.AddTool(mcp.NewTool("store",
		mcp.WithDescription("Stores the message as a row and returns its id."),
		mcp.WithString("conversation_id", mcp.Required(), mcp.Description("The conversation.")),
		mcp.WithString("message", mcp.Required(), mcp.Description("The text to store.")),
	), func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		id, err := Insert(ctx, db, req.GetString("conversation_id", ""), req.GetString("message", ""))
		if err != nil {
			return nil, fmt.Errorf("storing: %w", err)
		}
		return mcp.NewToolResultText(fmt.Sprintf("stored %d", id)), nil
	})
	return s
}
