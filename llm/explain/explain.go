// Package explain tells a bot builder how the embedded classifier reads
// each trigger: it completes the classifier's readings with the warnings
// that follow from them and renders them for `handoff-mcp triggers
// explain`, `config check` and the eval report.
package explain

import (
	"context"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/llm/classify"
	"github.com/handoff-mcp/handoff-mcp/llm/embedded"
)

// The values of embedded.Reading.KindSource.
const (
	SourceConfigured = "configured"
	SourceInferred   = "inferred"
	SourceWords      = "words"
)

// Complete returns the readings with the warnings that follow from them
// added to each reading's own: a trigger judged by word matching only, and
// one that gives the classifier nothing to match. ts are the configured
// triggers the readings were made from (for their keywords and examples).
// The readings passed in are not modified.
func Complete(rs []embedded.Reading, ts []handoff.Trigger) []embedded.Reading {
	out := make([]embedded.Reading, len(rs))
	for i, r := range rs {
		t, _ := handoff.FindTrigger(ts, r.ID)
		r.Warnings = append(append([]string(nil), r.Warnings...), derived(r, t)...)
		out[i] = r
	}
	return out
}

// derived returns the warnings the reading implies and does not already
// give.
func derived(r embedded.Reading, t handoff.Trigger) []string {
	if r.KindSource != SourceWords {
		return nil
	}
	var out []string
	hasRules := len(t.Keywords) > 0 || t.FailedAnswers > 0
	switch {
	case len(r.Alternatives) == 0 && len(t.Examples) == 0 && !hasRules:
		out = append(out, "nothing to match: no built-in kind fits the description and it gives no words the classifier can use; "+
			"add examples or keywords, or set kind: (human_request, frustration, bot_failure, sensitive)")
	case !mentions(r.Warnings, "word match") && !mentions(r.Warnings, "no built-in kind"):
		out = append(out, "judged by word matching only: no built-in kind fits, so it fires on messages with the words of one alternative "+
			"of the description or of an example; add examples in your users' words, or set kind: if a built-in kind is meant")
	}
	return out
}

// mentions reports whether a warning contains s, ignoring case.
func mentions(warnings []string, s string) bool {
	for _, w := range warnings {
		if strings.Contains(strings.ToLower(w), s) {
			return true
		}
	}
	return false
}

// Source says in words where a reading's kind came from.
func Source(r embedded.Reading) string {
	switch r.KindSource {
	case SourceConfigured:
		return "built-in kind " + string(r.Kind) + " (set by kind: in the configuration)"
	case SourceInferred:
		return "built-in kind " + string(r.Kind) + " (inferred from the description)"
	case SourceWords:
		return "no built-in kind: judged by the words of its description and examples"
	}
	if r.Kind != "" {
		return "built-in kind " + string(r.Kind)
	}
	return "kind " + r.KindSource
}

// Alternatives renders the slots of a description's alternatives:
// "concept:refund + word:late | request + concept:human".
func Alternatives(alts [][]string) string {
	parts := make([]string, len(alts))
	for i, a := range alts {
		parts[i] = strings.Join(a, " + ")
	}
	return strings.Join(parts, " | ")
}

// field is one filled field of a reading other than its id, kind and
// warnings, as a label and its values.
type field struct {
	label  string
	values []string
	// list fields print one value a line in the long form.
	list bool
}

// labels name fields for people where their JSON name does not read well.
var labels = map[string]string{
	"failed_answers": "failed answers",
	"ignored":        "words ignored",
	"fires":          "would fire",
	"does_not_fire":  "would not fire",
	"amount":         "amount condition",
}

// listFields print one quoted value a line.
var listFields = map[string]bool{"fires": true, "does_not_fire": true}

// fields returns the filled fields of r in declaration order, every field
// of embedded.Reading but the id, kind, kind source and warnings, so that a
// field the classifier starts to fill shows without changes here.
func fields(r embedded.Reading) []field {
	var out []field
	v := reflect.ValueOf(r)
	for i := 0; i < v.NumField(); i++ {
		name, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("json"), ",")
		switch name {
		case "", "-", "id", "kind", "kind_source", "warnings":
			continue
		}
		vals := values(v.Field(i), name == "alternatives")
		if len(vals) == 0 {
			continue
		}
		label := labels[name]
		if label == "" {
			label = strings.ReplaceAll(name, "_", " ")
		}
		out = append(out, field{label: label, values: vals, list: listFields[name]})
	}
	return out
}

