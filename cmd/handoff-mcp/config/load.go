package config

import (
	"fmt"
	"os"
	"slices"

	"go.yaml.in/yaml/v3"
)

// Load reads, expands, decodes, defaults and validates the file at path.
// A command that never uses some top-level sections names them in without
// (classify, eval and triggers never use "helpdesk"): they are left out,
// as if the file had none, so an environment variable they reference (a
// helpdesk's secret) need not be set.
func Load(path string, without ...string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading config: %w", err)
	}
	c, err := Parse(data, os.LookupEnv, without...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	c.Path = path
	return c, nil
}

// dropKeys removes the top-level keys named, with their values.
func dropKeys(doc *yaml.Node, keys []string) {
	if len(keys) == 0 || len(doc.Content) == 0 {
		return
	}
	m := doc.Content[0]
	kept := m.Content[:0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		if !slices.Contains(keys, m.Content[i].Value) {
			kept = append(kept, m.Content[i], m.Content[i+1])
		}
	}
	m.Content = kept
}
