package main

import (
	"context"
	"fmt"
	"net"
	"os"

	"github.com/spf13/cobra"

	"github.com/handoff-mcp/handoff-mcp/cmd/handoff-mcp/app"
)

func newServe(g *globals) *cobra.Command {
	var addr, tokenFile, metricsAddr, replica, cpuProfile string
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the MCP tools over stdio, or over streamable HTTP with --http",
		Example: `  handoff-mcp serve
  handoff-mcp serve --http 127.0.0.1:8080
  HANDOFF_MCP_TOKEN=secret handoff-mcp serve --http 0.0.0.0:8080
  handoff-mcp serve --http 10.0.0.11:8080 --replica r1     # one of several behind a load balancer (docs/deploy.md)`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if replica == "" {
				replica = os.Getenv(replicaEnvVar)
			}
			stopProfile, err := startCPUProfile(cpuProfile)
			if err != nil {
				return err
			}
			err = runServe(cmd.Context(), g, addr, tokenFile, metricsAddr, replica)
			if perr := stopProfile(); err == nil {
				err = perr
			}
			return err
		},
	}
	cmd.Flags().StringVar(&metricsAddr, "metrics-addr", "", "serve /metrics on this host:port instead of the --http listener (default server.metrics_addr)")
	cmd.Flags().StringVar(&addr, "http", "", "serve streamable HTTP at this host:port, path /mcp (default: stdio)")
	cmd.Flags().StringVar(&replica, "replica", "", "this replica's name behind a load balancer, carried in MCP session ids (or $"+replicaEnvVar+"; default server.replica)")
	cmd.Flags().StringVar(&cpuProfile, "cpuprofile", "", "write a CPU profile of the server to this file until it stops (SIGINT, SIGTERM); go tool pprof reads it")
	cmd.Flags().StringVar(&tokenFile, "token-file", "", "file holding the bearer token HTTP clients must send (or set $HANDOFF_MCP_TOKEN); required off loopback")
	return cmd
}

// replicaEnvVar names this replica when --replica is not given.
const replicaEnvVar = "HANDOFF_MCP_REPLICA"

func runServe(ctx context.Context, g *globals, addr, tokenFile, metricsAddr, replica string) error {
	cfg, err := app.LoadConfig(g.config)
	if err != nil {
		return err
	}
	if replica != "" {
		if err := cfg.SetReplica(replica); err != nil {
			return fmt.Errorf("--replica (or $%s): %w", replicaEnvVar, err)
		}
	}
	if metricsAddr != "" {
		cfg.Server.MetricsAddr = metricsAddr
	}
	var mln net.Listener
	if cfg.Server.MetricsAddr != "" {
		if mln, err = net.Listen("tcp", cfg.Server.MetricsAddr); err != nil {
			return fmt.Errorf("--metrics-addr: listening on %s: %w", cfg.Server.MetricsAddr, err)
		}
		defer mln.Close()
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
	if mln != nil {
		go func() {
			if err := a.ServeMetrics(ctx, mln); err != nil {
				a.Log.Error().Err(err).Msg("metrics listener stopped")
			}
		}()
	}
	if addr == "" {
		return a.ServeStdio(ctx, os.Stdin, os.Stdout)
	}
	return a.ServeHTTP(ctx, ln, token)
}
