package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/handoff-mcp/handoff-mcp/cmd/handoff-mcp/app"
)

func newLoad(g *globals) *cobra.Command {
	var opts app.LoadOptions
	var urls []string
	var tokenFile, cpuProfile string
	cmd := &cobra.Command{
		Use:   "load",
		Short: "Put load on a server: concurrent MCP clients calling the tools; prints throughput, latency and memory",
		Long: `load runs --clients MCP clients that call request_human_handoff (handoffs that fire a trigger in four
languages, and conversations that fire none) and check_service_hours, each call a new conversation,
until --requests calls were made (1000 by default) or --duration passed (a --duration given alone runs
until it passes), then prints calls per second, latency p50/p95/p99,
the outcomes and errors. Without --url it serves the configured server in this process, on a fresh
database in a temporary directory (or on the database --db names: a scratch SQLite file or postgres://
database, which keeps the load's handoffs), and also reports its peak heap. With --url it loads a running server
over streamable HTTP (HANDOFF_MCP_TOKEN or --token-file for its bearer token): the handoffs it creates are
real ones in that server's database and queue, so load a test server, not the one your users reach; give --url once per
replica to spread the clients over several replicas of one database, each client on one of them in turn.
"handoffs created" counts the calls that stored a handoff (answered queued or delivered): durable
handoffs per second, and the latency of those calls alone.`,
		Example: `  handoff-mcp load --clients 8 --requests 2000
  handoff-mcp --db postgres://handoff:secret@localhost/handoff_load load --clients 8 --requests 2000
  handoff-mcp load --url http://127.0.0.1:8080/mcp --clients 16 --duration 30s
  handoff-mcp load --url http://127.0.0.1:8081/mcp --url http://127.0.0.1:8082/mcp --clients 16 --duration 30s`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts.Requests = loadRequests(cmd.Flags())
			var newClient func() (*client.Client, error)
			if len(urls) > 0 {
				token, err := app.ReadToken(tokenFile)
				if err != nil {
					return err
				}
				made := 0
				newClient = func() (*client.Client, error) {
					var topts []transport.StreamableHTTPCOption
					if token != "" {
						topts = append(topts, transport.WithHTTPHeaders(map[string]string{"Authorization": "Bearer " + token}))
					}
					url := urls[made%len(urls)]
					made++
					return client.NewStreamableHttpClient(url, topts...)
				}
			} else {
				cfg, err := app.LoadConfig(g.config)
				if err != nil {
					return err
				}
				dir, err := os.MkdirTemp("", "handoff-mcp-load")
				if err != nil {
					return err
				}
				defer os.RemoveAll(dir)
				db := g.db
				if db == "" {
					db = filepath.Join(dir, "load.db")
				}
				a, err := app.New(cmd.Context(), cfg, app.Options{
					DBPath: db, LogLevel: levelOr(g.logLevel, "error"), Stderr: io.Discard,
				})
				if err != nil {
					return err
				}
				a.Start(cmd.Context())
				defer a.Close()
				opts.Server = a.MCP.MCPServer
			}
			stopProfile, err := startCPUProfile(cpuProfile)
			if err != nil {
				return err
			}
			rep, err := app.RunLoad(cmd.Context(), newClient, opts)
			if perr := stopProfile(); err == nil {
				err = perr
			}
			if err != nil {
				return err
			}
			if err := app.PrintLoadReport(cmd.OutOrStdout(), rep); err != nil {
				return err
			}
			if rep.Errors > 0 {
				return fmt.Errorf("%d of %d calls failed", rep.Errors, rep.Calls)
			}
			return nil
		},
	}
	cmd.Flags().IntVar(&opts.Clients, "clients", 4, "concurrent MCP clients")
	cmd.Flags().IntVar(&opts.Requests, "requests", 1000, "total calls (0: until --duration; with --duration alone, until it passes)")
	cmd.Flags().DurationVar(&opts.Duration, "duration", 0, "stop after this long")
	cmd.Flags().StringArrayVar(&urls, "url", nil, "a running server's streamable HTTP endpoint; repeat it for several replicas (default: serve in process)")
	cmd.Flags().StringVar(&cpuProfile, "cpuprofile", "", "write a CPU profile of the run to this file (go tool pprof reads it); in process, it covers the server too")
	cmd.Flags().StringVar(&tokenFile, "token-file", "", "file holding the server's bearer token (or HANDOFF_MCP_TOKEN)")
	return cmd
}

// loadRequests is the number of calls load makes: --requests, except that a
// --duration given without --requests runs until the duration passes rather
// than stopping at the default 1000 calls.
func loadRequests(f *pflag.FlagSet) int {
	if f.Changed("duration") && !f.Changed("requests") {
		return 0
	}
	n, _ := f.GetInt("requests")
	return n
}
