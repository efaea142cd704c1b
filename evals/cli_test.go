package evals

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/llm/embedded"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// fakeClassifier is a test fake standing in for the llm package's
// classifiers, so that the runner can be tested without them. It reads the
// last user turn for fixed words and counts the assistant's "sorry?" turns.
// Its "cascade" flavour also catches "furious" through a pretend LLM call;
// its "llm" flavour fails on "boom".
type fakeClassifier struct {
	name     string
	triggers []handoff.Trigger
	clock    *fakeClock
}

func (f *fakeClassifier) Classify(_ context.Context, in handoff.Input) (handoff.Decision, error) {
	var last string
	sorry := 0
	for _, t := range in.Transcript {
		switch {
		case t.Role == handoff.RoleUser:
			last = strings.ToLower(t.Content)
		case t.Content == "sorry?":
			sorry++
		}
	}
	if f.name == "llm" && strings.Contains(last, "boom") {
		return handoff.Decision{}, errors.New("fake LLM: 503 from upstream")
	}
	d := handoff.Decision{Classifier: f.name, Confidence: 0.9}
	fire := func(id, why string) {
		if _, ok := handoff.FindTrigger(f.triggers, id); ok {
			d.Triggers = append(d.Triggers, id)
			d.Reason = strings.TrimPrefix(d.Reason+"; "+why, "; ")
		}
	}
	if strings.Contains(last, "human") {
		fire("explicit_request", "the user mentions a human")
	}
	if strings.Contains(last, "angry") {
		fire("frustration", "the user is angry")
	}
	if sorry >= 2 {
		fire("bot_failure", "the assistant failed twice")
	}
	spent := 2 * time.Millisecond
	if f.name == "cascade" {
		d.Classifier = "cascade/embedded"
		if strings.Contains(last, "furious") && len(d.Triggers) == 0 {
			d.Classifier = "cascade/llm"
			d.Usage = handoff.Usage{Calls: 1, PromptTokens: 100, CompletionTokens: 20, TotalTokens: 120}
			fire("frustration", "the LLM judged the user furious")
			spent = 300 * time.Millisecond
		}
	}
	if f.clock != nil {
		f.clock.Advance(spent)
	}
	d.Handoff = len(d.Triggers) > 0
	if !d.Handoff {
		d.Reason, d.Confidence = "no trigger matched", 0.6
	}
	return d, nil
}

type harness struct {
	clock          *fakeClock
	built          []string
	configured     [][]string // the trigger ids of each classifier built
	stdout, stderr bytes.Buffer
}

func (h *harness) factory(name string, ts []handoff.Trigger) (handoff.Classifier, error) {
	if name == "broken" {
		return nil, errors.New("no API key")
	}
	h.built = append(h.built, name)
	var ids []string
	for _, t := range ts {
		ids = append(ids, t.ID)
	}
	h.configured = append(h.configured, ids)
	return &fakeClassifier{name: name, triggers: ts, clock: h.clock}, nil
}

// reader stands in for the embedded classifier's readings: a trigger with
// failed_answers is read as bot_failure, the others by their words.
func (h *harness) reader(ts []handoff.Trigger) ([]embedded.Reading, error) {
	var out []embedded.Reading
	for _, t := range ts {
		r := embedded.Reading{ID: t.ID, KindSource: "words", Warnings: []string{"judged by word matching only"}}
		if t.FailedAnswers > 0 {
			r = embedded.Reading{ID: t.ID, Kind: embedded.KindBotFailure, KindSource: "inferred", FailedAnswers: t.FailedAnswers}
		}
		out = append(out, r)
	}
	return out, nil
}

func (h *harness) run(args ...string) int {
	h.stdout.Reset()
	h.stderr.Reset()
	return run(context.Background(), args, &h.stdout, &h.stderr, h.factory, h.reader, h.clock)
}

func newHarness() *harness { return &harness{clock: newFakeClock()} }

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got), "run go test ./evals -update to accept the change")
}

