package evals

import (
	"errors"
	"testing"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func row(id, lang string, handoffWanted bool, triggers ...string) Row {
	return Row{ID: id, Lang: lang, ExpectHandoff: handoffWanted, ExpectTrigger: triggers,
		Transcript: []handoff.Turn{{Role: handoff.RoleUser, Content: id}}}
}

func decided(triggers ...string) Outcome {
	return Outcome{Decision: handoff.Decision{Handoff: len(triggers) > 0, Triggers: triggers}}
}

func TestScoreRowsOneVsRest(t *testing.T) {
	rows := []Row{
		row("x1", "en", true, "explicit_request"),                // caught
		row("x2", "de", true, "explicit_request"),                // handed off for the wrong trigger
		row("f1", "en", true, "frustration"),                     // caught
		row("f2", "en", true, "frustration"),                     // missed
		row("m1", "fi", true, "frustration", "explicit_request"), // caught through explicit_request
		row("n1", "en", false),                                   // false alarm: frustration
		row("n2", "de", false),                                   // right
		row("n3", "de", false),                                   // right
		row("e1", "en", true, "frustration"),                     // classifier error: left out
	}
	outs := []Outcome{
		decided("explicit_request"),
		decided("frustration"),
		decided("frustration"),
		decided(),
		decided("explicit_request"),
		decided("frustration"),
		decided(),
		decided(),
		{Err: errors.New("timeout")},
	}
	preds := make([]prediction, len(outs))
	for i, o := range outs {
		preds[i] = predictionOf(o)
	}
	s := scoreRows(rows, preds).score(false, true)

	// Handoff level over the 8 scored rows: positives x1 x2 f1 f2 m1, of
	// which x1 x2 f1 m1 handed off (TP=4, FN=1); negatives n1 n2 n3, of
	// which n1 handed off (FP=1, TN=2).
	assert.Equal(t, Confusion{TP: 4, FP: 1, FN: 1, TN: 2}, s.Confusion)
	assert.Equal(t, 8, s.Rows)
	assert.Equal(t, 1, s.Errors)

	// explicit_request: its rows x1 x2 m1 plus the no-handoff rows n1 n2 n3.
	// x1 caught, x2 fired frustration only (miss), m1 caught; no negative
	// fired explicit_request. TP=2 FN=1 FP=0 TN=3: P=1, R=2/3, F1=4/5.
	assert.Equal(t, Confusion{TP: 2, FN: 1, TN: 3}, s.ByTrigger["explicit_request"].Confusion)
	assert.InDelta(t, 0.8, s.ByTrigger["explicit_request"].F1, 1e-9)

	// frustration: rows f1 f2 m1 plus n1 n2 n3. f1 caught, f2 missed, m1
	// caught because explicit_request is one of its expected triggers; n1
	// fired frustration (FP). TP=2 FN=1 FP=1 TN=2: F1 = 4/(4+1+1) = 2/3.
	assert.Equal(t, Confusion{TP: 2, FN: 1, FP: 1, TN: 2}, s.ByTrigger["frustration"].Confusion)
	assert.InDelta(t, 2.0/3, s.ByTrigger["frustration"].F1, 1e-9)
	assert.InDelta(t, (0.8+2.0/3)/2, s.MacroF1, 1e-9)

	// Languages, handoff level: en = x1 f1 f2 n1 (TP 2, FN 1, FP 1);
	// de = x2 n2 n3 (TP 1, TN 2); fi = m1 (TP 1).
	assert.Equal(t, Confusion{TP: 2, FN: 1, FP: 1}, s.ByLanguage["en"].Confusion)
	assert.Equal(t, Confusion{TP: 1, TN: 2}, s.ByLanguage["de"].Confusion)
	assert.Equal(t, Confusion{TP: 1}, s.ByLanguage["fi"].Confusion)

	// Trigger match: of the 4 caught handoffs (x1 x2 f1 m1), 3 fired an
	// expected trigger.
	require.NotNil(t, s.TriggerMatch)
	assert.InDelta(t, 0.75, *s.TriggerMatch, 1e-9)
}

func TestScoreTriggerIDsAreCaseInsensitive(t *testing.T) {
	rows := []Row{row("a", "en", true, "Frustration"), row("b", "en", false)}
	s := scoreRows(rows, []prediction{predictionOf(decided("frustration")), predictionOf(decided())}).score(false, false)
	assert.Equal(t, Confusion{TP: 1, TN: 1}, s.ByTrigger["Frustration"].Confusion)
}

func TestBaselinePredictionsFireEveryTrigger(t *testing.T) {
	rows := []Row{row("a", "en", true, "frustration"), row("b", "en", true, "bot_failure"), row("c", "en", false)}
	all := []prediction{{handoff: true, all: true}, {handoff: true, all: true}, {handoff: true, all: true}}
	s := scoreRows(rows, all).score(false, false)
	// Always-handoff on frustration's rows (a) plus the negative c: TP=1 FP=1.
	assert.Equal(t, Confusion{TP: 1, FP: 1}, s.ByTrigger["frustration"].Confusion)
	assert.Equal(t, Confusion{TP: 1, FP: 1}, s.ByTrigger["bot_failure"].Confusion)
	assert.Equal(t, Confusion{TP: 2, FP: 1}, s.Confusion)
}

func TestTallyMergePoolsDatasets(t *testing.T) {
	a := scoreRows([]Row{row("a", "en", true, "frustration"), row("b", "en", false)},
		[]prediction{predictionOf(decided("frustration")), predictionOf(decided("frustration"))})
	b := scoreRows([]Row{row("c", "de", true, "bot_failure"), row("d", "de", false)},
		[]prediction{predictionOf(decided()), predictionOf(decided())})
	pooled := newTally()
	pooled.merge(a)
	pooled.merge(b)
	s := pooled.score(true, false)
	// a: TP 1, FP 1; b: FN 1, TN 1.
	assert.Equal(t, Confusion{TP: 1, FP: 1, FN: 1, TN: 1}, s.Confusion)
	// Per trigger, each trigger keeps its own dataset's negatives only:
	// frustration = a + b(row b): TP 1 FP 1; bot_failure = c + d: FN 1 TN 1.
	assert.Equal(t, Confusion{TP: 1, FP: 1}, s.ByTrigger["frustration"].Confusion)
	assert.Equal(t, Confusion{FN: 1, TN: 1}, s.ByTrigger["bot_failure"].Confusion)
	require.NotNil(t, s.F1CI)
}
