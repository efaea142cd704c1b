package delivery

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/handoff-mcp/handoff-mcp/handoff/helpdesk"
)

// The worker's "may duplicate" warning follows what each connector
// registered: the four whose helpdesk deduplicates an open by our key stay
// safe to retry blindly, the ones with neither a key nor a lookup do not,
// and an unknown name promises nothing.
func TestIdempotentOpenFollowsTheRegistry(t *testing.T) {
	for name, want := range map[string]bool{
		helpdesk.TypeInbox: true, helpdesk.TypeWebhook: true, helpdesk.TypeEmail: true, helpdesk.TypeZendesk: true,
		helpdesk.TypeFreshdesk: false, helpdesk.TypeLiveChat: false, helpdesk.TypeSalesIQ: false, "fake": false,
	} {
		assert.Equal(t, want, idempotentOpen(name), name)
	}
}
