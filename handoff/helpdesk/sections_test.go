package helpdesk

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// ConfigFor takes its type from the registry, and a Config behaves as a
// value: editing the section of a copy leaves the original as it was, as a
// field per section did.
func TestConfigForAndCopies(t *testing.T) {
	c := ConfigFor(&ZendeskConfig{Subdomain: "acme", Email: "bot@acme.example", APIToken: "t"})
	assert.Equal(t, TypeZendesk, c.Type)
	assert.Equal(t, ConfigFor(ZendeskConfig{Subdomain: "acme", Email: "bot@acme.example", APIToken: "t"}), c, "a value or a pointer")

	cp := c
	require.NoError(t, cp.Validate())
	assert.Equal(t, "https://acme.zendesk.com", Section[ZendeskConfig](cp).BaseURL, "Validate fills the copy's defaults")
	assert.Empty(t, Section[ZendeskConfig](c).BaseURL, "and not the original's")

	zd := Section[ZendeskConfig](cp)
	zd.Subdomain = "other"
	cp.SetSection(zd)
	assert.Equal(t, "acme", Section[ZendeskConfig](c).Subdomain)
	assert.Equal(t, WebhookConfig{}, Section[WebhookConfig](c), "a section never set is its zero value")

	cp.SetSection((*ZendeskConfig)(nil))
	assert.Equal(t, ZendeskConfig{}, Section[ZendeskConfig](cp), "a nil pointer removes the section")
}

// A section of a type no connector registers is a start error, not a
// silent default.
func TestConfigForUnregisteredSection(t *testing.T) {
	type strayConfig struct{ URL string }
	c := ConfigFor(strayConfig{URL: "https://x.example"})
	assert.Empty(t, c.Type)
	err := c.Validate()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "helpdesk.strayConfig: no registered connector has a section of this type")
	_, err = New(c, Options{})
	assert.Error(t, err)
}

// Type errors of the sections and of Config's own keys come back in the
// order of their lines, as yaml.v3 reports a struct's fields.
func TestUnmarshalTypeErrorsInLineOrder(t *testing.T) {
	src := "webhook:\n  url: [1]\ntimeout: soon\nzendesk:\n  subdomain: {a: b}\ntype: [x]\n"
	var c Config
	err := yaml.Unmarshal([]byte(src), &c)
	var te *yaml.TypeError
	require.ErrorAs(t, err, &te)
	require.Len(t, te.Errors, 4, te.Error())
	for i, line := range []string{"line 2:", "line 3:", "line 5:", "line 6:"} {
		assert.True(t, strings.HasPrefix(te.Errors[i], line), te.Errors[i])
	}
}

// A merge key brings sections in as it brings fields in, the document's
// own keys winning; a later document decodes into the section already
// there, as into a field.
func TestUnmarshalMergeAndOverlay(t *testing.T) {
	src := `
base: &base
  zendesk: {subdomain: acme, email: bot@acme.example}
  timeout: 3s
helpdesk:
  <<: *base
  type: zendesk
  zendesk: {subdomain: other}
`
	var doc struct {
		Helpdesk Config `yaml:"helpdesk"`
	}
	require.NoError(t, yaml.Unmarshal([]byte(src), &doc))
	c := doc.Helpdesk
	assert.Equal(t, TypeZendesk, c.Type)
	assert.Equal(t, "3s", c.Timeout.String())
	zd := Section[ZendeskConfig](c)
	assert.Equal(t, "other", zd.Subdomain, "the document's own key wins")
	assert.Equal(t, "bot@acme.example", zd.Email, "and the merged keys it does not set stay")

	require.NoError(t, yaml.Unmarshal([]byte("zendesk: {api_token: t}\n"), &c))
	zd = Section[ZendeskConfig](c)
	assert.Equal(t, "other", zd.Subdomain)
	assert.Equal(t, "t", zd.APIToken.Value())
}

// MarshalYAML prints type and timeout, then the chosen connector's section
// and the sections the configuration set, in the order of Types, secrets
// masked; the sections of connectors nobody configured are left out.
func TestMarshalPrintsTheConfiguredSections(t *testing.T) {
	keysOf := func(c Config) []string {
		var n yaml.Node
		require.NoError(t, n.Encode(c))
		var keys []string
		for i := 0; i < len(n.Content); i += 2 {
			keys = append(keys, n.Content[i].Value)
		}
		return keys
	}
	c := ConfigFor(ZendeskConfig{Subdomain: "acme", Email: "bot@acme.example", APIToken: "zd-very-secret"})
	require.NoError(t, c.Validate())
	assert.Equal(t, []string{"type", "timeout", "zendesk"}, keysOf(c))

	var both Config
	require.NoError(t, yaml.Unmarshal([]byte("type: zendesk\nzendesk: {subdomain: acme, email: bot@acme.example, api_token: t}\nchatwoot: {base_url: https://cw.example.com}\n"), &both))
	require.NoError(t, both.Validate())
	assert.Equal(t, []string{"type", "timeout", "chatwoot", "zendesk"}, keysOf(both), "a section the file set is printed even when another connector is chosen")

	var inbox Config
	require.NoError(t, inbox.Validate())
	assert.Equal(t, []string{"type", "timeout"}, keysOf(inbox), "the inbox has no section")

	out, err := yaml.Marshal(c)
	require.NoError(t, err)
	assert.Contains(t, string(out), "zendesk:\n    subdomain: acme\n    base_url: https://acme.zendesk.com\n")
	assert.NotContains(t, string(out), "zd-very-secret")

	var back Config
	require.NoError(t, yaml.Unmarshal(out, &back))
	assert.Equal(t, "https://acme.zendesk.com", Section[ZendeskConfig](back).BaseURL, "what config check prints reads back")
}
