package tools

import (
	"reflect"
	"slices"
	"sync"
	"unicode/utf8"

	"github.com/google/jsonschema-go/jsonschema"
)

// simpleSchema reports whether s constrains values with no keywords but
// type, enum, properties, required, additionalProperties and items: the
// keywords of the schemas derived from our output structs, which
// fitsGo follows, or is the schema false (additionalProperties: false).
// Every keyword the walk reads is listed, so that a schema with any other
// one is checked by the walk.
func simpleSchema(s *jsonschema.Schema) bool {
	return isFalse(s) || s.Ref == "" && s.Const == nil && s.MultipleOf == nil && s.Minimum == nil && s.Maximum == nil &&
		s.ExclusiveMinimum == nil && s.ExclusiveMaximum == nil && s.MinLength == nil && s.MaxLength == nil &&
		s.Pattern == "" && len(s.PrefixItems) == 0 && s.MinItems == nil && s.MaxItems == nil && !s.UniqueItems &&
		s.MinProperties == nil && s.MaxProperties == nil && len(s.PatternProperties) == 0 &&
		len(s.AllOf) == 0 && len(s.AnyOf) == 0 && len(s.OneOf) == 0 && s.Not == nil &&
		s.If == nil && s.Then == nil && s.Else == nil
}

// fitsGo reports whether v, a Go value (a tool's output struct), surely
// satisfies the schema: it walks the schema and v side by side by
// reflection, reading v as jsonView would, without building that view (a
// map and a boxed value per field: most of the output check's
// allocations). It answers false both for a value that does not fit and
// for one it cannot tell about (a schema keyword beyond simpleSchema's,
// a type jsonView does not follow); the caller then checks jsonView's view
// with the walk, which words the problems. TestFitsGoAgreesWithTheWalk
// holds the two to the same verdicts.
func (c *checker) fitsGo(v any) bool {
	return c.simple && c.fitsValue(c.root, reflect.ValueOf(v), 0, 0)
}

// fitsValue is fitsGo's walk of v against s; depth counts the schemas
// entered (the walk's maxDepth), view the values (jsonView's maxViewDepth).
func (c *checker) fitsValue(s *jsonschema.Schema, v reflect.Value, depth, view int) bool {
	if s == nil {
		return true
	}
	if depth > maxDepth || view > maxViewDepth || isFalse(s) {
		return false
	}
	for v.IsValid() && (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) {
		if marshals(v.Type()) {
			return false
		}
		if v.IsNil() {
			v = reflect.Value{}
			break
		}
		v, view = v.Elem(), view+1
		if view > maxViewDepth {
			return false
		}
	}
	if v.IsValid() && marshals(v.Type()) {
		return false
	}
	got, n := "null", 0.0
	switch v.Kind() {
	case reflect.Invalid:
	case reflect.String:
		got = "string"
		if !utf8.ValidString(v.String()) {
			return false
		}
	case reflect.Bool:
		got = "boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		got, n = "number", float64(v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		got, n = "number", float64(v.Uint())
	case reflect.Float64:
		got, n = "number", v.Float()
		if n != n || n > maxFloat || n < -maxFloat {
			return false // NaN or infinite: an encoding error
		}
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return false
		}
		if !v.IsNil() {
			got = "array"
		}
	case reflect.Array:
		got = "array"
	case reflect.Map:
		if v.Type().Key().Kind() != reflect.String {
			return false
		}
		if !v.IsNil() {
			got = "object"
		}
	case reflect.Struct:
		got = "object"
	default:
		return false // float32 and what JSON cannot hold
	}
	if !typeAllows(s, got, n) {
		return false
	}
	if len(s.Enum) > 0 && (got != "string" || !enumHas(s.Enum, v.String())) {
		return false
	}
	switch got {
	case "array":
		for i := range v.Len() {
			if !c.fitsValue(s.Items, v.Index(i), depth+1, view+1) {
				return false
			}
		}
	case "object":
		if v.Kind() == reflect.Map {
			return c.fitsMap(s, v, depth, view)
		}
		return c.fitsStruct(s, v, depth, view)
	}
	return true
}

// enumHas reports whether the enum lists the string str.
func enumHas(enum []any, str string) bool {
	for _, e := range enum {
		if e, ok := e.(string); ok && e == str {
			return true
		}
	}
	return false
}

// maxFloat is the largest finite float64.
const maxFloat = 1.7976931348623157e308

// marshals reports whether t (or *t) encodes itself, which jsonView does
// not follow. A predeclared type, or an unnamed slice, array or map, has no
// methods; the answer for any other type is kept.
func marshals(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.Interface, reflect.Struct:
	default:
		if t.PkgPath() == "" {
			return false
		}
	}
	if m, ok := marshalers.Load(t); ok {
		return m.(bool)
	}
	m := t.Implements(jsonMarshaler) || t.Implements(textMarshaler) ||
		reflect.PointerTo(t).Implements(jsonMarshaler) || reflect.PointerTo(t).Implements(textMarshaler)
	marshalers.Store(t, m)
	return m
}

// marshalers caches marshals by type.
var marshalers sync.Map

func (c *checker) fitsStruct(s *jsonschema.Schema, v reflect.Value, depth, view int) bool {
	fs, ok := fieldsOf(v.Type())
	if !ok {
		return false
	}
	required := 0 // of s.Required, the fields present (their names are distinct)
	for _, f := range fs {
		fv := v.Field(f.index)
		if f.omitEmpty && isEmptyValue(fv) || f.omitZero && fv.IsZero() {
			continue
		}
		if slices.Contains(s.Required, f.name) {
			required++
		}
		if !c.fitsValue(memberSchema(s, f.name), fv, depth+1, view+1) {
			return false
		}
	}
	return required == len(s.Required) // else one is missing, or named twice: the walk decides
}

// memberSchema is the schema the member name of an object meets under s:
// its property's, else additionalProperties' (nil, which fitsValue lets
// pass, when there is none; false, which it refuses, when s forbids other
// members).
func memberSchema(s *jsonschema.Schema, name string) *jsonschema.Schema {
	if sub, known := s.Properties[name]; known {
		return sub
	}
	return s.AdditionalProperties
}

func (c *checker) fitsMap(s *jsonschema.Schema, v reflect.Value, depth, view int) bool {
	for _, name := range s.Required {
		if !v.MapIndex(reflect.ValueOf(name).Convert(v.Type().Key())).IsValid() {
			return false
		}
	}
	for it := v.MapRange(); it.Next(); {
		if !c.fitsValue(memberSchema(s, it.Key().String()), it.Value(), depth+1, view+1) {
			return false
		}
	}
	return true
}
