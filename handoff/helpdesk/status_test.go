package helpdesk

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

func TestProbe(t *testing.T) {
	f := newFake(t)
	f.on("GET /api/v2/users/me.json", reply(200, `{"user":{"id":1,"role":"agent"}}`))
	bad := newFake(t)
	bad.on("GET /api/v2/users/me.json", reply(401, `{"error":"Couldn't authenticate you"}`))
	tests := []struct {
		name string
		cfg  Config
		want handoff.HelpdeskServiceStatus
		kind handoff.ErrorKind
	}{
		{"inbox", Config{}, handoff.HelpdeskNotConfigured, 0},
		{"zendesk up", zendeskConfig(f.srv.URL), handoff.HelpdeskAvailable, 0},
		{"zendesk bad token", zendeskConfig(bad.srv.URL), handoff.HelpdeskUnavailable, handoff.KindPermanent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustNew(t, tt.cfg, nopLog())
			require.NoError(t, tt.cfg.Validate())
			got, err := Probe(ctx(t), tt.cfg, c)
			assert.Equal(t, tt.want, got)
			if tt.kind == 0 {
				assert.NoError(t, err)
				return
			}
			assert.Equal(t, tt.kind, handoff.KindOf(err))
			assert.NotContains(t, err.Error(), zdToken)
		})
	}
}