func TestReportFormats(t *testing.T) {
	h := newHarness()
	dir := t.TempDir()
	js, md := filepath.Join(dir, "r.json"), filepath.Join(dir, "r.md")
	code := h.run("--suite", "testdata/suite.yaml", "--workers", "1", "--errors", "--json", js, "--markdown", md)
	require.Equal(t, ExitPass, code, h.stderr.String())
	clean := func(b []byte) []byte { return bytes.ReplaceAll(b, []byte(dir), []byte("$TMP")) }

	golden(t, "report.txt", clean(h.stdout.Bytes()))
	mdb, err := os.ReadFile(md)
	require.NoError(t, err)
	golden(t, "report.md", clean(mdb))
	jsb, err := os.ReadFile(js)
	require.NoError(t, err)
	golden(t, "report.json", clean(jsb))

	assert.Equal(t, "eval: embedded · single: 8 rows in 16ms, 0 errors\neval: embedded · chats: 4 rows in 8ms, 0 errors\n", h.stderr.String(),
		"stderr holds one quiet line per stage when it is not a terminal")
	assert.Equal(t, []string{"embedded"}, h.built, "one classifier per distinct triggers file")

	// The JSON has the documented shape.
	var doc struct {
		Classifier string `json:"classifier"`
		Overall    struct {
			Precision, Recall, F1, Accuracy *float64
			Rows                            *int
		} `json:"overall"`
		Datasets []struct {
			Name                            string
			Rows                            *int
			Precision, Recall, F1, Accuracy *float64
			ByTrigger                       map[string]Metrics `json:"by_trigger"`
			ByLanguage                      map[string]Metrics `json:"by_language"`
		} `json:"datasets"`
	}
	require.NoError(t, json.Unmarshal(jsb, &doc))
	assert.Equal(t, "embedded", doc.Classifier)
	require.NotNil(t, doc.Overall.F1)
	// Pooled: TP 6 (s1 s2 s3 s4 m1 m4), FN 1 (s7), FP 1 (s5), TN 4:
	// F1 = 12/14, accuracy = 10/12.
	assert.InDelta(t, 12.0/14, *doc.Overall.F1, 1e-9)
	assert.InDelta(t, 10.0/12, *doc.Overall.Accuracy, 1e-9)
	assert.Equal(t, 12, *doc.Overall.Rows)
	require.Len(t, doc.Datasets, 2)
	assert.Equal(t, "single", doc.Datasets[0].Name)
	assert.Equal(t, 8, *doc.Datasets[0].Rows)
	assert.InDelta(t, 0.8, *doc.Datasets[0].F1, 1e-9) // TP 4, FP 1, FN 1: 8/10
	assert.Equal(t, Confusion{TP: 3, FP: 1, TN: 2}, doc.Datasets[0].ByTrigger["explicit_request"].Confusion)
	// English rows of single: s1 s3 s4 caught, s5 false alarm, s7 missed, s8 right.
	assert.Equal(t, Confusion{TP: 3, FP: 1, FN: 1, TN: 1}, doc.Datasets[0].ByLanguage["en"].Confusion)
	assert.Equal(t, "chats", doc.Datasets[1].Name)
	assert.InDelta(t, 1.0, *doc.Datasets[1].Accuracy, 1e-9)
}

