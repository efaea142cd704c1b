package evals

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/llm/classify"
)

// Hashes of the embedded classifier's decisions (handoff, triggers,
// confidence, reason) for every prefix of every conversation: the suite's
// files with the suite's triggers, and the public files with public.yaml's.
// A change that is meant to be a pure speed-up must leave them as they are.
// A change that is meant to alter decisions updates them; to see what
// changed, write the decisions out before and after and diff them:
//
//	HANDOFF_DECISIONS_OUT=/tmp/before go test -run TestEmbeddedDecisionsUnchanged ./evals/
const (
	suiteDecisionsHash  = "62d012ac90ba3a6826f7c126b0bb156a43d86ae1dacd3fdce856a5594e9ba0eb"
	publicDecisionsHash = "8e44948ef4606ba4fc0b49728f68514a94ff06553672bebbde3190108d399988"
)

// TestEmbeddedDecisionsUnchanged classifies every prefix of every
// conversation of the suite and of the public data (skipped when that
// folder is absent) and compares a hash of the decisions with the one
// recorded above.
func TestEmbeddedDecisionsUnchanged(t *testing.T) {
	if testing.Short() {
		t.Skip("classifies every prefix of every conversation")
	}
	for _, c := range []struct {
		name, suite, want string
	}{
		{"suite", "suite.yaml", suiteDecisionsHash},
		{"public", "public.yaml", publicDecisionsHash},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, err := LoadSuite(c.suite)
			require.NoError(t, err)
			specs, err := s.Specs()
			require.NoError(t, err)
			if len(specs) == 0 {
				t.Skipf("no data files for %s (the public folder is beside the repository)", c.suite)
			}
			var out io.Writer = io.Discard
			if dir := os.Getenv("HANDOFF_DECISIONS_OUT"); dir != "" {
				require.NoError(t, os.MkdirAll(dir, 0o755))
				f, err := os.Create(filepath.Join(dir, c.name+".jsonl"))
				require.NoError(t, err)
				defer f.Close()
				w := bufio.NewWriter(f)
				defer w.Flush()
				out = w
			}
			h := sha256.New()
			n := writeDecisions(t, specs, io.MultiWriter(h, out))
			got := hex.EncodeToString(h.Sum(nil))
			t.Logf("%s: %d decisions, sha256 %s", c.name, n, got)
			require.Equal(t, c.want, got, "the embedded classifier's decisions on %s changed", c.suite)
		})
	}
}

// writeDecisions writes one JSON line per prefix of every row of specs,
// in file and row order, and returns how many it wrote.
func writeDecisions(t *testing.T, specs []DatasetSpec, w io.Writer) int {
	t.Helper()
	ctx := context.Background()
	n := 0
	for _, sp := range specs {
		ts, err := LoadTriggers(sp.Triggers)
		require.NoError(t, err)
		c, err := classify.NewEmbedded(classify.Config{}, ts, classify.Options{})
		require.NoError(t, err)
		ds, err := LoadDataset(sp.Name, sp.Files, BadLinesStop)
		require.NoError(t, err)
		for _, r := range ds.Rows {
			for k := 1; k <= len(r.Transcript); k++ {
				d, err := c.Classify(ctx, handoff.Input{Transcript: r.Transcript[:k:k]})
				require.NoError(t, err)
				line, err := json.Marshal(struct {
					Handoff    bool     `json:"handoff"`
					Triggers   []string `json:"triggers"`
					Confidence float64  `json:"confidence"`
					Reason     string   `json:"reason"`
				}{d.Handoff, d.Triggers, d.Confidence, d.Reason})
				require.NoError(t, err)
				_, err = fmt.Fprintf(w, "%s\t%s\t%d\t%s\n", sp.Name, r.ID, k, line)
				require.NoError(t, err)
				n++
			}
		}
	}
	return n
}
