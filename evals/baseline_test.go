package evals

import (
	"testing"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/stretchr/testify/assert"
)

func TestKeywordBaseline(t *testing.T) {
	m := newKeywordMatcher(KeywordList)
	tests := []struct {
		text string
		want bool
	}{
		{"Can I talk to a HUMAN?", true},
		{"Ich möchte einen Mitarbeiter.", true},
		{"Je veux parler à quelqu’un", true},
		{"Haluan puhua asiakaspalvelijalle", true},
		{"my travel agent booked it", true}, // naive on purpose
		{"Where is my parcel?", false},
		{"humanity", false}, // whole words only
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			assert.Equal(t, tt.want, m.match([]handoff.Turn{{Role: handoff.RoleUser, Content: tt.text}}))
		})
	}
	assert.False(t, m.match([]handoff.Turn{{Role: handoff.RoleAssistant, Content: "Shall I call an agent?"}, {Role: handoff.RoleUser, Content: "no"}}),
		"assistant turns are not read")
}

func turns(n int) []handoff.Turn {
	t := make([]handoff.Turn, n)
	for i := range t {
		t[i] = handoff.Turn{Role: handoff.RoleUser, Content: "x"}
	}
	return t
}

func TestFitLengthCut(t *testing.T) {
	// Lengths and labels: 1-, 1-, 3-, 3+, 5+, 5+, 7+.
	// cut 1: TP 4 FP 3 -> accuracy 4/7; cut 3: TP 4 FP 1 -> 6/7;
	// cut 5: TP 3 FN 1 -> 6/7 with F1 6/7 < cut 3's F1 8/9; cut 7: 4/7.
	// Best accuracy 6/7 ties between 3 and 5; the better F1 picks 3.
	rows := []Row{
		{Transcript: turns(1)}, {Transcript: turns(1)}, {Transcript: turns(3)},
		{Transcript: turns(3), ExpectHandoff: true}, {Transcript: turns(5), ExpectHandoff: true},
		{Transcript: turns(5), ExpectHandoff: true}, {Transcript: turns(7), ExpectHandoff: true},
	}
	assert.Equal(t, 3, fitLengthCut(rows))

	preds, cut := baselinePredictions(rows)
	assert.Equal(t, 3, cut)
	assert.Equal(t, []bool{false, false, true, true, true, true, true}, preds[BaselineLength])
	assert.Equal(t, []bool{true, true, true, true, true, true, true}, preds[BaselineAlways])
	assert.Equal(t, make([]bool, 7), preds[BaselineNever])

	single, _ := baselinePredictions([]Row{{Transcript: turns(1)}})
	assert.NotContains(t, single, BaselineLength, "single-turn data has no length baseline")
}