func TestCompare(t *testing.T) {
	h := newHarness()
	js := filepath.Join(t.TempDir(), "c.json")
	code := h.run("--suite", "testdata/suite.yaml", "--compare", "embedded,cascade", "--json", js, "--quiet", "--workers", "1")
	require.Equal(t, ExitPass, code, h.stderr.String())
	assert.Empty(t, h.stderr.String(), "--quiet writes nothing on stderr")
	assert.Equal(t, []string{"embedded", "cascade"}, h.built)

	var rep Report
	b, err := os.ReadFile(js)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &rep))
	assert.Equal(t, "embedded", rep.Classifier)
	require.Len(t, rep.Compare, 1)
	c := rep.Compare[0]
	assert.Equal(t, "cascade", c.Classifier)
	// The cascade also catches s7 ("furious") with one LLM call of 120 tokens.
	assert.InDelta(t, 10.0/11, c.Datasets[0].F1, 1e-9)
	assert.Equal(t, handoff.Usage{Calls: 1, PromptTokens: 100, CompletionTokens: 20, TotalTokens: 120}, c.Overall.Usage)
	assert.InDelta(t, 11.0/12, c.Overall.WithoutLLM, 1e-9)
	assert.InDelta(t, 1.0, rep.Overall.WithoutLLM, 1e-9)
	// Per trigger and language: frustration's rows s3 s4 s7 and the six
	// English rows of single each hold the one LLM decision (s7).
	fr := c.Datasets[0].CostByTrigger["frustration"]
	assert.Equal(t, 3, fr.Decisions)
	assert.Equal(t, 1, fr.Usage.Calls)
	assert.InDelta(t, 2.0/3, fr.WithoutLLM, 1e-9)
	assert.InDelta(t, 5.0/6, c.Datasets[0].CostByLanguage["en"].WithoutLLM, 1e-9)
	assert.Equal(t, 0, c.Datasets[0].CostByLanguage["de"].Usage.Calls)
	// Latency by the fake clock (one worker, so no row overlaps another):
	// 2 ms per embedded decision; the cascade's
	// one LLM decision of 300 ms is its p95 on the 8 single-turn rows
	// (nearest rank ceil(0.95*8) = 8th of 8).
	assert.Equal(t, Latency{P50: 2, P95: 2}, rep.Datasets[0].Latency)
	assert.Equal(t, Latency{P50: 2, P95: 300}, c.Datasets[0].Latency)

	// McNemar per dataset and pooled: only the cascade got s7 right.
	require.Len(t, rep.Comparisons, 3)
	assert.Equal(t, Comparison{First: "embedded", Second: "cascade", Dataset: "single", McNemar: McNemar{B: 0, C: 1, P: 1}}, rep.Comparisons[0])
	assert.Equal(t, "", rep.Comparisons[2].Dataset)

	out := h.stdout.String()
	assert.Contains(t, out, "comparison (McNemar")
	assert.Regexp(t, `(?m)^\s+explicit_request\s+embedded\s`, out)
	assert.Regexp(t, `(?m)^\s+explicit_request\s+cascade\s`, out)
	assert.Len(t, rep.Gates, 2*3, "each classifier is gated: overall, one trigger, one dataset")
}

