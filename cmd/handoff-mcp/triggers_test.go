package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/internal/testlog"
)

func TestBinaryTriggersExplain(t *testing.T) {
	dir := t.TempDir()
	words := filepath.Join(dir, "words.yaml")
	require.NoError(t, os.WriteFile(words, []byte(`triggers:
  - id: refund_over_100
    description: "The user asks for a refund of more than 100 EUR."
  - id: explicit_request
    kind: human_request
    description: "The user asks for a person."
  - id: old
    description: "anything"
    enabled: false
`), 0o600))
	bad := filepath.Join(dir, "bad.yaml")
	require.NoError(t, os.WriteFile(bad, []byte("triggers:\n  - id: angry_user\n    description: x\n    kind: angry\n"), 0o600))
	none := filepath.Join(dir, "none.yaml")
	require.NoError(t, os.WriteFile(none, []byte("triggers:\n  - id: x\n    description: a person\n    enabled: false\n"), 0o600))

	tests := []struct {
		name    string
		args    []string
		wantErr bool
		want    []string
		notWant []string
	}{
		{"default triggers", []string{"triggers", "explain"}, false, []string{
			"explicit_request\n  reading: built-in kind human_request (set by kind: in the configuration)\n",
			"bot_failure\n  reading: built-in kind bot_failure (set by kind: in the configuration)\n  failed answers: 2\n",
			"sensitive_topic\n  reading: built-in kind sensitive",
			"categories: legal, medical, fraud",
		}, []string{"warning: judged by word matching"}},
		{"a words-only trigger is warned about", []string{"--config", words, "triggers", "explain"}, false, []string{
			"refund_over_100\n  reading: no built-in kind: judged by the words of its description and examples\n",
			"amount condition: > 100",
			"  warning: no built-in kind: judged by matching the words of its description",
			"explicit_request\n  reading: built-in kind human_request (set by kind: in the configuration)",
		}, []string{"old"}},
		{"one trigger by id", []string{"triggers", "explain", "--config", words, "EXPLICIT_REQUEST"}, false,
			[]string{"explicit_request\n"}, []string{"refund_over_100"}},
		{"unknown id", []string{"triggers", "explain", "nope"}, true,
			[]string{`no trigger "nope": the enabled triggers are explicit_request, frustration, bot_failure, sensitive_topic`}, nil},
		{"disabled id", []string{"triggers", "explain", "--config", words, "old"}, true, []string{"trigger old is disabled"}, nil},
		{"bad config", []string{"triggers", "explain", "--config", bad}, true, []string{bad + `: triggers[0].kind: unknown kind "angry"`}, nil},
		{"no enabled triggers", []string{"triggers", "explain", "--config", none}, true, []string{"every trigger is disabled"}, nil},
		{"config check prints the short reading", []string{"config", "check", words}, false, []string{
			"# " + words + ": valid\n",
			"# trigger refund_over_100: word matching (no built-in kind); alternatives ",
			"; amount condition > 100",
			"#   warning: no built-in kind: judged by matching the words of its description",
			"# trigger explicit_request: human_request (configured)",
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(binary, tt.args...)
			cmd.Env = append(os.Environ(), "HANDOFF_MCP_CONFIG=")
			out, err := cmd.CombinedOutput()
			if tt.wantErr {
				require.Error(t, err, string(out))
				assert.Equal(t, 1, cmd.ProcessState.ExitCode())
			} else {
				require.NoError(t, err, string(out))
			}
			for _, w := range tt.want {
				assert.Contains(t, string(out), w)
			}
			for _, w := range tt.notWant {
				assert.NotContains(t, string(out), w)
			}
		})
	}

	t.Run("json", func(t *testing.T) {
		cmd := exec.Command(binary, "triggers", "explain", "--json", "--config", words)
		out, err := cmd.Output()
		require.NoError(t, err)
		var rs []struct {
			ID         string     `json:"id"`
			Kind       string     `json:"kind"`
			KindSource string     `json:"kind_source"`
			Amount     string     `json:"amount"`
			Alts       [][]string `json:"alternatives"`
			Warnings   []string   `json:"warnings"`
		}
		require.NoError(t, json.Unmarshal(out, &rs), string(out))
		require.Len(t, rs, 2)
		assert.Equal(t, "refund_over_100", rs[0].ID)
		assert.Equal(t, "words", rs[0].KindSource)
		assert.Equal(t, "> 100", rs[0].Amount)
		assert.NotEmpty(t, rs[0].Alts)
		assert.NotEmpty(t, rs[0].Warnings)
		assert.Equal(t, "human_request", rs[1].Kind)
		assert.Equal(t, "configured", rs[1].KindSource)
	})
}

