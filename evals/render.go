package evals

import (
	"fmt"
	"slices"
	"strings"
)

// scope is one block of a report: a dataset, or all datasets pooled, with
// every run's figures on it.
type scope struct {
	title     string
	meta      string
	runs      []Run // for names
	sums      []*Summary
	baselines []Baseline
	misses    [][]Miss // per run, with --errors
}

// scopes returns the report's blocks: each dataset, then the pool of all
// datasets when there is more than one.
func (r *Report) scopes() []scope {
	runs := r.Runs()
	var out []scope
	for i, d := range r.Datasets {
		sc := scope{title: "dataset " + d.Name, runs: runs, baselines: d.Baselines}
		for _, run := range runs {
			sc.sums = append(sc.sums, &run.Datasets[i].Summary)
			sc.misses = append(sc.misses, run.Datasets[i].Misclassified)
		}
		pos, rows := positives(d.Baselines)
		sc.meta = fmt.Sprintf("%d rows (%d handoff, %d no handoff) · %s · triggers %s", rows, pos, rows-pos, turnsWord(d.MultiTurn), d.Triggers)
		if d.SkippedLines > 0 {
			sc.meta += fmt.Sprintf(" · %d bad lines skipped", d.SkippedLines)
		}
		out = append(out, sc)
	}
	if len(r.Datasets) > 1 {
		sc := scope{title: "all datasets pooled", runs: runs, baselines: r.Overall.Baselines}
		for _, run := range runs {
			sc.sums = append(sc.sums, &run.Overall)
		}
		pos, rows := positives(r.Overall.Baselines)
		sc.meta = fmt.Sprintf("%d datasets · %d rows (%d handoff, %d no handoff)", len(r.Datasets), rows, pos, rows-pos)
		out = append(out, sc)
	}
	return out
}

func positives(bs []Baseline) (pos, rows int) {
	for _, b := range bs {
		if b.Name == BaselineAlways {
			return b.Support, b.Rows
		}
	}
	return 0, 0
}

func turnsWord(multi bool) string {
	if multi {
		return "multi-turn"
	}
	return "single-turn"
}

// classified reports whether run i is a real classifier (not "none").
func (sc scope) classified(i int) bool { return sc.runs[i].Classifier != ClassifierNone }

func metricCells(m Metrics) []string {
	return []string{f3(m.Precision), f3(m.Recall), f3(m.F1), f3(m.Accuracy), fmt.Sprint(m.Rows), fmt.Sprint(m.Support),
		fmt.Sprint(m.TP), fmt.Sprint(m.FP), fmt.Sprint(m.FN), fmt.Sprint(m.TN)}
}

var metricHead = []string{"precision", "recall", "F1", "accuracy", "rows", "support", "TP", "FP", "FN", "TN"}

// headline is the handoff-level table: each classifier, then the baselines.
func (sc scope) headline() *table {
	t := &table{head: append(append([]string{"handoff-level"}, metricHead[:3]...), append(append([]string{"F1 95% CI"}, metricHead[3:]...), "macro F1", "trigger match", "errors")...)}
	row := func(name string, s Score, classifier bool) {
		c := metricCells(s.Metrics)
		match, errs := "", ""
		if classifier {
			match, errs = "n/a", fmt.Sprint(s.Errors)
			if s.TriggerMatch != nil {
				match = pct(*s.TriggerMatch)
			}
		}
		t.add(append(append([]string{name}, c[:3]...), append(append([]string{ci(s.F1CI)}, c[3:]...), f3(s.MacroF1), match, errs)...)...)
	}
	for i, s := range sc.sums {
		if sc.classified(i) {
			row(sc.runs[i].Classifier, s.Score, true)
		}
	}
	for _, b := range sc.baselines {
		row("baseline "+b.Label(), b.Score, false)
	}
	return t
}

// breakdown is the per-trigger or per-language table: one line per key and
// classifier, with the best baseline's F1 beside it; with no classifier, one
// line per key and baseline.
func (sc scope) breakdown(kind string, pick func(Score) map[string]Metrics) *table {
	keys := map[string]bool{}
	for _, b := range sc.baselines {
		for k := range pick(b.Score) {
			keys[k] = true
		}
	}
	any := slices.ContainsFunc(sc.runs, func(r Run) bool { return r.Classifier != ClassifierNone })
	t := &table{head: append([]string{kind, "classifier"}, metricHead...)}
	if any {
		t.head = append(t.head, "best baseline F1")
	}
	for _, k := range sortedKeys(keys) {
		if !any {
			for _, b := range sc.baselines {
				t.add(append([]string{k, "baseline " + b.Label()}, metricCells(pick(b.Score)[k])...)...)
			}
			continue
		}
		best, bestName := -1.0, ""
		for _, b := range sc.baselines {
			if m, ok := pick(b.Score)[k]; ok && m.F1 > best {
				best, bestName = m.F1, b.Label()
			}
		}
		for i, s := range sc.sums {
			if !sc.classified(i) {
				continue
			}
			m := pick(s.Score)[k]
			t.add(append(append([]string{k, sc.runs[i].Classifier}, metricCells(m)...), fmt.Sprintf("%s (%s)", f3(best), bestName))...)
		}
	}
	return t
}

