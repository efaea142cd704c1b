// Command handoff-mcp is an MCP server that hands chat conversations over to
// human support agents. Run with no arguments it serves its tools over
// stdio on embedded defaults; its subcommands serve over HTTP, check a
// configuration, and work the built-in inbox.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"
)

// flags shared by every subcommand.
type globals struct {
	config   string
	db       string
	logLevel string
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := newRoot().ExecuteContext(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "handoff-mcp:", err)
		os.Exit(1)
	}
}

func newRoot() *cobra.Command {
	g := &globals{}
	root := &cobra.Command{
		Use:   "handoff-mcp",
		Short: "An MCP server that hands chat conversations over to human support agents",
		Long: `handoff-mcp gives any MCP client (Claude Desktop, VS Code, Cursor, your own bot) a complete human handoff:
request_human_handoff; the live session with get_handoff_status, send_handoff_message and end_handoff;
check_service_hours and collect_contact.

Run without a subcommand it serves over stdio on embedded defaults: no config file, no API key.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runServe(cmd.Context(), g, "", "")
		},
	}
	pf := root.PersistentFlags()
	pf.StringVar(&g.config, "config", "", "configuration file (default $HANDOFF_MCP_CONFIG, else built-in defaults)")
	pf.StringVar(&g.db, "db", "", "SQLite database (default $XDG_DATA_HOME/handoff-mcp/handoff.db)")
	pf.StringVar(&g.logLevel, "log-level", "", "debug, info, warn or error (default info)")
	root.AddCommand(newServe(g), newConfigCmd(g), newInbox(g), newHelpdesk(g), newEval(g), newClassify(g), newLoad(g))
	return root
}
