package evals

import (
	"strconv"
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/llm/embedded"
)

// ClassifierNone runs no classifier: the report holds the baselines only.
const ClassifierNone = "none"

// Report is the result of an eval run, as --json writes it. Its top-level
// run is the first classifier; Compare holds the others of --compare.
type Report struct {
	Run
	// Suite is the suite file, when the datasets came from one.
	Suite string `json:"suite,omitempty"`
	// Command is the command line that produced the report.
	Command string `json:"command"`
	// OnlyTriggers are the triggers of --only-triggers: the only ones
	// configured, and the only ones whose rows were scored.
	OnlyTriggers []string `json:"only_triggers,omitempty"`
	// SkippedDatasets are the datasets left out because they have no rows
	// in the languages of --lang.
	SkippedDatasets []string `json:"skipped_datasets,omitempty"`
	// Readings say how the embedded classifier reads each triggers file
	// (every classifier mode uses that reading: directly, as the cascade's
	// first stage, or as the LLM's fallback).
	Readings []TriggerReadings `json:"readings,omitempty"`
	// Compare holds the runs of the other classifiers of --compare.
	Compare []Run `json:"compare,omitempty"`
	// Comparisons test whether the first classifier and each other one
	// differ on the same rows, per dataset and overall.
	Comparisons []Comparison `json:"comparisons,omitempty"`
	// Gates are the checked thresholds of every run.
	Gates []GateResult `json:"gates,omitempty"`
	// Pass is false when a gate failed or a classifier returned errors.
	Pass bool `json:"pass"`
}

// TriggerReadings is how the triggers of one triggers file are read.
type TriggerReadings struct {
	// Triggers is the triggers file.
	Triggers string `json:"triggers"`
	// Readings of its enabled triggers, in order.
	Readings []embedded.Reading `json:"readings"`
}

// Runs returns the report's runs, the first classifier first.
func (r *Report) Runs() []Run { return append([]Run{r.Run}, r.Compare...) }

// Run is one classifier's figures over all datasets.
type Run struct {
	// Classifier is the name the classifier was built with.
	Classifier string `json:"classifier"`
	// Overall pools every dataset's rows.
	Overall Summary `json:"overall"`
	// Datasets in suite order.
	Datasets []DatasetReport `json:"datasets"`
}

// Summary is a classifier's figures on a scope, with the baselines of the
// same rows.
type Summary struct {
	Score
	Cost
	// CostByTrigger is the cost of deciding each trigger's rows (its
	// positives: what it takes to recognise that trigger).
	CostByTrigger map[string]Cost `json:"cost_by_trigger,omitempty"`
	// CostByLanguage is the cost of deciding each language's rows.
	CostByLanguage map[string]Cost `json:"cost_by_language,omitempty"`
	// Baselines scored on the same rows.
	Baselines []Baseline `json:"baselines"`
}

// Cost is what a set of decisions took: time and LLM work.
type Cost struct {
	// Decisions counts the decisions without error.
	Decisions int `json:"decisions"`
	// Latency of the decisions, by the runner's clock.
	Latency Latency `json:"latency"`
	// Usage sums the LLM calls and tokens of the decisions.
	Usage handoff.Usage `json:"usage"`
	// WithoutLLM is the share of decisions settled without an LLM call
	// (decided by rules, the embedded classifier, or a cascade's embedded
	// stage; an LLM failure that fell back counts as an LLM decision).
	WithoutLLM float64 `json:"settled_without_llm"`
	// Fallbacks counts decisions where the LLM failed and the embedded
	// classifier answered.
	Fallbacks int `json:"fallbacks"`
	// Cached counts decisions served from the decision cache.
	Cached int `json:"cached"`
}

// Baseline is a baseline's figures on a scope.
type Baseline struct {
	// Name is one of BaselineNames.
	Name string `json:"name"`
	// Cut is the length baseline's turn count.
	Cut int `json:"cut,omitempty"`
	Score
}

// Label names the baseline in reports ("length>=7").
func (b Baseline) Label() string {
	switch b.Name {
	case BaselineAlways:
		return "always-handoff"
	case BaselineNever:
		return "never-handoff"
	case BaselineLength:
		return "length>=" + strconv.Itoa(b.Cut)
	}
	return b.Name
}

