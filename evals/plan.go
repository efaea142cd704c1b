package evals

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// plan is what a run scores: the datasets with their triggers, and the
// thresholds that gate it.
type plan struct {
	suite      *Suite
	datasets   []*evalDataset
	thresholds Thresholds
	// skipped names the datasets left out because --lang left them no rows.
	skipped []string
}

type classifierKey struct{ name, triggers string }

// plan loads the suite or the --data files, the triggers and the rows.
func (o *options) plan(stderr io.Writer) (*plan, error) {
	p := &plan{}
	var specs []DatasetSpec
	if len(o.data) == 0 || o.triggers == "" {
		s, err := LoadSuite(o.suite)
		if err != nil {
			if len(o.data) > 0 {
				return nil, fmt.Errorf("--data needs --triggers, or a suite whose triggers to use: %w", err)
			}
			return nil, err
		}
		p.suite = s
	}
	if len(o.data) == 0 {
		var err error
		if specs, err = p.suite.Specs(); err != nil {
			return nil, err
		}
		if !o.noThresholds && len(o.langs) == 0 && o.limit == 0 && len(o.onlyTriggers) == 0 {
			p.thresholds = p.suite.Thresholds
		} else if !p.suite.Thresholds.Gate.IsZero() || len(p.suite.Thresholds.ByTrigger)+len(p.suite.Thresholds.ByLanguage)+len(p.suite.Thresholds.ByDataset) > 0 {
			fmt.Fprintf(stderr, "eval: the suite's thresholds are not checked on a partial or report-only run (--lang, --limit, --only-triggers, --no-thresholds)\n")
		}
	} else {
		trig := o.triggers
		if trig == "" {
			trig = p.suite.triggersFile()
			if trig == "" {
				return nil, fmt.Errorf("suite %s has no top-level triggers: give --triggers for the --data files", p.suite.Path)
			}
		}
		for _, pat := range o.data {
			files, err := expandGlob(pat)
			if err != nil {
				return nil, err
			}
			for _, f := range files {
				specs = append(specs, DatasetSpec{Name: DatasetName(f), Files: []string{f}, Triggers: trig})
			}
		}
		names := map[string]bool{}
		for _, sp := range specs {
			if names[sp.Name] {
				return nil, fmt.Errorf("two --data files are both named %q: rename one", sp.Name)
			}
			names[sp.Name] = true
		}
	}
	triggerSets := map[string][]handoff.Trigger{}
	for _, sp := range specs {
		if o.triggers != "" {
			sp.Triggers = o.triggers
		}
		ts, ok := triggerSets[sp.Triggers]
		if !ok {
			var err error
			if ts, err = LoadTriggers(sp.Triggers); err != nil {
				return nil, err
			}
			triggerSets[sp.Triggers] = ts
		}
		ds, err := LoadDataset(sp.Name, sp.Files, o.badLines)
		if err != nil {
			return nil, err
		}
		for _, le := range ds.Skipped {
			fmt.Fprintf(stderr, "eval: skipped %v\n", le)
		}
		if err := checkTriggerIDs(ds, ts, sp.Triggers); err != nil {
			return nil, err
		}
		if len(o.onlyTriggers) > 0 {
			if ts, err = onlyTriggers(ts, o.onlyTriggers, sp.Triggers); err != nil {
				return nil, err
			}
			var left int
			ds.Rows, left = rowsOfTriggers(ds.Rows, o.onlyTriggers)
			if left > 0 {
				fmt.Fprintf(stderr, "eval: dataset %s: %d rows expect other triggers than %s: left out\n", ds.Name, left, strings.Join(o.onlyTriggers, ", "))
			}
		}
		ds.Rows = filterRows(ds.Rows, o.langs, o.limit)
		if len(ds.Rows) == 0 && len(o.langs) > 0 {
			fmt.Fprintf(stderr, "eval: dataset %s: no rows in %s: skipped\n", ds.Name, strings.Join(o.langs, ", "))
			p.skipped = append(p.skipped, ds.Name)
			continue
		}
		ed := &evalDataset{spec: sp, data: ds, triggers: ts, outcomes: map[string][]Outcome{}}
		ed.scoreBaselines()
		p.datasets = append(p.datasets, ed)
	}
	if len(p.datasets) == 0 {
		return nil, fmt.Errorf("no dataset has rows in %s", strings.Join(o.langs, ", "))
	}
	for _, ed := range p.datasets {
		if len(ed.data.Rows) == 0 {
			return nil, fmt.Errorf("dataset %s: no rows to score", ed.spec.Name)
		}
	}
	for _, id := range sortedKeys(o.minF1ByTrigger) {
		if !slices.ContainsFunc(p.datasets, func(ed *evalDataset) bool { _, ok := handoff.FindTrigger(ed.triggers, id); return ok }) {
			return nil, fmt.Errorf("--min-f1 %s=...: no trigger %q in %s", id, id, p.triggerFiles())
		}
	}
	return p, nil
}

// triggerFiles names the triggers files of the plan's datasets.
func (p *plan) triggerFiles() string {
	var files []string
	for _, ed := range p.datasets {
		if !slices.Contains(files, ed.spec.Triggers) {
			files = append(files, ed.spec.Triggers)
		}
	}
	return strings.Join(files, ", ")
}

