package handoff

import (
	"context"
	"fmt"
	"strings"
)

// RelayMessage enqueues the user's message m (m.Seq > 0, unique within the
// handoff) for the ticket of handoff id. The job runs after the handoff's
// open and before its close, is tried at once when a courier is set, and is
// retried like any delivery; enqueuing the same seq twice changes nothing.
// With the built-in inbox there is nothing to forward: it returns a zero
// Delivery.
func (s *Service) RelayMessage(ctx context.Context, id string, m Message) (Delivery, error) {
	if m.Seq <= 0 {
		return Delivery{}, Invalid("seq", "a relayed message needs a positive sequence number")
	}
	if strings.TrimSpace(m.Text) == "" {
		return Delivery{}, Invalid("text", "is empty; pass the user's words")
	}
	m.HandoffID = id
	if m.Author == "" {
		m.Author = AuthorUser
	}
	if m.At.IsZero() {
		m.At = s.now()
	}
	return s.enqueue(ctx, id, Delivery{Kind: DeliveryMessage, Seq: m.Seq, Message: &m})
}

// CloseRemote enqueues the closing of handoff id's ticket, giving reason.
// It runs after every job enqueued before it; a handoff whose ticket was
// never opened has nothing to close, and the job is cancelled. With the
// built-in inbox it returns a zero Delivery.
func (s *Service) CloseRemote(ctx context.Context, id, reason string) (Delivery, error) {
	return s.enqueue(ctx, id, Delivery{Kind: DeliveryClose, Reason: strings.TrimSpace(reason)})
}

// enqueue stores a message or close job for handoff id and asks the
// courier to try it.
func (s *Service) enqueue(ctx context.Context, id string, d Delivery) (Delivery, error) {
	h, err := s.store.Handoff(ctx, id)
	if err != nil {
		return Delivery{}, err
	}
	if !s.cfg.ForwardMessages {
		return Delivery{}, nil
	}
	d.Subject, d.Key, d.Priority = h.ID, DeliveryKey(d.Kind, h.ID, d.Seq), h.Priority.Rank()
	stored, created, err := s.store.Enqueue(ctx, d)
	if err != nil {
		return Delivery{}, fmt.Errorf("enqueuing %s of handoff %s: %w", d.Kind, id, err)
	}
	if created && s.courier != nil {
		s.courier.DeliverNow(ctx, h.ID, 0)
	}
	return stored, nil
}
