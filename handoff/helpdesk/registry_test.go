package helpdesk

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// TestRegistryComplete checks every registered connector: its section, if
// it has one, decodes from YAML into the type its Example configures, its
// example configuration validates, New builds a connector of that name, it
// implements Finder exactly when it promises a remote lookup, Rater
// exactly when it declares Ratings and InHelpdesk exactly when it declares
// InHelpdesk, and its
// inbound secret key lies in its own section.
func TestRegistryComplete(t *testing.T) {
	require.NoError(t, CheckRegistry())
	specs := Specs()
	require.NotEmpty(t, specs)
	assert.Equal(t, TypeInbox, specs[0].Type, "the default comes first")
	for _, spec := range specs {
		t.Run(spec.Type, func(t *testing.T) {
			cfg := spec.Example()
			require.Equal(t, spec.Type, cfg.Type, "Example configures its own type")
			conn, err := New(cfg, Options{})
			require.NoError(t, err, "Example must be a valid configuration")
			assert.Equal(t, spec.Type, conn.Name())
			_, finder := conn.(Finder)
			assert.Equal(t, spec.Guarantees.RemoteLookup, finder, "Guarantees.RemoteLookup must match implementing Finder")
			_, rater := conn.(handoff.Rater)
			assert.Equal(t, spec.Ratings, rater, "Ratings must match implementing handoff.Rater")
			_, inHelpdesk := conn.(InHelpdesk)
			assert.Equal(t, spec.InHelpdesk, inHelpdesk, "InHelpdesk must match implementing InHelpdesk")
			require.NoError(t, cfg.Validate())
			if spec.Section != "" {
				_, ok := cfg.sections[spec.sectionType]
				assert.True(t, ok, "Example sets the section NewSection decodes, %s", spec.sectionType)
				var dec Config
				require.NoError(t, yaml.Unmarshal([]byte(spec.Section+": {}\n"), &dec))
				_, ok = dec.sections[spec.sectionType]
				assert.True(t, ok, "helpdesk.%s decodes into the connector's section", spec.Section)
				assert.Contains(t, Config{}.YAMLSections(), spec.Section, "the loader checks the section's keys")
			}
			_, key := cfg.InboundSecret()
			if spec.Inbound == nil {
				assert.Empty(t, key)
				return
			}
			assert.True(t, strings.HasPrefix(key, spec.Section+"."), "inbound key %q lies in section %q", key, spec.Section)
			assert.NotNil(t, spec.Inbound.Source(InboundParams{Config: cfg, Secret: "0123456789abcdef"}), "Inbound.Source builds a verifier")
		})
	}
}

// TestRegisterReportsIncompleteSpecs registers broken specs into a saved
// and restored registry: they become start errors, not panics.
func TestRegisterReportsIncompleteSpecs(t *testing.T) {
	registry.mu.Lock()
	saved, savedProblems := registry.specs, registry.problems
	registry.specs = map[string]Spec{}
	for k, v := range saved {
		registry.specs[k] = v
	}
	registry.problems = nil
	registry.mu.Unlock()
	t.Cleanup(func() {
		registry.mu.Lock()
		registry.specs, registry.problems = saved, savedProblems
		registry.mu.Unlock()
	})

	Register(Spec{Type: "tenth", Section: "tenth", Inbound: &Inbound{}})
	Register(Spec{Type: TypeZendesk, New: saved[TypeZendesk].New, Example: saved[TypeZendesk].Example, Validate: saved[TypeZendesk].Validate})
	Register(Spec{Type: "eleventh", Section: "eleventh", Validate: saved[TypeZendesk].Validate, New: saved[TypeZendesk].New, Example: saved[TypeZendesk].Example})
	zd := saved[TypeZendesk]
	type otherConfig struct{}
	for _, s := range []Spec{
		{Type: "twelfth", Section: "zendesk", NewSection: func() any { return new(otherConfig) }},
		{Type: "thirteenth", Section: "thirteenth", NewSection: func() any { return new(ZendeskConfig) }},
		{Type: "fourteenth", Section: "timeout", NewSection: func() any { return new(otherConfig) }},
		{Type: "fifteenth", Section: "fifteenth", NewSection: func() any { return otherConfig{} }},
	} {
		s.Validate, s.New, s.Example = zd.Validate, zd.New, zd.Example
		Register(s)
	}
	err := CheckRegistry()
	require.Error(t, err)
	assert.Contains(t, err.Error(), `connector "eleventh" is missing NewSection for section eleventh`, "a section must be decodable somewhere")
	assert.Contains(t, err.Error(), `connector "twelfth" has section zendesk, which is connector "zendesk"'s`)
	assert.Contains(t, err.Error(), `connector "thirteenth" has section type helpdesk.ZendeskConfig, which is connector "zendesk"'s`)
	assert.Contains(t, err.Error(), `connector "fourteenth" has section timeout, which is a key of helpdesk: itself`)
	assert.Contains(t, err.Error(), `connector "fifteenth" has a NewSection that returns no pointer`)
	assert.Contains(t, err.Error(), `connector "tenth" is missing New, Example, Validate for section tenth, NewSection for section tenth, Inbound.Secret, Inbound.Source`)
	assert.Contains(t, err.Error(), `connector "zendesk" is registered twice`)
	cfg := saved[TypeZendesk].Example()
	assert.ErrorContains(t, cfg.Validate(), "helpdesk registry:", "a broken registry stops the start")
	_, ok := Lookup("tenth")
	assert.False(t, ok, "an incomplete spec is not registered")
}
