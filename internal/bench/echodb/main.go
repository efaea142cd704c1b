// Command echodb is the durable peer that internal/bench/compare measures
// handoff-mcp against: internal/bench/durable's raw mcp-go server, whose one
// tool commits a row to SQLite (the store's default settings) before it
// answers. It serves stdio, or streamable HTTP at /mcp with --http.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/handoff-mcp/handoff-mcp/internal/bench/durable"
	"github.com/handoff-mcp/handoff-mcp/internal/bench/echoserver"
)

func main() {
	addr := flag.String("http", "", "serve streamable HTTP at this host:port, path /mcp (default: stdio)")
	path := flag.String("db", "", "the SQLite database file (required)")
	flag.Parse()
	if *path == "" {
		fmt.Fprintln(os.Stderr, "echodb: --db is required")
		os.Exit(2)
	}
	db, err := durable.Open(*path)
	if err == nil {
		defer db.Close()
		err = echoserver.Serve(durable.NewServer(db), *addr)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "echodb:", err)
		os.Exit(1)
	}
}
