package handoff

import (
	"context"
	"time"
)

// Courier delivers the outbox in the background (package handoff/delivery).
// The Service enqueues a job, then asks the courier to try it at once.
type Courier interface {
	// DeliverNow claims the subject's next due job and tries it, waiting up
	// to wait for the attempt to end. A longer attempt goes on in the
	// background and records its own result; so does one that cannot be
	// claimed now (another worker holds it, or it is not due yet), which the
	// courier's loop picks up.
	DeliverNow(ctx context.Context, subject string, wait time.Duration)
}

// HelpdeskServiceStatus is the helpdesk's service status, as
// check_service_hours and `helpdesk status` report it.
type HelpdeskServiceStatus string

// The helpdesk service statuses.
const (
	// HelpdeskNotConfigured: no remote helpdesk is configured (the built-in
	// inbox is in use).
	HelpdeskNotConfigured HelpdeskServiceStatus = "not_configured"
	// HelpdeskAvailable: the helpdesk answered an authenticated call.
	HelpdeskAvailable HelpdeskServiceStatus = "available"
	// HelpdeskUnavailable: the call failed; handoffs are still accepted and
	// queued.
	HelpdeskUnavailable HelpdeskServiceStatus = "unavailable"
	// HelpdeskUnknown: not checked yet, or the last check (CheckedAt) is
	// too old to trust: the server checking it stopped.
	HelpdeskUnknown HelpdeskServiceStatus = "unknown"
)

// HelpdeskStatus is the helpdesk's service status as last checked.
type HelpdeskStatus struct {
	// Connector is the configured connector ("inbox", "zendesk", ...).
	Connector string `json:"connector"`
	// Status is one of HelpdeskNotConfigured, HelpdeskAvailable,
	// HelpdeskUnavailable or HelpdeskUnknown.
	Status HelpdeskServiceStatus `json:"status"`
	// CheckedAt is when it was last checked (zero before the first check).
	CheckedAt time.Time `json:"checked_at,omitzero"`
	// Error says why it is unavailable; it names the connector and what to
	// check, never a secret.
	Error string `json:"error,omitempty"`
	// ConfigError is true when the helpdesk refused the credentials or the
	// configuration (a permanent error), rather than being down.
	ConfigError bool `json:"config_error,omitempty"`
}

// Unavailable reports whether the last check failed.
func (s HelpdeskStatus) Unavailable() bool { return s.Status == HelpdeskUnavailable }

// Down reports whether the last check failed for a reason that may pass
// (a timeout, a 5xx): deliveries would wait for it, so a request does not.
// A refused configuration fails fast and is not down.
func (s HelpdeskStatus) Down() bool { return s.Unavailable() && !s.ConfigError }
