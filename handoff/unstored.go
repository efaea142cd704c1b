package handoff

import (
	"context"
	"fmt"
	"time"
)

// Unstored is what a request that fired a trigger but stored no handoff
// (off hours, no email, queue full) leaves behind: the contact details it
// gave, what it knew (for a message the user leaves instead), and its
// decision, for the stats.
type Unstored struct {
	ConversationID string
	// Contact is merged into the conversation's stored contact as
	// Store.SaveContact merges; a zero Contact writes none.
	Contact Contact
	// Context replaces the conversation's kept request context
	// (Store.RequestContext reads it).
	Context RequestContext
	// Outcome and Judge are recorded as DecisionLog records them, at At.
	Outcome Outcome
	Judge   string
	At      time.Time
}

// keepUnstored keeps what a request that stored no handoff leaves behind,
// in one write (Store.RecordUnstored). Only failing to save the contact the
// request gave fails the request (a message the user leaves goes out with
// it); the context and the decision are logged when lost.
func (s *Service) keepUnstored(ctx context.Context, conversationID string, given Contact, rc RequestContext, o Outcome, judge string) error {
	u := Unstored{ConversationID: conversationID, Contact: given, Context: rc, Outcome: o, Judge: judge, At: s.now()}
	err := s.store.RecordUnstored(context.WithoutCancel(ctx), u)
	switch {
	case err == nil:
		return nil
	case !given.IsZero():
		return fmt.Errorf("saving contact: %w", err)
	}
	s.log.Warn().Err(err).Str("conversation", conversationID).Str("outcome", string(o)).
		Msg("keeping the request's context and decision for a message left instead")
	return nil
}
