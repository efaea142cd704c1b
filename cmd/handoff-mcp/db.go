package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/handoff-mcp/handoff-mcp/cmd/handoff-mcp/app/core"
	"github.com/handoff-mcp/handoff-mcp/store"
)

func newDB(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "db",
		Short: "Show or apply the database's schema migrations, or copy an installation to another database",
		Long: `The database is a SQLite file (the default, for one host) or PostgreSQL (--db postgres://..., for several
replicas behind a load balancer). The server applies migrations itself when it starts; db migrate applies them
ahead of a rollout, and db status shows where the schema stands. db copy moves an installation, say from its
SQLite file to PostgreSQL: stop the servers writing to it first.`,
	}
	var asJSON bool
	status := &cobra.Command{
		Use:   "status",
		Short: "Show the backend, the database (password masked), its schema version against this binary's, and pending migrations",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return withUnmigrated(cmd, g, func(s *store.DB) error {
				st, err := s.SchemaStatus(cmd.Context())
				if err != nil {
					return err
				}
				if asJSON {
					return writeJSON(cmd, st)
				}
				w := cmd.OutOrStdout()
				fmt.Fprintf(w, "backend:  %s\ndatabase: %s\nschema:   version %d, this binary's %d\n", st.Backend, st.Database, st.Version, st.Latest)
				if len(st.Pending) == 0 {
					fmt.Fprintln(w, "pending:  none")
					return nil
				}
				fmt.Fprintf(w, "pending:  %s (handoff-mcp db migrate applies them)\n", strings.Join(st.Pending, ", "))
				return nil
			})
		},
	}
	status.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	migrate := &cobra.Command{
		Use:   "migrate",
		Short: "Apply the pending schema migrations (safe while other replicas start or run)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return withUnmigrated(cmd, g, func(s *store.DB) error {
				applied, err := s.Migrate(cmd.Context())
				if err != nil {
					return err
				}
				if len(applied) == 0 {
					fmt.Fprintf(cmd.OutOrStdout(), "%s is up to date\n", s.Path())
					return nil
				}
				fmt.Fprintf(cmd.OutOrStdout(), "applied to %s: %s\n", s.Path(), strings.Join(applied, ", "))
				return nil
			})
		},
	}
	var from, to string
	var replace bool
	cp := &cobra.Command{
		Use:   "copy --from FILE.db --to postgres://...",
		Short: "Copy every table of one database into another (ids preserved), e.g. a SQLite installation into PostgreSQL",
		Args:  cobra.NoArgs,
		Example: `  handoff-mcp db copy --from ~/.local/share/handoff-mcp/handoff.db --to postgres://handoff:secret@db:5432/handoff
  handoff-mcp db copy --from handoff.db --to postgres://handoff@db/handoff --replace`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if from == "" || to == "" {
				return fmt.Errorf("db copy needs --from and --to (a SQLite file path or a postgres:// URL each)")
			}
			cfg, log, err := g.configAndLog(cmd)
			if err != nil {
				return err
			}
			opts := store.Options{Logger: log, Synchronous: cfg.Store.Synchronous}
			src, err := store.Open(cmd.Context(), from, opts)
			if err != nil {
				return fmt.Errorf("opening --from %s: %w", store.Redact(from), err)
			}
			defer src.Close()
			dst, err := store.Open(cmd.Context(), to, opts)
			if err != nil {
				return fmt.Errorf("opening --to %s: %w", store.Redact(to), err)
			}
			defer dst.Close()
			counts, err := store.Copy(cmd.Context(), src, dst, store.CopyOptions{Replace: replace})
			if err != nil {
				return err
			}
			w := cmd.OutOrStdout()
			fmt.Fprintf(w, "copied %s to %s:\n", src.Path(), dst.Path())
			for _, c := range counts {
				fmt.Fprintf(w, "  %-17s %d\n", c.Table, c.Rows)
			}
			return nil
		},
	}
	cp.Flags().StringVar(&from, "from", "", "the database to copy: a SQLite file or a postgres:// URL")
	cp.Flags().StringVar(&to, "to", "", "the database to copy into (created or migrated as needed)")
	cp.Flags().BoolVar(&replace, "replace", false, "empty the target's tables first (without it a target holding rows is refused)")
	cmd.AddCommand(status, migrate, cp)
	return cmd
}

// withUnmigrated opens the database the flags and configuration name,
// without migrating it, for fn.
func withUnmigrated(cmd *cobra.Command, g *globals, fn func(*store.DB) error) error {
	cfg, log, err := g.configAndLog(cmd)
	if err != nil {
		return err
	}
	path, err := core.ResolveDB(cfg, g.db)
	if err != nil {
		return err
	}
	s, err := store.Open(cmd.Context(), path, store.Options{Logger: log, Synchronous: cfg.Store.Synchronous, NoMigrate: true})
	if err != nil {
		return fmt.Errorf("opening database %s: %w", store.Redact(path), err)
	}
	defer s.Close()
	return fn(s)
}
