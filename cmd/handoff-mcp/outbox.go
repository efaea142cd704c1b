package main

import (
	"fmt"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/handoff-mcp/handoff-mcp/cmd/handoff-mcp/app"
	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/store"
)

func newOutbox(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "outbox",
		Short: "List the delivery outbox, retry failed jobs once their cause is fixed, or drop them",
		Long: `Every helpdesk operation (open a handoff's ticket, add the user's message, close it, forward a message
left for the team) is a job in the outbox of the database. A job the helpdesk refused for good (a configuration
error such as a missing permission) or that failed at every attempt is parked as failed: the bot was told, the
server logged it. Fix the cause (helpdesk test shows it), then retry the job; or drop it.`,
	}
	var (
		states, subject string
		limit           int
		asJSON          bool
	)
	list := &cobra.Command{
		Use:   "list",
		Short: "List outbox jobs: the failed and pending ones by default",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := app.OutboxStates(states)
			if err != nil {
				return err
			}
			return withStore(cmd, g, func(s *store.DB) error {
				ds, err := s.Deliveries(cmd.Context(), handoff.DeliveryFilter{Subject: subject, States: st, Limit: limit})
				if err != nil {
					return err
				}
				if asJSON {
					return writeJSON(cmd, ds)
				}
				return app.PrintOutbox(cmd.OutOrStdout(), ds, time.Now())
			})
		},
	}
	list.Flags().StringVar(&states, "state", "failed,pending", "states to list, comma-separated: pending, done, failed, cancelled; or all")
	list.Flags().StringVar(&subject, "handoff", "", "only the jobs of this handoff (or offline message) id")
	list.Flags().IntVar(&limit, "limit", 100, "list at most this many, oldest first")
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON")

	retry := &cobra.Command{
		Use:   "retry JOB_ID...",
		Short: "Put failed jobs back in the outbox, due now, with their attempts counted from zero",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return eachJob(cmd, g, args, func(s *store.DB, id int64) (string, error) {
				d, err := s.RequeueDelivery(cmd.Context(), id, time.Now())
				if err != nil {
					return "", err
				}
				return fmt.Sprintf("Job %d (%s of %s) is pending again; a running server delivers it within its poll interval.", d.ID, d.Kind, d.Subject), nil
			})
		},
	}
	var reason string
	drop := &cobra.Command{
		Use:   "drop JOB_ID...",
		Short: "Give up failed jobs for good (they are kept, cancelled)",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return eachJob(cmd, g, args, func(s *store.DB, id int64) (string, error) {
				d, err := s.DropDelivery(cmd.Context(), id, reason, time.Now())
				if err != nil {
					return "", err
				}
				return fmt.Sprintf("Job %d (%s of %s) dropped.", d.ID, d.Kind, d.Subject), nil
			})
		},
	}
	drop.Flags().StringVar(&reason, "reason", "dropped by the operator", "why, kept on the job")
	cmd.AddCommand(list, retry, drop)
	return cmd
}

// eachJob runs fn for every job id in args and prints its line; it goes on
// after a failure, printing it, and fails when any did.
func eachJob(cmd *cobra.Command, g *globals, args []string, fn func(*store.DB, int64) (string, error)) error {
	return withStore(cmd, g, func(s *store.DB) error {
		failed := 0
		for _, a := range args {
			id, err := strconv.ParseInt(a, 10, 64)
			if err != nil || id <= 0 {
				err = fmt.Errorf("%q is not a job id; `handoff-mcp outbox list` shows them", a)
			} else {
				var line string
				if line, err = fn(s, id); err == nil {
					fmt.Fprintln(cmd.OutOrStdout(), line)
				}
			}
			if err != nil {
				fmt.Fprintln(cmd.ErrOrStderr(), "handoff-mcp:", err)
				failed++
			}
		}
		if failed > 0 {
			return fmt.Errorf("%d of %d jobs left as they were", failed, len(args))
		}
		return nil
	})
}
