package evals

import (
	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// evalDataset is a loaded dataset with its triggers, the outcomes of each
// classifier on its rows, and its baselines' tallies.
type evalDataset struct {
	spec      DatasetSpec
	data      *Dataset
	triggers  []handoff.Trigger
	outcomes  map[string][]Outcome
	baselines map[string]*tally
	lengthCut int
}

// scoreBaselines tallies the baselines of the dataset's rows once, for every
// run to share.
func (ed *evalDataset) scoreBaselines() {
	preds, cut := baselinePredictions(ed.data.Rows)
	ed.lengthCut = cut
	ed.baselines = map[string]*tally{}
	for name, hs := range preds {
		ps := make([]prediction, len(hs))
		for i, h := range hs {
			ps[i] = prediction{handoff: h, all: true}
		}
		ed.baselines[name] = scoreRows(ed.data.Rows, ps)
	}
}

func baselinesOf(ts map[string]*tally, cut int) []Baseline {
	var out []Baseline
	for _, name := range BaselineNames {
		t, ok := ts[name]
		if !ok {
			continue
		}
		b := Baseline{Name: name, Score: t.score(false, false)}
		if name == BaselineLength {
			b.Cut = cut
		}
		out = append(out, b)
	}
	return out
}

// buildRun scores one classifier's outcomes on every dataset, and pools them.
func buildRun(name string, eds []*evalDataset, withErrors bool) Run {
	run := Run{Classifier: name}
	overall := newTally()
	pooledBase := map[string]*tally{}
	var allRows []Row
	var all []Outcome
	for _, ed := range eds {
		rows := ed.data.Rows
		dr := DatasetReport{
			Name: ed.spec.Name, Files: ed.data.Files, Triggers: ed.spec.Triggers,
			SkippedLines: len(ed.data.Skipped),
		}
		for _, r := range rows {
			dr.MultiTurn = dr.MultiTurn || r.MultiTurn()
		}
		if outs, ok := ed.outcomes[name]; ok {
			preds := make([]prediction, len(outs))
			for i, o := range outs {
				preds[i] = predictionOf(o)
				if m, wrong := missOf(rows[i], o); wrong && withErrors {
					dr.Misclassified = append(dr.Misclassified, m)
				}
			}
			t := scoreRows(rows, preds)
			overall.merge(t)
			dr.Score = t.score(true, true)
			dr.costs(rows, outs)
			allRows, all = append(allRows, rows...), append(all, outs...)
		} else {
			dr.Rows = len(rows)
			dr.ByTrigger, dr.ByLanguage = map[string]Metrics{}, map[string]Metrics{}
		}
		dr.Baselines = baselinesOf(ed.baselines, ed.lengthCut)
		for bn, t := range ed.baselines {
			if pooledBase[bn] == nil {
				pooledBase[bn] = newTally()
			}
			pooledBase[bn].merge(t)
		}
		run.Datasets = append(run.Datasets, dr)
	}
	cut := 0
	if len(eds) == 1 {
		cut = eds[0].lengthCut
	} else {
		// Pooled, the length baseline is one cut fitted on all the rows
		// (single-turn datasets included), not a mix of each dataset's.
		delete(pooledBase, BaselineLength)
		if t, c := pooledLength(eds); t != nil {
			pooledBase[BaselineLength], cut = t, c
		}
	}
	if name != ClassifierNone {
		run.Overall.Score = overall.score(true, true)
		run.Overall.costs(allRows, all)
	} else {
		run.Overall.Rows = overallRows(eds)
		run.Overall.ByTrigger, run.Overall.ByLanguage = map[string]Metrics{}, map[string]Metrics{}
	}
	run.Overall.Baselines = baselinesOf(pooledBase, cut)
	return run
}

// pooledLength scores the length baseline on the rows of all the datasets
// with one cut fitted on all of them; nil when no dataset is multi-turn (a
// cut cannot tell single turns apart). Each dataset's rows are tallied on
// their own, so that per-trigger figures pool as the classifier's do.
func pooledLength(eds []*evalDataset) (*tally, int) {
	var all []Row
	multi := false
	for _, ed := range eds {
		all = append(all, ed.data.Rows...)
		_, ok := ed.baselines[BaselineLength]
		multi = multi || ok
	}
	if !multi {
		return nil, 0
	}
	cut := fitLengthCut(all)
	t := newTally()
	for _, ed := range eds {
		ps := make([]prediction, len(ed.data.Rows))
		for i, r := range ed.data.Rows {
			ps[i] = prediction{handoff: len(r.Transcript) >= cut, all: true}
		}
		t.merge(scoreRows(ed.data.Rows, ps))
	}
	return t, cut
}

// compareRuns runs McNemar's test between the first classifier and each
// other one, per dataset and pooled.
func compareRuns(names []string, eds []*evalDataset) []Comparison {
	var out []Comparison
	for _, second := range names[1:] {
		tb, tc := 0, 0
		for _, ed := range eds {
			b, c := disagreements(ed.data.Rows, ed.outcomes[names[0]], ed.outcomes[second])
			tb, tc = tb+b, tc+c
			out = append(out, Comparison{First: names[0], Second: second, Dataset: ed.spec.Name, McNemar: mcnemar(b, c)})
		}
		if len(eds) > 1 {
			out = append(out, Comparison{First: names[0], Second: second, McNemar: mcnemar(tb, tc)})
		}
	}
	return out
}

// disagreements counts the rows only a got right (b) and only b got right
// (c), at the handoff level, over rows where neither failed.
func disagreements(rows []Row, a, b []Outcome) (onlyA, onlyB int) {
	for i, r := range rows {
		if a[i].Err != nil || b[i].Err != nil {
			continue
		}
		ra := a[i].Decision.Handoff == r.ExpectHandoff
		rb := b[i].Decision.Handoff == r.ExpectHandoff
		switch {
		case ra && !rb:
			onlyA++
		case rb && !ra:
			onlyB++
		}
	}
	return onlyA, onlyB
}

func overallRows(eds []*evalDataset) int {
	n := 0
	for _, ed := range eds {
		n += len(ed.data.Rows)
	}
	return n
}