func TestGatesDecideTheExitCode(t *testing.T) {
	dir := t.TempDir()
	strict := writeTestFile(t, dir, "strict.yaml", `triggers: `+abs(t, "testdata/triggers.yaml")+`
datasets:
  - path: `+abs(t, "testdata/single.jsonl")+`
thresholds:
  by_trigger:
    frustration: {min_recall: 0.9}
`)
	beat := writeTestFile(t, dir, "beat.yaml", `triggers: `+abs(t, "testdata/triggers.yaml")+`
datasets:
  - path: `+abs(t, "testdata/multi.jsonl")+`
thresholds:
  beat_baselines: [length]
  by_language:
    sv: {min_f1: 0.1}
`)
	tie := writeTestFile(t, dir, "tie.yaml", `triggers: `+abs(t, "testdata/triggers.yaml")+`
datasets:
  - path: `+abs(t, "testdata/single.jsonl")+`
thresholds:
  by_trigger:
    explicit_request: {beat_baselines: [keyword]}
`)
	tests := []struct {
		name    string
		args    []string
		code    int
		summary string
		lines   []string
	}{
		{"suite gates pass", []string{"--suite", "testdata/suite.yaml"}, ExitPass, "PASS (3 gates checked)", []string{"ok   embedded overall: f1 0.857 (min 0.500)"}},
		{"min-f1 below", []string{"--suite", "testdata/suite.yaml", "--min-f1", "0.9"}, ExitFail, "FAIL: 1 of 4 gates failed", []string{"FAIL embedded overall: f1 0.857 (min 0.900)"}},
		{"min-f1 met", []string{"--suite", "testdata/suite.yaml", "--min-f1", "0.85"}, ExitPass, "PASS (4 gates checked)", nil},
		// frustration: s3 s7 s4 positives, s7 missed: recall 2/3 < 0.9.
		{"suite threshold fails", []string{"--suite", strict}, ExitFail, "FAIL: 1 of 1 gates failed", []string{"FAIL embedded trigger frustration: recall 0.667 (min 0.900)"}},
		{"no-thresholds reports only", []string{"--suite", strict, "--no-thresholds"}, ExitPass, "no gates", nil},
		// On multi.jsonl the classifier's F1 1.0 beats length>=5 (TP 2, FP 1:
		// F1 4/5); there are no Swedish rows to gate.
		{"beat baseline and missing scope", []string{"--suite", beat}, ExitFail, "FAIL: 1 of 2 gates failed",
			[]string{"ok   embedded overall: f1>length>=5 1.000 (min 0.800)", "FAIL embedded language sv: no rows in this scope"}},
		// On explicit_request the fake reads "human" as the keyword list
		// does: both score F1 6/7, and a tie does not beat the baseline.
		{"tie with a baseline", []string{"--suite", tie}, ExitFail, "FAIL: 1 of 1 gates failed",
			[]string{"FAIL embedded trigger explicit_request: f1>keyword 0.857 (min 0.857)"}},
		{"classifier errors fail the run", []string{"--suite", "testdata/suite.yaml", "--classifier", "llm"}, ExitFail, "FAIL: the classifier returned errors on 1 rows", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness()
			code := h.run(append(tt.args, "--quiet")...)
			assert.Equal(t, tt.code, code, h.stderr.String())
			assert.Contains(t, h.stdout.String(), "result: "+tt.summary)
			for _, l := range tt.lines {
				assert.Contains(t, h.stdout.String(), l)
			}
		})
	}
}

func abs(t *testing.T, p string) string {
	t.Helper()
	a, err := filepath.Abs(p)
	require.NoError(t, err)
	return a
}

