package tools

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	xlanguage "golang.org/x/text/language"
	"golang.org/x/text/message"
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
// The schemas are compiled on the tool's first call, not at start-up, where
// compiling all of them took a third of the time to serving. A schema that
// does not compile is a programming error, caught by
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
		if problems := checkArguments(outSchema, res.StructuredContent); len(problems) > 0 {
			return nil, fmt.Errorf("tool %s: the result does not match the output schema: %s", t.Tool.Name, strings.Join(problems, "; "))
		}
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
	compiled *jsonschema.Schema
	err      error
}

// get returns the compiled schema, compiling it on the first call.
func (l *lazySchema) get() (*jsonschema.Schema, error) {
	l.once.Do(func() { l.compiled, l.err = compileToolSchema(l.tool, l.which, l.raw, l.schema) })
	return l.compiled, l.err
}

// compileToolSchema compiles a tool's input or output schema, raw when set.
func compileToolSchema(tool, which string, raw json.RawMessage, schema any) (*jsonschema.Schema, error) {
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

// compileSchema compiles the JSON schema raw under the name name.
func compileSchema(name string, raw []byte) (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("decoding schema: %w", err)
	}
	url := "mem:///handoff-mcp/tools/" + name + ".json"
	c := jsonschema.NewCompiler()
	if err := c.AddResource(url, doc); err != nil {
		return nil, fmt.Errorf("adding schema: %w", err)
	}
	s, err := c.Compile(url)
	if err != nil {
		return nil, fmt.Errorf("compiling schema: %w", err)
	}
	return s, nil
}

const notJSON = `the arguments are not a JSON object; send them as one, like {"conversation_id": "c1"}`

// checkArguments validates args (nil means no arguments: an empty object)
// and returns one sentence per problem: what is missing first, then by
// field.
func checkArguments(s *jsonschema.Schema, args any) []string {
	b := []byte("{}")
	if raw, ok := args.(json.RawMessage); ok {
		if len(bytes.TrimSpace(raw)) > 0 {
			b = raw
		}
	} else if args != nil {
		var err error
		if b, err = json.Marshal(args); err != nil {
			return []string{notJSON}
		}
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		return []string{notJSON}
	}
	err = s.Validate(v)
	if err == nil {
		return nil
	}
	verr, ok := err.(*jsonschema.ValidationError)
	if !ok {
		return []string{err.Error()}
	}
	// The validator walks objects in map order: sort, so the same call
	// always reads the same (what is missing first, then by field).
	ls := leaves(verr)
	sort.SliceStable(ls, func(i, j int) bool {
		_, ri := ls[i].ErrorKind.(*kind.Required)
		_, rj := ls[j].ErrorKind.(*kind.Required)
		if ri != rj {
			return ri
		}
		return fieldName(ls[i].InstanceLocation) < fieldName(ls[j].InstanceLocation)
	})
	var out []string
	for _, leaf := range ls {
		if p := describe(leaf.InstanceLocation, leaf.ErrorKind); p != "" && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		return []string{"the arguments do not match the tool's input schema; check them against it"}
	}
	return out
}

// leaves returns the innermost causes of a validation error: the nodes
// above them only group them ("allOf failed").
func leaves(e *jsonschema.ValidationError) []*jsonschema.ValidationError {
	if len(e.Causes) == 0 {
		return []*jsonschema.ValidationError{e}
	}
	var out []*jsonschema.ValidationError
	for _, c := range e.Causes {
		out = append(out, leaves(c)...)
	}
	return out
}

