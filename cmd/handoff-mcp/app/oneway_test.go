package app

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/cmd/handoff-mcp/config"
)

// Over stdio nothing listens for the helpdesk's events, so an inbound
// secret does not make a live session: the handoffs are one-way, unless
// another server on the database receives the events.
func TestStdioHelpdeskIsOneWay(t *testing.T) {
	const yaml = `
helpdesk:
  type: zendesk
  zendesk:
    base_url: https://acme.zendesk.com
    email: agent@acme.com
    api_token: zendesk-token-for-tests
    webhook_secret: a-webhook-secret-of-some-length
`
	tests := []struct {
		name      string
		stdio     bool
		elsewhere bool
		wantLive  bool
	}{
		{"http receives the events", false, false, true},
		{"stdio cannot", true, false, false},
		{"stdio, another server receives them", true, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := config.Parse([]byte(yaml), func(string) (string, bool) { return "", false })
			require.NoError(t, err)
			require.True(t, cfg.AgentEvents(), "the configuration alone would promise a live session")
			cfg.Server.EventsElsewhere = tt.elsewhere
			var logs bytes.Buffer
			a, err := New(context.Background(), cfg, Options{DBPath: filepath.Join(t.TempDir(), "h.db"), Stderr: &logs, Stdio: tt.stdio})
			require.NoError(t, err)
			t.Cleanup(func() { a.Close() })
			assert.Equal(t, tt.wantLive, a.Service.Config().AgentEvents)
			if !tt.wantLive {
				assert.Contains(t, logs.String(), "cannot reach this server, so handoffs are one-way")
			}
		})
	}
}
