package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/handoff-mcp/handoff-mcp/cmd/handoff-mcp/app"
	"github.com/handoff-mcp/handoff-mcp/handoff"
)

func newClassify(g *globals) *cobra.Command {
	var transcriptFile, lang, mode string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   `classify [--config FILE] ["user message" | --transcript FILE]`,
		Short: "Try trigger wording: classify a message or a transcript and print the decision",
		Long: `classify runs the configured classifier (with the configured triggers) on one user message, or on a
transcript file (a JSON array of {"role", "content"} turns, or an object with a "transcript" key, such as
an eval row), and prints whether it would hand off, the matched triggers, the confidence and the reason.`,
		Example: `  handoff-mcp classify "I want to talk to a real person"
  handoff-mcp classify --config handoff.yaml --lang de "Ich will sofort einen Mitarbeiter!"
  handoff-mcp classify --transcript chat.json --json`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			in, err := classifyInput(args, transcriptFile)
			if err != nil {
				return err
			}
			in.Language = lang
			cfg, log, err := g.configAndLog(cmd, unusedByClassifying...)
			if err != nil {
				return err
			}
			if mode == "" {
				mode = string(cfg.Classifier.Mode)
			}
			cls, err := app.ClassifierFactory(cfg, log)(mode, cfg.Triggers)
			if err != nil {
				return err
			}
			d, err := cls.Classify(cmd.Context(), in)
			if err != nil {
				return fmt.Errorf("classifying: %w", err)
			}
			if asJSON {
				return writeJSON(cmd, d)
			}
			return app.PrintDecision(cmd.OutOrStdout(), d)
		},
	}
	cmd.Flags().StringVar(&transcriptFile, "transcript", "", "JSON file with the conversation (- for stdin)")
	cmd.Flags().StringVar(&lang, "lang", "", "the user's language (ISO 639-1), when known")
	cmd.Flags().StringVar(&mode, "classifier", "", "embedded, llm or cascade (default: the configured mode; sampling needs an MCP client and works in serve only)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the decision as JSON")
	return cmd
}

// classifyInput reads the conversation from the argument or the file.
func classifyInput(args []string, file string) (handoff.Input, error) {
	switch {
	case file != "" && len(args) > 0:
		return handoff.Input{}, errors.New("give either a message or --transcript, not both")
	case file == "" && len(args) == 0:
		return handoff.Input{}, errors.New(`give a user message ("I want a human") or --transcript FILE`)
	case file == "":
		if strings.TrimSpace(args[0]) == "" {
			return handoff.Input{}, errors.New("the message is empty")
		}
		return handoff.Input{Transcript: []handoff.Turn{{Role: handoff.RoleUser, Content: args[0]}}}, nil
	}
	var data []byte
	var err error
	if file == "-" {
		data, err = readAll(os.Stdin)
	} else {
		data, err = os.ReadFile(file)
	}
	if err != nil {
		return handoff.Input{}, fmt.Errorf("reading transcript: %w", err)
	}
	turns, err := parseTranscript(data)
	if err != nil {
		return handoff.Input{}, fmt.Errorf("%s: %w", file, err)
	}
	return handoff.Input{Transcript: turns}, nil
}

// parseTranscript accepts a JSON array of turns or an object with a
// "transcript" array (an eval row, a request_human_handoff argument).
func parseTranscript(data []byte) ([]handoff.Turn, error) {
	var turns []handoff.Turn
	if err := json.Unmarshal(data, &turns); err != nil {
		var obj struct {
			Transcript []handoff.Turn `json:"transcript"`
		}
		if err2 := json.Unmarshal(data, &obj); err2 != nil {
			return nil, fmt.Errorf("not a JSON array of {role, content} turns, nor an object with a transcript: %w", err)
		}
		turns = obj.Transcript
	}
	if len(turns) == 0 {
		return nil, errors.New("the transcript has no turns")
	}
	for i, t := range turns {
		if !t.Role.Valid() {
			return nil, fmt.Errorf("turn %d: role %q; use user, assistant or system", i, t.Role)
		}
	}
	return turns, nil
}