// fieldName renders an instance location as the model wrote it:
// transcript[2].role, metadata.plan; "" is the arguments object itself.
func fieldName(loc []string) string {
	var b strings.Builder
	for _, seg := range loc {
		if isIndex(seg) {
			b.WriteString("[" + seg + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(seg)
	}
	return b.String()
}

func isIndex(seg string) bool {
	if seg == "" {
		return false
	}
	for _, r := range seg {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// child names field name under parent.
func child(parent, name string) string {
	if parent == "" {
		return name
	}
	return parent + "." + name
}

var english = message.NewPrinter(xlanguage.English)

// describe says in one sentence what is wrong at loc and what to send.
func describe(loc []string, k jsonschema.ErrorKind) string {
	field := fieldName(loc)
	subject := field
	if subject == "" {
		subject = "the arguments"
	}
	switch k := k.(type) {
	case *kind.Required:
		var parts []string
		for _, m := range k.Missing {
			parts = append(parts, child(field, m)+" is required")
		}
		return strings.Join(parts, "; ")
	case *kind.Type:
		return fmt.Sprintf("%s must be %s, got %s", subject, orList(articled(k.Want)), article(k.Got))
	case *kind.Enum:
		want := make([]string, len(k.Want))
		for i, w := range k.Want {
			want[i] = jsonText(w)
		}
		return fmt.Sprintf("%s must be one of %s, got %s", subject, strings.Join(want, ", "), jsonText(k.Got))
	case *kind.Const:
		return fmt.Sprintf("%s must be %s, got %s", subject, jsonText(k.Want), jsonText(k.Got))
	case *kind.AdditionalProperties:
		names := make([]string, len(k.Properties))
		for i, p := range k.Properties {
			names[i] = child(field, p)
		}
		sort.Strings(names)
		if len(names) == 1 {
			return fmt.Sprintf("%s is not a known argument; remove it (check the spelling against the tool's input schema)", names[0])
		}
		return fmt.Sprintf("%s are not known arguments; remove them (check the spelling against the tool's input schema)", strings.Join(names, ", "))
	case *kind.MinLength:
		return fmt.Sprintf("%s must be at least %d characters long, got %d", subject, k.Want, k.Got)
	case *kind.MaxLength:
		return fmt.Sprintf("%s must be at most %d characters long, got %d; shorten it", subject, k.Want, k.Got)
	case *kind.MinItems:
		return fmt.Sprintf("%s must have at least %d items, got %d", subject, k.Want, k.Got)
	case *kind.MaxItems:
		return fmt.Sprintf("%s must have at most %d items, got %d; send fewer", subject, k.Want, k.Got)
	case *kind.MinProperties:
		return fmt.Sprintf("%s must have at least %d entries, got %d", subject, k.Want, k.Got)
	case *kind.MaxProperties:
		return fmt.Sprintf("%s must have at most %d entries, got %d", subject, k.Want, k.Got)
	case *kind.Minimum:
		return fmt.Sprintf("%s must be at least %s, got %s", subject, ratText(k.Want), ratText(k.Got))
	case *kind.Maximum:
		return fmt.Sprintf("%s must be at most %s, got %s", subject, ratText(k.Want), ratText(k.Got))
	case *kind.ExclusiveMinimum:
		return fmt.Sprintf("%s must be greater than %s, got %s", subject, ratText(k.Want), ratText(k.Got))
	case *kind.ExclusiveMaximum:
		return fmt.Sprintf("%s must be less than %s, got %s", subject, ratText(k.Want), ratText(k.Got))
	case *kind.MultipleOf:
		return fmt.Sprintf("%s must be a multiple of %s, got %s", subject, ratText(k.Want), ratText(k.Got))
	case *kind.Pattern:
		return fmt.Sprintf("%s must match the pattern %s", subject, k.Want)
	case *kind.Format:
		return fmt.Sprintf("%s must be a valid %s", subject, k.Want)
	case *kind.UniqueItems:
		return fmt.Sprintf("%s must not repeat items (items %d and %d are equal)", subject, k.Duplicates[0], k.Duplicates[1])
	case *kind.FalseSchema:
		return fmt.Sprintf("%s is not allowed here; remove it", subject)
	}
	// Kinds our schemas do not use (oneOf, dependencies, content...): the
	// validator's own English sentence, which names the constraint.
	return fmt.Sprintf("%s: %s", subject, k.LocalizedString(english))
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

func ratText(r *big.Rat) string {
	if r == nil {
		return "?"
	}
	if r.IsInt() {
		return r.Num().String()
	}
	return r.FloatString(6)
}
