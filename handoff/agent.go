package handoff

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// AgentEventKind is what an agent did in the helpdesk.
type AgentEventKind string

// The kinds of AgentEvent.
const (
	// AgentMessage: the agent wrote to the user.
	AgentMessage AgentEventKind = "agent_message"
	// AgentJoined: an agent took the conversation (assigned, joined the
	// chat).
	AgentJoined AgentEventKind = "agent_joined"
	// AgentClosed: the agent closed, solved or resolved it.
	AgentClosed AgentEventKind = "closed"
	// AgentReopened: the agent reopened it.
	AgentReopened AgentEventKind = "reopened"
	// AgentSnoozed: the agent snoozed it. That ends an in-helpdesk handoff,
	// where the helpdesk owns the chat; for a conversation the handoff
	// opened it is a pause and changes nothing (the session timeout handles
	// a quiet agent).
	AgentSnoozed AgentEventKind = "snoozed"
	// AgentTransferred: the agent passed the conversation to a colleague
	// (ToAgent) or back to a team's queue (ToAgent empty).
	AgentTransferred AgentEventKind = "transferred"
)

// AgentEvent is what the helpdesk reports an agent did: an inbound event
// (package handoff/hooks), or the built-in inbox's reply and close.
type AgentEvent struct {
	Kind AgentEventKind
	// Connector is the helpdesk it came from ("inbox", "zendesk", ...).
	Connector string
	// RemoteID is the helpdesk's ticket, conversation or chat id; HandoffID
	// is our id where the helpdesk carries it. The handoff is found by the
	// first, else the second.
	RemoteID  string
	HandoffID string
	// AgentName is the agent's display name, when the helpdesk gives it.
	AgentName string
	// Text is the agent's message (AgentMessage), plain text.
	Text string
	// MessageID is the helpdesk's id of the message, unique per connector
	// ("zendesk:9876"); a message delivered twice is stored once.
	MessageID string
	// At is when it happened, per the helpdesk (zero: now).
	At time.Time
	// Claim makes an AgentJoined exclusive (the built-in desk's claim): a
	// conversation another agent has taken is a KindConflict error naming
	// them, decided in the same store transaction as the join, so of two
	// agents claiming at once exactly one wins. An AgentMessage with Claim
	// is refused the same way when another agent has the conversation.
	Claim bool
	// ToAgent is the colleague an AgentTransferred hands the conversation
	// to; empty hands it back to the queue.
	ToAgent string
}

