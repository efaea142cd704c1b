package helpdesk

import (
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Every connector keeps its YAML section out of Config: its Spec names the
// section (Spec.Section) and returns a pointer to a new value of the
// section's type (Spec.NewSection). The YAML loader asks Config for the
// registered sections (YAMLSections) to check keys strictly,
// Config.UnmarshalYAML decodes each present section into a value of its
// type and Config.MarshalYAML prints the chosen one and those set, so a connector touches its
// own file and nothing else. A connector reads its section with
// Section[T]; code that builds a Config uses ConfigFor or SetSection.
//
// Config stores the sections as values, by type, in a map that SetSection
// copies before writing: a copy of a Config is independent of the
// original, as it would be with a field per section.

// sectionSpec returns the connector whose registered section is key.
func sectionSpec(key string) (Spec, bool) {
	return findSpec(func(s Spec) bool { return s.sectionType != nil && s.Section == key })
}

// sectionTypeSpec returns the connector whose section type is t.
func sectionTypeSpec(t reflect.Type) (Spec, bool) {
	return findSpec(func(s Spec) bool { return s.sectionType == t })
}

// findSpec returns the registered connector match accepts.
func findSpec(match func(Spec) bool) (Spec, bool) {
	registry.mu.Lock()
	defer registry.mu.Unlock()
	for _, s := range registry.specs {
		if match(s) {
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

// sectionType checks the section of s: a Section needs a NewSection that
// returns a non-nil pointer, under a key that is not one of Config's own.
// It returns the section's type (nil when s has none), or what is missing
// or wrong.
func sectionType(s Spec) (t reflect.Type, missing, wrong string) {
	switch {
	case s.Section == "" && s.NewSection != nil:
		return nil, "a Section for NewSection", ""
	case s.Section == "":
		return nil, "", ""
	case s.NewSection == nil:
		return nil, "NewSection for section " + s.Section, ""
	case configKeys()[s.Section]:
		return nil, "", "has section " + s.Section + ", which is a key of helpdesk: itself"
	}
	v := reflect.ValueOf(s.NewSection())
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return nil, "", "has a NewSection that returns no pointer"
	}
	return v.Type().Elem(), "", ""
}

// sectionClash reports a section key or type that a registered connector
// has already. The caller holds registry.mu.
func sectionClash(s Spec) string {
	for _, o := range registry.specs {
		switch {
		case o.Type == s.Type || o.sectionType == nil:
		case o.Section == s.Section:
			return fmt.Sprintf("has section %s, which is connector %q's", s.Section, o.Type)
		case o.sectionType == s.sectionType:
			return fmt.Sprintf("has section type %s, which is connector %q's", s.sectionType, o.Type)
		}
	}
	return ""
}

// YAMLSections returns the registered sections by YAML key with their
// types, for the configuration loader's strict key check.
func (Config) YAMLSections() map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for _, s := range Specs() {
		if s.sectionType != nil {
			out[s.Section] = reflect.PointerTo(s.sectionType)
		}
	}
	return out
}

// UnmarshalYAML decodes Config's own fields, then each registered section
// present in n into a value of its type. Type errors of all sections are
// reported together, in the order of their lines, as yaml.v3 reports those
// of plain fields.
func (c *Config) UnmarshalYAML(n *yaml.Node) error {
	type plain Config // without methods: no recursion
	var terrs []string
	collect := func(err error) error {
		var te *yaml.TypeError
		if err != nil && !errors.As(err, &te) {
			return err
		}
		if te != nil {
			terrs = append(terrs, te.Errors...)
		}
		return nil
	}
	if err := collect(n.Decode((*plain)(c))); err != nil {
		return err
	}
	for _, kv := range mappingPairs(n) {
		key := kv[0].Value
		spec, ok := sectionSpec(key)
		if !ok {
			continue
		}
		v := reflect.New(spec.sectionType)
		if old, ok := c.sections[spec.sectionType]; ok {
			v.Elem().Set(reflect.ValueOf(old)) // as yaml.v3 decodes into a field
		}
		if err := collect(kv[1].Decode(v.Interface())); err != nil {
			return fmt.Errorf("%s: %w", key, err)
		}
		c.SetSection(v.Interface())
	}
	slices.SortStableFunc(terrs, func(a, b string) int { return errorLine(a) - errorLine(b) })
	if len(terrs) > 0 {
		return &yaml.TypeError{Errors: terrs}
	}
	return nil
}

// mappingPairs returns the key and value nodes of mapping n, those merged
// in with "<<" first, so that n's own keys win as with yaml.v3's fields.
func mappingPairs(n *yaml.Node) [][2]*yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if n.Kind != yaml.MappingNode {
		return nil
	}
	var merged, own [][2]*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.ShortTag() != "!!merge" {
			own = append(own, [2]*yaml.Node{k, v})
			continue
		}
		if v.Kind == yaml.SequenceNode {
			for _, m := range v.Content {
				merged = append(merged, mappingPairs(m)...)
			}
			continue
		}
		merged = append(merged, mappingPairs(v)...)
	}
	return append(merged, own...)
}

