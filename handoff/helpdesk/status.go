package helpdesk

import (
	"context"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// Probe runs c.Check and returns the service status of the helpdesk cfg
// configures, with the failure when it is unavailable. Handoffs are still
// accepted and queued while a helpdesk is unavailable.
func Probe(ctx context.Context, cfg Config, c handoff.Connector) (handoff.HelpdeskServiceStatus, error) {
	if !cfg.Configured() {
		return handoff.HelpdeskNotConfigured, nil
	}
	if err := c.Check(ctx); err != nil {
		return handoff.HelpdeskUnavailable, err
	}
	return handoff.HelpdeskAvailable, nil
}
