package helpdesk

import (
	"context"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// ServiceStatus is the helpdesk's status as `helpdesk status` reports it.
type ServiceStatus string

// The service statuses.
const (
	// StatusNotConfigured: no remote helpdesk is configured (the built-in
	// inbox is in use).
	StatusNotConfigured ServiceStatus = "not_configured"
	// StatusAvailable: the helpdesk answered an authenticated call.
	StatusAvailable ServiceStatus = "available"
	// StatusUnavailable: the call failed; the error says why.
	StatusUnavailable ServiceStatus = "unavailable"
)

// Probe runs c.Check and returns the service status of the helpdesk cfg
// configures, with the failure when it is unavailable. Handoffs are still
// accepted and queued while a helpdesk is unavailable.
func Probe(ctx context.Context, cfg Config, c handoff.Connector) (ServiceStatus, error) {
	if !cfg.Configured() {
		return StatusNotConfigured, nil
	}
	if err := c.Check(ctx); err != nil {
		return StatusUnavailable, err
	}
	return StatusAvailable, nil
}
