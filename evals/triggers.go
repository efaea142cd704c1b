package evals

import (
	"bytes"
	"fmt"
	"os"
	"strings"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"go.yaml.in/yaml/v3"
)

// LoadTriggers reads a triggers file: YAML with a top-level `triggers:` list
// of handoff.Trigger, the same shape as the server configuration's triggers
// section, so a builder can point at their own config file. Other top-level
// keys are ignored; unknown keys inside a trigger are errors (they are
// usually typos such as "failed_answer").
func LoadTriggers(path string) ([]handoff.Trigger, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading triggers: %w", err)
	}
	var doc struct {
		Triggers yaml.Node `yaml:"triggers"`
	}
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("triggers %s: %w", path, err)
	}
	if doc.Triggers.Kind == 0 {
		return nil, fmt.Errorf("triggers %s: no top-level \"triggers:\" list", path)
	}
	// Re-encode the section alone so that it can be decoded strictly.
	section, err := yaml.Marshal(&doc.Triggers)
	if err != nil {
		return nil, fmt.Errorf("triggers %s: %w", path, err)
	}
	var ts []handoff.Trigger
	dec := yaml.NewDecoder(bytes.NewReader(section))
	dec.KnownFields(true)
	if err := dec.Decode(&ts); err != nil {
		return nil, fmt.Errorf("triggers %s: %w", path, err)
	}
	if err := validateTriggers(ts); err != nil {
		return nil, fmt.Errorf("triggers %s: %w", path, err)
	}
	return ts, nil
}

func validateTriggers(ts []handoff.Trigger) error {
	if len(handoff.EnabledTriggers(ts)) == 0 {
		return fmt.Errorf("no enabled trigger")
	}
	seen := map[string]bool{}
	for i, t := range ts {
		id := strings.ToLower(strings.TrimSpace(t.ID))
		switch {
		case id == "":
			return fmt.Errorf("triggers[%d]: missing id", i)
		case seen[id]:
			return fmt.Errorf("trigger %s: duplicate id", t.ID)
		case strings.TrimSpace(t.Description) == "" && len(t.Keywords) == 0 && t.FailedAnswers == 0 && t.Kind == "":
			return fmt.Errorf("trigger %s: nothing can fire it: give a description, keywords or failed_answers", t.ID)
		case t.FailedAnswers < 0:
			return fmt.Errorf("trigger %s: failed_answers must be 0 or more", t.ID)
		case !t.Priority.Valid():
			return fmt.Errorf("trigger %s: priority %q is not low, normal, high or urgent", t.ID, t.Priority)
		}
		seen[id] = true
	}
	return nil
}
