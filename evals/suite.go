package evals

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Suite is a suite file: datasets, the triggers to judge them against, and
// the thresholds that gate a run. Paths are relative to the suite file.
//
//	name: handoff-mcp
//	triggers: triggers.yaml
//	datasets:
//	  - path: data/*.jsonl
//	    name: handoff-mcp      # merge the matched files into one dataset
//	thresholds:
//	  min_f1: 0.85
//	  by_trigger:
//	    explicit_request: {min_f1: 0.90}
type Suite struct {
	// Name of the suite in reports; defaults to the file's base name.
	Name string `yaml:"name"`
	// Triggers is the triggers file for every dataset that names none, or
	// the triggers themselves as an inline list (the suite file is then its
	// own triggers file).
	Triggers TriggersRef `yaml:"triggers"`
	// Datasets to run, in order.
	Datasets []SuiteDataset `yaml:"datasets"`
	// Thresholds gate the run; see Thresholds.
	Thresholds Thresholds `yaml:"thresholds"`

	// Path is the suite file the suite was read from.
	Path string `yaml:"-"`
}

// TriggersRef is a suite's triggers: a path to a triggers file, or an
// inline list of triggers.
type TriggersRef struct {
	// Path is the triggers file; empty when Inline.
	Path string
	// Inline is true when the suite lists its triggers itself.
	Inline bool
}

// UnmarshalYAML accepts a path or a list of triggers.
func (t *TriggersRef) UnmarshalYAML(n *yaml.Node) error {
	switch n.Kind {
	case yaml.ScalarNode:
		t.Path = n.Value
		return nil
	case yaml.SequenceNode:
		t.Inline = true
		return nil
	}
	return fmt.Errorf("line %d: triggers: want a file path or a list of triggers", n.Line)
}

// SuiteDataset is one entry of a suite's datasets.
type SuiteDataset struct {
	// Path is a JSONL file or a glob. Without Name, each matched file is a
	// dataset named after the file; with Name, the files form one dataset.
	Path string `yaml:"path"`
	// Name merges the matched files into one dataset of that name.
	Name string `yaml:"name"`
	// Triggers overrides the suite's triggers file for this entry.
	Triggers string `yaml:"triggers"`
}

// Thresholds are gates on a run's figures. The top-level gate applies to the
// pooled figures of all datasets; ByTrigger and ByLanguage to the pooled
// figures of one trigger or language; ByDataset to one dataset (whose own
// ByTrigger and ByLanguage apply within it).
type Thresholds struct {
	Gate       `yaml:",inline"`
	ByTrigger  map[string]Gate       `yaml:"by_trigger"`
	ByLanguage map[string]Gate       `yaml:"by_language"`
	ByDataset  map[string]Thresholds `yaml:"by_dataset"`
}

// Gate is a set of minimums a scope's figures must reach. Unset fields do
// not gate.
type Gate struct {
	MinF1        *float64 `yaml:"min_f1" json:"min_f1,omitempty"`
	MinPrecision *float64 `yaml:"min_precision" json:"min_precision,omitempty"`
	MinRecall    *float64 `yaml:"min_recall" json:"min_recall,omitempty"`
	MinAccuracy  *float64 `yaml:"min_accuracy" json:"min_accuracy,omitempty"`
	// BeatBaselines names baselines (always, never, keyword, length) whose F1
	// the classifier's F1 must exceed in this scope.
	BeatBaselines []string `yaml:"beat_baselines" json:"beat_baselines,omitempty"`
}

// IsZero reports whether the gate checks nothing.
func (g Gate) IsZero() bool {
	return g.MinF1 == nil && g.MinPrecision == nil && g.MinRecall == nil && g.MinAccuracy == nil && len(g.BeatBaselines) == 0
}

