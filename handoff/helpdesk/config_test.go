package helpdesk

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

func TestConfigFromYAML(t *testing.T) {
	src := `
type: zendesk
timeout: 7s
zendesk:
  subdomain: acme
  email: agent@acme.com
  api_token: zd-token-from-env
  default_route: {group_id: 1}
  routes:
    team: {billing: {group_id: 123, tags: [billing]}}
    language: {de: {group_id: 456}}
  priorities: {high: urgent}
  tags: [bot-handoff]
`
	var c Config
	require.NoError(t, yaml.Unmarshal([]byte(src), &c))
	require.NoError(t, c.Validate())
	assert.Equal(t, 7*time.Second, c.Timeout)
	zd := Section[ZendeskConfig](c)
	assert.Equal(t, "https://acme.zendesk.com", zd.BaseURL)
	assert.Equal(t, "html", zd.Format)
	assert.Equal(t, "solved", zd.CloseStatus)
	assert.Equal(t, Target{GroupID: 123, Tags: []string{"billing"}}, zd.Routes["team"]["billing"])
	assert.Equal(t, "urgent", zd.Priorities["high"])
	assert.Equal(t, handoff.Secret("zd-token-from-env"), zd.APIToken)
	assert.True(t, c.Configured())
	out, err := yaml.Marshal(c)
	require.NoError(t, err)
	assert.NotContains(t, string(out), "zd-token-from-env", "a config dump masks secrets")
}

func TestConfigDefaults(t *testing.T) {
	var c Config
	require.NoError(t, c.Validate())
	assert.Equal(t, TypeInbox, c.Type)
	assert.Equal(t, DefaultTimeout, c.Timeout)
	assert.False(t, c.Configured())
	conn, err := New(Config{}, Options{})
	require.NoError(t, err)
	assert.Equal(t, "inbox", conn.Name())

	e := ConfigFor(EmailConfig{Host: "smtp.example.com", Username: "u", Password: "p", From: "bot@example.com", To: []string{"support@example.com"}})
	e.Type = "Email"
	require.NoError(t, e.Validate())
	em := Section[EmailConfig](e)
	assert.Equal(t, 587, em.Port)
	assert.Equal(t, "auto", em.Auth)
	assert.Equal(t, "reply_to", em.Sender)
	assert.Equal(t, "both", em.Format)
	assert.Equal(t, "example.com", em.HeloName)
	i := ConfigFor(EmailConfig{Host: "smtp.example.com", TLS: "implicit", From: "bot@example.com", To: []string{"s@example.com"}})
	require.NoError(t, i.Validate())
	assert.Equal(t, 465, Section[EmailConfig](i).Port)

	ic := ConfigFor(IntercomConfig{AccessToken: "x"})
	require.NoError(t, ic.Validate())
	icc := Section[IntercomConfig](ic)
	assert.Equal(t, "https://api.intercom.io", icc.BaseURL)
	assert.Equal(t, "2.11", icc.Version)
	assert.Equal(t, "lead", icc.ContactRole)
	assert.Equal(t, "handoff_id", icc.ConversationAttribute)

	fd := ConfigFor(FreshdeskConfig{Domain: "acme.freshdesk.com", APIKey: "k"})
	require.NoError(t, fd.Validate())
	fdc := Section[FreshdeskConfig](fd)
	assert.Equal(t, "https://acme.freshdesk.com", fdc.BaseURL)
	assert.Equal(t, 7, fdc.Source)
}

