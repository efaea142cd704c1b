package tools

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestToolSchemaSnapshots keeps every tool's definition (name, description,
// annotations, input and output schemas) in testdata/toolsnaps: a tool's
// schema is its public API, so an unintended change fails here. Run with
// UPDATE_TOOLSNAPS=true to rewrite the snapshots after an intended change.
func TestToolSchemaSnapshots(t *testing.T) {
	update := os.Getenv("UPDATE_TOOLSNAPS") == "true"
	if update {
		// The schemas embedded in this test binary are the ones before
		// the update (TestPrecomputedSchemas rewrites them): snapshot
		// what the Go structs give now.
		reflectSchemas = true
		t.Cleanup(func() { reflectSchemas = false })
	}
	e := newEnv(t, "")
	tools := e.srv.ListTools()
	require.NotEmpty(t, tools)
	for name, st := range tools {
		t.Run(name, func(t *testing.T) {
			got, err := json.MarshalIndent(st.Tool, "", "  ")
			require.NoError(t, err)
			got = append(got, '\n')
			path := filepath.Join("testdata", "toolsnaps", name+".snap")
			if update {
				require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
				require.NoError(t, os.WriteFile(path, got, 0o644))
				return
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "no snapshot for tool %s: run UPDATE_TOOLSNAPS=true go test ./tools", name)
			assert.JSONEq(t, string(want), string(got), "tool %s changed: if intended, run UPDATE_TOOLSNAPS=true go test ./tools", name)
		})
	}
}

func TestToolAnnotationsAreExplicit(t *testing.T) {
	e := newEnv(t, "")
	for name, st := range e.srv.ListTools() {
		a := st.Tool.Annotations
		assert.NotNil(t, a.ReadOnlyHint, name)
		assert.NotNil(t, a.DestructiveHint, name)
		assert.NotNil(t, a.IdempotentHint, name)
		assert.NotNil(t, a.OpenWorldHint, name)
		assert.NotEmpty(t, st.Tool.RawOutputSchema, name, "encoded once, not at every call")
		assert.Empty(t, st.Tool.OutputSchema.Type, name, "a raw schema only")
	}
}

// TestEveryToolSchemaCompiles compiles every tool's input and output
// schema, as their first call would: validated compiles them lazily, so a
// schema that does not compile would otherwise surface only when a model
// first calls the tool.
func TestEveryToolSchemaCompiles(t *testing.T) {
	e := newEnv(t, "")
	tools := e.srv.ListTools()
	require.NotEmpty(t, tools)
	for name, st := range tools {
		_, err := compileToolSchema(name, "input", st.Tool.RawInputSchema, st.Tool.InputSchema)
		assert.NoError(t, err, name)
		_, err = compileToolSchema(name, "output", st.Tool.RawOutputSchema, st.Tool.OutputSchema)
		assert.NoError(t, err, name)
	}
	_, err := compileToolSchema("broken", "input", json.RawMessage(`{"type": 5}`), nil)
	assert.Error(t, err, "a schema that does not compile is reported")
}
