// Command echo is the peer that internal/bench/compare measures handoff-mcp
// against: internal/bench/echoserver's raw mcp-go server with one tool, echo,
// that returns its message. It serves stdio, or streamable HTTP at /mcp with
// --http.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/mark3labs/mcp-go/server"

	"github.com/handoff-mcp/handoff-mcp/internal/bench/echoserver"
)

func main() {
	addr := flag.String("http", "", "serve streamable HTTP at this host:port, path /mcp (default: stdio)")
	flag.Parse()
	s := echoserver.New()
	var err error
	if *addr != "" {
		err = server.NewStreamableHTTPServer(s).Start(*addr)
	} else {
		err = server.ServeStdio(s)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "echo:", err)
		os.Exit(1)
	}
}
