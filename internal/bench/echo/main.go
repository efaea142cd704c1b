// Command echo is the peer that internal/bench/compare measures handoff-mcp
// against: internal/bench/echoserver's raw mcp-go server with one tool, echo,
// that returns its message. It serves stdio, or streamable HTTP at /mcp with
// --http.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/handoff-mcp/handoff-mcp/internal/bench/echoserver"
)

func main() {
	addr := flag.String("http", "", "serve streamable HTTP at this host:port, path /mcp (default: stdio)")
	flag.Parse()
	if err := echoserver.Serve(echoserver.New(), *addr); err != nil {
		fmt.Fprintln(os.Stderr, "echo:", err)
		os.Exit(1)
	}
}
