package main

import (
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/handoff-mcp/handoff-mcp/cmd/handoff-mcp/app"
	"github.com/handoff-mcp/handoff-mcp/evals"
	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/llm/embedded"
	"github.com/handoff-mcp/handoff-mcp/llm/explain"
)

func newEval(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "eval [flags]",
		Short: "Score trigger accuracy on labelled conversations (run 'handoff-mcp eval -h' for its flags)",
		Long: `eval runs a classifier over labelled conversations and prints precision, recall, F1, accuracy,
confusion matrices and latency per dataset, trigger and language, next to baselines.
The LLM settings come from --config (classifier.llm); see evals/README.md.`,
		DisableFlagParsing: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			args, cfgPath := takeFlag(args, "--config")
			if cfgPath == "" {
				cfgPath = g.config
			}
			cfg, err := app.LoadConfig(cfgPath, unusedByClassifying...)
			if err != nil {
				return err
			}
			log, err := app.NewLogger(cmd.ErrOrStderr(), "warn")
			if err != nil {
				return err
			}
			code := evals.Main(cmd.Context(), args, cmd.OutOrStdout(), cmd.ErrOrStderr(), app.ClassifierFactory(cfg, log),
				func(ts []handoff.Trigger) ([]embedded.Reading, error) {
					return explain.Read(cmd.Context(), cfg.Classifier, ts)
				})
			if code != 0 {
				os.Exit(code)
			}
			return nil
		},
	}
}

// takeFlag removes "--name value" or "--name=value" from args and returns
// the value.
func takeFlag(args []string, name string) ([]string, string) {
	out := make([]string, 0, len(args))
	val := ""
	for i := 0; i < len(args); i++ {
		switch {
		case args[i] == name && i+1 < len(args):
			val = args[i+1]
			i++
		case strings.HasPrefix(args[i], name+"="):
			val = strings.TrimPrefix(args[i], name+"=")
		default:
			out = append(out, args[i])
		}
	}
	return out, val
}
