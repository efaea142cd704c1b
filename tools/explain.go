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

// problem is one thing wrong with a call's arguments: the field it is at
// (transcript[2].role; "" is the arguments object itself) and the sentence
// that says what to send.
type problem struct {
	missing bool // a required field is absent: said first
	field   string
	text    string
}

// explain walks schema and the JSON value v side by side and says, one
// sentence per problem, everything in v that the schema does not allow:
// what is missing first, then by field, each sentence once. The library
// (jsonschema.Resolved.Validate) decides whether v is valid and stops at the
// first problem; explain runs only after it said no, to word all of them
// for the model. It covers the keywords of draft 2020-12 that constrain
// values; it returns nothing for a failure it cannot word (a reference
// outside the schema, dependentSchemas, unevaluatedProperties...).
func explain(root *jsonschema.Schema, v any) []string {
	e := explainer{root: root}
	e.walk(root, v, "", 0)
	sort.SliceStable(e.out, func(i, j int) bool {
		if e.out[i].missing != e.out[j].missing {
			return e.out[i].missing
		}
		return e.out[i].field < e.out[j].field
	})
	var out []string
	for _, p := range e.out {
		if !slices.Contains(out, p.text) {
			out = append(out, p.text)
		}
	}
	return out
}

// maxDepth bounds the references explain follows within one value.
const maxDepth = 64

type explainer struct {
	root *jsonschema.Schema
	out  []problem
}

func (e *explainer) add(field, format string, args ...any) {
	e.out = append(e.out, problem{field: field, text: fmt.Sprintf(format, args...)})
}

// fits reports whether v satisfies s, by the same rules, without keeping
// what is wrong.
func (e *explainer) fits(s *jsonschema.Schema, v any, depth int) bool {
	sub := explainer{root: e.root}
	sub.walk(s, v, "", depth)
	return len(sub.out) == 0
}

// walk adds the problems of v (at field) against s.
func (e *explainer) walk(s *jsonschema.Schema, v any, field string, depth int) {
	if s == nil || depth > maxDepth {
		return
	}
	subject := field
	if subject == "" {
		subject = "the arguments"
	}
	if s.Not != nil && isEmptySchema(s.Not) { // the schema false
		e.add(field, "%s is not allowed here; remove it", subject)
		return
	}
	if s.Ref != "" {
		if target := e.local(s.Ref); target != nil {
			e.walk(target, v, field, depth+1)
		}
	}
	got := jsonTypeOf(v)
	if want := schemaTypes(s); len(want) > 0 && !typeFits(want, v, got) {
		e.add(field, "%s must be %s, got %s", subject, orList(articled(want)), article(got))
		return
	}
	if len(s.Enum) > 0 && !slices.ContainsFunc(s.Enum, func(w any) bool { return jsonEqual(w, v) }) {
		want := make([]string, len(s.Enum))
		for i, w := range s.Enum {
			want[i] = jsonText(w)
		}
		e.add(field, "%s must be one of %s, got %s", subject, strings.Join(want, ", "), jsonText(v))
	}
	if s.Const != nil && !jsonEqual(*s.Const, v) {
		e.add(field, "%s must be %s, got %s", subject, jsonText(*s.Const), jsonText(v))
	}
	switch got {
	case "number":
		e.number(s, v, field, subject)
	case "string":
		e.str(s, v.(string), field, subject)
	case "array":
		e.array(s, v, field, subject, depth)
	case "object":
		e.object(s, v.(map[string]any), field, subject, depth)
	}
	for _, sub := range s.AllOf {
		e.walk(sub, v, field, depth+1)
	}
	if len(s.AnyOf) > 0 && !slices.ContainsFunc(s.AnyOf, func(sub *jsonschema.Schema) bool { return e.fits(sub, v, depth+1) }) {
		e.add(field, "%s does not have any of the forms the input schema allows for it; check it against the schema", subject)
	}
	if len(s.OneOf) > 0 {
		n := 0
		for _, sub := range s.OneOf {
			if e.fits(sub, v, depth+1) {
				n++
			}
		}
		if n != 1 {
			e.add(field, "%s must have exactly one of the forms the input schema allows for it, has %d; check it against the schema", subject, n)
		}
	}
	if s.Not != nil && !isEmptySchema(s.Not) && e.fits(s.Not, v, depth+1) {
		e.add(field, "%s has a form the input schema rules out; check it against the schema", subject)
	}
	if s.If != nil {
		if e.fits(s.If, v, depth+1) {
			e.walk(s.Then, v, field, depth+1)
		} else {
			e.walk(s.Else, v, field, depth+1)
		}
	}
}

func (e *explainer) number(s *jsonschema.Schema, v any, field, subject string) {
	n, _ := number(v)
	if s.Minimum != nil && n < *s.Minimum {
		e.add(field, "%s must be at least %s, got %s", subject, num(*s.Minimum), num(n))
	}
	if s.Maximum != nil && n > *s.Maximum {
		e.add(field, "%s must be at most %s, got %s", subject, num(*s.Maximum), num(n))
	}
	if s.ExclusiveMinimum != nil && n <= *s.ExclusiveMinimum {
		e.add(field, "%s must be greater than %s, got %s", subject, num(*s.ExclusiveMinimum), num(n))
	}
	if s.ExclusiveMaximum != nil && n >= *s.ExclusiveMaximum {
		e.add(field, "%s must be less than %s, got %s", subject, num(*s.ExclusiveMaximum), num(n))
	}
	if m := s.MultipleOf; m != nil && *m > 0 {
		if q := n / *m; q != math.Trunc(q) {
			e.add(field, "%s must be a multiple of %s, got %s", subject, num(*m), num(n))
		}
	}
}

