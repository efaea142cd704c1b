package tools

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"github.com/google/jsonschema-go/jsonschema"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
)

// invalidInput is the one shape of an input error the model can correct:
// a tool result with isError whose text starts "Invalid input: " and says,
// one sentence per problem, what to send instead.
func invalidInput(problems ...string) *mcp.CallToolResult {
	return mcp.NewToolResultError("Invalid input: " + strings.Join(problems, "; "))
}

// validated checks a call's arguments against the tool's input schema before
// h runs, and answers arguments that do not fit with an invalidInput result
// naming each field and what to send. It replaces mcp-go's own validation
// (server.WithInputSchemaValidation), whose text is Go formatting
// ("&{Missing:[transcript]}"). It checks the structured content of a
// successful result against the output schema too, and reports a mismatch
// as an internal fault (a Go error: logged with the same sentences, and the
// model told only that something went wrong), where mcp-go's
// WithOutputSchemaValidation would show the model its Go formatting.
//
// The arguments are checked as mcp-go decoded them (no second decoding);
// the structured content is encoded once and sent as those bytes
// (RawStructuredContent), not encoded again by mcp-go, and checked on the
// Go value itself (fitsGo), not decoded from them; only a result that does
// not surely fit is read as jsonView reads it, and walked to word what is
// wrong.
//
// The schemas are compiled on the tool's first call, not at start-up. A
// schema that does not compile is a programming error, caught by
// TestEveryToolSchemaCompiles; at run time it makes every call of that tool
// an internal fault rather than a call served without validation.
func validated(t server.ServerTool) server.ServerTool {
	in := lazySchema{tool: t.Tool.Name, which: "input", raw: t.Tool.RawInputSchema, schema: t.Tool.InputSchema}
	var out *lazySchema
	if len(t.Tool.RawOutputSchema) > 0 || t.Tool.OutputSchema.Type != "" {
		out = &lazySchema{tool: t.Tool.Name, which: "output", raw: t.Tool.RawOutputSchema, schema: t.Tool.OutputSchema}
	}
	next := t.Handler
	t.Handler = func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		inSchema, err := in.get()
		if err != nil {
			return nil, err
		}
		if problems := checkArguments(inSchema, req.Params.Arguments); len(problems) > 0 {
			return invalidInput(problems...), nil
		}
		res, err := next(ctx, req)
		if err != nil || out == nil || res == nil || res.IsError || res.StructuredContent == nil {
			return res, err
		}
		outSchema, err := out.get()
		if err != nil {
			return nil, err
		}
		raw, err := json.Marshal(res.StructuredContent)
		if err != nil {
			return nil, fmt.Errorf("tool %s: encoding the result: %w", t.Tool.Name, err)
		}
		if !outSchema.fitsGo(res.StructuredContent) {
			view, ok := jsonView(res.StructuredContent)
			if !ok {
				if err := json.Unmarshal(raw, &view); err != nil {
					return nil, fmt.Errorf("tool %s: decoding the result: %w", t.Tool.Name, err)
				}
			}
			if problems := outSchema.problems(view); len(problems) > 0 {
				return nil, fmt.Errorf("tool %s: the result does not match the output schema: %s", t.Tool.Name, strings.Join(problems, "; "))
			}
		}
		res.RawStructuredContent = raw
		return res, nil
	}
	return t
}

// lazySchema is a tool's input or output schema, compiled once on first
// use: raw when set, else schema encoded.
type lazySchema struct {
	tool, which string
	raw         json.RawMessage
	schema      any

	once     sync.Once
	compiled *checker
	err      error
}

// get returns the compiled schema, compiling it on the first call.
func (l *lazySchema) get() (*checker, error) {
	l.once.Do(func() { l.compiled, l.err = compileToolSchema(l.tool, l.which, l.raw, l.schema) })
	return l.compiled, l.err
}

// compileToolSchema compiles a tool's input or output schema, raw when set.
func compileToolSchema(tool, which string, raw json.RawMessage, schema any) (*checker, error) {
	b := []byte(raw)
	if len(b) == 0 {
		var err error
		if b, err = json.Marshal(schema); err != nil {
			return nil, fmt.Errorf("tool %s: encoding %s schema: %w", tool, which, err)
		}
	}
	s, err := compileSchema(tool+"/"+which, b)
	if err != nil {
		return nil, fmt.Errorf("tool %s: %s schema: %w", tool, which, err)
	}
	return s, nil
}

// compileSchema decodes and resolves the JSON schema raw, named name (its
// base URI, for references within it): jsonschema-go checks that it is a
// well-formed schema.
func compileSchema(name string, raw []byte) (*checker, error) {
	var s jsonschema.Schema
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, fmt.Errorf("decoding schema: %w", err)
	}
	r, err := s.Resolve(&jsonschema.ResolveOptions{BaseURI: "mem:///handoff-mcp/tools/" + name + ".json"})
	if err != nil {
		return nil, fmt.Errorf("resolving schema: %w", err)
	}
	return newChecker(r)
}

const notJSON = `the arguments are not a JSON object; send them as one, like {"conversation_id": "c1"}`

// checkArguments validates args (nil means no arguments: an empty object;
// json.RawMessage is decoded; other values are checked as they are, so
// they must be JSON values: maps, slices, strings, numbers, booleans) and
// returns one sentence per problem: what is missing first, then by field.
func checkArguments(c *checker, args any) []string {
	v := args
	switch a := args.(type) {
	case nil:
		v = map[string]any{}
	case json.RawMessage:
		v = map[string]any{}
		if len(bytes.TrimSpace(a)) > 0 {
			if err := json.Unmarshal(a, &v); err != nil {
				return []string{notJSON}
			}
		}
	}
	return c.problems(v)
}

// child names field name under parent.
func child(parent, name string) string {
	if parent == "" {
		return name
	}
	return parent + "." + name
}

// article names a JSON type with its article: "a string", "an object".
func article(t string) string {
	switch t {
	case "null":
		return "null"
	case "array", "object", "integer":
		return "an " + t
	}
	return "a " + t
}

func articled(ts []string) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = article(t)
	}
	return out
}

func orList(xs []string) string {
	switch len(xs) {
	case 0:
		return "something else"
	case 1:
		return xs[0]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " or " + xs[len(xs)-1]
}

// jsonText renders a value as the model would write it in JSON, cut short.
func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	s := string(b)
	if len(s) > 60 {
		s = s[:57] + "..."
	}
	return s
}
