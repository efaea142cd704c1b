package handoff

import (
	"context"
	"fmt"
	"time"
)

// The outcome of relaying a user's message, as SendResult.Delivery says.
const (
	// RelayInbox: the built-in inbox holds the message; agents read it
	// there.
	RelayInbox = "inbox"
	// RelayDelivered: the helpdesk took the message.
	RelayDelivered = "delivered"
	// RelayQueued: the message is kept in the outbox and retried until the
	// helpdesk takes it; get_handoff_status reports it if it fails for good.
	RelayQueued = "queued"
	// RelayFailed: the helpdesk refused the message for good (DeliveryError
	// says why); it is parked in the outbox for the operator.
	RelayFailed = "failed"
	// RelayNotSent: nothing was sent (the handoff has ended, or its ticket
	// was never opened).
	RelayNotSent = "not_sent"
)

// DeliveryProblem is a user's message or a close that never reached the
// helpdesk: its job failed for good and waits for the operator
// (`handoff-mcp outbox retry` or `drop`).
type DeliveryProblem struct {
	Kind DeliveryKind
	// Seq is the message's sequence number (message jobs).
	Seq int64
	// Error is the helpdesk's refusal or the last failure.
	Error string
	// Permanent tells that the helpdesk refused it (a configuration
	// error), rather than being unreachable for every attempt.
	Permanent bool
	At        time.Time
}

// undelivered returns the message and close jobs of handoff id that failed
// for good, oldest first. The open's failure is the handoff's own state.
func (s *Service) undelivered(ctx context.Context, id string) ([]DeliveryProblem, error) {
	if !s.cfg.ForwardMessages {
		return nil, nil
	}
	ds, err := s.store.Deliveries(ctx, DeliveryFilter{Subject: id, States: []DeliveryState{DeliveryFailed}})
	if err != nil {
		return nil, fmt.Errorf("reading failed deliveries of handoff %s: %w", id, err)
	}
	var out []DeliveryProblem
	for _, d := range ds {
		if d.Kind == DeliveryMessage || d.Kind == DeliveryClose {
			out = append(out, DeliveryProblem{Kind: d.Kind, Seq: d.Seq, Error: d.LastError, Permanent: d.Permanent, At: d.UpdatedAt})
		}
	}
	return out, nil
}

// relayOutcome asks the courier to try handoff id's job key now, waits for
// the attempt up to DeliveryWait (not while the helpdesk is known to be
// down), and says where the job stands: one of the Relay constants, and the
// error of its last attempt when that failed.
func (s *Service) relayOutcome(ctx context.Context, id, key string) (string, string) {
	if s.courier == nil {
		return RelayQueued, ""
	}
	wait := s.cfg.DeliveryWait
	if s.HelpdeskStatus().Down() {
		wait = 0
	}
	s.courier.DeliverNow(context.WithoutCancel(ctx), id, wait)
	ds, err := s.store.Deliveries(context.WithoutCancel(ctx), DeliveryFilter{Key: key, Limit: 1})
	if err != nil || len(ds) == 0 {
		if err != nil {
			s.log.Warn().Err(err).Str("handoff", id).Msg("reading the relay job after its first attempt")
		}
		return RelayQueued, ""
	}
	switch d := ds[0]; d.State {
	case DeliveryDone:
		return RelayDelivered, ""
	case DeliveryFailed:
		return RelayFailed, d.LastError
	case DeliveryCancelled:
		return RelayNotSent, d.LastError
	}
	return RelayQueued, ds[0].LastError // the first attempt's failure, if it was tried
}
