package tools

import (
	"encoding"
	"encoding/json"
	"math"
	"reflect"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// jsonView returns v as encoding/json would decode v's encoding (maps,
// []any, strings, float64, bools, nil), read from v by reflection: the
// output check's view of a result's structured content without decoding
// the bytes just encoded (a third of check_service_hours' own time). It
// reports false for what it does not follow encoding/json in (types with
// their own MarshalJSON or MarshalText, embedded structs, two fields of one
// name, the ",string" option, []byte, maps with non-string keys, numbers
// JSON cannot hold): then the caller decodes the encoding. TestJSONViewIsTheDecodedEncoding
// holds it to encoding/json.
func jsonView(v any) (any, bool) {
	return viewOf(reflect.ValueOf(v), 0)
}

// maxViewDepth bounds the nesting jsonView follows (a pointer cycle, which
// encoding/json refuses, falls back to it).
const maxViewDepth = 100

var (
	jsonMarshaler = reflect.TypeFor[json.Marshaler]()
	textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()
)

func viewOf(v reflect.Value, depth int) (any, bool) {
	if !v.IsValid() {
		return nil, true
	}
	if depth > maxViewDepth {
		return nil, false
	}
	t := v.Type()
	if t.Implements(jsonMarshaler) || t.Implements(textMarshaler) ||
		reflect.PointerTo(t).Implements(jsonMarshaler) || reflect.PointerTo(t).Implements(textMarshaler) {
		return nil, false
	}
	switch v.Kind() {
	case reflect.String:
		if !utf8.ValidString(v.String()) {
			return nil, false // encoding/json writes U+FFFD for the bad bytes
		}
		return v.String(), true
	case reflect.Bool:
		return v.Bool(), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return float64(v.Int()), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return float64(v.Uint()), true
	case reflect.Float32, reflect.Float64:
		f := v.Float()
		if math.IsNaN(f) || math.IsInf(f, 0) || v.Kind() == reflect.Float32 {
			return nil, false // an encoding error; float32's shortest form differs
		}
		return f, true
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil, true
		}
		return viewOf(v.Elem(), depth+1)
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return nil, false // base64
		}
		if v.IsNil() {
			return nil, true
		}
		fallthrough
	case reflect.Array:
		out := make([]any, v.Len())
		for i := range out {
			var ok bool
			if out[i], ok = viewOf(v.Index(i), depth+1); !ok {
				return nil, false
			}
		}
		return out, true
	case reflect.Map:
		if t.Key().Kind() != reflect.String {
			return nil, false
		}
		if v.IsNil() {
			return nil, true
		}
		out := make(map[string]any, v.Len())
		for it := v.MapRange(); it.Next(); {
			val, ok := viewOf(it.Value(), depth+1)
			if !ok {
				return nil, false
			}
			out[it.Key().String()] = val
		}
		return out, true
	case reflect.Struct:
		fs, ok := fieldsOf(t)
		if !ok {
			return nil, false
		}
		out := make(map[string]any, len(fs))
		for _, f := range fs {
			fv := v.Field(f.index)
			if f.omitEmpty && isEmptyValue(fv) || f.omitZero && fv.IsZero() {
				continue
			}
			val, ok := viewOf(fv, depth+1)
			if !ok {
				return nil, false
			}
			out[f.name] = val
		}
		return out, true
	}
	return nil, false
}

// field is how encoding/json encodes one struct field.
type field struct {
	index               int
	name                string
	omitEmpty, omitZero bool
}

// fields caches fieldsOf by type: []field, or nil when jsonView falls back.
var fields sync.Map

// fieldsOf returns the fields of struct type t as encoding/json encodes
// them, or false when jsonView does not follow it for t.
func fieldsOf(t reflect.Type) ([]field, bool) {
	if fs, ok := fields.Load(t); ok {
		return fs.([]field), fs.([]field) != nil
	}
	var fs []field
	ok := true
	for i := range t.NumField() {
		sf := t.Field(i)
		tag, hasTag := sf.Tag.Lookup("json")
		if tag == "-" {
			continue
		}
		if sf.Anonymous {
			ok = false // promoted fields: encoding/json's rules
			break
		}
		if !sf.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if !hasTag || name == "" {
			name = sf.Name
		}
		f := field{index: i, name: name}
		for opt := range strings.SplitSeq(opts, ",") {
			switch opt {
			case "omitempty":
				f.omitEmpty = true
			case "omitzero":
				f.omitZero = true
				if _, has := sf.Type.MethodByName("IsZero"); has {
					ok = false // its own IsZero decides
				}
			case "string":
				ok = false
			}
		}
		if slices.ContainsFunc(fs, func(g field) bool { return g.name == name }) {
			ok = false // two fields of one name: encoding/json's rules
			break
		}
		fs = append(fs, f)
	}
	if !ok {
		fs = nil
	} else if fs == nil {
		fs = []field{}
	}
	fields.Store(t, fs)
	return fs, ok
}

// isEmptyValue is encoding/json's test for omitempty.
func isEmptyValue(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Interface, reflect.Pointer:
		return v.IsZero()
	}
	return false
}
