package evals

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The project's own suite: these tests keep the data honest as it grows.

var defaultTriggers = []string{"explicit_request", "frustration", "bot_failure", "sensitive_topic"}

func loadProjectSuite(t *testing.T) (*Suite, []handoff.Trigger, *Dataset) {
	t.Helper()
	s, err := LoadSuite("suite.yaml")
	require.NoError(t, err)
	specs, err := s.Specs()
	require.NoError(t, err)
	require.Len(t, specs, 1, "the suite is one dataset broken down by language and trigger")
	ts, err := LoadTriggers(specs[0].Triggers)
	require.NoError(t, err)
	ds, err := LoadDataset(specs[0].Name, specs[0].Files, BadLinesStop)
	require.NoError(t, err, "every row is valid and every id unique")
	return s, ts, ds
}

func TestDefaultTriggersFile(t *testing.T) {
	_, ts, _ := loadProjectSuite(t)
	var ids []string
	for _, tr := range ts {
		ids = append(ids, tr.ID)
		assert.GreaterOrEqual(t, len(strings.Fields(tr.Description)), 20, "trigger %s needs a real plain-language description", tr.ID)
	}
	assert.Equal(t, defaultTriggers, ids)
	bf, _ := handoff.FindTrigger(ts, "bot_failure")
	assert.Equal(t, 2, bf.FailedAnswers)
}

func TestProjectSuiteIntegrity(t *testing.T) {
	_, ts, ds := loadProjectSuite(t)
	rows := ds.Rows
	require.GreaterOrEqual(t, len(rows), 400)

	perLang := map[string]int{}
	posLang := map[string]int{}
	perTrigger := map[string]map[string]int{}
	multi, multiNeg := 0, 0
	for _, r := range rows {
		perLang[r.Lang]++
		assert.True(t, strings.HasPrefix(r.ID, r.Lang+"-"), "id %s starts with its language", r.ID)
		assert.NotEmpty(t, strings.TrimSpace(r.Note), "row %s needs a note saying why", r.ID)
		assert.Equal(t, handoff.RoleUser, r.Transcript[len(r.Transcript)-1].Role, "row %s ends with the user's turn", r.ID)
		if r.ExpectHandoff {
			posLang[r.Lang]++
			assert.NotEmpty(t, r.ExpectTrigger, "positive row %s names its trigger", r.ID)
		}
		for _, id := range r.ExpectTrigger {
			_, ok := handoff.FindTrigger(ts, id)
			assert.True(t, ok, "row %s expects unknown trigger %s", r.ID, id)
			if perTrigger[id] == nil {
				perTrigger[id] = map[string]int{}
			}
			perTrigger[id][r.Lang]++
			if id == "bot_failure" {
				assert.GreaterOrEqual(t, assistantTurns(r), 2, "bot_failure row %s shows two assistant answers", r.ID)
			}
		}
		if r.MultiTurn() {
			multi++
			if !r.ExpectHandoff {
				multiNeg++
			}
		}
	}
	assert.ElementsMatch(t, []string{"en", "de", "fr", "fi"}, keys(perLang))
	for lang, n := range perLang {
		assert.GreaterOrEqual(t, n, 60, "language %s", lang)
		share := float64(posLang[lang]) / float64(n)
		assert.InDelta(t, 0.5, share, 0.1, "language %s is roughly balanced (%d of %d hand off)", lang, posLang[lang], n)
	}
	for _, id := range defaultTriggers {
		for lang := range perLang {
			assert.GreaterOrEqual(t, perTrigger[id][lang], 5, "trigger %s in %s", id, lang)
		}
	}
	assert.GreaterOrEqual(t, multi, len(rows)/5, "at least a fifth of the rows are multi-turn")
	assert.GreaterOrEqual(t, multiNeg, 40, "multi-turn negatives (near misses) are there")
}

func assistantTurns(r Row) int {
	n := 0
	for _, t := range r.Transcript {
		if t.Role == handoff.RoleAssistant {
			n++
		}
	}
	return n
}

func keys(m map[string]int) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// publicDir is the shared public data, present on developer machines and in
// CI but not part of the repository.
const publicDir = "../../shared/evals/public"

func TestProjectSuiteSharesNoTextWithThePublicData(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(publicDir, "*.jsonl"))
	if len(files) == 0 {
		t.Skip("no public data beside the repository")
	}
	public := map[string]string{}
	for _, f := range files {
		ds, err := LoadDataset(DatasetName(f), []string{f}, BadLinesStop)
		require.NoError(t, err)
		for _, r := range ds.Rows {
			for _, turn := range r.Transcript {
				public[normalise(turn.Content)] = r.ID
			}
		}
	}
	_, _, ds := loadProjectSuite(t)
	for _, r := range ds.Rows {
		for _, turn := range r.Transcript {
			if id, ok := public[normalise(turn.Content)]; ok && len(normalise(turn.Content)) > 12 {
				t.Errorf("row %s repeats the text of public row %s: %q", r.ID, id, turn.Content)
			}
		}
	}
}

func normalise(s string) string { return strings.Join(words(s), " ") }

func TestPublicSuite(t *testing.T) {
	s, err := LoadSuite("public.yaml")
	require.NoError(t, err)
	ts, err := LoadTriggers(s.triggersFile())
	require.NoError(t, err)
	// Word for word the admin descriptions of the public README's table,
	// and nothing else.
	want := []handoff.Trigger{
		{ID: "explicit_request", Description: "The user explicitly asks to talk to a human."},
		{ID: "frustration", Description: "The user is frustrated or angry."},
		{ID: "complaint", Description: "The user wants to complain about the service."},
		{ID: "billing_dispute", Description: "Billing dispute: a charge the user does not recognise, or a refund demand."},
		{ID: "refund_over_100", Description: "The user asks for a refund of more than 100 EUR."},
		{ID: "bot_failure", Description: "The assistant has failed to give a sensible answer twice."},
	}
	assert.Equal(t, want, ts)

	readme, err := os.ReadFile(filepath.Join(publicDir, "README.md"))
	if err != nil {
		t.Skip("no public data beside the repository")
	}
	for _, tr := range want {
		assert.Contains(t, string(readme), `"`+tr.Description+`"`, "the README still words %s this way", tr.ID)
	}
	specs, err := s.Specs()
	require.NoError(t, err)
	assert.GreaterOrEqual(t, len(specs), 7, "one dataset per public file")
	for _, sp := range specs {
		ds, err := LoadDataset(sp.Name, sp.Files, BadLinesStop)
		require.NoError(t, err, "the public files run unchanged")
		require.NoError(t, checkTriggerIDs(ds, ts, sp.Triggers))
	}
}