func TestBadDataFiles(t *testing.T) {
	dir := t.TempDir()
	good, err := os.ReadFile("testdata/single.jsonl")
	require.NoError(t, err)
	lines := strings.SplitAfter(string(good), "\n")
	broken := strings.Join(lines[:2], "") + "{\"id\": \"x\", \"transcript\": oops}\n" + strings.Join(lines[2:], "")
	path := writeTestFile(t, dir, "broken.jsonl", broken)
	trig := abs(t, "testdata/triggers.yaml")

	t.Run("stop is the default", func(t *testing.T) {
		h := newHarness()
		code := h.run("--data", path, "--triggers", trig)
		assert.Equal(t, ExitUsage, code)
		assert.Contains(t, h.stderr.String(), path+":3: invalid JSON")
		assert.Empty(t, h.stdout.String(), "no report when the data is bad")
	})
	t.Run("skip reports and counts the line", func(t *testing.T) {
		h := newHarness()
		js := filepath.Join(dir, "r.json")
		code := h.run("--data", path, "--triggers", trig, "--bad-lines", "skip", "--json", js)
		assert.Equal(t, ExitPass, code, h.stderr.String())
		assert.Contains(t, h.stderr.String(), "eval: skipped "+path+":3: invalid JSON")
		assert.Contains(t, h.stdout.String(), "8 rows (5 handoff, 3 no handoff)")
		assert.Contains(t, h.stdout.String(), "1 bad lines skipped")
		var rep Report
		b, err := os.ReadFile(js)
		require.NoError(t, err)
		require.NoError(t, json.Unmarshal(b, &rep))
		assert.Equal(t, 1, rep.Datasets[0].SkippedLines)
		assert.Equal(t, 8, rep.Datasets[0].Rows)
	})
	t.Run("a trigger the triggers file lacks", func(t *testing.T) {
		h := newHarness()
		p := writeTestFile(t, dir, "typo.jsonl", `{"id": "t", "transcript": [{"role": "user", "content": "x"}], "expect_handoff": true, "expect_trigger": "explicit_reqest"}`+"\n")
		assert.Equal(t, ExitUsage, h.run("--data", p, "--triggers", trig))
		assert.Contains(t, h.stderr.String(), p+`:1 (t) expects "explicit_reqest"`)
	})
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		wantErr string
	}{
		{"unknown flag", []string{"--nope"}, "flag provided but not defined: -nope"},
		{"positional argument", []string{"--suite", "testdata/suite.yaml", "x.jsonl"}, `unexpected argument "x.jsonl"`},
		{"compare one", []string{"--compare", "embedded"}, "at least two classifiers"},
		{"compare and classifier", []string{"--compare", "embedded,llm", "--classifier", "llm"}, "not both"},
		{"compare twice", []string{"--compare", "embedded,embedded"}, "given twice"},
		{"bad-lines value", []string{"--bad-lines", "ignore"}, `"ignore" is not stop or skip`},
		{"min-f1 range", []string{"--min-f1", "1.5"}, "want a number between 0 and 1"},
		{"min-f1 without classifier", []string{"--classifier", "none", "--min-f1", "0.5"}, "needs a classifier"},
		{"missing suite", []string{"--suite", "testdata/nope.yaml"}, "reading suite"},
		{"data without triggers", []string{"--suite", "testdata/nope.yaml", "--data", "testdata/single.jsonl"}, "--data needs --triggers"},
		{"factory error", []string{"--suite", "testdata/suite.yaml", "--classifier", "broken"}, "building classifier broken for testdata/triggers.yaml: no API key"},
		{"lang filter leaves nothing", []string{"--suite", "testdata/suite.yaml", "--lang", "sv"}, "no dataset has rows in sv"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness()
			assert.Equal(t, ExitUsage, h.run(tt.args...))
			assert.Contains(t, h.stderr.String(), tt.wantErr)
			assert.Empty(t, h.stdout.String())
		})
	}
	t.Run("no factory", func(t *testing.T) {
		var out, errb bytes.Buffer
		assert.Equal(t, ExitUsage, Main(context.Background(), []string{"--suite", "testdata/suite.yaml"}, &out, &errb, nil, nil))
		assert.Contains(t, errb.String(), "this build has no classifiers")
	})
	t.Run("help", func(t *testing.T) {
		h := newHarness()
		assert.Equal(t, ExitPass, h.run("--help"))
		assert.Contains(t, h.stderr.String(), "usage: handoff-mcp eval")
	})
}

func TestBaselinesOnlyAndFilters(t *testing.T) {
	h := newHarness()
	code := h.run("--suite", "testdata/suite.yaml", "--classifier", "none")
	require.Equal(t, ExitPass, code, h.stderr.String())
	out := h.stdout.String()
	assert.Contains(t, out, "baseline always-handoff")
	assert.Contains(t, out, "baseline length>=5")
	assert.NotContains(t, out, "cost")
	assert.Empty(t, h.built)

	// --data with the suite's triggers, --lang and --limit.
	js := filepath.Join(t.TempDir(), "r.json")
	code = h.run("--suite", "testdata/suite.yaml", "--data", "testdata/single.jsonl", "--data", "testdata/multi.jsonl", "--lang", "en", "--limit", "3", "--json", js)
	require.Equal(t, ExitPass, code, h.stderr.String())
	var rep Report
	b, err := os.ReadFile(js)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &rep))
	require.Len(t, rep.Datasets, 2)
	assert.Equal(t, 3, rep.Datasets[0].Rows, "at most 3 English rows")
	assert.Equal(t, 2, rep.Datasets[1].Rows, "m1 and m2 are the English rows")
	assert.Empty(t, rep.Suite, "--data runs are not the suite's datasets")
	assert.Empty(t, rep.Gates, "the suite's thresholds gate only its own datasets")
}

