package tools

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/google/jsonschema-go/jsonschema"
)

// checker checks JSON values against one schema, resolved (and so checked
// to be a well-formed schema) by jsonschema-go. It walks the schema and the
// value side by side itself: jsonschema-go's Validate works through
// reflection, allocates at every level and stops at the first problem, and
// checking a call's arguments and result with it took half the server's
// time of a check_service_hours call. The walk covers the keywords of
// draft 2020-12 that constrain values; a schema using any other (contains,
// dependentSchemas, unevaluatedProperties, a reference outside itself...)
// is validated by jsonschema-go, and the walk only words its problems.
// TestCheckerAgreesWithJSONSchemaGo holds the two to the same verdicts.
type checker struct {
	resolved *jsonschema.Resolved
	root     *jsonschema.Schema
	patterns map[string]*regexp.Regexp // of pattern and patternProperties
	walks    bool                      // the walk decides; else Validate
	simple   bool                      // every schema in it is simpleSchema: fitsGo follows it
}

// newChecker prepares the checks of r: its patterns compiled, and whether
// the walk covers every keyword it uses.
func newChecker(r *jsonschema.Resolved) (*checker, error) {
	c := &checker{resolved: r, root: r.Schema(), patterns: map[string]*regexp.Regexp{}, walks: true, simple: true}
	if s := c.root.Schema; s != "" && !strings.Contains(s, "2020-12") {
		c.walks = false // draft 7: $ref ignores the keywords beside it, items may be an array
	}
	seen := map[*jsonschema.Schema]bool{}
	var scan func(s *jsonschema.Schema) error
	scan = func(s *jsonschema.Schema) error {
		if s == nil || seen[s] {
			return nil
		}
		seen[s] = true
		if s.AdditionalItems != nil || s.Contains != nil || s.MinContains != nil || s.MaxContains != nil ||
			s.DependencySchemas != nil || s.DependencyStrings != nil || s.DependentRequired != nil || s.DependentSchemas != nil ||
			s.DynamicRef != "" || s.PropertyNames != nil || s.UnevaluatedItems != nil || s.UnevaluatedProperties != nil ||
			s.ItemsArray != nil || (s.Ref != "" && c.local(s.Ref) == nil) {
			c.walks = false
		}
		if !simpleSchema(s) {
			c.simple = false
		}
		patterns := []string{s.Pattern}
		for p := range s.PatternProperties {
			patterns = append(patterns, p)
		}
		for _, p := range patterns {
			if p == "" || c.patterns[p] != nil {
				continue
			}
			re, err := regexp.Compile(p)
			if err != nil {
				return fmt.Errorf("pattern %q: %w", p, err)
			}
			c.patterns[p] = re
		}
		for _, sub := range subschemas(s) {
			if err := scan(sub); err != nil {
				return err
			}
		}
		return nil
	}
	if err := scan(c.root); err != nil {
		return nil, err
	}
	c.simple = c.simple && c.walks
	return c, nil
}

// subschemas returns the schemas s holds.
func subschemas(s *jsonschema.Schema) []*jsonschema.Schema {
	out := []*jsonschema.Schema{s.Items, s.AdditionalItems, s.Contains, s.AdditionalProperties, s.PropertyNames,
		s.Not, s.If, s.Then, s.Else, s.UnevaluatedItems, s.UnevaluatedProperties}
	out = append(out, s.PrefixItems...)
	out = append(out, s.ItemsArray...)
	out = append(out, s.AllOf...)
	out = append(out, s.AnyOf...)
	out = append(out, s.OneOf...)
	for _, m := range []map[string]*jsonschema.Schema{s.Defs, s.Definitions, s.Properties, s.PatternProperties, s.DependentSchemas, s.DependencySchemas} {
		for _, sub := range m {
			out = append(out, sub)
		}
	}
	return out
}

// local returns the schema a reference within the document names
// ("#/$defs/turn"), or nil.
func (c *checker) local(ref string) *jsonschema.Schema {
	if name, ok := strings.CutPrefix(ref, "#/$defs/"); ok {
		return c.root.Defs[name]
	}
	if name, ok := strings.CutPrefix(ref, "#/definitions/"); ok {
		return c.root.Definitions[name]
	}
	if ref == "#" {
		return c.root
	}
	return nil
}

// problems returns nothing when v is valid, else one sentence per problem:
// what is missing first, then by field, each sentence once.
func (c *checker) problems(v any) []string {
	var verr error
	if c.walks {
		w := walker{c: c, quiet: true}
		if w.walk(c.root, v, 0); !w.bad {
			return nil
		}
	} else if verr = c.resolved.Validate(v); verr == nil {
		return nil
	}
	w := walker{c: c}
	w.walk(c.root, v, 0)
	if out := w.sentences(); len(out) > 0 {
		return out
	}
	if verr == nil {
		verr = c.resolved.Validate(v)
	}
	// A keyword the walk does not word: jsonschema-go's sentence, which
	// names the constraint, without its trail of schema locations.
	msg := fmt.Sprint(verr)
	if i := strings.LastIndex(msg, "validating "); i >= 0 {
		if j := strings.Index(msg[i:], ": "); j >= 0 {
			msg = msg[i+j+2:]
		}
	}
	return []string{"the arguments do not match the tool's input schema (" + msg + "); check them against it"}
}