func TestConfigErrors(t *testing.T) {
	zd := func(mod func(*ZendeskConfig)) Config {
		c := ZendeskConfig{Subdomain: "acme", Email: "a@acme.com", APIToken: "t"}
		mod(&c)
		return ConfigFor(c)
	}
	tests := []struct {
		name string
		cfg  Config
		want string
	}{
		{"unknown type", Config{Type: "zammad"}, "type: unknown helpdesk \"zammad\"; use one of inbox, chatwoot, email"},
		{"negative timeout", Config{Timeout: -time.Second}, "timeout: must be positive"},
		{"webhook no url", Config{Type: TypeWebhook}, "webhook.url: required"},
		{"webhook bad url", ConfigFor(WebhookConfig{URL: "example.com/hook"}), "webhook.url: \"example.com/hook\" is not an http(s) URL"},
		{"webhook no secret", ConfigFor(WebhookConfig{URL: "https://x.example/h"}), "webhook.secret: set a signing secret"},
		{"webhook bad mode", ConfigFor(WebhookConfig{URL: "https://x.example/h", Mode: "slack"}), "webhook.mode: unknown value \"slack\""},
		{"gptbots without secret is fine but password needs user", ConfigFor(WebhookConfig{URL: "https://x.example/h", Mode: "gptbots", Password: "p"}), "webhook.username: required"},
		{"zendesk subdomain", zd(func(c *ZendeskConfig) { c.Subdomain = "" }), "zendesk.subdomain: set the account name"},
		{"zendesk email", zd(func(c *ZendeskConfig) { c.Email = "" }), "zendesk.email:"},
		{"zendesk token", zd(func(c *ZendeskConfig) { c.APIToken = "" }), "zendesk.api_token: set the API token"},
		{"zendesk route field", zd(func(c *ZendeskConfig) {
			c.Routes = map[string]map[string]Target{"team": {"billing": {InboxID: 3}}}
		}), "zendesk.routes.team.billing.inbox_id: zendesk has no such field; use one of group_id, assignee_id, tags"},
		{"zendesk route key", zd(func(c *ZendeskConfig) { c.Routes = map[string]map[string]Target{"region": {}} }), "zendesk.routes.region: unknown route key"},
		{"zendesk priority name", zd(func(c *ZendeskConfig) { c.Priorities = map[string]string{"critical": "urgent"} }), "zendesk.priorities.critical: unknown priority"},
		{"zendesk priority value", zd(func(c *ZendeskConfig) { c.Priorities = map[string]string{"high": "p1"} }), "zendesk.priorities.high: \"p1\" is not a zendesk priority; use one of low, normal, high, urgent"},
		{"zendesk close status", zd(func(c *ZendeskConfig) { c.CloseStatus = "closed" }), "zendesk.close_status: unknown value \"closed\""},
		{"freshdesk key", ConfigFor(FreshdeskConfig{Domain: "acme"}), "freshdesk.api_key:"},
		{"freshdesk source", ConfigFor(FreshdeskConfig{Domain: "acme", APIKey: "k", Source: 4}), "freshdesk.source: unknown source 4"},
		{"intercom token", Config{Type: TypeIntercom}, "intercom.access_token:"},
		{"intercom priorities", ConfigFor(IntercomConfig{AccessToken: "t", Routing: Routing{Priorities: map[string]string{"high": "priority"}}}), "intercom.priorities: Intercom conversations have no priority"},
		{"chatwoot account", ConfigFor(ChatwootConfig{BaseURL: "https://app.chatwoot.com"}), "chatwoot.account_id:"},
		{"chatwoot inbox", ConfigFor(ChatwootConfig{BaseURL: "https://app.chatwoot.com", AccountID: 1}), "chatwoot.inbox_id: set the id of an API-channel inbox"},
		{"livechat account", ConfigFor(LiveChatConfig{Token: "t"}), "livechat.account_id:"},
		{"livechat group only", ConfigFor(LiveChatConfig{AccountID: "a", Token: "t", Routing: Routing{DefaultRoute: Target{TeamID: 1}}}), "livechat.default_route.team_id: livechat has no such field; use one of group_id, tags"},
		{"libredesk inbox", ConfigFor(LibredeskConfig{BaseURL: "https://d.example", APIKey: "k", APISecret: "s"}), "libredesk.inbox_id:"},
		{"email host", Config{Type: TypeEmail}, "email.host: set the SMTP server"},
		{"email clear auth", ConfigFor(EmailConfig{Host: "h", TLS: "none", Username: "u"}), "email.tls: none would send email.username and password in clear text"},
		{"email from", ConfigFor(EmailConfig{Host: "h", From: "not an address"}), "email.from: \"not an address\" is not an address"},
		{"email to", ConfigFor(EmailConfig{Host: "h", From: "b@example.com"}), "email.to: set the helpdesk's address"},
		{"email route to", ConfigFor(EmailConfig{Host: "h", From: "b@example.com", To: []string{"s@example.com"}, Routing: Routing{Routes: map[string]map[string]Target{"team": {"x": {To: []string{"nope"}}}}}}), "email.routes.team.x.to[0]: \"nope\" is not an address"},
		{"email route group", ConfigFor(EmailConfig{Host: "h", From: "b@example.com", To: []string{"s@example.com"}, Routing: Routing{DefaultRoute: Target{GroupID: 2}}}), "email.default_route.group_id: email has no such field; use one of to"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.cfg.Validate()
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			_, err = New(tt.cfg, Options{})
			assert.Error(t, err)
		})
	}
}

func TestConfigErrorsNeverShowSecrets(t *testing.T) {
	cfgs := []Config{
		ConfigFor(ZendeskConfig{Subdomain: "acme", APIToken: "zd-very-secret"}),
		ConfigFor(WebhookConfig{URL: "https://x.example/h", Secret: "short-secret"}),
		ConfigFor(EmailConfig{Host: "h", TLS: "none", Username: "u", Password: "smtp-very-secret"}),
	}
	for i, c := range cfgs {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			err := c.Validate()
			require.Error(t, err)
			for _, s := range []string{"zd-very-secret", "short-secret", "smtp-very-secret"} {
				assert.NotContains(t, err.Error(), s)
			}
		})
	}
}
