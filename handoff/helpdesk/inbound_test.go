package helpdesk

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

func TestInboundSecrets(t *testing.T) {
	zd := ZendeskConfig{Subdomain: "acme", Email: "a@acme.example", APIToken: "t"}
	fd := FreshdeskConfig{Domain: "acme", APIKey: "k"}
	wh := WebhookConfig{URL: "https://hooks.acme.example", Secret: "0123456789abcdef"}
	gpt := WebhookConfig{URL: "https://hooks.acme.example", Mode: "gptbots"}
	cases := []struct {
		name   string
		cfg    Config
		secret handoff.Secret
		key    string
		err    string
	}{
		{"inbox has no inbound events", Config{}, "", "", ""},
		{"zendesk off", ConfigFor(zd), "", "zendesk.webhook_secret", ""},
		{"zendesk on", ConfigFor(with(zd, func(c *ZendeskConfig) { c.WebhookSecret = "c2lnbmluZw==" })), "c2lnbmluZw==", "zendesk.webhook_secret", ""},
		{"zendesk secret pasted with a newline", ConfigFor(with(zd, func(c *ZendeskConfig) { c.WebhookSecret = "c2lnbmluZw==\n" })),
			"", "", "zendesk.webhook_secret: contains a space or a line break"},
		{"intercom", ConfigFor(IntercomConfig{AccessToken: "t", ClientSecret: "cs-1"}), "cs-1", "intercom.client_secret", ""},
		{"chatwoot", ConfigFor(ChatwootConfig{BaseURL: "https://app.chatwoot.com", AccountID: 1, InboxID: 2, APIAccessToken: "t", WebhookSecret: "cw"}),
			"cw", "chatwoot.webhook_secret", ""},
		{"livechat", ConfigFor(LiveChatConfig{AccountID: "a", Token: "t", WebhookSecretKey: "lk"}), "lk", "livechat.webhook_secret_key", ""},
		{"libredesk", ConfigFor(LibredeskConfig{BaseURL: "https://d.acme.example", APIKey: "k", APISecret: "s", InboxID: 1, WebhookSecret: "ls"}),
			"ls", "libredesk.webhook_secret", ""},
		{"freshdesk token", ConfigFor(with(fd, func(c *FreshdeskConfig) { c.WebhookToken = "0123456789abcdef0123" })),
			"0123456789abcdef0123", "freshdesk.webhook_token", ""},
		{"freshdesk token too short", ConfigFor(with(fd, func(c *FreshdeskConfig) { c.WebhookToken = "short" })),
			"", "", "freshdesk.webhook_token: use at least 16 random characters"},
		{"freshdesk bad header", ConfigFor(with(fd, func(c *FreshdeskConfig) { c.WebhookHeader = "X Token:" })),
			"", "", `freshdesk.webhook_header: "X Token:" is not a header name`},
		{"webhook mode handoff uses its signing secret", ConfigFor(wh), "0123456789abcdef", "webhook.secret", ""},
		{"webhook mode handoff takes no inbound token", ConfigFor(with(wh, func(c *WebhookConfig) { c.InboundToken = "0123456789abcdef" })),
			"", "", "webhook.inbound_token: only read in mode gptbots"},
		{"gptbots off", ConfigFor(gpt), "", "webhook.inbound_token", ""},
		{"gptbots on", ConfigFor(with(gpt, func(c *WebhookConfig) { c.InboundToken = "0123456789abcdef" })),
			"0123456789abcdef", "webhook.inbound_token", ""},
		{"gptbots user without token", ConfigFor(with(gpt, func(c *WebhookConfig) { c.InboundUsername = "desk" })),
			"", "", "webhook.inbound_token: required when webhook.inbound_username is set"},
		{"gptbots user with a colon", ConfigFor(with(gpt, func(c *WebhookConfig) {
			c.InboundUsername, c.InboundToken = "a:b", "0123456789abcdef"
		})), "", "", "webhook.inbound_username: must not contain a colon"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := c.cfg
			err := cfg.Validate()
			if c.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), c.err)
				assert.NotContains(t, err.Error(), "c2lnbmluZw", "errors never show the secret")
				return
			}
			require.NoError(t, err)
			secret, key := cfg.InboundSecret()
			assert.Equal(t, c.secret, secret)
			assert.Equal(t, c.key, key)
		})
	}
}

func with[T any](v T, f func(*T)) T {
	f(&v)
	return v
}

func TestInboundSecretsFromYAML(t *testing.T) {
	src := `
type: freshdesk
freshdesk:
  domain: acme
  api_key: fd-key
  webhook_token: fd-inbound-token-0123456789
`
	var c Config
	require.NoError(t, yaml.Unmarshal([]byte(src), &c))
	require.NoError(t, c.Validate())
	assert.Equal(t, DefaultFreshdeskWebhookHeader, Section[FreshdeskConfig](c).WebhookHeader)
	out, err := yaml.Marshal(c)
	require.NoError(t, err)
	assert.NotContains(t, string(out), "fd-inbound-token-0123456789", "a config dump masks inbound secrets")
}
