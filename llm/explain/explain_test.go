package explain

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/llm/classify"
	"github.com/handoff-mcp/handoff-mcp/llm/embedded"
)

func TestCompleteWarnings(t *testing.T) {
	tests := []struct {
		name    string
		reading embedded.Reading
		trigger handoff.Trigger
		want    []string // substrings of the warnings, in order
	}{
		{"a kind: no warning", embedded.Reading{ID: "a", Kind: embedded.KindFrustration, KindSource: SourceInferred}, handoff.Trigger{ID: "a"}, nil},
		{"words only", embedded.Reading{ID: "a", KindSource: SourceWords, Alternatives: [][]string{{"concept:refund", "word:late"}}},
			handoff.Trigger{ID: "a"}, []string{"judged by word matching only: no built-in kind fits, so it fires on messages with the words of one alternative of the description or of an example"}},
		{"the classifier's own word-matching warning is not repeated",
			embedded.Reading{ID: "a", KindSource: SourceWords, Alternatives: [][]string{{"word:x"}}, Warnings: []string{"falls back to word matching"}},
			handoff.Trigger{ID: "a"}, []string{"falls back to word matching"}},
		{"nothing to match", embedded.Reading{ID: "a", KindSource: SourceWords}, handoff.Trigger{ID: "a"}, []string{"nothing to match"}},
		{"keywords are something to match", embedded.Reading{ID: "a", KindSource: SourceWords}, handoff.Trigger{ID: "a", Keywords: []string{"x"}},
			[]string{"judged by word matching only"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := []embedded.Reading{tt.reading}
			got := Complete(in, []handoff.Trigger{tt.trigger})
			require.Len(t, got, 1)
			require.Len(t, got[0].Warnings, len(tt.want), "%q", got[0].Warnings)
			for i, w := range tt.want {
				assert.Contains(t, got[0].Warnings[i], w)
			}
			assert.Equal(t, tt.reading.Warnings, in[0].Warnings, "the input is not modified")
		})
	}
}

func TestWriteAndShortPrintEveryFilledField(t *testing.T) {
	r := embedded.Reading{
		ID: "refund", KindSource: SourceWords, Alternatives: [][]string{{"concept:refund"}, {"request", "word:money"}}, Amount: "> 100",
		Concepts: []string{"refund"}, Ignored: []string{"customer"}, Warnings: []string{"reads weakly"},
		Fires: []string{"I want a refund of 250 EUR"}, DoesNotFire: []string{"refund of 20 EUR"},
	}
	var b bytes.Buffer
	require.NoError(t, Write(&b, []embedded.Reading{r, {ID: "human", Kind: embedded.KindHumanRequest, KindSource: SourceConfigured}}))
	assert.Equal(t, `refund
  reading: no built-in kind: judged by the words of its description and examples
  alternatives: concept:refund | request + word:money
  amount condition: > 100
  concepts: refund
  words ignored: customer
  would fire:
    "I want a refund of 250 EUR"
  would not fire:
    "refund of 20 EUR"
  warning: reads weakly

human
  reading: built-in kind human_request (set by kind: in the configuration)
`, b.String())
	assert.Equal(t, "refund: word matching (no built-in kind); alternatives concept:refund | request + word:money; amount condition > 100; concepts refund; words ignored customer", Short(r))
	assert.Equal(t, "b: bot_failure (inferred); failed answers 3; categories legal, fraud",
		Short(embedded.Reading{ID: "b", Kind: embedded.KindBotFailure, KindSource: SourceInferred, FailedAnswers: 3, Categories: []string{"legal", "fraud"}}))
}

func TestRead(t *testing.T) {
	rs, err := Read(context.Background(), classify.Config{}, []handoff.Trigger{
		{ID: "human", Kind: "human_request", Description: "asks for a person"},
		{ID: "off", Description: "x", Enabled: new(bool)},
		{ID: "refund", Description: "A refund of more than 100 EUR"},
	})
	require.NoError(t, err)
	require.Len(t, rs, 2, "enabled triggers only")
	assert.Equal(t, "human", rs[0].ID)
	assert.Equal(t, "> 100", rs[1].Amount)
	require.NotEmpty(t, rs[1].Warnings)
	assert.True(t, mentions(rs[1].Warnings, "no built-in kind"), "the classifier's own warning: %q", rs[1].Warnings)
	assert.False(t, mentions(rs[1].Warnings, "judged by word matching only"), "not said twice: %q", rs[1].Warnings)

	_, err = Read(context.Background(), classify.Config{}, []handoff.Trigger{{ID: "a", Description: "x", Kind: "angry"}})
	assert.ErrorContains(t, err, `unknown kind "angry"`)
}

func TestReadChecksTheExamples(t *testing.T) {
	rs, err := Read(context.Background(), classify.Config{}, []handoff.Trigger{{
		ID: "human", Kind: "human_request", Description: "The user asks for a person.",
		Examples:         []string{"what time is it", "I want a human"},
		NegativeExamples: []string{"I want to talk to a person right now", "are you a bot?"},
	}})
	require.NoError(t, err)
	require.Len(t, rs, 1)
	assert.Equal(t, []string{
		`1 of 2 examples do not fire it on their own: "what time is it"`,
		`1 of 2 negative examples fire it on their own: "I want to talk to a person right now"`,
	}, rs[0].Warnings)
}