// triggerLanguage is the per-trigger per-language table: one line per
// trigger and classifier, one column per language, each cell the F1 with
// the trigger's support in that language (where it has no rows there, the
// false alarms on that language's no-handoff rows, if any). nil when the scope has a single
// language (the per-trigger table says it all) or no classifier ran.
func (sc scope) triggerLanguage() *table {
	langs, ids := map[string]bool{}, map[string]bool{}
	for i, s := range sc.sums {
		if !sc.classified(i) {
			continue
		}
		for id, m := range s.ByTriggerLanguage {
			ids[id] = true
			for l := range m {
				langs[l] = true
			}
		}
	}
	if len(langs) < 2 {
		return nil
	}
	ls := sortedKeys(langs)
	t := &table{head: append([]string{"trigger", "classifier"}, ls...)}
	for _, id := range sortedKeys(ids) {
		for i, s := range sc.sums {
			if !sc.classified(i) {
				continue
			}
			row := []string{id, sc.runs[i].Classifier}
			for _, l := range ls {
				cell := ""
				m, ok := s.ByTriggerLanguage[id][l]
				switch {
				case ok && m.Support > 0:
					cell = fmt.Sprintf("%s (%d)", f3(m.F1), m.Support)
				case ok && m.FP > 0: // no rows of the trigger, but false alarms
					cell = fmt.Sprintf("%d FP (0)", m.FP)
				}
				row = append(row, cell)
			}
			t.add(row...)
		}
	}
	return t
}

// cost is the latency and LLM usage table: all rows, each trigger's rows
// and each language's rows, per classifier. stable leaves out the latency,
// which changes from run to run.
func (sc scope) cost(stable bool) *table {
	t := &table{head: []string{"rows", "classifier", "decisions"}}
	if !stable {
		t.head = append(t.head, "latency p50", "latency p95")
	}
	t.head = append(t.head, "LLM calls", "prompt tokens", "completion tokens", "tokens/decision", "settled without LLM", "fallbacks", "cached")
	add := func(scope, name string, c Cost) {
		row := []string{scope, name, fmt.Sprint(c.Decisions)}
		if !stable {
			row = append(row, ms(c.Latency.P50), ms(c.Latency.P95))
		}
		perDecision := 0.0
		if c.Decisions > 0 {
			perDecision = float64(c.Usage.TotalTokens) / float64(c.Decisions)
		}
		t.add(append(row, fmt.Sprint(c.Usage.Calls), fmt.Sprint(c.Usage.PromptTokens), fmt.Sprint(c.Usage.CompletionTokens),
			fmt.Sprintf("%.0f", perDecision), pct(c.WithoutLLM), fmt.Sprint(c.Fallbacks), fmt.Sprint(c.Cached))...)
	}
	each := func(prefix string, pick func(*Summary) map[string]Cost) {
		keys := map[string]bool{}
		for _, s := range sc.sums {
			for k := range pick(s) {
				keys[k] = true
			}
		}
		for _, k := range sortedKeys(keys) {
			for i, s := range sc.sums {
				if sc.classified(i) {
					add(prefix+k, sc.runs[i].Classifier, pick(s)[k])
				}
			}
		}
	}
	for i, s := range sc.sums {
		if sc.classified(i) {
			add("all", sc.runs[i].Classifier, s.Cost)
		}
	}
	each("trigger ", func(s *Summary) map[string]Cost { return s.CostByTrigger })
	each("language ", func(s *Summary) map[string]Cost { return s.CostByLanguage })
	return t
}

// missTable lists one run's misclassified rows.
func missTable(ms []Miss) *table {
	t := &table{head: []string{"id", "lang", "kind", "expected", "got", "confidence", "decided by", "reason", "last user turn", "at"}}
	for _, m := range ms {
		got := verdict(m.Handoff, m.Triggers)
		reason := m.Reason
		if m.Kind == MissError {
			got, reason = "error", m.Error
		}
		t.add(m.ID, m.Lang, m.Kind, verdict(m.ExpectHandoff, m.ExpectTrigger), got, fmt.Sprintf("%.2f", m.Confidence),
			m.DecidedBy, truncate(reason, 120), m.LastUser, fmt.Sprintf("%s:%d", m.File, m.Line))
	}
	return t
}

func verdict(h bool, ids []string) string {
	if !h {
		return "no handoff"
	}
	if len(ids) == 0 {
		return "handoff"
	}
	return "handoff (" + strings.Join(ids, ", ") + ")"
}

// comparisonTable shows McNemar's test for --compare.
func (r *Report) comparisonTable() *table {
	t := &table{head: []string{"scope", "first", "second", "only first right", "only second right", "p-value"}}
	for _, c := range r.Comparisons {
		name := "all datasets"
		if c.Dataset != "" {
			name = "dataset " + c.Dataset
		}
		t.add(name, c.First, c.Second, fmt.Sprint(c.B), fmt.Sprint(c.C), fmt.Sprintf("%.4f", c.P))
	}
	return t
}

func (r *Report) gateSummary() string {
	failed := 0
	for _, g := range r.Gates {
		if !g.Pass {
			failed++
		}
	}
	errs := 0
	for _, run := range r.Runs() {
		errs += run.Overall.Errors
	}
	switch {
	case r.Pass && len(r.Gates) == 0:
		return "no gates (give --min-f1, or run a suite with thresholds, to gate the run)"
	case r.Pass:
		return fmt.Sprintf("PASS (%d gates checked)", len(r.Gates))
	case errs > 0 && failed == 0:
		return fmt.Sprintf("FAIL: the classifier returned errors on %d rows", errs)
	case errs > 0:
		return fmt.Sprintf("FAIL: %d of %d gates failed; the classifier returned errors on %d rows", failed, len(r.Gates), errs)
	}
	return fmt.Sprintf("FAIL: %d of %d gates failed", failed, len(r.Gates))
}

func (r *Report) classifierNames() string {
	var names []string
	for _, run := range r.Runs() {
		names = append(names, run.Classifier)
	}
	return strings.Join(names, ", ")
}
