package evals

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func writeTestFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
	require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	return p
}

func TestParseRow(t *testing.T) {
	tests := []struct {
		name    string
		line    string
		want    Row
		wantErr string
	}{
		{
			name: "public format with source",
			line: `{"id": "b-1", "lang": "en", "transcript": [{"role": "user", "content": "agent please"}], "expect_handoff": true, "expect_trigger": "explicit_request", "source": {"dataset": "x"}}`,
			want: Row{ID: "b-1", Lang: "en", ExpectHandoff: true, ExpectTrigger: TriggerIDs{"explicit_request"}},
		},
		{
			name: "list of triggers and a note",
			line: `{"id": "m", "lang": "DE", "transcript": [{"role": "user", "content": "x"}], "expect_handoff": true, "expect_trigger": ["frustration", "explicit_request"], "note": "both"}`,
			want: Row{ID: "m", Lang: "de", ExpectHandoff: true, ExpectTrigger: TriggerIDs{"frustration", "explicit_request"}, Note: "both"},
		},
		{
			name: "no handoff, no language",
			line: `{"id": "n", "transcript": [{"role": "assistant", "content": "hi"}, {"role": "user", "content": "x"}], "expect_handoff": false, "expect_trigger": null}`,
			want: Row{ID: "n", Lang: UnknownLanguage},
		},
		{name: "not JSON", line: `{"id": "a",`, wantErr: "invalid JSON"},
		{name: "missing id", line: `{"transcript": [{"role": "user", "content": "x"}], "expect_handoff": false}`, wantErr: `missing "id"`},
		{name: "missing label", line: `{"id": "a", "transcript": [{"role": "user", "content": "x"}]}`, wantErr: `missing "expect_handoff"`},
		{name: "empty transcript", line: `{"id": "a", "transcript": [], "expect_handoff": false}`, wantErr: "empty \"transcript\""},
		{name: "bad role", line: `{"id": "a", "transcript": [{"role": "bot", "content": "x"}], "expect_handoff": false}`, wantErr: `role "bot"`},
		{name: "no user turn", line: `{"id": "a", "transcript": [{"role": "assistant", "content": "x"}], "expect_handoff": false}`, wantErr: "no user turn"},
		{name: "trigger on a negative", line: `{"id": "a", "transcript": [{"role": "user", "content": "x"}], "expect_handoff": false, "expect_trigger": "frustration"}`, wantErr: "must be null"},
		{name: "trigger of the wrong type", line: `{"id": "a", "transcript": [{"role": "user", "content": "x"}], "expect_handoff": true, "expect_trigger": 3}`, wantErr: "want null, a trigger id or a list"},
		{name: "empty trigger id", line: `{"id": "a", "transcript": [{"role": "user", "content": "x"}], "expect_handoff": true, "expect_trigger": [""]}`, wantErr: "empty trigger id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseRow([]byte(tt.line))
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.wantErr)
				return
			}
			require.NoError(t, err)
			got.Transcript = nil
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestTriggerIDsJSONRoundTrip(t *testing.T) {
	for _, ids := range []TriggerIDs{nil, {"a"}, {"a", "b"}} {
		b, err := ids.MarshalJSON()
		require.NoError(t, err)
		var back TriggerIDs
		require.NoError(t, back.UnmarshalJSON(b))
		assert.Equal(t, ids, back)
	}
}

func TestLoadDatasetBadLines(t *testing.T) {
	dir := t.TempDir()
	content := `{"id": "a", "lang": "en", "transcript": [{"role": "user", "content": "hi"}], "expect_handoff": false, "expect_trigger": null}

{"id": "b", "lang": "en", "transcript": [{"role": "user", "content": "hi"}], "expect_handoff": tru}
{"id": "a", "lang": "en", "transcript": [{"role": "user", "content": "again"}], "expect_handoff": false}
{"id": "c", "lang": "en", "transcript": [{"role": "user", "content": "ok"}], "expect_handoff": true, "expect_trigger": "frustration"}`
	path := writeTestFile(t, dir, "mixed.jsonl", content)

	t.Run("stop reports file and line", func(t *testing.T) {
		_, err := LoadDataset("mixed", []string{path}, BadLinesStop)
		require.Error(t, err)
		var le *LineError
		require.ErrorAs(t, err, &le)
		assert.Equal(t, path, le.File)
		assert.Equal(t, 3, le.Line, "the blank line 2 still counts")
		assert.Contains(t, err.Error(), path+":3: invalid JSON")
	})
	t.Run("skip keeps the good rows and counts the bad lines", func(t *testing.T) {
		ds, err := LoadDataset("mixed", []string{path}, BadLinesSkip)
		require.NoError(t, err)
		require.Len(t, ds.Rows, 2)
		assert.Equal(t, "a", ds.Rows[0].ID)
		assert.Equal(t, 1, ds.Rows[0].Line)
		assert.Equal(t, "c", ds.Rows[1].ID)
		assert.Equal(t, 5, ds.Rows[1].Line)
		require.Len(t, ds.Skipped, 2)
		assert.Equal(t, 3, ds.Skipped[0].Line)
		assert.Equal(t, 4, ds.Skipped[1].Line)
		assert.Contains(t, ds.Skipped[1].Error(), `duplicate id "a" (first at `+path+`:1)`)
	})
	t.Run("ids must be unique across the files of a dataset", func(t *testing.T) {
		other := writeTestFile(t, dir, "other.jsonl", `{"id": "c", "transcript": [{"role": "user", "content": "x"}], "expect_handoff": false}`+"\n")
		_, err := LoadDataset("both", []string{path, other}, BadLinesSkip)
		require.NoError(t, err)
		_, err = LoadDataset("both", []string{other, path}, BadLinesStop)
		require.Error(t, err)
		assert.Contains(t, err.Error(), path+":3:")
	})
	t.Run("missing file", func(t *testing.T) {
		_, err := LoadDataset("x", []string{filepath.Join(dir, "nope.jsonl")}, BadLinesStop)
		assert.ErrorIs(t, err, os.ErrNotExist)
	})
}
