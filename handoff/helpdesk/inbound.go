package helpdesk

import (
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// minInboundToken is the shortest token we accept where the bot builder
// chooses it (Freshdesk, the GPTBots-style receiver): 16 random characters.
const minInboundToken = 16

var headerNameRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9-]*$`) })

// InboundSecret returns the secret that authenticates inbound events (agent
// replies, assignment, closing) for the chosen connector, and the key that
// sets it, relative to the helpdesk section ("zendesk.webhook_secret"). The
// secret is empty when inbound events are off; the key is empty for
// connectors that have no inbound events (inbox, email). Call Validate
// first.
func (c Config) InboundSecret() (secret handoff.Secret, key string) {
	spec, ok := Lookup(c.Type)
	if !ok || spec.Inbound == nil {
		return "", ""
	}
	return spec.Inbound.Secret(c)
}

// validateInbound checks the inbound settings of the chosen connector.
// Secrets are optional: without one, the connector's /hooks endpoint is
// off.
func (c *Config) validateInbound(spec Spec) error {
	if spec.Inbound == nil {
		return nil
	}
	if spec.Inbound.Validate != nil {
		return spec.Inbound.Validate(c)
	}
	secret, key := spec.Inbound.Secret(*c)
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
