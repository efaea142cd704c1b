package main

import (
	"context"
	"net"
	"os"

	"github.com/spf13/cobra"

	"github.com/handoff-mcp/handoff-mcp/handoff/app"
)

func newServe(g *globals) *cobra.Command {
	var addr, tokenFile string
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the MCP tools over stdio, or over streamable HTTP with --http",
		Example: `  handoff-mcp serve
  handoff-mcp serve --http 127.0.0.1:8080
  HANDOFF_MCP_TOKEN=secret handoff-mcp serve --http 0.0.0.0:8080`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runServe(cmd.Context(), g, addr, tokenFile)
		},
	}
	cmd.Flags().StringVar(&addr, "http", "", "serve streamable HTTP at this host:port, path /mcp (default: stdio)")
	cmd.Flags().StringVar(&tokenFile, "token-file", "", "file holding the bearer token HTTP clients must send (or set $HANDOFF_MCP_TOKEN); required off loopback")
	return cmd
}

func runServe(ctx context.Context, g *globals, addr, tokenFile string) error {
	cfg, err := app.LoadConfig(g.config)
	if err != nil {
		return err
	}
	if addr == "" {
		addr = cfg.Server.HTTP
	}
	if tokenFile == "" {
		tokenFile = cfg.Server.TokenFile
	}
	// Over HTTP, the token and the address are checked (and the port
	// taken) before anything starts.
	var token string
	var ln net.Listener
	if addr != "" {
		if token, err = app.ReadToken(tokenFile); err != nil {
			return err
		}
		if ln, err = app.ListenHTTP(addr, token); err != nil {
			return err
		}
		defer ln.Close()
	}
	a, err := app.New(ctx, cfg, app.Options{DBPath: g.db, LogLevel: g.logLevel, Stdio: addr == ""})
	if err != nil {
		return err
	}
	defer a.Close()
	a.Start(ctx) // the outbox worker and the helpdesk status monitor
	if addr == "" {
		return a.ServeStdio(ctx, os.Stdin, os.Stdout)
	}
	return a.ServeHTTP(ctx, ln, token)
}
