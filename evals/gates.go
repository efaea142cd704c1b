package evals

import (
	"fmt"
	"slices"
)

// GateResult is one checked threshold.
type GateResult struct {
	Classifier string `json:"classifier"`
	// Scope is "overall", "trigger X", "language X", "dataset D",
	// "dataset D / trigger X" or "dataset D / language X".
	Scope string `json:"scope"`
	// Metric is f1, precision, recall, accuracy, or f1>BASELINE.
	Metric string  `json:"metric"`
	Min    float64 `json:"min"`
	Got    float64 `json:"got"`
	Pass   bool    `json:"pass"`
	// Detail explains a failure that has no figure (a scope without rows).
	Detail string `json:"detail,omitempty"`
}

// String renders the result as a report line ("ok   embedded overall: f1 0.912 (min 0.850)").
func (g GateResult) String() string {
	verdict := "ok  "
	if !g.Pass {
		verdict = "FAIL"
	}
	if g.Detail != "" {
		return fmt.Sprintf("%s %s %s: %s", verdict, g.Classifier, g.Scope, g.Detail)
	}
	return fmt.Sprintf("%s %s %s: %s %.3f (min %.3f)", verdict, g.Classifier, g.Scope, g.Metric, g.Got, g.Min)
}

// checkGates checks a run against the suite's thresholds and the --min-f1
// gates: minF1 on the overall F1 (nil when not given), byTrigger on the
// pooled F1 of each trigger named.
func checkGates(run Run, th Thresholds, minF1 *float64, byTrigger map[string]float64) []GateResult {
	var out []GateResult
	chk := func(scope string, g Gate, s *Score, bases []Baseline, pick func(Score) (Metrics, bool)) {
		if g.IsZero() {
			return
		}
		if s == nil {
			out = append(out, GateResult{Classifier: run.Classifier, Scope: scope, Detail: "no such scope in this run (no rows)"})
			return
		}
		m, ok := pick(*s)
		if !ok {
			out = append(out, GateResult{Classifier: run.Classifier, Scope: scope, Detail: "no rows in this scope"})
			return
		}
		for _, c := range []struct {
			name string
			min  *float64
			got  float64
		}{{"f1", g.MinF1, m.F1}, {"precision", g.MinPrecision, m.Precision}, {"recall", g.MinRecall, m.Recall}, {"accuracy", g.MinAccuracy, m.Accuracy}} {
			if c.min != nil {
				out = append(out, GateResult{Classifier: run.Classifier, Scope: scope, Metric: c.name, Min: *c.min, Got: c.got, Pass: c.got >= *c.min})
			}
		}
		for _, bn := range g.BeatBaselines {
			i := slices.IndexFunc(bases, func(b Baseline) bool { return b.Name == bn })
			if i < 0 {
				out = append(out, GateResult{Classifier: run.Classifier, Scope: scope, Metric: "f1>" + bn, Detail: "baseline " + bn + " does not apply here (length needs multi-turn data)"})
				continue
			}
			bm, ok := pick(bases[i].Score)
			if !ok {
				continue
			}
			out = append(out, GateResult{Classifier: run.Classifier, Scope: scope, Metric: "f1>" + bases[i].Label(), Min: bm.F1, Got: m.F1, Pass: m.F1 > bm.F1})
		}
	}
	whole := func(s Score) (Metrics, bool) { return s.Metrics, true }
	ofTrigger := func(id string) func(Score) (Metrics, bool) {
		return func(s Score) (Metrics, bool) { m, ok := s.ByTrigger[id]; return m, ok }
	}
	byLang := func(l string) func(Score) (Metrics, bool) {
		return func(s Score) (Metrics, bool) { m, ok := s.ByLanguage[l]; return m, ok }
	}
	scoped := func(prefix string, t Thresholds, s *Score, bases []Baseline) {
		chk(prefix+"overall", t.Gate, s, bases, whole)
		for _, id := range sortedKeys(t.ByTrigger) {
			chk(prefix+"trigger "+id, t.ByTrigger[id], s, bases, ofTrigger(id))
		}
		for _, l := range sortedKeys(t.ByLanguage) {
			chk(prefix+"language "+l, t.ByLanguage[l], s, bases, byLang(l))
		}
	}
	if minF1 != nil {
		chk("overall", Gate{MinF1: minF1}, &run.Overall.Score, run.Overall.Baselines, whole)
	}
	for _, id := range sortedKeys(byTrigger) {
		min := byTrigger[id]
		chk("trigger "+id, Gate{MinF1: &min}, &run.Overall.Score, run.Overall.Baselines, ofTrigger(id))
	}
	scoped("", th, &run.Overall.Score, run.Overall.Baselines)
	for _, name := range sortedKeys(th.ByDataset) {
		i := slices.IndexFunc(run.Datasets, func(d DatasetReport) bool { return d.Name == name })
		if i < 0 {
			scoped("dataset "+name+" / ", th.ByDataset[name], nil, nil)
			continue
		}
		d := run.Datasets[i]
		scoped("dataset "+name+" / ", th.ByDataset[name], &d.Score, d.Baselines)
	}
	for i := range out {
		out[i].Scope = trimOverall(out[i].Scope)
	}
	return out
}

// trimOverall turns "dataset D / overall" into "dataset D".
func trimOverall(scope string) string {
	const suffix = " / overall"
	if len(scope) > len(suffix) && scope[len(scope)-len(suffix):] == suffix {
		return scope[:len(scope)-len(suffix)]
	}
	return scope
}