func TestMarkdownSection(t *testing.T) {
	dir := t.TempDir()
	readme := writeTestFile(t, dir, "README.md", "# Evals\n\nintro\n\n"+SectionBegin+"\nold figures\n"+SectionEnd+"\n\nafter\n")
	h := newHarness()
	require.Equal(t, ExitPass, h.run("--suite", "testdata/suite.yaml", "--markdown-section", readme, "--quiet"), h.stderr.String())
	b, err := os.ReadFile(readme)
	require.NoError(t, err)
	doc := string(b)
	assert.True(t, strings.HasPrefix(doc, "# Evals\n\nintro\n\n"+SectionBegin+"\n### Eval report: embedded\n"), doc)
	assert.True(t, strings.HasSuffix(doc, SectionEnd+"\n\nafter\n"))
	assert.NotContains(t, doc, "old figures")
	assert.NotContains(t, doc, "latency", "the section leaves out run-to-run timing")
	first := doc

	require.Equal(t, ExitPass, h.run("--suite", "testdata/suite.yaml", "--markdown-section", readme, "--quiet"))
	b, err = os.ReadFile(readme)
	require.NoError(t, err)
	assert.Equal(t, first, string(b), "regenerating gives the same section")

	plain := writeTestFile(t, dir, "plain.md", "# no markers\n")
	assert.Equal(t, ExitUsage, h.run("--suite", "testdata/suite.yaml", "--markdown-section", plain, "--quiet"))
	assert.Contains(t, h.stderr.String(), "add both markers")
}

func TestReplaceSection(t *testing.T) {
	b, e := SectionBegin+"\n", SectionEnd+"\n"
	tests := []struct {
		name, doc, want, wantErr string
	}{
		{"replaces", "a\n" + b + "x\n" + e + "b", "a\n" + b + "new\n" + e + "b", ""},
		{"empty section at the end", b + SectionEnd, b + "new\n" + SectionEnd, ""},
		{"markers in prose are not markers", "see `" + SectionBegin + "`\n" + b + e, "see `" + SectionBegin + "`\n" + b + "new\n" + e, ""},
		{"no markers", "a", "", "add both markers"},
		{"only inline markers", SectionBegin + SectionEnd, "", "add both markers"},
		{"reversed", e + b, "", "comes before"},
		{"twice", b + e + b + e, "", "more than one"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReplaceSection(tt.doc, "\nnew\n\n")
			if tt.wantErr != "" {
				assert.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

// readReport reads a --json report.
func readReport(t *testing.T, path string) Report {
	t.Helper()
	var rep Report
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &rep))
	return rep
}

func TestLangSkipsFilesWithoutThatLanguage(t *testing.T) {
	h := newHarness()
	js := filepath.Join(t.TempDir(), "r.json")
	trig := abs(t, "testdata/triggers.yaml")
	code := h.run("--data", "testdata/single.jsonl", "--data", "testdata/multi.jsonl", "--triggers", trig, "--lang", "fi", "--json", js, "--quiet")
	require.Equal(t, ExitPass, code, h.stderr.String())
	assert.Contains(t, h.stderr.String(), "eval: dataset single: no rows in fi: skipped")
	assert.Contains(t, h.stdout.String(), "skipped, without rows in the languages asked for: single")
	rep := readReport(t, js)
	require.Len(t, rep.Datasets, 1)
	assert.Equal(t, "multi", rep.Datasets[0].Name)
	assert.Equal(t, 2, rep.Datasets[0].Rows, "m3 and m4")
	assert.Equal(t, []string{"single"}, rep.SkippedDatasets)

	// Without --lang an empty dataset is still an error.
	empty := writeTestFile(t, t.TempDir(), "empty.jsonl", "\n")
	assert.Equal(t, ExitUsage, h.run("--data", empty, "--triggers", trig, "--quiet"))
	assert.Contains(t, h.stderr.String(), "dataset empty: no rows to score")
}

func TestPerTriggerGates(t *testing.T) {
	trig := abs(t, "testdata/triggers.yaml")
	data := []string{"--data", "testdata/single.jsonl", "--triggers", trig, "--quiet"}
	// On single.jsonl: explicit_request F1 6/7 (0.857), frustration 0.8.
	tests := []struct {
		name    string
		args    []string
		code    int
		summary string
		lines   []string
	}{
		{"met", []string{"--min-f1", "frustration=0.8", "--min-f1", "explicit_request=0.85"}, ExitPass, "PASS (2 gates checked)",
			[]string{"ok   embedded trigger explicit_request: f1 0.857 (min 0.850)", "ok   embedded trigger frustration: f1 0.800 (min 0.800)"}},
		{"below", []string{"--min-f1", "frustration=0.9"}, ExitFail, "FAIL: 1 of 1 gates failed", []string{"FAIL embedded trigger frustration: f1 0.800 (min 0.900)"}},
		{"with the overall gate", []string{"--min-f1", "0.5", "--min-f1", "frustration=0.5"}, ExitPass, "PASS (2 gates checked)",
			[]string{"ok   embedded overall: f1 0.800 (min 0.500)", "ok   embedded trigger frustration: f1 0.800 (min 0.500)"}},
		{"a trigger without rows fails", []string{"--min-f1", "bot_failure=0.5"}, ExitFail, "FAIL: 1 of 1 gates failed",
			[]string{"FAIL embedded trigger bot_failure: no rows in this scope"}},
		{"no gates", nil, ExitPass, "no gates", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness()
			code := h.run(append(append([]string(nil), data...), tt.args...)...)
			assert.Equal(t, tt.code, code, h.stderr.String())
			assert.Contains(t, h.stdout.String(), "result: "+tt.summary)
			for _, l := range tt.lines {
				assert.Contains(t, h.stdout.String(), l)
			}
		})
	}
	usage := []struct{ name, arg, wantErr string }{
		{"unknown trigger", "nope=0.8", `--min-f1 nope=...: no trigger "nope" in ` + trig},
		{"out of range", "frustration=1.2", "want a number between 0 and 1, or TRIGGER=number"},
		{"no id", "=0.5", "want TRIGGER=number"},
	}
	for _, tt := range usage {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness()
			assert.Equal(t, ExitUsage, h.run(append(append([]string(nil), data...), "--min-f1", tt.arg)...))
			assert.Contains(t, h.stderr.String(), tt.wantErr)
			assert.Empty(t, h.stdout.String())
		})
	}
}