// ApplyAgentEvent moves the handoff the event is about through its
// lifecycle:
//
//   - AgentMessage stores the agent's message for the bot; a queued or
//     delivered handoff becomes agent_joined (the session starts with the
//     agent's first reply), and the session timeout runs from it.
//   - AgentJoined makes a queued or delivered handoff agent_joined, keeping
//     the agent's name.
//   - AgentClosed closes an open handoff.
//   - AgentTransferred (the built-in desk) passes an open handoff from its
//     agent to ToAgent, or back to the queue, and tells the user in their
//     language; the session timeout runs from the notice.
//   - AgentReopened changes nothing: closed is final.
//
// With Claim, a message or join on a handoff another agent has is a
// KindConflict error wrapping ErrClaimed, decided inside the update's
// transaction.
//
// An event that matches no handoff is a KindNotFound error; one that
// contradicts the handoff's state (a reply to an ended handoff, a second
// close, a reopen, a message stored before) is KindConflict; both change
// nothing. Any other error is an internal fault worth the helpdesk's retry.
func (s *Service) ApplyAgentEvent(ctx context.Context, e AgentEvent) error {
	h, err := s.findHandoff(ctx, e)
	if err != nil {
		return err
	}
	now := s.now()
	name := strings.TrimSpace(e.AgentName)
	firstReply := false // the expected wait changes with it
	var decide func(Handoff) (Change, error)
	switch e.Kind {
	case AgentMessage:
		text := strings.TrimSpace(e.Text)
		if text == "" {
			return Invalid("text", "the agent's message is empty")
		}
		decide = func(h Handoff) (Change, error) {
			if !h.State.Open() {
				return Change{}, conflictf("handoff %s is %s; the agent's message is not relayed", h.ID, h.State)
			}
			if err := claimed(e, h, name); err != nil {
				return Change{}, err
			}
			ed := newEdit(h, now)
			if h.Session.JoinedAt.IsZero() {
				ed.add(s.joinNotice(h, name))
				ed.ss.JoinedAt = now
			}
			at := e.At
			if at.IsZero() {
				at = now
			}
			ed.add(Message{Author: AuthorAgent, Name: name, Text: text, ExternalID: e.MessageID, At: at})
			if ed.ss.FirstReplyAt.IsZero() {
				ed.ss.FirstReplyAt, firstReply = now, true
			}
			ed.ss.LastAgentAt, ed.ss.AskedAt = now, time.Time{}
			if name != "" {
				ed.ss.AgentName = name
			}
			ed.c.State, ed.c.Cause = StateAgentJoined, CauseAgentReplied
			return ed.change(), nil
		}
	case AgentJoined:
		decide = func(h Handoff) (Change, error) {
			if !h.State.Open() {
				return Change{}, conflictf("handoff %s is %s; nobody can join it", h.ID, h.State)
			}
			if err := claimed(e, h, name); err != nil {
				return Change{}, err
			}
			if !h.Session.JoinedAt.IsZero() && (name == "" || name == h.Session.AgentName) {
				return Change{}, nil // joined before: nothing new
			}
			ed := newEdit(h, now)
			if h.Session.JoinedAt.IsZero() || e.Claim && h.Session.AgentName == "" {
				// A claim after a transfer to the queue tells the user who
				// has them now.
				ed.add(s.joinNotice(h, name))
				if h.Session.JoinedAt.IsZero() {
					ed.ss.JoinedAt = now
				}
			}
			if name != "" {
				ed.ss.AgentName = name
			}
			ed.c.State, ed.c.Cause = StateAgentJoined, joinCause(CauseAgentJoined, name)
			return ed.change(), nil
		}
	case AgentClosed:
		decide = func(h Handoff) (Change, error) {
			if !h.State.Open() {
				return Change{}, conflictf("handoff %s is already %s", h.ID, h.State)
			}
			return Change{At: now, State: StateClosed, Cause: CauseClosedByAgent + " in " + e.Connector}, nil
		}
	case AgentTransferred:
		to := strings.TrimSpace(e.ToAgent)
		decide = func(h Handoff) (Change, error) {
			if !h.State.Open() {
				return Change{}, conflictf("handoff %s is %s; it cannot be transferred", h.ID, h.State)
			}
			if err := claimed(AgentEvent{Claim: true}, h, name); err != nil {
				return Change{}, err
			}
			if to != "" && strings.EqualFold(to, h.Session.AgentName) {
				return Change{}, Invalid("to", "%s has the conversation already", to)
			}
			ed := newEdit(h, now)
			shown := to
			if shown == "" {
				shown = s.cfg.Messages.Render(MsgAgentUnnamed, h.Language, nil)
			}
			ed.add(Message{Author: AuthorSystem, Text: s.cfg.Messages.Render(MsgTransferred, h.Language, map[string]string{"agent": shown})})
			ed.ss.AgentName = to
			if to != "" {
				// The notice is the team's last word to the user: the
				// session timeout runs from it, for the colleague to pick up.
				ed.ss.LastAgentAt = now
			} else {
				// Back in the team's queue nobody has the conversation, so no
				// session timeout runs: the user waits for an agent again,
				// and the waiting question is due Timeouts.Wait from now.
				ed.ss.LastAgentAt = time.Time{}
				ed.ss.WaitSince, ed.ss.AskedAt = now, time.Time{}
			}
			if ed.ss.JoinedAt.IsZero() {
				ed.ss.JoinedAt = now
			}
			ed.c.State, ed.c.Cause = StateAgentJoined, joinCause("transferred by "+name, to)
			return ed.change(), nil
		}
	case AgentReopened:
		return conflictf("handoff %s is %s; a reopened conversation does not reopen the handoff (closed is final: the user starts a new one)", h.ID, h.State)
	default:
		return Invalid("kind", "unknown agent event %q", e.Kind)
	}
	h, changed, err := s.update(ctx, h.ID, decide)
	if err != nil {
		return err
	}
	if changed && firstReply {
		s.waits.forget()
	}
	if changed {
		s.log.Info().Str("handoff", h.ID).Str("connector", e.Connector).Str("event", string(e.Kind)).
			Str("state", string(h.State)).Msg("agent event applied")
	}
	return nil
}

// findHandoff finds the handoff an event is about: by the helpdesk's id
// first, then by our id (which must have gone to the same helpdesk).
func (s *Service) findHandoff(ctx context.Context, e AgentEvent) (Handoff, error) {
	if e.RemoteID != "" {
		h, err := s.store.HandoffByRemote(ctx, e.Connector, e.RemoteID)
		if err == nil {
			return h, nil
		}
		if !Is(err, KindNotFound) {
			return Handoff{}, fmt.Errorf("finding handoff of %s %s: %w", e.Connector, e.RemoteID, err)
		}
	}
	if e.HandoffID != "" {
		h, err := s.store.Handoff(ctx, e.HandoffID)
		switch {
		case err == nil && h.Connector == e.Connector && e.RemoteID != "" && h.RemoteID != "" && h.RemoteID != e.RemoteID:
			// The event is about another ticket than the one this
			// handoff opened: the handoff id cannot be trusted over it.
			return Handoff{}, NotFound("handoff %s is %s %s, not %s", h.ID, e.Connector, h.RemoteID, e.RemoteID)
		case err == nil && h.Connector == e.Connector:
			return h, nil
		case err == nil:
			return Handoff{}, NotFound("handoff %s went to %s, not %s", h.ID, h.Connector, e.Connector)
		case !Is(err, KindNotFound):
			return Handoff{}, fmt.Errorf("finding handoff %s: %w", e.HandoffID, err)
		}
	}
	return Handoff{}, NotFound("no handoff matches the %s event (remote id %q, handoff id %q)", e.Connector, e.RemoteID, e.HandoffID)
}

// ErrClaimed is wrapped by the KindConflict error of a claim on a
// conversation another agent has taken.
var ErrClaimed = errors.New("another agent has the conversation")

// claimed refuses a claiming event by name on h when another agent has h.
func claimed(e AgentEvent, h Handoff, name string) error {
	if !e.Claim || h.Session.AgentName == "" || strings.EqualFold(h.Session.AgentName, name) {
		return nil
	}
	return &Error{Kind: KindConflict, Msg: fmt.Sprintf("%s has taken handoff %s", h.Session.AgentName, h.ID), Err: ErrClaimed}
}

// conflictf returns a KindConflict error.
func conflictf(format string, args ...any) error {
	return &Error{Kind: KindConflict, Msg: fmt.Sprintf(format, args...)}
}