// errorLine is the line yaml.v3 puts at the start of a type error.
func errorLine(e string) int {
	var line int
	_, _ = fmt.Sscanf(e, "line %d:", &line)
	return line
}

// MarshalYAML prints Config's own fields, then, in the order of Types,
// the chosen connector's section (with its defaults) and any other section
// the configuration set, for `handoff-mcp config check`: the sections of
// connectors nobody configured would only be empty lines.
func (c Config) MarshalYAML() (any, error) {
	type plain Config // without methods: no recursion
	var n yaml.Node
	if err := n.Encode(plain(c)); err != nil {
		return nil, fmt.Errorf("encoding helpdesk: %w", err)
	}
	for _, s := range Specs() {
		if s.sectionType == nil {
			continue
		}
		v, ok := c.sections[s.sectionType]
		if !ok && s.Type != c.Type {
			continue
		}
		if !ok {
			v = reflect.Zero(s.sectionType).Interface()
		}
		var key, val yaml.Node
		key.SetString(s.Section)
		if err := val.Encode(v); err != nil {
			return nil, fmt.Errorf("encoding helpdesk.%s: %w", s.Section, err)
		}
		n.Content = append(n.Content, &key, &val)
	}
	return &n, nil
}

// ConfigFor returns the Config of the connector whose section type is that
// of section (a value or a pointer of the type its Spec.NewSection points
// to), with Type set to that connector:
//
//	helpdesk.ConfigFor(helpdesk.ZendeskConfig{Subdomain: "acme", ...})
//
// A section no connector registers leaves Type empty, and Validate reports
// it.
func ConfigFor(section any) Config {
	var c Config
	c.SetSection(section)
	for t := range c.sections {
		if s, ok := sectionTypeSpec(t); ok {
			c.Type = s.Type
		}
	}
	return c
}

// SetSection stores section, a value or a pointer of the type a
// connector's Spec.NewSection points to, as that connector's section of c,
// replacing the one c had. A nil pointer removes the section.
func (c *Config) SetSection(section any) {
	v := reflect.ValueOf(section)
	if !v.IsValid() {
		return
	}
	m := maps.Clone(c.sections) // copies of c may share the map
	if m == nil {
		m = map[reflect.Type]any{}
	}
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			delete(m, v.Type().Elem())
			c.sections = m
			return
		}
		v = v.Elem()
	}
	m[v.Type()] = v.Interface()
	c.sections = m
}

// Section returns the section of type T of c: what the YAML or SetSection
// gave, or the zero T. A connector reads its own section with it:
//
//	newZendesk(helpdesk.Section[ZendeskConfig](c), c.Timeout, opts)
func Section[T any](c Config) T {
	v, _ := c.sections[reflect.TypeFor[T]()].(T)
	return v
}

// EditSection calls f on c's section of type T and stores what f left
// there, even when f fails: a connector's Validate fills its defaults with
// it, like EditSection(c, (*ZendeskConfig).validate).
func EditSection[T any](c *Config, f func(*T) error) error {
	s := Section[T](*c)
	err := f(&s)
	c.SetSection(s)
	return err
}

// checkSections reports a section of c that no registered connector owns
// (one set in code with a type that is not registered).
func (c Config) checkSections() error {
	var names []string
	for t := range c.sections {
		if _, ok := sectionTypeSpec(t); !ok {
			names = append(names, t.String())
		}
	}
	if len(names) == 0 {
		return nil
	}
	slices.Sort(names)
	return fmt.Errorf("%s: no registered connector has a section of this type; register it with Spec.Section and Spec.NewSection", strings.Join(names, ", "))
}
