package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/handoff-mcp/handoff-mcp/handoff/app"
)

func newConfigCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{Use: "config", Short: "Work with the configuration file"}
	cmd.AddCommand(&cobra.Command{
		Use:   "check [FILE]",
		Short: "Validate a configuration file and print the effective configuration, secrets masked",
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
			out, err := cfg.Masked()
			if err != nil {
				return err
			}
			w := cmd.OutOrStdout()
			src := cfg.Path
			if src == "" {
				src = "built-in defaults"
			}
			fmt.Fprintf(w, "# %s: valid\n", src)
			for _, warn := range cfg.Warnings {
				fmt.Fprintf(w, "# warning: %s\n", warn)
			}
			_, err = w.Write(out)
			return err
		},
	})
	return cmd
}
