// Command echodeps is the memory floor that internal/bench/compare measures
// handoff-mcp's start-up and idle memory against: internal/bench/echoserver's
// raw mcp-go echo, in a binary that also links the libraries handoff-mcp is
// built on (go-sqlite3, pgx, prometheus/client_golang, go-openai, zerolog,
// golang.org/x/crypto) and, before it serves, does what handoff-mcp does with
// them at start: opens a SQLite database (internal/bench/durable's, with the
// store's settings), registers metrics in a registry of its own, and logs to
// stderr with zerolog. What handoff-mcp runs only when a configuration or a
// call asks for it (a PostgreSQL connection, a chat completion, a password
// hash) is linked all the same, through linked. A handoff-mcp process can
// hold less memory than this one only by dropping one of those libraries;
// the rest of its memory is its own code and data. It serves stdio, or
// streamable HTTP at /mcp with --http.
package main

import (
	"database/sql"
	"flag"
	"fmt"
	"os"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/mark3labs/mcp-go/server"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/rs/zerolog"
	openai "github.com/sashabaranov/go-openai"
	"golang.org/x/crypto/bcrypt"

	"github.com/handoff-mcp/handoff-mcp/internal/bench/durable"
	"github.com/handoff-mcp/handoff-mcp/internal/bench/echoserver"
)

// linked keeps in the binary the library code that handoff-mcp links but
// runs only when a configuration or a call asks for it.
var linked = []any{
	pgx.Connect, stdlib.OpenDBFromPool,
	(*openai.Client).CreateChatCompletion, openai.NewClientWithConfig,
	bcrypt.GenerateFromPassword, bcrypt.CompareHashAndPassword,
	promhttp.HandlerFor,
}

func main() {
	addr := flag.String("http", "", "serve streamable HTTP at this host:port, path /mcp (default: stdio)")
	path := flag.String("db", "", "the SQLite database file (required)")
	flag.Parse()
	if *path == "" {
		fmt.Fprintln(os.Stderr, "echodeps: --db is required")
		os.Exit(2)
	}
	log := zerolog.New(os.Stderr).With().Timestamp().Logger()
	p, err := start(*path)
	if err == nil {
		defer p.db.Close()
		log.Debug().Int("linked", len(linked)).Str("db", *path).Msg("serving")
		err = echoserver.Serve(p.srv, *addr)
	}
	if err != nil {
		log.Error().Err(err).Msg("echodeps")
		os.Exit(1)
	}
}

// peer is what echodeps holds while it serves.
type peer struct {
	srv *server.MCPServer
	db  *sql.DB
	reg *prometheus.Registry
}

// start opens the database at path and registers the metrics, as
// handoff-mcp does at start, and returns the echo server.
func start(path string) (*peer, error) {
	db, err := durable.Open(path)
	if err != nil {
		return nil, err
	}
	reg := prometheus.NewRegistry()
	calls := prometheus.NewCounterVec(prometheus.CounterOpts{Name: "echodeps_calls_total", Help: "Tool calls."}, []string{"tool"})
	if err := reg.Register(calls); err != nil {
		db.Close()
		return nil, fmt.Errorf("registering the metrics: %w", err)
	}
	calls.WithLabelValues("echo")
	return &peer{srv: echoserver.New(), db: db, reg: reg}, nil
}