func (e *explainer) str(s *jsonschema.Schema, v, field, subject string) {
	n := utf8.RuneCountInString(v)
	if s.MinLength != nil && n < *s.MinLength {
		e.add(field, "%s must be at least %d characters long, got %d", subject, *s.MinLength, n)
	}
	if s.MaxLength != nil && n > *s.MaxLength {
		e.add(field, "%s must be at most %d characters long, got %d; shorten it", subject, *s.MaxLength, n)
	}
	if s.Pattern != "" {
		if re, err := regexp.Compile(s.Pattern); err == nil && !re.MatchString(v) {
			e.add(field, "%s must match the pattern %s", subject, s.Pattern)
		}
	}
}

func (e *explainer) array(s *jsonschema.Schema, v any, field, subject string, depth int) {
	items := arrayOf(v)
	if s.MinItems != nil && len(items) < *s.MinItems {
		e.add(field, "%s must have at least %d items, got %d", subject, *s.MinItems, len(items))
	}
	if s.MaxItems != nil && len(items) > *s.MaxItems {
		e.add(field, "%s must have at most %d items, got %d; send fewer", subject, *s.MaxItems, len(items))
	}
	if s.UniqueItems {
	dup:
		for i := range items {
			for j := i + 1; j < len(items); j++ {
				if jsonEqual(items[i], items[j]) {
					e.add(field, "%s must not repeat items (items %d and %d are equal)", subject, i, j)
					break dup
				}
			}
		}
	}
	for i, it := range items {
		at := field + "[" + strconv.Itoa(i) + "]"
		switch {
		case i < len(s.PrefixItems):
			e.walk(s.PrefixItems[i], it, at, depth+1)
		case s.Items != nil:
			e.walk(s.Items, it, at, depth+1)
		case i < len(s.ItemsArray): // draft 7's array form of items
			e.walk(s.ItemsArray[i], it, at, depth+1)
		}
	}
}

func (e *explainer) object(s *jsonschema.Schema, v map[string]any, field, subject string, depth int) {
	for _, name := range s.Required {
		if _, ok := v[name]; !ok {
			e.out = append(e.out, problem{missing: true, field: child(field, name), text: child(field, name) + " is required"})
		}
	}
	if s.MinProperties != nil && len(v) < *s.MinProperties {
		e.add(field, "%s must have at least %d entries, got %d", subject, *s.MinProperties, len(v))
	}
	if s.MaxProperties != nil && len(v) > *s.MaxProperties {
		e.add(field, "%s must have at most %d entries, got %d", subject, *s.MaxProperties, len(v))
	}
	var unknown []string
	for name, val := range v {
		at := child(field, name)
		known := false
		if sub, ok := s.Properties[name]; ok {
			known = true
			e.walk(sub, val, at, depth+1)
		}
		for pattern, sub := range s.PatternProperties {
			if re, err := regexp.Compile(pattern); err == nil && re.MatchString(name) {
				known = true
				e.walk(sub, val, at, depth+1)
			}
		}
		switch ap := s.AdditionalProperties; {
		case known || ap == nil:
		case ap.Not != nil && isEmptySchema(ap.Not):
			unknown = append(unknown, at)
		default:
			e.walk(ap, val, at, depth+1)
		}
	}
	sort.Strings(unknown)
	switch len(unknown) {
	case 0:
	case 1:
		e.add(unknown[0], "%s is not a known argument; remove it (check the spelling against the tool's input schema)", unknown[0])
	default:
		e.add(unknown[0], "%s are not known arguments; remove them (check the spelling against the tool's input schema)", strings.Join(unknown, ", "))
	}
}

// local returns the schema a reference within the document names
// ("#/$defs/turn"), or nil.
func (e *explainer) local(ref string) *jsonschema.Schema {
	name, ok := strings.CutPrefix(ref, "#/$defs/")
	if ok {
		return e.root.Defs[name]
	}
	if name, ok = strings.CutPrefix(ref, "#/definitions/"); ok {
		return e.root.Definitions[name]
	}
	if ref == "#" {
		return e.root
	}
	return nil
}

// isEmptySchema reports whether s is {} (true; its negation is false).
func isEmptySchema(s *jsonschema.Schema) bool {
	return reflect.ValueOf(*s).IsZero()
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

// typeFits reports whether v, of JSON type got, is one of want: an integer
// is a number whose fraction is zero.
func typeFits(want []string, v any, got string) bool {
	if slices.Contains(want, got) {
		return true
	}
	if got == "number" && slices.Contains(want, "integer") {
		n, _ := number(v)
		return n == math.Trunc(n) && !math.IsInf(n, 0)
	}
	return false
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
	}
	if _, ok := number(v); ok {
		return "number"
	}
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.Slice || rv.Kind() == reflect.Array {
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
	if x, ok := number(a); ok {
		y, ok := number(b)
		return ok && x == y
	}
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, xv := range x {
			yv, ok := y[k]
			if !ok || !jsonEqual(xv, yv) {
				return false
			}
		}
		return true
	}
	if jsonTypeOf(a) == "array" && jsonTypeOf(b) == "array" {
		xs, ys := arrayOf(a), arrayOf(b)
		return slices.EqualFunc(xs, ys, jsonEqual)
	}
	return a == b
}

// num renders a schema's or the model's number as JSON would.
func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
