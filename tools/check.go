package tools

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

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
}

// newChecker prepares the checks of r: its patterns compiled, and whether
// the walk covers every keyword it uses.
func newChecker(r *jsonschema.Resolved) (*checker, error) {
	c := &checker{resolved: r, root: r.Schema(), patterns: map[string]*regexp.Regexp{}, walks: true}
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

// problem is one thing wrong with a value: the field it is at
// (transcript[2].role; "" is the arguments object itself) and the sentence
// that says what to send.
type problem struct {
	missing bool // a required field is absent: said first
	field   string
	text    string
}

// walker walks a schema and a value side by side. Quiet, it only notes
// that something is wrong (bad) and stops; otherwise it words every
// problem. The field it is at is path, rendered only for a problem.
type walker struct {
	c     *checker
	quiet bool
	bad   bool
	path  []segment
	out   []problem
}

// segment is one step of a field's path: a property name or an index.
type segment struct {
	name  string
	index int // when name is ""
}

// maxDepth bounds the schemas the walk enters within one value (a
// recursive reference cannot loop).
const maxDepth = 64

func (w *walker) field() string {
	var b strings.Builder
	for _, seg := range w.path {
		if seg.name == "" {
			b.WriteString("[" + strconv.Itoa(seg.index) + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(seg.name)
	}
	return b.String()
}

// add notes a problem at the current field: format's first verb is the
// field ("the arguments" at the top).
func (w *walker) add(format string, args ...any) {
	w.bad = true
	if w.quiet {
		return
	}
	field := w.field()
	subject := field
	if subject == "" {
		subject = "the arguments"
	}
	w.out = append(w.out, problem{field: field, text: fmt.Sprintf(format, append([]any{subject}, args...)...)})
}

func (w *walker) sentences() []string {
	sort.SliceStable(w.out, func(i, j int) bool {
		if w.out[i].missing != w.out[j].missing {
			return w.out[i].missing
		}
		return w.out[i].field < w.out[j].field
	})
	var out []string
	for _, p := range w.out {
		if !slices.Contains(out, p.text) {
			out = append(out, p.text)
		}
	}
	return out
}

// fits reports whether v satisfies s, without wording anything.
func (w *walker) fits(s *jsonschema.Schema, v any, depth int) bool {
	sub := walker{c: w.c, quiet: true}
	sub.walk(s, v, depth)
	return !sub.bad
}

// walk checks v against s.
func (w *walker) walk(s *jsonschema.Schema, v any, depth int) {
	if s == nil || depth > maxDepth || (w.quiet && w.bad) {
		return
	}
	if isFalse(s) {
		w.add("%s is not allowed here; remove it")
		return
	}
	if s.Ref != "" {
		w.walk(w.c.local(s.Ref), v, depth+1)
	}
	got := jsonTypeOf(v)
	if !typeFits(s, v, got) {
		w.add("%s must be %s, got %s", orList(articled(schemaTypes(s))), article(got))
		return
	}
	if len(s.Enum) > 0 && !slices.ContainsFunc(s.Enum, func(e any) bool { return jsonEqual(e, v) }) {
		want := make([]string, len(s.Enum))
		for i, e := range s.Enum {
			want[i] = jsonText(e)
		}
		w.add("%s must be one of %s, got %s", strings.Join(want, ", "), jsonText(v))
	}
	if s.Const != nil && !jsonEqual(*s.Const, v) {
		w.add("%s must be %s, got %s", jsonText(*s.Const), jsonText(v))
	}
	switch got {
	case "number":
		w.number(s, v)
	case "string":
		w.str(s, v.(string))
	case "array":
		w.array(s, arrayOf(v), depth)
	case "object":
		if m, ok := v.(map[string]any); ok {
			w.object(s, m, depth)
		}
	}
	for _, sub := range s.AllOf {
		w.walk(sub, v, depth+1)
	}
	if len(s.AnyOf) > 0 && !slices.ContainsFunc(s.AnyOf, func(sub *jsonschema.Schema) bool { return w.fits(sub, v, depth+1) }) {
		w.add("%s does not have any of the forms the input schema allows for it; check it against the schema")
	}
	if len(s.OneOf) > 0 {
		n := 0
		for _, sub := range s.OneOf {
			if w.fits(sub, v, depth+1) {
				n++
			}
		}
		if n != 1 {
			w.add("%s must have exactly one of the forms the input schema allows for it, has %d; check it against the schema", n)
		}
	}
	if s.Not != nil && w.fits(s.Not, v, depth+1) {
		w.add("%s has a form the input schema rules out; check it against the schema")
	}
	if s.If != nil {
		if w.fits(s.If, v, depth+1) {
			w.walk(s.Then, v, depth+1)
		} else {
			w.walk(s.Else, v, depth+1)
		}
	}
}

func (w *walker) number(s *jsonschema.Schema, v any) {
	n, _ := number(v)
	if s.Minimum != nil && n < *s.Minimum {
		w.add("%s must be at least %s, got %s", num(*s.Minimum), num(n))
	}
	if s.Maximum != nil && n > *s.Maximum {
		w.add("%s must be at most %s, got %s", num(*s.Maximum), num(n))
	}
	if s.ExclusiveMinimum != nil && n <= *s.ExclusiveMinimum {
		w.add("%s must be greater than %s, got %s", num(*s.ExclusiveMinimum), num(n))
	}
	if s.ExclusiveMaximum != nil && n >= *s.ExclusiveMaximum {
		w.add("%s must be less than %s, got %s", num(*s.ExclusiveMaximum), num(n))
	}
	if m := s.MultipleOf; m != nil && *m > 0 {
		if q := n / *m; q != math.Trunc(q) {
			w.add("%s must be a multiple of %s, got %s", num(*m), num(n))
		}
	}
}

func (w *walker) str(s *jsonschema.Schema, v string) {
	if s.MinLength != nil || s.MaxLength != nil {
		n := utf8.RuneCountInString(v)
		if s.MinLength != nil && n < *s.MinLength {
			w.add("%s must be at least %d characters long, got %d", *s.MinLength, n)
		}
		if s.MaxLength != nil && n > *s.MaxLength {
			w.add("%s must be at most %d characters long, got %d; shorten it", *s.MaxLength, n)
		}
	}
	if s.Pattern != "" && !w.c.patterns[s.Pattern].MatchString(v) {
		w.add("%s must match the pattern %s", s.Pattern)
	}
}

func (w *walker) array(s *jsonschema.Schema, items []any, depth int) {
	if s.MinItems != nil && len(items) < *s.MinItems {
		w.add("%s must have at least %d items, got %d", *s.MinItems, len(items))
	}
	if s.MaxItems != nil && len(items) > *s.MaxItems {
		w.add("%s must have at most %d items, got %d; send fewer", *s.MaxItems, len(items))
	}
	if s.UniqueItems {
	dup:
		for i := range items {
			for j := i + 1; j < len(items); j++ {
				if jsonEqual(items[i], items[j]) {
					w.add("%s must not repeat items (items %d and %d are equal)", i, j)
					break dup
				}
			}
		}
	}
	for i, it := range items {
		sub := s.Items
		if i < len(s.PrefixItems) {
			sub = s.PrefixItems[i]
		}
		if sub != nil {
			w.path = append(w.path, segment{index: i})
			w.walk(sub, it, depth+1)
			w.path = w.path[:len(w.path)-1]
		}
	}
}

func (w *walker) object(s *jsonschema.Schema, v map[string]any, depth int) {
	for _, name := range s.Required {
		if _, ok := v[name]; !ok {
			w.bad = true
			if !w.quiet {
				at := child(w.field(), name)
				w.out = append(w.out, problem{missing: true, field: at, text: at + " is required"})
			}
		}
	}
	if s.MinProperties != nil && len(v) < *s.MinProperties {
		w.add("%s must have at least %d entries, got %d", *s.MinProperties, len(v))
	}
	if s.MaxProperties != nil && len(v) > *s.MaxProperties {
		w.add("%s must have at most %d entries, got %d", *s.MaxProperties, len(v))
	}
	var unknown []string
	for name, val := range v {
		if w.quiet && w.bad {
			return
		}
		w.path = append(w.path, segment{name: name})
		sub, known := s.Properties[name]
		if known {
			w.walk(sub, val, depth+1)
		}
		for p, sub := range s.PatternProperties {
			if w.c.patterns[p].MatchString(name) {
				known = true
				w.walk(sub, val, depth+1)
			}
		}
		switch ap := s.AdditionalProperties; {
		case known || ap == nil:
		case isFalse(ap):
			w.bad = true
			if !w.quiet {
				unknown = append(unknown, w.field())
			}
		default:
			w.walk(ap, val, depth+1)
		}
		w.path = w.path[:len(w.path)-1]
	}
	sort.Strings(unknown)
	switch len(unknown) {
	case 0:
	case 1:
		w.out = append(w.out, problem{field: unknown[0], text: unknown[0] + " is not a known argument; remove it (check the spelling against the tool's input schema)"})
	default:
		w.out = append(w.out, problem{field: unknown[0], text: strings.Join(unknown, ", ") + " are not known arguments; remove them (check the spelling against the tool's input schema)"})
	}
}

// isFalse reports whether s is the schema false, which jsonschema-go
// decodes as {"not": {}}.
func isFalse(s *jsonschema.Schema) bool {
	return s.Not != nil && reflect.ValueOf(*s.Not).IsZero()
}

// schemaTypes returns the types s allows, sorted; none means any.
func schemaTypes(s *jsonschema.Schema) []string {
	if s.Type != "" {
		return []string{s.Type}
	}
	out := slices.Clone(s.Types)
	sort.Strings(out)
	return out
}

// typeFits reports whether v, of JSON type got, is of a type s allows: an
// integer is a number whose fraction is zero.
func typeFits(s *jsonschema.Schema, v any, got string) bool {
	fits := func(want string) bool {
		if want == got {
			return true
		}
		if want == "integer" && got == "number" {
			n, _ := number(v)
			return n == math.Trunc(n) && !math.IsInf(n, 0)
		}
		return false
	}
	if s.Type != "" {
		return fits(s.Type)
	}
	return len(s.Types) == 0 || slices.ContainsFunc(s.Types, fits)
}

// jsonTypeOf names the JSON type of v as the model sent it: every number is
// "number".
func jsonTypeOf(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case float64:
		return "number"
	}
	if _, ok := number(v); ok {
		return "number"
	}
	if k := reflect.ValueOf(v).Kind(); k == reflect.Slice || k == reflect.Array {
		return "array"
	}
	return "object"
}

// number returns v as a float64, when v is a number (as decoded from JSON,
// or a Go number built in process).
func number(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case json.Number:
		f, err := n.Float64()
		return f, err == nil
	}
	rv := reflect.ValueOf(v)
	switch {
	case rv.CanInt():
		return float64(rv.Int()), true
	case rv.CanUint():
		return float64(rv.Uint()), true
	case rv.CanFloat():
		return rv.Float(), true
	}
	return 0, false
}

// arrayOf returns the items of a slice or array.
func arrayOf(v any) []any {
	if a, ok := v.([]any); ok {
		return a
	}
	rv := reflect.ValueOf(v)
	out := make([]any, rv.Len())
	for i := range out {
		out[i] = rv.Index(i).Interface()
	}
	return out
}

// jsonEqual reports whether a and b are the same JSON value: numbers by
// value, whatever their Go type.
func jsonEqual(a, b any) bool {
	if x, ok := a.(string); ok {
		y, ok := b.(string)
		return ok && x == y
	}
	if x, ok := number(a); ok {
		y, ok := number(b)
		return ok && x == y
	}
	if x, ok := a.(map[string]any); ok {
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, xv := range x {
			if yv, ok := y[k]; !ok || !jsonEqual(xv, yv) {
				return false
			}
		}
		return true
	}
	if jsonTypeOf(a) == "array" {
		return jsonTypeOf(b) == "array" && slices.EqualFunc(arrayOf(a), arrayOf(b), jsonEqual)
	}
	return a == b
}

// num renders a schema's or the model's number as JSON would.
func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
