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

	"github.com/rs/zerolog"
	"github.com/spf13/cobra"

	"github.com/handoff-mcp/handoff-mcp/cmd/handoff-mcp/app"
	"github.com/handoff-mcp/handoff-mcp/cmd/handoff-mcp/config"
	_ "github.com/handoff-mcp/handoff-mcp/internal/gctune" // the GC target, set before the libraries' inits
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
		fmt.Fprintln(app.TerminalSafe(os.Stderr), "handoff-mcp:", err)
		os.Exit(1)
	}
}

// configAndLog loads the configuration a subcommand works with (leaving out
// the top-level sections it never uses, see app.LoadConfig) and a logger to
// stderr at the --log-level flag's level, else warn: subcommands print their
// own results, so only problems should show.
func (g *globals) configAndLog(cmd *cobra.Command, without ...string) (*config.Config, zerolog.Logger, error) {
	cfg, err := app.LoadConfig(g.config, without...)
	if err != nil {
		return nil, zerolog.Nop(), err
	}
	log, err := app.NewLogger(cmd.ErrOrStderr(), levelOr(g.logLevel, "warn"))
	if err != nil {
		return nil, zerolog.Nop(), err
	}
	return cfg, log, nil
}

// unusedByClassifying are the configuration sections classify, eval and
// triggers never use: a helpdesk secret need not be set to try triggers.
var unusedByClassifying = []string{"helpdesk"}

// levelOr returns level, or def when the flag was not given.
func levelOr(level, def string) string {
	if level == "" {
		return def
	}
	return level
}

func newRoot() *cobra.Command {
	g := &globals{}
	root := &cobra.Command{
		Use:   "handoff-mcp",
		Short: "An MCP server that hands chat conversations over to human support agents",
		Long: `handoff-mcp gives any MCP client (Claude Desktop, VS Code, Cursor, your own bot) a complete human handoff:
request_human_handoff; the live session with get_handoff_status, send_handoff_message, end_handoff and rate_handoff (the satisfaction survey);
check_service_hours and collect_contact.

Run without a subcommand it serves over stdio on embedded defaults: no config file, no API key.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.NoArgs,
		// Subcommands print user text (transcripts, names, messages) to an
		// agent's terminal: its escape sequences are neutralised. (serve
		// writes the MCP transport to os.Stdout itself, untouched.)
		PersistentPreRun: func(cmd *cobra.Command, _ []string) {
			cmd.SetOut(app.TerminalSafe(cmd.OutOrStdout()))
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runServe(cmd.Context(), g, "", "", "", "")
		},
	}
	pf := root.PersistentFlags()
	pf.StringVar(&g.config, "config", "", "configuration file (default $HANDOFF_MCP_CONFIG, else built-in defaults)")
	pf.StringVar(&g.db, "db", "", "database: a SQLite file, or a postgres:// URL (default $HANDOFF_MCP_DB, store.db, $XDG_DATA_HOME/handoff-mcp/handoff.db)")
	pf.StringVar(&g.logLevel, "log-level", "", "debug, info, warn or error (default info)")
	root.AddCommand(newServe(g), newConfigCmd(g), newInbox(g), newAgents(g), newHelpdesk(g), newOutbox(g), newStats(g), newEval(g), newClassify(g), newTriggers(g), newLoad(g), newDB(g))
	return root
}
