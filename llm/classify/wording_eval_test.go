package classify

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	yaml "go.yaml.in/yaml/v3"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// intentFiles are the public dev files of each intent, as the public
// README's table maps them; every intent of descriptions.yaml is listed.
var intentFiles = map[string][]string{
	"explicit_request": {"bitext_cs_en.jsonl"},
	"complaint":        {"bitext_cs_en.jsonl"},
	"refund_over_100":  {"bitext_cs_en.jsonl"},
	"billing_dispute":  {"banking77_billing_dispute_en.jsonl"},
	"bot_failure":      {"dbdc3_bot_failure_en.jsonl"},
	"frustration": {"xed_frustration_en.jsonl", "xed_frustration_de.jsonl", "xed_frustration_fr.jsonl",
		"xed_frustration_fi.jsonl"},
	"sensitive_topic": nil, // no public file: the suite's rows only
}

// suiteRow is a row of the project's suite (evals/data/*.jsonl): its
// expect_trigger is null, one id or a list of ids.
type suiteRow struct {
	Transcript []handoff.Turn `json:"transcript"`
	Trigger    any            `json:"expect_trigger"`
}

// triggers returns the row's expected trigger ids; nil for no handoff.
func (r suiteRow) triggers() []string {
	switch v := r.Trigger.(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

func readSuiteRows(t *testing.T) []suiteRow {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("..", "..", "evals", "data", "*.jsonl"))
	require.NoError(t, err)
	require.NotEmpty(t, paths)
	var rows []suiteRow
	for _, p := range paths {
		f, err := os.Open(p)
		require.NoError(t, err)
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			if strings.TrimSpace(sc.Text()) == "" {
				continue
			}
			var r suiteRow
			require.NoError(t, json.Unmarshal(sc.Bytes(), &r), p)
			rows = append(rows, r)
		}
		require.NoError(t, sc.Err())
		f.Close()
	}
	return rows
}

// scoreSuite scores trigger id on the suite: rows expecting id are
// positive, rows expecting no handoff negative, rows of other intents left
// out.
func scoreSuite(t *testing.T, c handoff.Classifier, rows []suiteRow, id string) prf {
	var s prf
	for _, r := range rows {
		want := r.triggers()
		if len(want) > 0 && !slices.Contains(want, id) {
			continue
		}
		d, err := c.Classify(context.Background(), handoff.Input{Transcript: r.Transcript})
		require.NoError(t, err)
		s.add(slices.Contains(d.Triggers, id), len(want) > 0)
	}
	return s
}

func (s *prf) plus(o prf) { s.tp += o.tp; s.fp += o.fp; s.fn += o.fn }

// TestDescriptionWordings checks that every description of
// ../shared/evals/descriptions.yaml (other admins' wordings of our
// intents), alone as the only trigger, finds its intent: F1 >= 0.85 on the
// rows of its intent, pooled over the public dev files of the intent
// (scored as the public README says: the intent's rows plus the file's
// no-handoff rows) and the suite rows (rows expecting the intent positive,
// no-handoff rows negative, other intents left out).
//
// The one exception is XED (frustration on movie subtitles, noisy labels:
// published classifiers reach F1 about 0.6, the project's own default
// description about 0.69). There each wording must score within 0.02 of the
// default frustration description on the same rows, and the suite's
// frustration rows alone must reach 0.85.
//
// Run with -v to see every figure:
//
//	go test -run TestDescriptionWordings -v ./llm/
//
// Skipped, with a message, when ../shared is not there.
func TestDescriptionWordings(t *testing.T) {
	path := filepath.Join("..", "..", "..", "shared", "evals", "descriptions.yaml")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("no descriptions at %s: %v", path, err)
	}
	dir := publicDir()
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("no public eval data at %s (set HANDOFF_PUBLIC_EVALS): %v", dir, err)
	}
	var wordings map[string][]struct {
		Lang string `yaml:"lang"`
		Text string `yaml:"text"`
	}
	require.NoError(t, yaml.Unmarshal(b, &wordings))
	suite := readSuiteRows(t)
	files := map[string][]publicRow{}
	for _, fs := range intentFiles {
		for _, f := range fs {
			if files[f] == nil {
				files[f] = readRows(t, filepath.Join(dir, f))
			}
		}
	}
	// The default frustration description on XED, per file.
	def, err := NewEmbedded(Config{}, []handoff.Trigger{{ID: "frustration", Description: "The user is frustrated or angry."}}, Options{})
	require.NoError(t, err)
	xedDefault := map[string]float64{}
	for _, f := range intentFiles["frustration"] {
		xedDefault[f] = scoreTrigger(t, def, files[f], "frustration").all.f1()
	}
	intents := make([]string, 0, len(wordings))
	for k := range wordings {
		intents = append(intents, k)
	}
	slices.Sort(intents)
	for _, intent := range intents {
		require.Contains(t, intentFiles, intent, "descriptions.yaml names an intent without public files")
		for _, w := range wordings[intent] {
			t.Run(intent+"/"+w.Text, func(t *testing.T) {
				c, err := NewEmbedded(Config{}, []handoff.Trigger{{ID: intent, Description: w.Text}}, Options{})
				require.NoError(t, err)
				kind, _ := c.Kind(intent)
				var pooled prf
				for _, f := range intentFiles[intent] {
					s := scoreTrigger(t, c, files[f], intent).all
					t.Logf("%-16s %-3s %-14s %-36s %v", intent, w.Lang, kind, f, s)
					if intent == "frustration" {
						assert.GreaterOrEqual(t, s.f1(), xedDefault[f]-0.02,
							"XED: F1 more than 0.02 below the default description's %.3f", xedDefault[f])
						continue
					}
					pooled.plus(s)
				}
				if su := scoreSuite(t, c, suite, intent); su.tp+su.fn > 0 {
					t.Logf("%-16s %-3s %-14s %-36s %v", intent, w.Lang, kind, "suite", su)
					if intent == "frustration" {
						assert.GreaterOrEqual(t, su.f1(), 0.85, "suite F1 below 0.85")
					}
					pooled.plus(su)
				}
				if intent != "frustration" {
					t.Logf("%-16s %-3s %-14s %-36s %v", intent, w.Lang, kind, "pooled", pooled)
					assert.GreaterOrEqual(t, pooled.f1(), 0.85, "pooled F1 below 0.85")
				}
			})
		}
	}
}