func TestBinaryEvalFlags(t *testing.T) {
	dir := t.TempDir()
	en := filepath.Join(dir, "en.jsonl")
	require.NoError(t, os.WriteFile(en, []byte(
		`{"id":"a","lang":"en","transcript":[{"role":"user","content":"I want to talk to a human agent"}],"expect_handoff":true,"expect_trigger":"explicit_request"}
{"id":"b","lang":"en","transcript":[{"role":"user","content":"What time do you open on Monday?"}],"expect_handoff":false,"expect_trigger":null}
{"id":"c","lang":"en","transcript":[{"role":"user","content":"I have been charged twice, I want a refund of 250 EUR"}],"expect_handoff":true,"expect_trigger":"refund_over_100"}
`), 0o600))
	de := filepath.Join(dir, "de.jsonl")
	require.NoError(t, os.WriteFile(de, []byte(
		`{"id":"d","lang":"de","transcript":[{"role":"user","content":"Ich möchte mit einem Mitarbeiter sprechen"}],"expect_handoff":true,"expect_trigger":"explicit_request"}
{"id":"e","lang":"de","transcript":[{"role":"user","content":"Wann habt ihr geöffnet?"}],"expect_handoff":false,"expect_trigger":null}
`), 0o600))
	trig := filepath.Join(dir, "triggers.yaml")
	require.NoError(t, os.WriteFile(trig, []byte(`triggers:
  - id: explicit_request
    kind: human_request
    description: The user asks to talk to a human.
  - id: refund_over_100
    description: The user asks for a refund of more than 100 EUR.
`), 0o600))
	eval := func(args ...string) (string, string, int) {
		cmd := exec.Command(binary, append([]string{"eval", "--data", en, "--data", de, "--triggers", trig, "--quiet"}, args...)...)
		cmd.Env = append(os.Environ(), "HANDOFF_MCP_CONFIG=")
		var stdout, stderr testlog.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		_ = cmd.Run()
		return stdout.String(), stderr.String(), cmd.ProcessState.ExitCode()
	}

	js := filepath.Join(dir, "r.json")
	out, errs, code := eval("--lang", "de", "--only-triggers", "explicit_request", "--min-f1", "explicit_request=0.9", "--json", js)
	require.Equal(t, 0, code, errs)
	assert.Contains(t, errs, "eval: dataset en: no rows in de: skipped")
	assert.Contains(t, out, "ok   embedded trigger explicit_request: f1 1.000 (min 0.900)")
	var rep struct {
		OnlyTriggers    []string `json:"only_triggers"`
		SkippedDatasets []string `json:"skipped_datasets"`
		Readings        []struct {
			Readings []struct {
				ID         string `json:"id"`
				KindSource string `json:"kind_source"`
			} `json:"readings"`
		} `json:"readings"`
		Datasets []struct {
			Name string `json:"name"`
			Rows int    `json:"rows"`
		} `json:"datasets"`
	}
	b, err := os.ReadFile(js)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &rep))
	assert.Equal(t, []string{"explicit_request"}, rep.OnlyTriggers)
	assert.Equal(t, []string{"en"}, rep.SkippedDatasets)
	require.Len(t, rep.Datasets, 1)
	assert.Equal(t, 2, rep.Datasets[0].Rows)
	require.Len(t, rep.Readings, 1)
	require.Len(t, rep.Readings[0].Readings, 1, "only the trigger asked for is read")
	assert.Equal(t, "configured", rep.Readings[0].Readings[0].KindSource)

	// All triggers: the report says how refund_over_100 is read, shows the
	// trigger × language table, and nothing gates the run.
	out, errs, code = eval()
	require.Equal(t, 0, code, errs)
	assert.Contains(t, out, "  refund_over_100: word matching (no built-in kind)")
	assert.Contains(t, out, "    warning: no built-in kind: judged by matching the words")
	assert.Contains(t, out, "by trigger and language")
	assert.Contains(t, out, "result: no gates")

	_, errs, code = eval("--min-f1", "refund=0.8")
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, `no trigger "refund"`)
}
