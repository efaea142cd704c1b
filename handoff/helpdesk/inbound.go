package helpdesk

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// DefaultFreshdeskWebhookHeader carries FreshdeskConfig.WebhookToken.
const DefaultFreshdeskWebhookHeader = "X-Handoff-Token"

// minInboundToken is the shortest token we accept where the bot builder
// chooses it (Freshdesk, the GPTBots-style receiver): 16 random characters.
const minInboundToken = 16

var headerNameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9-]*$`)

// InboundSecret returns the secret that authenticates inbound events (agent
// replies, assignment, closing) for the chosen connector, and the key that
// sets it, relative to the helpdesk section ("zendesk.webhook_secret"). The
// secret is empty when inbound events are off; the key is empty for
// connectors that have no inbound events (inbox, email). Call Validate
// first.
func (c Config) InboundSecret() (secret handoff.Secret, key string) {
	switch c.Type {
	case TypeWebhook:
		if c.Webhook.Mode == "gptbots" {
			return c.Webhook.InboundToken, "webhook.inbound_token"
		}
		return c.Webhook.Secret, "webhook.secret"
	case TypeZendesk:
		return c.Zendesk.WebhookSecret, "zendesk.webhook_secret"
	case TypeFreshdesk:
		return c.Freshdesk.WebhookToken, "freshdesk.webhook_token"
	case TypeIntercom:
		return c.Intercom.ClientSecret, "intercom.client_secret"
	case TypeChatwoot:
		return c.Chatwoot.WebhookSecret, "chatwoot.webhook_secret"
	case TypeLiveChat:
		return c.LiveChat.WebhookSecretKey, "livechat.webhook_secret_key"
	case TypeLibredesk:
		return c.Libredesk.WebhookSecret, "libredesk.webhook_secret"
	}
	return "", ""
}

// validateInbound checks the inbound secrets of the chosen connector. They
// are optional: without one, the connector's /hooks endpoint is off.
func (c *Config) validateInbound() error {
	switch c.Type {
	case TypeFreshdesk:
		if c.Freshdesk.WebhookHeader == "" {
			c.Freshdesk.WebhookHeader = DefaultFreshdeskWebhookHeader
		}
		if !headerNameRE.MatchString(c.Freshdesk.WebhookHeader) {
			return fmt.Errorf("freshdesk.webhook_header: %q is not a header name; use letters, digits and dashes, like %s", c.Freshdesk.WebhookHeader, DefaultFreshdeskWebhookHeader)
		}
		return chosenToken("freshdesk.webhook_token", c.Freshdesk.WebhookToken)
	case TypeWebhook:
		if c.Webhook.Mode != "gptbots" {
			if c.Webhook.InboundToken.IsSet() || c.Webhook.InboundUsername != "" {
				return fmt.Errorf("webhook.inbound_token: only read in mode gptbots; in mode handoff the receiver signs its calls to /hooks/webhook with webhook.secret, remove it")
			}
			return nil
		}
		if c.Webhook.InboundUsername != "" && !c.Webhook.InboundToken.IsSet() {
			return fmt.Errorf("webhook.inbound_token: required when webhook.inbound_username is set")
		}
		if strings.Contains(c.Webhook.InboundUsername, ":") {
			return fmt.Errorf("webhook.inbound_username: must not contain a colon (basic auth separates user and password with it)")
		}
		return chosenToken("webhook.inbound_token", c.Webhook.InboundToken)
	}
	secret, key := c.InboundSecret()
	return vendorSecret(key, secret)
}

// vendorSecret checks a secret the helpdesk generated: it is pasted, so the
// usual mistake is a space or a line break around it.
func vendorSecret(key string, s handoff.Secret) error {
	if !s.IsSet() {
		return nil
	}
	if strings.ContainsAny(s.Value(), " \t\r\n") {
		return fmt.Errorf("%s: contains a space or a line break; paste the secret exactly as the helpdesk shows it", key)
	}
	return nil
}

// chosenToken checks a token the bot builder chose.
func chosenToken(key string, s handoff.Secret) error {
	if !s.IsSet() {
		return nil
	}
	if err := vendorSecret(key, s); err != nil {
		return err
	}
	if len(s.Value()) < minInboundToken {
		return fmt.Errorf("%s: use at least %d random characters, for example from openssl rand -hex 32", key, minInboundToken)
	}
	return nil
}