// values renders a field's value; none when it is empty.
func values(v reflect.Value, alternatives bool) []string {
	switch v.Kind() {
	case reflect.String:
		if v.String() != "" {
			return []string{v.String()}
		}
	case reflect.Int, reflect.Int64, reflect.Int32:
		if v.Int() != 0 {
			return []string{strconv.FormatInt(v.Int(), 10)}
		}
	case reflect.Float64:
		if v.Float() != 0 {
			return []string{strconv.FormatFloat(v.Float(), 'f', -1, 64)}
		}
	case reflect.Bool:
		if v.Bool() {
			return []string{"yes"}
		}
	case reflect.Slice:
		if alternatives {
			if alts, ok := v.Interface().([][]string); ok && len(alts) > 0 {
				return []string{Alternatives(alts)}
			}
			return nil
		}
		var out []string
		for i := 0; i < v.Len(); i++ {
			out = append(out, values(v.Index(i), false)...)
		}
		return out
	default:
		if !v.IsZero() {
			return []string{fmt.Sprint(v.Interface())}
		}
	}
	return nil
}

// Write prints each reading in full: where its kind came from, every filled
// field, messages that would and would not fire it, and its warnings.
func Write(w io.Writer, rs []embedded.Reading) error {
	var b strings.Builder
	for i, r := range rs {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "%s\n  reading: %s\n", r.ID, Source(r))
		for _, f := range fields(r) {
			if !f.list {
				fmt.Fprintf(&b, "  %s: %s\n", f.label, strings.Join(f.values, ", "))
				continue
			}
			fmt.Fprintf(&b, "  %s:\n", f.label)
			for _, v := range f.values {
				fmt.Fprintf(&b, "    %q\n", v)
			}
		}
		for _, warn := range r.Warnings {
			fmt.Fprintf(&b, "  warning: %s\n", warn)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// Short renders a reading on one line: the id, the kind and its source,
// then the filled fields other than the example messages. Warnings are not
// part of it; print r.Warnings after it.
func Short(r embedded.Reading) string {
	parts := []string{r.ID + ": " + shortSource(r)}
	for _, f := range fields(r) {
		if f.list {
			continue
		}
		parts = append(parts, f.label+" "+strings.Join(f.values, ", "))
	}
	return strings.Join(parts, "; ")
}

func shortSource(r embedded.Reading) string {
	if r.KindSource == SourceWords {
		return "word matching (no built-in kind)"
	}
	return fmt.Sprintf("%s (%s)", r.Kind, r.KindSource)
}

// Read builds the embedded classifier of cfg (whatever its mode: every mode
// falls back on it) over ts and returns its completed readings, with a
// warning for each configured example that does not fire its trigger on
// its own and each negative example that does.
func Read(ctx context.Context, cfg classify.Config, ts []handoff.Trigger) ([]embedded.Reading, error) {
	c, err := classify.NewEmbedded(cfg, ts, classify.Options{})
	if err != nil {
		return nil, err
	}
	rs := Complete(c.Readings(), ts)
	for i, r := range rs {
		t, _ := handoff.FindTrigger(ts, r.ID)
		ws, err := checkExamples(ctx, c, t)
		if err != nil {
			return nil, err
		}
		rs[i].Warnings = append(rs[i].Warnings, ws...)
	}
	return rs, nil
}

// checkExamples classifies each of the trigger's examples and negative
// examples as a one-message conversation and warns about those the
// classifier gets wrong: the builder meant them to decide.
func checkExamples(ctx context.Context, c handoff.Classifier, t handoff.Trigger) ([]string, error) {
	fires := func(msg string) (bool, error) {
		d, err := c.Classify(ctx, handoff.Input{Transcript: []handoff.Turn{{Role: handoff.RoleUser, Content: msg}}})
		if err != nil {
			return false, fmt.Errorf("classifying an example of %s: %w", t.ID, err)
		}
		return d.Handoff && slices.ContainsFunc(d.Triggers, func(id string) bool { return strings.EqualFold(id, t.ID) }), nil
	}
	var missed, fired []string
	for _, ex := range t.Examples {
		ok, err := fires(ex)
		if err != nil {
			return nil, err
		}
		if !ok {
			missed = append(missed, strconv.Quote(ex))
		}
	}
	for _, ex := range t.NegativeExamples {
		ok, err := fires(ex)
		if err != nil {
			return nil, err
		}
		if ok {
			fired = append(fired, strconv.Quote(ex))
		}
	}
	var out []string
	if len(missed) > 0 {
		out = append(out, fmt.Sprintf("%d of %d examples do not fire it on their own: %s", len(missed), len(t.Examples), strings.Join(missed, ", ")))
	}
	if len(fired) > 0 {
		out = append(out, fmt.Sprintf("%d of %d negative examples fire it on their own: %s", len(fired), len(t.NegativeExamples), strings.Join(fired, ", ")))
	}
	return out, nil
}
