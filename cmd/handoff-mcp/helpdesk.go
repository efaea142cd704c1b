package main

import (
	"time"

	"github.com/spf13/cobra"

	"github.com/handoff-mcp/handoff-mcp/cmd/handoff-mcp/app"
	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/helpdesk"
	"github.com/handoff-mcp/handoff-mcp/store"
)

func newHelpdesk(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "helpdesk",
		Short: "Check the configured helpdesk: send a test handoff, show the service status and the outbox",
	}
	var opts app.HelpdeskTest
	test := &cobra.Command{
		Use:   "test",
		Short: "Send a clearly marked test handoff through the configured connector and print what came back",
		Long: `test checks the helpdesk the way deliveries use it, through the real connector: it prints the
service status (the connector's cheap authenticated check), opens a test ticket (trigger helpdesk_test, a
transcript that says no customer is waiting) and prints the remote id, URL and timing, then closes it
(--keep leaves it open). A failure prints the classified error with what to check; the exit status is 1.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, log, err := g.configAndLog(cmd)
			if err != nil {
				return err
			}
			conn, err := cfg.BuildConnector(helpdesk.Options{Logger: log})
			if err != nil {
				return err
			}
			for _, tr := range cfg.Triggers {
				opts.Triggers = append(opts.Triggers, tr.ID)
			}
			return app.RunHelpdeskTest(cmd.Context(), cmd.OutOrStdout(), cfg.Helpdesk, conn, opts)
		},
	}
	test.Flags().StringVar(&opts.Email, "email", "", "requester email of the test ticket (default handoff-mcp-test@example.com)")
	test.Flags().BoolVar(&opts.Keep, "keep", false, "leave the test ticket open")

	var asJSON bool
	status := &cobra.Command{
		Use:   "status",
		Short: "Print the helpdesk's service status (checked now, and saved for the servers) and the delivery outbox: pending, done, failed",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, log, err := g.configAndLog(cmd)
			if err != nil {
				return err
			}
			conn, err := cfg.BuildConnector(helpdesk.Options{Logger: log})
			if err != nil {
				return err
			}
			return withStore(cmd, g, func(s *store.DB) error {
				st := app.CheckStatus(cmd.Context(), cfg.Helpdesk, conn, s)
				stats, err := s.DeliveryStats(cmd.Context())
				if err != nil {
					return err
				}
				failed, err := s.Deliveries(cmd.Context(), handoff.DeliveryFilter{States: []handoff.DeliveryState{handoff.DeliveryFailed}})
				if err != nil {
					return err
				}
				if asJSON {
					return writeJSON(cmd, map[string]any{"helpdesk": st, "outbox": stats, "failed": failed})
				}
				return app.PrintHelpdeskStatus(cmd.OutOrStdout(), st, stats, failed, time.Now())
			})
		},
	}
	status.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.AddCommand(test, status)
	return cmd
}
