package handoff

import (
	"context"
	"fmt"
	"time"
)

// emailKnown reports whether an email is known for r's conversation: the
// request's own, else the one stored (read only then). A created handoff
// saves the contact the request gave in its own transaction
// (Store.CreateHandoffIfRoom), a request that ends without one with its
// context and decision (Store.RecordUnstored).
func (s *Service) emailKnown(ctx context.Context, r Request) (bool, error) {
	if r.Email != "" {
		return true, nil
	}
	stored, err := s.store.Contact(ctx, r.ConversationID)
	if err != nil {
		return false, fmt.Errorf("loading contact: %w", err)
	}
	return stored.Email != "", nil
}

// ContextFreshFor is how long a request's context goes with a message the
// user leaves in the same conversation. The store forgets the contexts of
// requests older than that.
const ContextFreshFor = 24 * time.Hour

// messageContext returns the context a message left in conversation conv
// goes out with: the open handoff's, else the latest request that ended
// without a handoff or in a failed one, when made within ContextFreshFor.
func (s *Service) messageContext(ctx context.Context, conv string, open *Handoff, now time.Time) (*RequestContext, error) {
	if open != nil {
		return ContextOf(*open), nil
	}
	var best *RequestContext
	rc, ok, err := s.store.RequestContext(ctx, conv)
	if err != nil {
		return nil, fmt.Errorf("loading the request context of %s: %w", conv, err)
	}
	if ok {
		best = &rc
	}
	failed, err := s.store.ListHandoffs(ctx, ListFilter{ConversationID: conv, States: []State{StateFailed}})
	if err != nil {
		return nil, fmt.Errorf("looking up failed handoffs of %s: %w", conv, err)
	}
	if n := len(failed); n > 0 && (best == nil || failed[n-1].CreatedAt.After(best.At)) {
		best = ContextOf(failed[n-1])
	}
	if best == nil || now.Sub(best.At) > ContextFreshFor {
		return nil, nil
	}
	return best, nil
}
