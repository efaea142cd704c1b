package evals

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const twoTriggers = `server:
  listen: ":8080"
triggers:
  - id: explicit_request
    description: The user asks for a human.
  - id: frustration
    description: The user is angry.
    enabled: false
`

func TestLoadSuiteResolvesPathsAgainstTheSuiteFile(t *testing.T) {
	dir := t.TempDir()
	writeTestFile(t, dir, "suite/data/en.jsonl", "")
	writeTestFile(t, dir, "suite/data/de.jsonl", "")
	writeTestFile(t, dir, "suite/extra/x.jsonl", "")
	writeTestFile(t, dir, "suite/triggers.yaml", twoTriggers)
	writeTestFile(t, dir, "other.yaml", twoTriggers)
	path := writeTestFile(t, dir, "suite/suite.yaml", `
triggers: triggers.yaml
datasets:
  - path: data/*.jsonl
  - path: extra/x.jsonl
    name: extra
    triggers: ../other.yaml
thresholds:
  min_f1: 0.8
  by_trigger:
    explicit_request: {min_f1: 0.9, beat_baselines: [keyword]}
  by_dataset:
    en: {min_recall: 0.5}
`)
	s, err := LoadSuite(path)
	require.NoError(t, err)
	assert.Equal(t, "suite", s.Name)
	specs, err := s.Specs()
	require.NoError(t, err)
	require.Len(t, specs, 3)
	assert.Equal(t, DatasetSpec{Name: "de", Files: []string{filepath.Join(dir, "suite/data/de.jsonl")}, Triggers: filepath.Join(dir, "suite/triggers.yaml")}, specs[0])
	assert.Equal(t, "en", specs[1].Name)
	assert.Equal(t, DatasetSpec{Name: "extra", Files: []string{filepath.Join(dir, "suite/extra/x.jsonl")}, Triggers: filepath.Join(dir, "other.yaml")}, specs[2])
	assert.InDelta(t, 0.8, *s.Thresholds.MinF1, 1e-9)
	assert.Equal(t, []string{"keyword"}, s.Thresholds.ByTrigger["explicit_request"].BeatBaselines)
	assert.InDelta(t, 0.5, *s.Thresholds.ByDataset["en"].MinRecall, 1e-9)
}

func TestLoadSuiteInlineTriggers(t *testing.T) {
	dir := t.TempDir()
	writeTestFile(t, dir, "a.jsonl", "")
	path := writeTestFile(t, dir, "s.yaml", "name: inline\ndatasets:\n  - path: a.jsonl\n"+twoTriggers[strings.Index(twoTriggers, "triggers:"):])
	s, err := LoadSuite(path)
	require.NoError(t, err)
	specs, err := s.Specs()
	require.NoError(t, err)
	require.Len(t, specs, 1)
	assert.Equal(t, path, specs[0].Triggers, "the suite file is its own triggers file")
	ts, err := LoadTriggers(specs[0].Triggers)
	require.NoError(t, err)
	assert.Len(t, ts, 2)
}

func TestLoadSuiteErrors(t *testing.T) {
	tests := []struct {
		name, suite, wantErr string
	}{
		{"no datasets", "triggers: t.yaml\n", "no datasets"},
		{"no triggers", "datasets:\n  - path: a.jsonl\n", "no triggers file"},
		{"unknown key", "triggers: t.yaml\ndatasets:\n  - path: a.jsonl\nthreshold: {}\n", "field threshold not found"},
		{"gate out of range", "triggers: t.yaml\ndatasets:\n  - path: a.jsonl\nthresholds:\n  min_f1: 80\n", "thresholds.min_f1: 80 is outside [0, 1]"},
		{"unknown baseline", "triggers: t.yaml\ndatasets:\n  - path: a.jsonl\nthresholds:\n  by_trigger:\n    x: {beat_baselines: [magic]}\n", `unknown baseline "magic"`},
		{"nested by_dataset", "triggers: t.yaml\ndatasets:\n  - path: a.jsonl\nthresholds:\n  by_dataset:\n    a: {by_dataset: {b: {min_f1: 0.1}}}\n", "not allowed inside by_dataset"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeTestFile(t, t.TempDir(), "s.yaml", tt.suite)
			_, err := LoadSuite(path)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.wantErr)
		})
	}
}

func TestSpecsErrors(t *testing.T) {
	dir := t.TempDir()
	writeTestFile(t, dir, "a/x.jsonl", "")
	writeTestFile(t, dir, "b/x.jsonl", "")
	s, err := LoadSuite(writeTestFile(t, dir, "s.yaml", "triggers: t.yaml\ndatasets:\n  - path: '*/x.jsonl'\n"))
	require.NoError(t, err)
	_, err = s.Specs()
	assert.ErrorContains(t, err, `two datasets are named "x"`)

	s, err = LoadSuite(writeTestFile(t, dir, "s2.yaml", "triggers: t.yaml\ndatasets:\n  - path: 'none/*.jsonl'\n"))
	require.NoError(t, err)
	_, err = s.Specs()
	assert.ErrorContains(t, err, "matches no file")
}

func TestLoadTriggers(t *testing.T) {
	tests := []struct {
		name, yaml, wantErr string
		want                int
	}{
		{name: "server config shape", yaml: twoTriggers, want: 2},
		{name: "no triggers key", yaml: "server: {}\n", wantErr: `no top-level "triggers:"`},
		{name: "typo in a trigger", yaml: "triggers:\n  - id: a\n    description: x\n    failed_answer: 2\n", wantErr: "field failed_answer not found"},
		{name: "duplicate id", yaml: "triggers:\n  - id: a\n    description: x\n  - id: A\n    description: y\n", wantErr: "duplicate id"},
		{name: "nothing fires", yaml: "triggers:\n  - id: a\n", wantErr: "nothing can fire it"},
		{name: "bad priority", yaml: "triggers:\n  - id: a\n    description: x\n    priority: asap\n", wantErr: `priority "asap"`},
		{name: "all disabled", yaml: "triggers:\n  - id: a\n    description: x\n    enabled: false\n", wantErr: "no enabled trigger"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts, err := LoadTriggers(writeTestFile(t, t.TempDir(), "t.yaml", tt.yaml))
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Len(t, ts, tt.want)
		})
	}
}