func TestOnlyTriggers(t *testing.T) {
	h := newHarness()
	js := filepath.Join(t.TempDir(), "r.json")
	trig := abs(t, "testdata/triggers.yaml")
	code := h.run("--data", "testdata/single.jsonl", "--triggers", trig, "--only-triggers", "frustration", "--json", js, "--quiet")
	require.Equal(t, ExitPass, code, h.stderr.String())
	assert.Equal(t, [][]string{{"frustration"}}, h.configured, "only the trigger asked for is configured")
	assert.Contains(t, h.stderr.String(), "eval: dataset single: 2 rows expect other triggers than frustration: left out")
	rep := readReport(t, js)
	assert.Equal(t, []string{"frustration"}, rep.OnlyTriggers)
	d := rep.Datasets[0]
	// s1 and s2 (explicit_request) are left out; s4 stays as a frustration
	// row. With explicit_request not configured, "are you a human?" (s5)
	// no longer fires, and s4 ("furious, get me a human") is missed, as
	// is s7: TP 1 (s3), FN 2, TN 3.
	assert.Equal(t, 6, d.Rows)
	assert.Equal(t, Confusion{TP: 1, FN: 2, TN: 3}, d.Confusion)
	assert.Equal(t, []string{"frustration"}, sortedKeys(d.ByTrigger))
	require.Len(t, rep.Readings, 1)
	require.Len(t, rep.Readings[0].Readings, 1)
	assert.Equal(t, "frustration", rep.Readings[0].Readings[0].ID)
	assert.Contains(t, h.stdout.String(), "only triggers frustration")

	assert.Equal(t, ExitUsage, h.run("--data", "testdata/single.jsonl", "--triggers", trig, "--only-triggers", "frustraton", "--quiet"))
	assert.Contains(t, h.stderr.String(), `--only-triggers: `+trig+` defines no trigger "frustraton"`)
}

