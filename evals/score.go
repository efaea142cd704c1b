package evals

import (
	"slices"
	"strings"
)

// Score is the figures of one classifier or baseline on a set of rows.
//
// The top-level Metrics are handoff-level: a row is positive when
// expect_handoff is true, predicted positive when the decision hands off.
// ByTrigger scores each trigger one-vs-rest on its own rows plus the
// no-handoff rows of the same dataset: a trigger's row counts as caught when
// the decision fires any of the row's expected triggers, a no-handoff row as
// a false alarm when the decision fires that trigger. ByLanguage is the
// handoff-level figures of each language's rows.
type Score struct {
	Metrics
	// MacroF1 is the mean F1 over the triggers in ByTrigger.
	MacroF1 float64 `json:"macro_f1"`
	// TriggerMatch is the share of correctly handed-off rows whose decision
	// fired one of the expected triggers (rows with an expected trigger only).
	TriggerMatch *float64 `json:"trigger_match,omitempty"`
	// ByTrigger holds one-vs-rest figures per expected trigger id.
	ByTrigger map[string]Metrics `json:"by_trigger"`
	// ByLanguage holds handoff-level figures per language.
	ByLanguage map[string]Metrics `json:"by_language"`
	// ByTriggerLanguage holds each trigger's one-vs-rest figures per
	// language (trigger id, then language): the trigger's rows in that
	// language plus the no-handoff rows in that language. Classifier runs
	// only.
	ByTriggerLanguage map[string]map[string]Metrics `json:"by_trigger_language,omitempty"`
	// Errors counts rows the classifier returned an error for; they are left
	// out of every figure.
	Errors int `json:"errors"`
}

// prediction is a decision reduced to what scoring needs.
type prediction struct {
	skip    bool     // the classifier failed on this row
	handoff bool     // the decision hands off
	fired   []string // trigger ids the decision fired
	all     bool     // a baseline: counts as firing every trigger
}

func (p prediction) fires(id string) bool {
	if !p.handoff {
		return false
	}
	return p.all || slices.ContainsFunc(p.fired, func(f string) bool { return strings.EqualFold(f, id) })
}

func (p prediction) firesAny(ids TriggerIDs) bool {
	return slices.ContainsFunc(ids, p.fires)
}

func predictionOf(o Outcome) prediction {
	if o.Err != nil {
		return prediction{skip: true}
	}
	return prediction{handoff: o.Decision.Handoff, fired: o.Decision.Triggers}
}

// tally accumulates confusion counts; tallies of datasets merge into the
// overall one.
type tally struct {
	handoff         Confusion
	byTrigger       map[string]*Confusion
	byLang          map[string]*Confusion
	byTriggerLang   map[string]map[string]*Confusion
	matched, caught int
	errors          int
	pairs           []pair
}

func newTally() *tally {
	return &tally{byTrigger: map[string]*Confusion{}, byLang: map[string]*Confusion{}, byTriggerLang: map[string]map[string]*Confusion{}}
}

// scoreRows tallies the predictions of one dataset's rows.
func scoreRows(rows []Row, preds []prediction) *tally {
	t := newTally()
	var supported []string // expected trigger ids of the dataset, first-seen order
	for _, r := range rows {
		for _, id := range r.ExpectTrigger {
			if !slices.Contains(supported, id) {
				supported = append(supported, id)
			}
		}
	}
	for i, r := range rows {
		p := preds[i]
		if p.skip {
			t.errors++
			continue
		}
		t.handoff.Add(r.ExpectHandoff, p.handoff)
		t.pairs = append(t.pairs, pair{r.ExpectHandoff, p.handoff})
		conf(t.byLang, r.Lang).Add(r.ExpectHandoff, p.handoff)
		if r.ExpectHandoff {
			hit := p.firesAny(r.ExpectTrigger)
			for _, id := range r.ExpectTrigger {
				conf(t.byTrigger, id).Add(true, hit)
				t.triggerLang(id, r.Lang).Add(true, hit)
			}
			if p.handoff && len(r.ExpectTrigger) > 0 {
				t.caught++
				if hit {
					t.matched++
				}
			}
			continue
		}
		for _, id := range supported {
			conf(t.byTrigger, id).Add(false, p.fires(id))
			t.triggerLang(id, r.Lang).Add(false, p.fires(id))
		}
	}
	return t
}

func conf(m map[string]*Confusion, k string) *Confusion {
	c, ok := m[k]
	if !ok {
		c = &Confusion{}
		m[k] = c
	}
	return c
}

// triggerLang returns the confusion of trigger id on the rows of lang.
func (t *tally) triggerLang(id, lang string) *Confusion {
	m, ok := t.byTriggerLang[id]
	if !ok {
		m = map[string]*Confusion{}
		t.byTriggerLang[id] = m
	}
	return conf(m, lang)
}

// merge adds o's counts to t.
func (t *tally) merge(o *tally) {
	t.handoff.Merge(o.handoff)
	for k, c := range o.byTrigger {
		conf(t.byTrigger, k).Merge(*c)
	}
	for k, c := range o.byLang {
		conf(t.byLang, k).Merge(*c)
	}
	for id, m := range o.byTriggerLang {
		for l, c := range m {
			t.triggerLang(id, l).Merge(*c)
		}
	}
	t.matched += o.matched
	t.caught += o.caught
	t.errors += o.errors
	t.pairs = append(t.pairs, o.pairs...)
}

// score turns the tally into figures; withCI adds the bootstrap interval of
// the handoff-level F1, withMatch (a classifier's figures) the
// trigger-match share and the per-trigger per-language figures.
func (t *tally) score(withCI, withMatch bool) Score {
	s := Score{
		Metrics:    MetricsOf(t.handoff),
		ByTrigger:  map[string]Metrics{},
		ByLanguage: map[string]Metrics{},
		Errors:     t.errors,
	}
	if withCI && len(t.pairs) > 0 {
		ci := f1Interval(t.pairs)
		s.F1CI = &ci
	}
	for _, k := range sortedKeys(t.byTrigger) { // sorted: a float sum depends on order
		c := t.byTrigger[k]
		s.ByTrigger[k] = MetricsOf(*c)
		s.MacroF1 += c.F1()
	}
	if len(t.byTrigger) > 0 {
		s.MacroF1 /= float64(len(t.byTrigger))
	}
	for k, c := range t.byLang {
		s.ByLanguage[k] = MetricsOf(*c)
	}
	if withMatch && len(t.byTriggerLang) > 0 {
		s.ByTriggerLanguage = map[string]map[string]Metrics{}
		for id, m := range t.byTriggerLang {
			s.ByTriggerLanguage[id] = map[string]Metrics{}
			for l, c := range m {
				s.ByTriggerLanguage[id][l] = MetricsOf(*c)
			}
		}
	}
	if withMatch && t.caught > 0 {
		m := ratio(t.matched, t.caught)
		s.TriggerMatch = &m
	}
	return s
}
