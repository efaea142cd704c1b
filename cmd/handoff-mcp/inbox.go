package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/handoff-mcp/handoff-mcp/cmd/handoff-mcp/app"
	"github.com/handoff-mcp/handoff-mcp/cmd/handoff-mcp/app/core"
	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/store"
)

func newInbox(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "inbox",
		Short: "Work the built-in inbox: the queue of handoffs and the messages users left",
	}
	var all, asJSON bool
	var limit int
	list := &cobra.Command{
		Use:   "list",
		Short: "List open handoffs in queue order: higher priority first, then oldest (--all for every state)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return withStore(cmd, g, func(st *store.DB) error {
				f := handoff.ListFilter{Limit: limit, Order: handoff.OrderQueue}
				if !all {
					f.States = handoff.OpenStates
				}
				hs, err := st.ListHandoffs(cmd.Context(), f)
				if err != nil {
					return err
				}
				if asJSON {
					return writeJSON(cmd, hs)
				}
				return app.PrintQueue(cmd.OutOrStdout(), hs, time.Now())
			})
		},
	}
	list.Flags().BoolVar(&all, "all", false, "include closed, failed and timed-out handoffs")
	list.Flags().IntVar(&limit, "limit", 100, "show at most this many")
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON")

	show := &cobra.Command{
		Use:   "show ID",
		Short: "Show one handoff: contact, triggers, reason, transcript, history, satisfaction, deliveries and the session's messages",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withStore(cmd, g, func(st *store.DB) error {
				h, err := st.Handoff(cmd.Context(), args[0])
				if err != nil {
					return err
				}
				evs, err := st.Events(cmd.Context(), h.ID)
				if err != nil {
					return err
				}
				ds, err := st.Deliveries(cmd.Context(), handoff.DeliveryFilter{Subject: h.ID})
				if err != nil {
					return err
				}
				msgs, err := st.Messages(cmd.Context(), h.ID, 0, 1000)
				if err != nil {
					return err
				}
				rating, rated, err := st.Rating(cmd.Context(), h.ID)
				if err != nil {
					return err
				}
				if asJSON {
					out := map[string]any{"handoff": h, "events": evs, "deliveries": ds, "messages": msgs}
					if rated {
						out["rating"] = rating
					}
					return writeJSON(cmd, out)
				}
				if err := app.PrintHandoff(cmd.OutOrStdout(), h, evs); err != nil {
					return err
				}
				if err := app.PrintRating(cmd.OutOrStdout(), rating, rated); err != nil {
					return err
				}
				if err := app.PrintDeliveries(cmd.OutOrStdout(), ds); err != nil {
					return err
				}
				return app.PrintSession(cmd.OutOrStdout(), h, msgs)
			})
		},
	}
	show.Flags().BoolVar(&asJSON, "json", false, "print JSON")

	messages := &cobra.Command{
		Use:   "messages",
		Short: "List the messages users left for the team (out of hours, or without a handoff), newest first",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return withStore(cmd, g, func(st *store.DB) error {
				ms, err := st.OfflineMessages(cmd.Context(), limit)
				if err != nil {
					return err
				}
				if asJSON {
					return writeJSON(cmd, ms)
				}
				return app.PrintOfflineMessages(cmd.OutOrStdout(), ms)
			})
		},
	}
	messages.Flags().IntVar(&limit, "limit", 100, "show at most this many")
	messages.Flags().BoolVar(&asJSON, "json", false, "print JSON")

	var name string
	reply := &cobra.Command{
		Use:     "reply ID TEXT...",
		Short:   "Answer a handoff as its agent: the bot relays the reply to the user (the first reply starts the session)",
		Example: `  handoff-mcp inbox reply h_xnzcddaeqnuay2xx --name Lea "Hi Anna, I'm Lea from support. Let me check your parcel."`,
		Args:    cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withService(cmd, g, func(svc *handoff.Service) error {
				h, err := app.InboxReply(cmd.Context(), svc, args[0], name, strings.Join(args[1:], " "))
				if err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "Reply %d stored for handoff %s (%s); the bot relays it to the user.\n", h.Session.LastSeq, h.ID, h.State)
				return nil
			})
		},
	}
	reply.Flags().StringVar(&name, "name", "", "the agent's name the user sees")

	closeCmd := &cobra.Command{
		Use:   "close ID",
		Short: "Close a handoff as its agent: the bot tells the user and takes the conversation back",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withService(cmd, g, func(svc *handoff.Service) error {
				h, err := app.InboxClose(cmd.Context(), svc, args[0])
				if err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "Handoff %s %s; the bot tells the user and takes the conversation back.\n", h.ID, h.State)
				return nil
			})
		},
	}

	cmd.AddCommand(list, show, messages, reply, closeCmd)
	return cmd
}

// withService assembles the handoff service over the configured database
// (nothing runs in the background) for a subcommand, and closes it.
func withService(cmd *cobra.Command, g *globals, fn func(*handoff.Service) error) error {
	cfg, err := app.LoadConfig(g.config)
	if err != nil {
		return err
	}
	a, err := app.New(cmd.Context(), cfg, app.Options{DBPath: g.db, LogLevel: levelOr(g.logLevel, "warn"), Stderr: cmd.ErrOrStderr()})
	if err != nil {
		return err
	}
	defer a.Close()
	return fn(a.Service)
}

// withStore opens the configured database for a subcommand and closes it.
func withStore(cmd *cobra.Command, g *globals, fn func(*store.DB) error) error {
	cfg, log, err := g.configAndLog(cmd)
	if err != nil {
		return err
	}
	st, err := core.OpenStore(cmd.Context(), cfg, g.db, log, nil)
	if err != nil {
		return err
	}
	defer st.Close()
	return fn(st)
}

func writeJSON(cmd *cobra.Command, v any) error {
	enc := json.NewEncoder(cmd.OutOrStdout())
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func readAll(f *os.File) ([]byte, error) { return io.ReadAll(f) }
