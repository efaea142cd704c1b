package chat

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

func TestPromptDecide(t *testing.T) {
	p := NewPrompt([]handoff.Trigger{{ID: "explicit_request"}, {ID: "off", Enabled: new(bool)}}, 10, 1000)
	valid := `{"handoff": true, "triggers": ["Explicit_Request"], "confidence": 0.9, "reason": " Asks. "}`
	for _, tc := range []struct {
		name, raw, wantErr string
	}{
		{"plain", valid, ""},
		{"json fence", "```json\n" + valid + "\n```", ""},
		{"bare fence", "```\n" + valid + "\n```", ""},
		{"prose", "The user wants a human.", "not the JSON asked for"},
		{"disabled trigger", `{"handoff": true, "triggers": ["off"], "confidence": 0.9, "reason": ""}`, `trigger "off" is not configured`},
		{"handoff without trigger", `{"handoff": true, "triggers": [], "confidence": 0.9, "reason": ""}`, "handoff without a trigger"},
		{"confidence", `{"handoff": false, "triggers": [], "confidence": -0.1, "reason": ""}`, "outside [0, 1]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := p.Decide(tc.raw)
			if tc.wantErr != "" {
				require.Error(t, err)
				var inv *errInvalidAnswer
				assert.ErrorAs(t, err, &inv)
				assert.Contains(t, err.Error(), tc.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, handoff.Decision{Handoff: true, Triggers: []string{"explicit_request"}, Confidence: 0.9, Reason: "Asks."}, d)
		})
	}
	assert.NotContains(t, p.User(handoff.Input{Transcript: []handoff.Turn{{Role: handoff.RoleUser, Content: "hi"}}}), `"off"`)
}
