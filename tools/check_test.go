package tools

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// jsonValue returns v as encoding/json decodes it (what mcp-go hands the
// tools).
func jsonValue(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	var out any
	require.NoError(t, json.Unmarshal(b, &out))
	return out
}

// TestCheckerAgreesWithJSONSchemaGo holds the checker's own walk to
// jsonschema-go's verdict (Resolved.Validate), over every tool's input and
// output schema and a schema of the keywords the tools do not use, each
// with valid values and values with one field replaced by every kind of
// JSON value, at the top level and nested.
func TestCheckerAgreesWithJSONSchemaGo(t *testing.T) {
	corpus := []any{nil, true, false, 0, 1, 1.5, -3, "", "x", "user", "Europe/Berlin", "abc", "ABC",
		[]any{}, []any{"a"}, []any{"a", "a"}, []any{map[string]any{"role": "user", "content": "hi"}}, []any{map[string]any{"role": "robot"}},
		map[string]any{}, map[string]any{"plan": "pro"}, map[string]any{"plan": 3}, map[string]any{"status": "available", "connector": "inbox"}}
	type schemaCase struct {
		name  string
		check *checker
		bases []any
	}
	var cases []schemaCase
	e := newEnv(t, finnishHours)
	c := e.client(t)
	// Valid values: arguments the tools take, and results they gave.
	valid := map[string][]any{
		"request_human_handoff/input": {askHuman("c1", map[string]any{"metadata": map[string]any{"plan": "pro"}})},
		"check_service_hours/input":   {map[string]any{"timezone": "Europe/Berlin"}},
	}
	for name, args := range map[string]map[string]any{"request_human_handoff": askHuman("c2", nil), "check_service_hours": {}} {
		res := call(t, c, name, args)
		require.False(t, res.IsError, text(res))
		valid[name+"/output"] = []any{res.StructuredContent}
	}
	for name, st := range e.srv.ListTools() {
		in, err := compileToolSchema(name, "input", st.Tool.RawInputSchema, st.Tool.InputSchema)
		require.NoError(t, err)
		out, err := compileToolSchema(name, "output", st.Tool.RawOutputSchema, st.Tool.OutputSchema)
		require.NoError(t, err)
		require.True(t, in.walks && out.walks, "%s: the walk covers the tools' own schemas", name)
		cases = append(cases,
			schemaCase{name + "/input", in, append([]any{map[string]any{}}, valid[name+"/input"]...)},
			schemaCase{name + "/output", out, append([]any{map[string]any{}}, valid[name+"/output"]...)})
	}
	kinds, err := compileSchema("kinds", []byte(`{
		"type": "object",
		"$defs": {"turn": {"type": "object", "properties": {"role": {"enum": ["user", "assistant"]}}, "required": ["role"]}},
		"properties": {
			"name":  {"type": "string", "minLength": 2, "maxLength": 5, "pattern": "^[a-z]+$"},
			"count": {"type": "integer", "minimum": 1, "maximum": 10, "multipleOf": 1},
			"ratio": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1},
			"tags":  {"type": "array", "minItems": 1, "maxItems": 2, "uniqueItems": true, "items": {"type": "string"}},
			"pair":  {"type": "array", "prefixItems": [{"type": "string"}, {"type": "number"}]},
			"turns": {"type": "array", "items": {"$ref": "#/$defs/turn"}},
			"kind":  {"const": "fixed"},
			"opt":   {"type": ["string", "null"]},
			"id":    {"anyOf": [{"type": "string"}, {"type": "integer"}]},
			"one":   {"oneOf": [{"type": "string"}, {"const": "x"}]},
			"not":   {"not": {"type": "string"}},
			"cond":  {"if": {"type": "string"}, "then": {"minLength": 3}, "else": {"type": "number"}},
			"all":   {"allOf": [{"type": "object"}, {"required": ["plan"]}]},
			"size":  {"type": "object", "minProperties": 1, "maxProperties": 1},
			"never": false
		},
		"patternProperties": {"^x-": {"type": "string"}},
		"additionalProperties": {"type": "boolean"}
	}`))
	require.NoError(t, err)
	require.True(t, kinds.walks)
	cases = append(cases, schemaCase{"kinds", kinds, []any{map[string]any{}, map[string]any{"name": "abc", "count": 3, "x-a": "b"}}})

	for _, sc := range cases {
		t.Run(sc.name, func(t *testing.T) {
			var values []any
			for _, base := range sc.bases {
				base := jsonValue(t, base).(map[string]any)
				values = append(values, base)
				keys := []string{"x-other", "unknown"}
				for k := range sc.check.root.Properties {
					keys = append(keys, k)
				}
				for _, k := range keys {
					for _, v := range corpus {
						m := map[string]any{}
						for bk, bv := range base {
							m[bk] = bv
						}
						m[k] = jsonValue(t, v)
						values = append(values, m)
					}
				}
			}
			values = append(values, jsonValue(t, corpus))
			nvalid := 0
			for _, v := range values {
				lib := sc.check.resolved.Validate(v)
				w := walker{c: sc.check, quiet: true}
				w.walk(sc.check.root, v, 0)
				if !assert.Equal(t, lib == nil, !w.bad, "%s: jsonschema-go says %v", jsonText(v), lib) {
					continue
				}
				problems := sc.check.problems(v)
				assert.Equal(t, lib == nil, len(problems) == 0, fmt.Sprint(problems))
				if lib == nil {
					nvalid++
				}
			}
			if len(sc.bases) > 1 {
				assert.NotZero(t, nvalid, "some values are valid")
			}
			assert.Less(t, nvalid, len(values), "some are not")
		})
	}
}
