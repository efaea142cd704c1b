package config

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

var unmarshalerType = reflect.TypeFor[yaml.Unmarshaler]()

// sectioned is a struct with YAML keys beyond its fields, each decoded into
// a registered type (helpdesk.Config: the sections connectors register).
// Its keys are checked like fields even though it unmarshals itself.
type sectioned interface {
	YAMLSections() map[string]reflect.Type
}

var sectionedType = reflect.TypeFor[sectioned]()

// extraKeys returns the registered keys of t when it is sectioned.
func extraKeys(t reflect.Type) map[string]reflect.Type {
	if t.Kind() != reflect.Struct || !t.Implements(sectionedType) {
		return nil
	}
	return reflect.Zero(t).Interface().(sectioned).YAMLSections()
}

// unknownKeys walks a YAML node against the Go type it decodes into and
// reports every mapping key the type does not have, with its line and the
// keys that are allowed there. yaml.v3 can only do this when decoding
// bytes, and we decode a node tree (after ${ENV} expansion) to keep the
// user's line numbers.
func unknownKeys(n *yaml.Node, t reflect.Type, path string) []string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if n.Kind == yaml.DocumentNode {
		if len(n.Content) == 0 {
			return nil
		}
		return unknownKeys(n.Content[0], t, path)
	}
	extra := extraKeys(t)
	if n.Kind == yaml.AliasNode || (extra == nil && reflect.PointerTo(t).Implements(unmarshalerType)) {
		return nil
	}
	var errs []string
	switch t.Kind() {
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			return nil // a type error, reported by Decode
		}
		fields := yamlFields(t)
		for k, v := range extra {
			fields[k] = v
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Value == "<<" {
				continue
			}
			ft, ok := fields[k.Value]
			if !ok {
				errs = append(errs, fmt.Sprintf("line %d: unknown key %q in %s%s", k.Line, k.Value, where(path), suggest(k.Value, fields)))
				continue
			}
			errs = append(errs, unknownKeys(v, ft, join(path, k.Value))...)
		}
	case reflect.Slice, reflect.Array:
		if n.Kind != yaml.SequenceNode {
			return nil
		}
		for i, v := range n.Content {
			errs = append(errs, unknownKeys(v, t.Elem(), fmt.Sprintf("%s[%d]", path, i))...)
		}
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			return nil
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			errs = append(errs, unknownKeys(n.Content[i+1], t.Elem(), join(path, n.Content[i].Value))...)
		}
	}
	return errs
}

// yamlFields maps the YAML keys of struct t (inline structs flattened) to
// their field types.
func yamlFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("yaml")
		name, opts, _ := strings.Cut(tag, ",")
		if name == "-" {
			continue
		}
		if strings.Contains(opts, "inline") {
			ft := f.Type
			for ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				for k, v := range yamlFields(ft) {
					out[k] = v
				}
			}
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		out[name] = f.Type
	}
	return out
}

func where(path string) string {
	if path == "" {
		return "the top level"
	}
	return path
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// suggest names the closest allowed key, or lists them all.
func suggest(key string, fields map[string]reflect.Type) string {
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	best, bestD := "", 3
	for _, k := range keys {
		if d := distance(strings.ToLower(key), k); d < bestD {
			best, bestD = k, d
		}
	}
	if best != "" {
		return fmt.Sprintf("; did you mean %q?", best)
	}
	return "; allowed keys: " + strings.Join(keys, ", ")
}

// distance is the Levenshtein distance between a and b.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
