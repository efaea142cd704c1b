package tools

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/google/jsonschema-go/jsonschema"
)

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
