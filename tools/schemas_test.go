package tools

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPrecomputedSchemas derives every tool's input and output schema from
// its Go structs again and checks that schemas/ keeps exactly those bytes:
// a struct changed without them fails here. Run with UPDATE_TOOLSNAPS=true
// to rewrite them (and the tool snapshots) after an intended change.
func TestPrecomputedSchemas(t *testing.T) {
	e := newEnv(t, "")
	reflectSchemas = true
	t.Cleanup(func() { reflectSchemas = false })
	derived := All(e.svc, e.svc.Triggers())
	reflectSchemas = false
	kept := All(e.svc, e.svc.Triggers())
	require.Len(t, kept, len(derived))
	update := os.Getenv("UPDATE_TOOLSNAPS") == "true"
	for i, d := range derived {
		name := d.Tool.Name
		t.Run(name, func(t *testing.T) {
			require.NotEmpty(t, d.Tool.RawInputSchema, "the reflection gives an input schema")
			require.NotEmpty(t, d.Tool.RawOutputSchema, "the reflection gives an output schema, encoded once")
			if update {
				for which, raw := range map[string][]byte{"input": d.Tool.RawInputSchema, "output": d.Tool.RawOutputSchema} {
					path := filepath.Join("schemas", name+"."+which+".json")
					require.NoError(t, os.WriteFile(path, append(bytes.Clone(raw), '\n'), 0o644))
				}
				return
			}
			k := kept[i].Tool
			assert.Equal(t, string(d.Tool.RawInputSchema), string(k.RawInputSchema),
				"schemas/%s.input.json is not what %s's input struct gives: run UPDATE_TOOLSNAPS=true go test ./tools", name, name)
			assert.Equal(t, string(d.Tool.RawOutputSchema), string(k.RawOutputSchema),
				"schemas/%s.output.json is not what %s's output struct gives: run UPDATE_TOOLSNAPS=true go test ./tools", name, name)
			assert.NotNil(t, precomputed(name, "input"), "schemas/%s.input.json is missing: run UPDATE_TOOLSNAPS=true go test ./tools", name)
			assert.NotNil(t, precomputed(name, "output"), "schemas/%s.output.json is missing: run UPDATE_TOOLSNAPS=true go test ./tools", name)
			assert.Empty(t, k.InputSchema.Type, "the raw input schema only")
			assert.Empty(t, k.OutputSchema.Type, "the raw output schema only")
		})
	}
}

// BenchmarkToolDeclarations measures what declaring every tool costs at
// start-up: with the schemas kept in schemas/ (what the server does), and
// derived from the Go structs by reflection (what it did before).
func BenchmarkToolDeclarations(b *testing.B) {
	e := newEnv(b, "")
	triggers := e.svc.Triggers()
	for _, bc := range []struct {
		name    string
		reflect bool
	}{{"precomputed", false}, {"reflected", true}} {
		b.Run(bc.name, func(b *testing.B) {
			reflectSchemas = bc.reflect
			b.Cleanup(func() { reflectSchemas = false })
			b.ReportAllocs()
			for b.Loop() {
				_ = All(e.svc, triggers)
			}
		})
	}
}
