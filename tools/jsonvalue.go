package tools

import (
	"encoding/json"
	"math"
	"reflect"
	"slices"
	"sort"
	"strconv"

	"github.com/google/jsonschema-go/jsonschema"
)

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

// typeFits reports whether v, of JSON type got, is of a type s allows.
func typeFits(s *jsonschema.Schema, v any, got string) bool {
	n := 0.0
	if got == "number" {
		n, _ = number(v)
	}
	return typeAllows(s, got, n)
}

// typeAllows reports whether s allows a value of JSON type got, the number
// n when got is "number": an integer is a number whose fraction is zero.
func typeAllows(s *jsonschema.Schema, got string, n float64) bool {
	fits := func(want string) bool {
		if want == got {
			return true
		}
		return want == "integer" && got == "number" && n == math.Trunc(n) && !math.IsInf(n, 0)
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
