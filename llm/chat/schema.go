package chat

import (
	"encoding/json"
	"fmt"
	"strings"
)

// answer is the model's structured answer.
type answer struct {
	Handoff    bool     `json:"handoff"`
	Triggers   []string `json:"triggers"`
	Confidence float64  `json:"confidence"`
	Reason     string   `json:"reason"`
}

// decisionSchema returns the strict JSON schema of an answer, with the
// trigger ids as an enum so that a server enforcing the schema cannot
// return others.
func decisionSchema(ids []string) json.RawMessage {
	s := map[string]any{
		"type": "object",
		"properties": map[string]any{
			"handoff":    map[string]any{"type": "boolean"},
			"triggers":   map[string]any{"type": "array", "items": map[string]any{"type": "string", "enum": ids}},
			"confidence": map[string]any{"type": "number"},
			"reason":     map[string]any{"type": "string"},
		},
		"required":             []string{"handoff", "triggers", "confidence", "reason"},
		"additionalProperties": false,
	}
	b, _ := json.Marshal(s)
	return b
}

// schemaName names the schema and the tool in requests.
const schemaName = "handoff_decision"

// errInvalidAnswer marks an answer the model gave that cannot be used.
type errInvalidAnswer struct{ msg string }

func (e *errInvalidAnswer) Error() string { return "invalid answer: " + e.msg }

// parseAnswer reads and checks a model's answer against the configured
// trigger ids. Any id outside the set rejects the whole answer: a model
// that invents a trigger may have been steered by the transcript.
func parseAnswer(raw string, ids map[string]string) (answer, error) {
	var a answer
	raw = strings.TrimSpace(raw)
	if strings.HasPrefix(raw, "```") { // a fenced answer: ```json ... ``` or ``` ... ```
		raw = strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(raw, "```json"), "```"), "```")
	}
	dec := json.NewDecoder(strings.NewReader(raw))
	if err := dec.Decode(&a); err != nil {
		return answer{}, &errInvalidAnswer{fmt.Sprintf("not the JSON asked for (%v)", err)}
	}
	out := a.Triggers[:0]
	seen := map[string]bool{}
	for _, id := range a.Triggers {
		canon, ok := ids[strings.ToLower(strings.TrimSpace(id))]
		if !ok {
			return answer{}, &errInvalidAnswer{fmt.Sprintf("trigger %q is not configured", clip(id, 40))}
		}
		if !seen[canon] {
			seen[canon] = true
			out = append(out, canon)
		}
	}
	a.Triggers = out
	if a.Handoff && len(a.Triggers) == 0 {
		return answer{}, &errInvalidAnswer{"handoff without a trigger"}
	}
	if !a.Handoff && len(a.Triggers) > 0 {
		return answer{}, &errInvalidAnswer{"triggers without a handoff"}
	}
	if a.Confidence < 0 || a.Confidence > 1 || a.Confidence != a.Confidence {
		return answer{}, &errInvalidAnswer{fmt.Sprintf("confidence %v outside [0, 1]", a.Confidence)}
	}
	a.Reason = clip(strings.TrimSpace(a.Reason), 300)
	return a, nil
}
