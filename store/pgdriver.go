package store

import (
	"context"
	"database/sql/driver"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5/stdlib"
)

// The store's queries are written once, in the SQL both engines share, with
// SQLite's parameters (?, ?NNN). On PostgreSQL every statement passes
// through rebind, once per distinct query text (the result is cached):
// parameters become $1, $2 ...; SQLite's index hints (INDEXED BY name) are
// dropped, PostgreSQL's planner picks the index. Everything else that
// differs lives in the schema (a rowid column where queries order by it, a
// json_extract function) or in a per-dialect statement of dialect.

// pgConnector wraps pgx's database/sql connector so that every statement is
// rebound before pgx sees it.
type pgConnector struct {
	driver.Connector
}

func (c pgConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &pgConn{Conn: conn.(*stdlib.Conn)}, nil
}

// pgConn is a pgx connection whose statements are rebound.
type pgConn struct {
	*stdlib.Conn
}

var (
	_ driver.ExecerContext      = (*pgConn)(nil)
	_ driver.QueryerContext     = (*pgConn)(nil)
	_ driver.ConnPrepareContext = (*pgConn)(nil)
	_ driver.ConnBeginTx        = (*pgConn)(nil)
	_ driver.NamedValueChecker  = (*pgConn)(nil)
	_ driver.SessionResetter    = (*pgConn)(nil)
	_ driver.Pinger             = (*pgConn)(nil)
)

func (c *pgConn) Prepare(query string) (driver.Stmt, error) {
	return c.Conn.Prepare(rebind(query))
}

func (c *pgConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.Conn.PrepareContext(ctx, rebind(query))
}

func (c *pgConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	return c.Conn.ExecContext(ctx, rebind(query), pgArgs(args))
}

func (c *pgConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	return c.Conn.QueryContext(ctx, rebind(query), pgArgs(args))
}

// pgArgs converts what go-sqlite3 stores as integers (Go bools) to the
// integers PostgreSQL's BIGINT columns take.
func pgArgs(args []driver.NamedValue) []driver.NamedValue {
	for i, a := range args {
		if b, ok := a.Value.(bool); ok {
			args[i].Value = int64(0)
			if b {
				args[i].Value = int64(1)
			}
		}
	}
	return args
}

// rebound caches rebind's results: the store runs a fixed set of queries
// (the IN lists of a few grow with their arguments, up to a bound).
var rebound sync.Map

// maxRebound bounds the cache, in case a caller builds many distinct
// queries; past it, queries are rebound every time.
const maxRebound = 4096

var (
	reboundN  int
	reboundMu sync.Mutex
	indexedBy = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)\s+INDEXED\s+BY\s+[A-Za-z0-9_]+`) })
)

// rebind turns a query written for SQLite into PostgreSQL's form (see
// above). Parameters inside quoted strings and identifiers stay as they are.
func rebind(q string) string {
	if v, ok := rebound.Load(q); ok {
		return v.(string)
	}
	out := rebindUncached(q)
	reboundMu.Lock()
	if reboundN < maxRebound {
		reboundN++
		rebound.Store(q, out)
	}
	reboundMu.Unlock()
	return out
}

func rebindUncached(q string) string {
	q = indexedBy().ReplaceAllString(q, "")
	var (
		b     strings.Builder
		quote byte // the open quote, 0 outside one
		last  int  // the highest parameter number so far
	)
	b.Grow(len(q) + 16)
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
			b.WriteByte(c)
		case c == '\'' || c == '"':
			quote = c
			b.WriteByte(c)
		case c == '?':
			j := i + 1
			for j < len(q) && q[j] >= '0' && q[j] <= '9' {
				j++
			}
			n := last + 1
			if j > i+1 {
				n, _ = strconv.Atoi(q[i+1 : j])
			}
			last = max(last, n)
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			i = j - 1
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