func TestTriggerLanguageTableAndPooledLength(t *testing.T) {
	h := newHarness()
	js := filepath.Join(t.TempDir(), "r.json")
	require.Equal(t, ExitPass, h.run("--suite", "testdata/suite.yaml", "--json", js, "--quiet"), h.stderr.String())
	rep := readReport(t, js)
	// single.jsonl: explicit_request's English rows s1 s4 caught, s5 a
	// false alarm, s8 right; its German row s2 caught, s6 right.
	assert.Equal(t, Confusion{TP: 2, FP: 1, TN: 1}, rep.Datasets[0].ByTriggerLanguage["explicit_request"]["en"].Confusion)
	assert.Equal(t, Confusion{TP: 1, TN: 1}, rep.Datasets[0].ByTriggerLanguage["explicit_request"]["de"].Confusion)
	// Pooled, bot_failure has rows in English (m1) and Finnish (m4).
	assert.Equal(t, 1, rep.Overall.ByTriggerLanguage["bot_failure"]["fi"].Support)
	assert.Nil(t, rep.Overall.Baselines[0].ByTriggerLanguage, "baselines carry no per-trigger per-language figures")
	assert.Regexp(t, `(?m)^\s+explicit_request\s+embedded\s+1\.000 \(1\)\s+0\.800 \(2\)$`, h.stdout.String())

	// The pooled table keeps the length baseline, with one cut fitted on
	// all 12 rows: every row is handed off at length>=1 (ties on accuracy
	// go to the better F1).
	var names []string
	for _, b := range rep.Overall.Baselines {
		names = append(names, b.Label())
	}
	assert.Equal(t, []string{"always-handoff", "never-handoff", "keyword", "length>=1"}, names)
	assert.Regexp(t, `(?m)^  baseline length>=1 `, h.stdout.String())

	// Two multi-turn datasets pool to one fitted cut, not "length>=0".
	dir := t.TempDir()
	multi, err := os.ReadFile("testdata/multi.jsonl")
	require.NoError(t, err)
	a := writeTestFile(t, dir, "a.jsonl", string(multi))
	b := writeTestFile(t, dir, "b.jsonl", strings.ReplaceAll(string(multi), `"id": "m`, `"id": "n`))
	require.Equal(t, ExitPass, h.run("--data", a, "--data", b, "--triggers", abs(t, "testdata/triggers.yaml"), "--classifier", "none", "--json", js, "--quiet"))
	rep = readReport(t, js)
	last := rep.Overall.Baselines[len(rep.Overall.Baselines)-1]
	assert.Equal(t, "length>=5", last.Label())
	assert.Equal(t, rep.Datasets[0].Baselines[3].Confusion.TP*2, last.Confusion.TP)
}

func TestReportShowsReadings(t *testing.T) {
	h := newHarness()
	dir := t.TempDir()
	js, md := filepath.Join(dir, "r.json"), filepath.Join(dir, "r.md")
	require.Equal(t, ExitPass, h.run("--suite", "testdata/suite.yaml", "--json", js, "--markdown", md, "--quiet"), h.stderr.String())
	rep := readReport(t, js)
	require.Len(t, rep.Readings, 1, "one triggers file")
	assert.Equal(t, "testdata/triggers.yaml", rep.Readings[0].Triggers)
	require.Len(t, rep.Readings[0].Readings, 3)
	assert.Equal(t, embedded.Reading{ID: "bot_failure", Kind: embedded.KindBotFailure, KindSource: "inferred", FailedAnswers: 2}, rep.Readings[0].Readings[2])
	assert.Contains(t, h.stdout.String(), "== how the triggers of testdata/triggers.yaml are read (embedded classifier)\n  explicit_request: word matching (no built-in kind)\n    warning: judged by word matching only\n")
	mdb, err := os.ReadFile(md)
	require.NoError(t, err)
	assert.Contains(t, string(mdb), "- bot_failure: bot_failure (inferred); failed answers 2\n")

	// Baselines only: no classifier read the triggers.
	require.Equal(t, ExitPass, h.run("--suite", "testdata/suite.yaml", "--classifier", "none", "--json", js, "--quiet"))
	assert.Empty(t, readReport(t, js).Readings)
}