// DatasetReport is a classifier's figures on one dataset.
type DatasetReport struct {
	Name string `json:"name"`
	// Files the rows came from.
	Files []string `json:"files"`
	// Triggers is the triggers file the dataset was judged against.
	Triggers string `json:"triggers"`
	// SkippedLines counts bad lines left out under --bad-lines skip.
	SkippedLines int `json:"skipped_lines"`
	// MultiTurn is true when some row has more than one turn.
	MultiTurn bool `json:"multi_turn"`
	Summary
	// Misclassified lists the rows the classifier got wrong (with --errors).
	Misclassified []Miss `json:"misclassified,omitempty"`
}

// Miss is a row the classifier got wrong.
type Miss struct {
	ID   string `json:"id"`
	Lang string `json:"lang"`
	File string `json:"file"`
	Line int    `json:"line"`
	// Kind is false_negative, false_positive, wrong_trigger or error.
	Kind          string     `json:"kind"`
	ExpectHandoff bool       `json:"expect_handoff"`
	ExpectTrigger TriggerIDs `json:"expect_trigger"`
	Handoff       bool       `json:"handoff"`
	Triggers      []string   `json:"triggers"`
	Confidence    float64    `json:"confidence"`
	Reason        string     `json:"reason"`
	DecidedBy     string     `json:"decided_by,omitempty"`
	Error         string     `json:"error,omitempty"`
	LastUser      string     `json:"last_user"`
	Note          string     `json:"note,omitempty"`
}

// The kinds of Miss.
const (
	MissFalseNegative = "false_negative"
	MissFalsePositive = "false_positive"
	MissWrongTrigger  = "wrong_trigger"
	MissError         = "error"
)

// Comparison is McNemar's test between the first classifier and another on
// the handoff decisions of the same rows.
type Comparison struct {
	First   string `json:"first"`
	Second  string `json:"second"`
	Dataset string `json:"dataset"` // "" for all datasets pooled
	McNemar
}

// missOf returns the row's Miss when the outcome is wrong, else ok false.
func missOf(r Row, o Outcome) (Miss, bool) {
	m := Miss{
		ID: r.ID, Lang: r.Lang, File: r.File, Line: r.Line,
		ExpectHandoff: r.ExpectHandoff, ExpectTrigger: r.ExpectTrigger,
		Handoff: o.Decision.Handoff, Triggers: o.Decision.Triggers,
		Confidence: o.Decision.Confidence, Reason: o.Decision.Reason, DecidedBy: o.Decision.Classifier,
		LastUser: truncate(r.LastUser(), 160), Note: r.Note,
	}
	p := predictionOf(o)
	switch {
	case o.Err != nil:
		m.Kind, m.Error = MissError, o.Err.Error()
	case r.ExpectHandoff && !p.handoff:
		m.Kind = MissFalseNegative
	case !r.ExpectHandoff && p.handoff:
		m.Kind = MissFalsePositive
	case r.ExpectHandoff && len(r.ExpectTrigger) > 0 && !p.firesAny(r.ExpectTrigger):
		m.Kind = MissWrongTrigger
	default:
		return Miss{}, false
	}
	return m, true
}

// costOf sums what the outcomes without errors took.
func costOf(outs []Outcome) Cost {
	var c Cost
	var lat []time.Duration
	free := 0
	for _, o := range outs {
		if o.Err != nil {
			continue
		}
		c.Decisions++
		d := o.Decision
		lat = append(lat, o.Latency)
		c.Usage = c.Usage.Add(d.Usage)
		if d.Fallback {
			c.Fallbacks++
		}
		if d.Cached {
			c.Cached++
		}
		if !d.Fallback && d.Classifier != "llm" && d.Classifier != "cascade/llm" {
			free++
		}
	}
	c.Latency = latencyOf(lat)
	c.WithoutLLM = ratio(free, c.Decisions)
	return c
}

// costs fills the summary's cost figures from the rows and their outcomes.
func (s *Summary) costs(rows []Row, outs []Outcome) {
	s.Cost = costOf(outs)
	byTrigger, byLang := map[string][]Outcome{}, map[string][]Outcome{}
	for i, r := range rows {
		for _, id := range r.ExpectTrigger {
			byTrigger[id] = append(byTrigger[id], outs[i])
		}
		byLang[r.Lang] = append(byLang[r.Lang], outs[i])
	}
	s.CostByTrigger, s.CostByLanguage = map[string]Cost{}, map[string]Cost{}
	for k, os := range byTrigger {
		s.CostByTrigger[k] = costOf(os)
	}
	for k, os := range byLang {
		s.CostByLanguage[k] = costOf(os)
	}
}
