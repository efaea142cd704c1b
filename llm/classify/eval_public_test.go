package classify

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// publicDir is where the public labelled data lives, beside the repository.
func publicDir() string {
	if d := os.Getenv("HANDOFF_PUBLIC_EVALS"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "..", "shared", "evals", "public")
}

// readmeTriggers are the triggers of the public README's table: ids and
// admin descriptions exactly as given there, nothing else.
var readmeTriggers = []handoff.Trigger{
	{ID: "explicit_request", Description: "The user explicitly asks to talk to a human."},
	{ID: "frustration", Description: "The user is frustrated or angry."},
	{ID: "complaint", Description: "The user wants to complain about the service."},
	{ID: "billing_dispute", Description: "Billing dispute: a charge the user does not recognise, or a refund demand."},
	{ID: "refund_over_100", Description: "The user asks for a refund of more than 100 EUR."},
	{ID: "bot_failure", Description: "The assistant has failed to give a sensible answer twice."},
}

type publicRow struct {
	ID         string         `json:"id"`
	Lang       string         `json:"lang"`
	Transcript []handoff.Turn `json:"transcript"`
	Trigger    *string        `json:"expect_trigger"`
}

func readRows(t *testing.T, path string) []publicRow {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	var rows []publicRow
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var r publicRow
		require.NoError(t, json.Unmarshal(sc.Bytes(), &r))
		rows = append(rows, r)
	}
	require.NoError(t, sc.Err())
	return rows
}

// half puts a row in half "A" or "B" by a hash of its id.
func half(id string) string {
	h := fnv.New32a()
	h.Write([]byte(id))
	if h.Sum32()%2 == 0 {
		return "A"
	}
	return "B"
}

// prf holds precision, recall and F1.
type prf struct {
	tp, fp, fn int
}

func (s prf) p() float64  { return ratio(s.tp, s.tp+s.fp) }
func (s prf) r() float64  { return ratio(s.tp, s.tp+s.fn) }
func (s prf) f1() float64 { return ratio(2*s.tp, 2*s.tp+s.fp+s.fn) }
func (s prf) String() string {
	return fmt.Sprintf("P %.3f R %.3f F1 %.3f (tp %d fp %d fn %d)", s.p(), s.r(), s.f1(), s.tp, s.fp, s.fn)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func (s *prf) add(pred, want bool) {
	switch {
	case pred && want:
		s.tp++
	case pred:
		s.fp++
	case want:
		s.fn++
	}
}

// scored is one scoring of a trigger on a file: all rows and each half.
type scored struct{ all, a, b prf }

// scoreTrigger scores trigger id on rows as the README says: its rows plus
// the file's no-handoff rows; a row is predicted positive when the trigger
// is among the decision's triggers.
func scoreTrigger(t *testing.T, c handoff.Classifier, rows []publicRow, id string) scored {
	var s scored
	for _, r := range rows {
		if r.Trigger != nil && *r.Trigger != id {
			continue
		}
		d, err := c.Classify(context.Background(), handoff.Input{Transcript: r.Transcript})
		require.NoError(t, err)
		pred, want := slices.Contains(d.Triggers, id), r.Trigger != nil
		s.all.add(pred, want)
		if half(r.ID) == "A" {
			s.a.add(pred, want)
		} else {
			s.b.add(pred, want)
		}
	}
	return s
}

// lengthBaseline predicts a handoff when the transcript has at least n
// turns. It returns the best n on one half applied to the other (honest)
// and the best n on all rows (an upper bound).
func lengthBaseline(rows []publicRow) (tuned, oracle prf, n int) {
	best := func(keep func(publicRow) bool) (prf, int) {
		var bs prf
		bn := 0
		for th := 1; th <= 40; th++ {
			var s prf
			for _, r := range rows {
				if keep(r) {
					s.add(len(r.Transcript) >= th, r.Trigger != nil)
				}
			}
			if s.f1() > bs.f1() {
				bs, bn = s, th
			}
		}
		return bs, bn
	}
	oracle, n = best(func(publicRow) bool { return true })
	_, na := best(func(r publicRow) bool { return half(r.ID) == "A" })
	for _, r := range rows {
		if half(r.ID) == "B" {
			tuned.add(len(r.Transcript) >= na, r.Trigger != nil)
		}
	}
	return tuned, oracle, n
}

// TestPublicEvals measures the embedded classifier on every file of the
// public labelled data, with the README's triggers, and fails below issue
// 4's targets: F1 on all rows of each file, and for bot failure also above
// the length-only baseline. Halves A and B (by a hash of the row id) are
// logged beside: development looked at half A only, so a figure that holds
// on A and not on B was fitted. Run it with -v to see the figures:
//
//	go test -run TestPublicEvals -v ./llm/
//
// It is skipped, with a message, when the data is not there
// (../shared/evals/public, or HANDOFF_PUBLIC_EVALS).
func TestPublicEvals(t *testing.T) {
	dir := publicDir()
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("no public eval data at %s (set HANDOFF_PUBLIC_EVALS): %v", dir, err)
	}
	c, err := NewEmbedded(Config{}, readmeTriggers, Options{})
	require.NoError(t, err)
	for _, tc := range []struct {
		file, trigger string
		target        float64 // minimum F1 on all rows; 0 for none
	}{
		{"bitext_cs_en.jsonl", "explicit_request", 0.90},
		{"bitext_cs_en.jsonl", "complaint", 0},
		{"bitext_cs_en.jsonl", "refund_over_100", 0},
		{"banking77_billing_dispute_en.jsonl", "billing_dispute", 0.80},
		{"dbdc3_bot_failure_en.jsonl", "bot_failure", 0.80},
		{"xed_frustration_en.jsonl", "frustration", 0.60},
		{"xed_frustration_de.jsonl", "frustration", 0.60},
		{"xed_frustration_fr.jsonl", "frustration", 0.60},
		{"xed_frustration_fi.jsonl", "frustration", 0.60},
	} {
		t.Run(tc.file+"/"+tc.trigger, func(t *testing.T) {
			rows := readRows(t, filepath.Join(dir, tc.file))
			s := scoreTrigger(t, c, rows, tc.trigger)
			t.Logf("%-36s %-16s all    %v", tc.file, tc.trigger, s.all)
			t.Logf("%-36s %-16s half A %v", tc.file, tc.trigger, s.a)
			t.Logf("%-36s %-16s half B %v", tc.file, tc.trigger, s.b)
			if tc.trigger == "bot_failure" {
				tuned, oracle, n := lengthBaseline(rows)
				t.Logf("%-36s length-only baseline: best on all rows (>= %d turns) %v; tuned on A, scored on B %v", tc.file, n, oracle, tuned)
				assert.Greater(t, s.all.f1(), oracle.f1(), "bot_failure F1 must be above the length-only baseline")
			}
			if tc.target > 0 {
				assert.GreaterOrEqual(t, s.all.f1(), tc.target, "F1 below the target")
			}
		})
	}
}
