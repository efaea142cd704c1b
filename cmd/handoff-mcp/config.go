package main

import (
	"fmt"

	"github.com/rs/zerolog"
	"github.com/spf13/cobra"

	"github.com/handoff-mcp/handoff-mcp/cmd/handoff-mcp/app"
	"github.com/handoff-mcp/handoff-mcp/llm/explain"
)

func newConfigCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{Use: "config", Short: "Work with the configuration file"}
	cmd.AddCommand(&cobra.Command{
		Use:   "check [FILE]",
		Short: "Validate a configuration file; print how each trigger is read and the effective configuration, secrets masked",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			path := g.config
			if len(args) == 1 {
				path = args[0]
			}
			cfg, err := app.LoadConfig(path)
			if err != nil {
				return err
			}
			src := configSource(cfg)
			// The triggers are checked where the classifier is built (an
			// unknown kind, a keyword without words): build it as serve does.
			if _, err := cfg.BuildClassifier(zerolog.Nop(), nil); err != nil {
				return fmt.Errorf("%s: %w", src, err)
			}
			rs, err := readings(cmd.Context(), cfg)
			if err != nil {
				return err
			}
			out, err := cfg.Masked()
			if err != nil {
				return err
			}
			w := cmd.OutOrStdout()
			fmt.Fprintf(w, "# %s: valid\n", src)
			for _, warn := range cfg.Warnings {
				fmt.Fprintf(w, "# warning: %s\n", warn)
			}
			// How each trigger is read, as comments so that the output stays
			// valid YAML; triggers explain prints the long form.
			for _, r := range rs {
				fmt.Fprintf(w, "# trigger %s\n", explain.Short(r))
				for _, warn := range r.Warnings {
					fmt.Fprintf(w, "#   warning: %s\n", warn)
				}
			}
			_, err = w.Write(out)
			return err
		},
	})
	return cmd
}