func (g Gate) validate(where string) error {
	for name, v := range map[string]*float64{"min_f1": g.MinF1, "min_precision": g.MinPrecision, "min_recall": g.MinRecall, "min_accuracy": g.MinAccuracy} {
		if v != nil && (*v < 0 || *v > 1) {
			return fmt.Errorf("%s%s: %v is outside [0, 1]", where, name, *v)
		}
	}
	for _, b := range g.BeatBaselines {
		if !isBaseline(b) {
			return fmt.Errorf("%sbeat_baselines: unknown baseline %q (want %s)", where, b, strings.Join(BaselineNames, ", "))
		}
	}
	return nil
}

func (t Thresholds) validate(where string, nested bool) error {
	if err := t.Gate.validate(where); err != nil {
		return err
	}
	for _, k := range sortedKeys(t.ByTrigger) {
		if err := t.ByTrigger[k].validate(where + "by_trigger." + k + "."); err != nil {
			return err
		}
	}
	for _, k := range sortedKeys(t.ByLanguage) {
		if err := t.ByLanguage[k].validate(where + "by_language." + k + "."); err != nil {
			return err
		}
	}
	if nested && len(t.ByDataset) > 0 {
		return fmt.Errorf("%sby_dataset: not allowed inside by_dataset", where)
	}
	for _, k := range sortedKeys(t.ByDataset) {
		if err := t.ByDataset[k].validate(where+"by_dataset."+k+".", true); err != nil {
			return err
		}
	}
	return nil
}

// LoadSuite reads and validates a suite file.
func LoadSuite(path string) (*Suite, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading suite: %w", err)
	}
	var s Suite
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("suite %s: %w", path, err)
	}
	s.Path = path
	if s.Name == "" {
		s.Name = strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	}
	if len(s.Datasets) == 0 {
		return nil, fmt.Errorf("suite %s: no datasets: add a datasets list with at least one path", path)
	}
	for i, d := range s.Datasets {
		if strings.TrimSpace(d.Path) == "" {
			return nil, fmt.Errorf("suite %s: datasets[%d]: missing path", path, i)
		}
		if d.Triggers == "" && s.Triggers.Path == "" && !s.Triggers.Inline {
			return nil, fmt.Errorf("suite %s: datasets[%d] (%s): no triggers file: set triggers at the top or on the dataset", path, i, d.Path)
		}
	}
	if err := s.Thresholds.validate("thresholds.", false); err != nil {
		return nil, fmt.Errorf("suite %s: %w", path, err)
	}
	return &s, nil
}

// resolve returns a path of the suite relative to the suite file's directory.
func (s *Suite) resolve(p string) string {
	if p == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(filepath.Dir(s.Path), p)
}

// triggersFile is the path of the suite's own triggers file: the file it
// names, or the suite file itself when the triggers are inline.
func (s *Suite) triggersFile() string {
	if s.Triggers.Inline {
		return s.Path
	}
	return s.resolve(s.Triggers.Path)
}

// DatasetSpec is a dataset to load and the triggers file to judge it with.
type DatasetSpec struct {
	Name     string
	Files    []string
	Triggers string
}

// Specs expands the suite's dataset entries (globs included) into datasets,
// with every path resolved against the suite file's directory.
func (s *Suite) Specs() ([]DatasetSpec, error) {
	var out []DatasetSpec
	for _, d := range s.Datasets {
		files, err := expandGlob(s.resolve(d.Path))
		if err != nil {
			return nil, fmt.Errorf("suite %s: %w", s.Path, err)
		}
		trig := s.resolve(d.Triggers)
		if trig == "" {
			trig = s.triggersFile()
		}
		if d.Name != "" {
			out = append(out, DatasetSpec{Name: d.Name, Files: files, Triggers: trig})
			continue
		}
		for _, f := range files {
			out = append(out, DatasetSpec{Name: DatasetName(f), Files: []string{f}, Triggers: trig})
		}
	}
	names := map[string]bool{}
	for _, sp := range out {
		if names[sp.Name] {
			return nil, fmt.Errorf("suite %s: two datasets are named %q: give the entries distinct names", s.Path, sp.Name)
		}
		names[sp.Name] = true
	}
	return out, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
