package classify

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

func TestNewEmbeddedWithDefaultTriggers(t *testing.T) {
	c, err := New(Config{}, DefaultTriggers(), Options{})
	require.NoError(t, err)
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"I want to talk to a human", []string{"explicit_request"}},
		{"Ich möchte mit einem Mitarbeiter sprechen", []string{"explicit_request"}},
		{"Je veux parler à un conseiller", []string{"explicit_request"}},
		{"Haluan puhua ihmisen kanssa", []string{"explicit_request"}},
		{"Are you a bot?", nil},
		{"What are your opening hours?", nil},
	} {
		t.Run(tc.text, func(t *testing.T) {
			d, err := c.Classify(context.Background(), handoff.Input{Transcript: []handoff.Turn{{Role: handoff.RoleUser, Content: tc.text}}})
			require.NoError(t, err)
			assert.Equal(t, len(tc.want) > 0, d.Handoff, d.Reason)
			if tc.want != nil {
				assert.Equal(t, tc.want, d.Triggers)
			}
		})
	}
}

func TestDefaultTriggers(t *testing.T) {
	ts := DefaultTriggers()
	ids := make([]string, len(ts))
	for i, tr := range ts {
		ids[i] = tr.ID
		assert.NotEmpty(t, tr.Description, tr.ID)
	}
	assert.Equal(t, []string{"explicit_request", "frustration", "bot_failure", "sensitive_topic"}, ids)
	bf, ok := handoff.FindTrigger(ts, "bot_failure")
	require.True(t, ok)
	assert.Equal(t, 2, bf.FailedAnswers)
	st, _ := handoff.FindTrigger(ts, "sensitive_topic")
	assert.Equal(t, handoff.PriorityHigh, st.Priority)
	ts[0].Description = "changed"
	assert.NotEqual(t, "changed", DefaultTriggers()[0].Description, "each call returns a fresh copy")
}

func TestTriggersVersion(t *testing.T) {
	a := DefaultTriggers()
	v := TriggersVersion(a)
	assert.Equal(t, v, TriggersVersion(DefaultTriggers()), "stable")
	assert.Regexp(t, `^t1-[0-9a-f]{16}$`, v)
	off := false
	for name, edit := range map[string]func([]handoff.Trigger){
		"description": func(ts []handoff.Trigger) { ts[0].Description += "." },
		"example":     func(ts []handoff.Trigger) { ts[1].Examples = append(ts[1].Examples, "x") },
		"enabled":     func(ts []handoff.Trigger) { ts[2].Enabled = &off },
		"keywords":    func(ts []handoff.Trigger) { ts[3].Keywords = []string{"valitus"} },
		"order":       func(ts []handoff.Trigger) { ts[0], ts[1] = ts[1], ts[0] },
	} {
		t.Run(name, func(t *testing.T) {
			ts := DefaultTriggers()
			edit(ts)
			assert.NotEqual(t, v, TriggersVersion(ts))
		})
	}
}

func TestNewRejectsInvalidConfig(t *testing.T) {
	_, err := New(Config{Mode: ModeLLM}, DefaultTriggers(), Options{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "llm.base_url")
}
