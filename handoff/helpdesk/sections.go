package helpdesk

import (
	"errors"
	"fmt"
	"reflect"
	"strings"

	"go.yaml.in/yaml/v3"
)

// A connector added after the first nine keeps its YAML section out of
// Config: its Spec names the section and NewSection returns a pointer to a
// new value of the section's type. The YAML loader asks Config for the
// registered sections (YAMLSections) to check keys strictly, and
// Config.UnmarshalYAML decodes each present section into its own value, so
// a new connector touches its own file and nothing else.

// sectionSpec returns the connector whose registered section is key.
func sectionSpec(key string) (Spec, bool) {
	registry.mu.Lock()
	defer registry.mu.Unlock()
	for _, s := range registry.specs {
		if s.NewSection != nil && s.Section == key {
			return s, true
		}
	}
	return Spec{}, false
}

// configKeys are the YAML keys of Config's own fields.
func configKeys() map[string]bool {
	t := reflect.TypeFor[Config]()
	out := map[string]bool{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if f.IsExported() && name != "" && name != "-" {
			out[name] = true
		}
	}
	return out
}

// sectionProblem reports a Spec whose section has nowhere to be decoded
// (neither a Config field nor NewSection) as missing, and one with two
// places, or a NewSection that is not a pointer, as wrong.
func sectionProblem(s Spec) (missing, wrong string) {
	if s.Section == "" {
		if s.NewSection != nil {
			return "a Section for NewSection", ""
		}
		return "", ""
	}
	field := configKeys()[s.Section]
	switch {
	case field && s.NewSection != nil:
		return "", "sets NewSection for section " + s.Section + ", which is a Config field"
	case !field && s.NewSection == nil:
		return "NewSection for section " + s.Section, ""
	case s.NewSection != nil && reflect.TypeOf(s.NewSection()).Kind() != reflect.Pointer:
		return "", "has a NewSection that returns no pointer"
	}
	return "", ""
}

// YAMLSections returns the registered sections (Spec.NewSection) by YAML
// key with their types, for the configuration loader's strict key check.
func (Config) YAMLSections() map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for _, s := range Specs() {
		if s.NewSection != nil {
			out[s.Section] = reflect.TypeOf(s.NewSection())
		}
	}
	return out
}

// UnmarshalYAML decodes Config's own fields, then each registered section
// present in n into a new value of its type. Type errors of all sections
// are reported together, as yaml.v3 reports those of plain fields.
func (c *Config) UnmarshalYAML(n *yaml.Node) error {
	type plain Config // without methods: no recursion
	var terrs []string
	if err := n.Decode((*plain)(c)); err != nil {
		var te *yaml.TypeError
		if !errors.As(err, &te) {
			return err
		}
		terrs = append(terrs, te.Errors...)
	}
	if n.Kind != yaml.MappingNode {
		return typeError(terrs)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key := n.Content[i].Value
		spec, ok := sectionSpec(key)
		if !ok {
			continue
		}
		v := spec.NewSection()
		if err := n.Content[i+1].Decode(v); err != nil {
			var te *yaml.TypeError
			if !errors.As(err, &te) {
				return fmt.Errorf("%s: %w", key, err)
			}
			terrs = append(terrs, te.Errors...)
		}
		c.SetSection(key, v)
	}
	return typeError(terrs)
}

func typeError(errs []string) error {
	if len(errs) == 0 {
		return nil
	}
	return &yaml.TypeError{Errors: errs}
}

// SetSection stores v, a pointer of the type the connector's Spec.NewSection
// returns, as the registered section key (tests and programs that build a
// Config in code).
func (c *Config) SetSection(key string, v any) {
	if c.sections == nil {
		c.sections = map[string]any{}
	}
	c.sections[key] = v
}

// Section returns the registered section key of c as *T, creating an empty
// one when the YAML had none. Copies of a Config share their sections, so
// defaults that Validate fills are seen by every copy.
func Section[T any](c *Config, key string) *T {
	if v, ok := c.sections[key].(*T); ok {
		return v
	}
	v := new(T)
	c.SetSection(key, v)
	return v
}
