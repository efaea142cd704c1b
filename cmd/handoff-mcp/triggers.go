package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/handoff-mcp/handoff-mcp/cmd/handoff-mcp/config"
	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/llm/embedded"
	"github.com/handoff-mcp/handoff-mcp/llm/explain"
)

func newTriggers(g *globals) *cobra.Command {
	cmd := &cobra.Command{Use: "triggers", Short: "See how the configured triggers are read"}
	var asJSON bool
	explainCmd := &cobra.Command{
		Use:   "explain [--config FILE] [--json] [ID ...]",
		Short: "Print how the embedded classifier reads each trigger, with warnings",
		Long: `explain prints, for each enabled trigger (or the ones named), how the embedded classifier reads it:
the built-in kind and where it came from (set by kind:, inferred from the description, or none: word
matching), the concepts, amount conditions, categories and failed answers it uses, the words of the
description it ignores, a few messages that would fire it and a few that would not, and warnings when
a description falls back to word matching or reads weakly. Every classifier mode uses this reading:
directly, as the cascade's first stage, or as the LLM's fallback.`,
		Example: `  handoff-mcp triggers explain
  handoff-mcp triggers explain --config handoff.yaml refund_over_100
  handoff-mcp triggers explain --json`,
		RunE: func(cmd *cobra.Command, ids []string) error {
			cfg, _, err := g.configAndLog(cmd, unusedByClassifying...)
			if err != nil {
				return err
			}
			rs, err := readings(cmd.Context(), cfg)
			if err != nil {
				return err
			}
			if rs, err = pick(rs, cfg.Triggers, ids); err != nil {
				return err
			}
			if asJSON {
				return writeJSON(cmd, rs)
			}
			return explain.Write(cmd.OutOrStdout(), rs)
		},
	}
	explainCmd.Flags().BoolVar(&asJSON, "json", false, "print the readings as a JSON array")
	cmd.AddCommand(explainCmd)
	return cmd
}

// readings returns how the configuration's embedded classifier reads its
// enabled triggers, naming the configuration in errors.
func readings(ctx context.Context, cfg *config.Config) ([]embedded.Reading, error) {
	rs, err := explain.Read(ctx, cfg.Classifier, cfg.Triggers)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", configSource(cfg), err)
	}
	return rs, nil
}

// configSource names where the configuration came from.
func configSource(cfg *config.Config) string {
	if cfg.Path == "" {
		return "built-in defaults"
	}
	return cfg.Path
}

// pick returns the readings of the triggers named by ids, in the order
// given; all of them when ids is empty.
func pick(rs []embedded.Reading, ts []handoff.Trigger, ids []string) ([]embedded.Reading, error) {
	if len(ids) == 0 {
		return rs, nil
	}
	out := make([]embedded.Reading, 0, len(ids))
	for _, id := range ids {
		found := false
		for _, r := range rs {
			if strings.EqualFold(r.ID, id) {
				out = append(out, r)
				found = true
				break
			}
		}
		if found {
			continue
		}
		if t, ok := handoff.FindTrigger(ts, id); ok && !t.IsEnabled() {
			return nil, fmt.Errorf("trigger %s is disabled (enabled: false), so nothing reads it", t.ID)
		}
		known := make([]string, len(rs))
		for i, r := range rs {
			known[i] = r.ID
		}
		return nil, fmt.Errorf("no trigger %q: the enabled triggers are %s", id, strings.Join(known, ", "))
	}
	return out, nil
}
