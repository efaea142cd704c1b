package tools

import (
	"bytes"
	"embed"
	"encoding/json"

	"github.com/mark3labs/mcp-go/mcp"
)

// Every tool's input and output schema is derived from its Go structs
// (mcp.WithInputSchema[T], mcp.WithOutputSchema[T]), but not at start-up:
// reflecting on seven pairs of structs and encoding the results took a
// quarter of the time from exec to serving. The derived schemas are kept
// in schemas/<tool>.<input|output>.json, byte for byte what the reflection
// gives, and TestPrecomputedSchemas derives them again and fails when a
// struct changed without them (UPDATE_TOOLSNAPS=true rewrites them).
//
//go:embed schemas/*.json
var precomputedFS embed.FS

// reflectSchemas makes inputSchema and outputSchema derive every schema
// from the Go types, as TestPrecomputedSchemas does to check the files.
var reflectSchemas bool

// precomputed returns the schema kept for tool's input or output (which),
// nil when there is none.
func precomputed(tool, which string) json.RawMessage {
	if reflectSchemas {
		return nil
	}
	b, err := precomputedFS.ReadFile("schemas/" + tool + "." + which + ".json")
	if err != nil {
		return nil
	}
	return json.RawMessage(bytes.TrimSpace(b))
}

// inputSchema sets the tool's input schema to T's: the precomputed one
// when it is kept, else derived from T now (a tool added without running
// UPDATE_TOOLSNAPS=true still works; TestPrecomputedSchemas reports it).
func inputSchema[T any]() mcp.ToolOption {
	return func(t *mcp.Tool) {
		raw := precomputed(t.Name, "input")
		if raw == nil {
			mcp.WithInputSchema[T]()(t)
			return
		}
		t.InputSchema = mcp.ToolInputSchema{}
		t.RawInputSchema = raw
	}
}

// outputSchema sets the tool's output schema to T's, encoded once
// (precomputeOutputSchema): the precomputed one when it is kept, else
// derived from T now.
func outputSchema[T any]() mcp.ToolOption {
	return func(t *mcp.Tool) {
		raw := precomputed(t.Name, "output")
		if raw == nil {
			mcp.WithOutputSchema[T]()(t)
			*t = precomputeOutputSchema(*t)
			return
		}
		t.OutputSchema = mcp.ToolOutputSchema{}
		t.RawOutputSchema = raw
	}
}
