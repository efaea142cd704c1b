// Command echodb is the durable peer that internal/bench/compare measures
// handoff-mcp against over HTTP: internal/bench/durable's raw mcp-go server,
// whose one tool commits a row to SQLite (the store's default settings)
// before it answers. It serves streamable HTTP at /mcp with --http, else
// stdio.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/mark3labs/mcp-go/server"

	"github.com/handoff-mcp/handoff-mcp/internal/bench/durable"
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
		if *addr == "" {
			err = server.ServeStdio(durable.NewServer(db))
		} else {
			err = server.NewStreamableHTTPServer(durable.NewServer(db)).Start(*addr)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "echodb:", err)
		os.Exit(1)
	}
}