// onlyTriggers returns the triggers of ts that ids name, in ts's order; an
// id ts does not define is an error.
func onlyTriggers(ts []handoff.Trigger, ids []string, file string) ([]handoff.Trigger, error) {
	for _, id := range ids {
		if _, ok := handoff.FindTrigger(ts, id); !ok {
			return nil, fmt.Errorf("--only-triggers: %s defines no trigger %q", file, id)
		}
	}
	var out []handoff.Trigger
	for _, t := range ts {
		if slices.ContainsFunc(ids, func(id string) bool { return strings.EqualFold(id, t.ID) }) {
			out = append(out, t)
		}
	}
	if len(handoff.EnabledTriggers(out)) == 0 {
		return nil, fmt.Errorf("--only-triggers: every trigger named is disabled in %s", file)
	}
	return out, nil
}

// rowsOfTriggers keeps the no-handoff rows and the rows that expect one of
// ids, with their expected triggers narrowed to ids; it returns how many
// rows it left out.
func rowsOfTriggers(rows []Row, ids []string) ([]Row, int) {
	var out []Row
	for _, r := range rows {
		if !r.ExpectHandoff {
			out = append(out, r)
			continue
		}
		var keep TriggerIDs
		for _, id := range r.ExpectTrigger {
			if slices.ContainsFunc(ids, func(x string) bool { return strings.EqualFold(x, id) }) {
				keep = append(keep, id)
			}
		}
		if len(keep) > 0 {
			r.ExpectTrigger = keep
			out = append(out, r)
		}
	}
	return out, len(rows) - len(out)
}

// filterRows keeps the rows of the given languages (all when none), at most
// limit of them (all when 0).
func filterRows(rows []Row, langs []string, limit int) []Row {
	var out []Row
	for _, r := range rows {
		if len(langs) > 0 && !slices.ContainsFunc(langs, func(l string) bool { return strings.EqualFold(l, r.Lang) }) {
			continue
		}
		if limit > 0 && len(out) == limit {
			break
		}
		out = append(out, r)
	}
	return out
}

// checkTriggerIDs rejects rows that expect a trigger the triggers file does
// not define: such a row can never be scored right, and it is usually a typo.
func checkTriggerIDs(ds *Dataset, ts []handoff.Trigger, file string) error {
	var bad []string
	for _, r := range ds.Rows {
		for _, id := range r.ExpectTrigger {
			if _, ok := handoff.FindTrigger(ts, id); !ok {
				bad = append(bad, fmt.Sprintf("%s:%d (%s) expects %q", r.File, r.Line, r.ID, id))
			}
		}
	}
	if len(bad) == 0 {
		return nil
	}
	more := ""
	if len(bad) > 5 {
		more = fmt.Sprintf(" and %d more", len(bad)-5)
		bad = bad[:5]
	}
	return fmt.Errorf("dataset %s: rows expect triggers that %s does not define: %s%s: add the triggers or fix the rows", ds.Name, file, strings.Join(bad, "; "), more)
}

// build makes one classifier per name and distinct triggers file.
func (p *plan) build(names []string, factory Factory) (map[classifierKey]handoff.Classifier, error) {
	out := map[classifierKey]handoff.Classifier{}
	for _, name := range names {
		if name == ClassifierNone {
			continue
		}
		if factory == nil {
			return nil, fmt.Errorf("classifier %s: this build has no classifiers (use --classifier none for the baselines)", name)
		}
		for _, ed := range p.datasets {
			k := classifierKey{name, ed.spec.Triggers}
			if _, ok := out[k]; ok {
				continue
			}
			c, err := factory(name, ed.triggers)
			if err != nil {
				return nil, fmt.Errorf("building classifier %s for %s: %w", name, ed.spec.Triggers, err)
			}
			out[k] = c
		}
	}
	return out, nil
}

// readings says how each distinct trigger set of the plan is read; none
// without a reader.
func (p *plan) readings(reader Reader) ([]TriggerReadings, error) {
	if reader == nil {
		return nil, nil
	}
	var out []TriggerReadings
	for _, ed := range p.datasets {
		if slices.ContainsFunc(out, func(tr TriggerReadings) bool { return tr.Triggers == ed.spec.Triggers }) {
			continue
		}
		rs, err := reader(ed.triggers)
		if err != nil {
			return nil, fmt.Errorf("reading the triggers of %s: %w", ed.spec.Triggers, err)
		}
		out = append(out, TriggerReadings{Triggers: ed.spec.Triggers, Readings: rs})
	}
	return out, nil
}

// report scores the outcomes and checks the gates.
func (p *plan) report(names []string, o *options, args []string) *Report {
	rep := &Report{Command: commandLine(args), OnlyTriggers: o.onlyTriggers, SkippedDatasets: p.skipped}
	if p.suite != nil && len(o.data) == 0 {
		rep.Suite = p.suite.Path
	}
	runs := make([]Run, len(names))
	for i, n := range names {
		runs[i] = buildRun(n, p.datasets, o.errors)
	}
	rep.Run, rep.Compare = runs[0], runs[1:]
	if len(names) > 1 {
		rep.Comparisons = compareRuns(names, p.datasets)
	}
	rep.Pass = true
	for _, run := range runs {
		if run.Classifier == ClassifierNone {
			continue
		}
		rep.Gates = append(rep.Gates, checkGates(run, p.thresholds, o.minF1, o.minF1ByTrigger)...)
		if run.Overall.Errors > 0 {
			rep.Pass = false
		}
	}
	for _, g := range rep.Gates {
		rep.Pass = rep.Pass && g.Pass
	}
	return rep
}
