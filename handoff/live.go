package handoff

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// SendResult is the answer to SendMessage.
type SendResult struct {
	Handoff Handoff
	// Sent is true only when the message reached the agent's conversation:
	// the built-in inbox stored it, or the helpdesk took it within the
	// call. A message kept in the outbox for a later attempt is not sent
	// (yet): Delivery says queued.
	Sent bool
	// Delivery says where the message stands: RelayInbox, RelayDelivered,
	// RelayQueued, RelayFailed or RelayNotSent (the handoff has ended).
	Delivery string
	// DeliveryError is why the helpdesk did not take it (RelayFailed, or a
	// queued message's first attempt).
	DeliveryError string
	// Message is the stored message (unless the handoff had ended).
	Message Message
}

// SendMessage stores the user's words for the agent of handoff id and, with
// a remote helpdesk, relays them to its ticket through the outbox (after the
// ticket's open, in order; retried like every delivery). The session timeout
// waits again for the agent. Once the handoff has ended nothing is stored
// and Sent is false.
func (s *Service) SendMessage(ctx context.Context, id, text string) (SendResult, error) {
	l := s.cfg.Limits
	if err := l.checkID("handoff_id", id); err != nil {
		return SendResult{}, err
	}
	text = strings.TrimSpace(CleanText(text))
	if text == "" {
		return SendResult{}, Invalid("text", "is empty; pass the user's words for the agent")
	}
	if err := l.checkText("text", text, l.MaxMessageBytes, "max_message_bytes"); err != nil {
		return SendResult{}, err
	}
	now := s.now()
	var m Message
	h, sent, err := s.update(ctx, id, func(h Handoff) (Change, error) {
		if !h.State.Open() {
			return Change{}, nil
		}
		e := newEdit(h, now)
		m = e.add(Message{Author: AuthorUser, Text: text})
		e.ss.LastUserAt = now
		e.c.Jobs = s.relayJob(h, m)
		return e.change(), nil
	})
	if err != nil {
		return SendResult{}, fmt.Errorf("storing the user's message for handoff %s: %w", id, err)
	}
	res := SendResult{Handoff: h, Delivery: RelayNotSent, Message: m}
	switch {
	case !sent:
	case !s.cfg.ForwardMessages:
		res.Sent, res.Delivery = true, RelayInbox
	default:
		res.Delivery, res.DeliveryError = s.relayOutcome(ctx, id, DeliveryKey(DeliveryMessage, id, m.Seq))
		res.Sent = res.Delivery == RelayDelivered
		s.log.Debug().Str("handoff", id).Int64("seq", m.Seq).Str("delivery", res.Delivery).Msg("user message relayed")
	}
	return res, nil
}

// EndRequest asks to end a handoff on the user's side.
type EndRequest struct {
	HandoffID string
	// Reason is why, in a few words, for the agent and the history.
	Reason string
	// Message, when set, is a message the user leaves for the team instead
	// of waiting: it goes to the ticket (and the built-in inbox's
	// messages), which stays open for the team to answer by email or
	// phone. It needs the user's email or phone.
	Message string
	// Language overrides the handoff's language for the sentence.
	Language string
}

// EndResult is the answer to End.
type EndResult struct {
	Handoff Handoff
	// AlreadyEnded is true when the handoff had ended before; nothing
	// changed.
	AlreadyEnded bool
	// LeftMessage is true when the user left a message for the team.
	LeftMessage bool
	// UserMessage is the sentence for the user.
	UserMessage string
}

// End ends handoff r.HandoffID on the user's side: cancelled before an
// agent joined, closed after, and the helpdesk is told (a close job). With a
// message, the user leaves it for the team instead of waiting: it is relayed
// to the ticket, which stays open, and the handoff is cancelled. Ending a
// handoff that has ended changes nothing.
func (s *Service) End(ctx context.Context, r EndRequest) (EndResult, error) {
	l := s.cfg.Limits
	if err := l.checkID("handoff_id", r.HandoffID); err != nil {
		return EndResult{}, err
	}
	r.Reason, r.Message = strings.TrimSpace(CleanText(r.Reason)), strings.TrimSpace(CleanText(r.Message))
	if err := CheckLanguage(r.Language); err != nil {
		return EndResult{}, err
	}
	if err := l.checkText("reason", r.Reason, l.MaxMessageBytes, "max_message_bytes"); err != nil {
		return EndResult{}, err
	}
	if err := l.checkText("message", r.Message, l.MaxMessageBytes, "max_message_bytes"); err != nil {
		return EndResult{}, err
	}
	h, err := s.store.Handoff(ctx, r.HandoffID)
	if err != nil {
		return EndResult{}, err
	}
	lang := language(r.Language, h)
	contact := h.Contact
	if r.Message != "" {
		if contact, err = s.reachable(ctx, h); err != nil {
			return EndResult{}, err
		}
	}
	now := s.now()
	var left, opened bool
	h, changed, err := s.update(ctx, h.ID, func(h Handoff) (Change, error) {
		if !h.State.Open() {
			return Change{}, nil
		}
		e := newEdit(h, now)
		opened = h.RemoteID != ""
		if r.Message != "" {
			m := e.add(Message{Author: AuthorUser, Text: r.Message})
			e.ss.LastUserAt = now
			if opened { // else the open job is cancelled with the handoff: see keepMessage
				e.c.Jobs = s.relayJob(h, m)
			}
		}
		switch {
		case r.Message != "" && !h.Session.Replied():
			left = true
			e.c.State, e.c.Cause = StateCancelled, CauseLeftMessage
		default:
			e.c.State = StateCancelled
			if h.State == StateAgentJoined {
				e.c.State = StateClosed
			}
			e.c.Cause = joinCause(CauseEndedByUser, r.Reason)
			e.c.Jobs = append(e.c.Jobs, s.closeJob(h, joinCause("The customer ended the conversation", r.Reason))...)
		}
		return e.change(), nil
	})
	if err != nil {
		return EndResult{}, fmt.Errorf("ending handoff %s: %w", r.HandoffID, err)
	}
	if !changed {
		by, err := s.endedBy(ctx, h)
		if err != nil {
			return EndResult{}, err
		}
		return EndResult{Handoff: h, AlreadyEnded: true, UserMessage: s.endMessage(h, by, lang)}, nil
	}
	s.deliver(ctx, h.ID)
	s.log.Info().Str("handoff", h.ID).Str("state", string(h.State)).Bool("left_message", left).Msg("the user ended the handoff")
	res := EndResult{Handoff: h, LeftMessage: left, UserMessage: s.cfg.Messages.Render(MsgEnded, lang, nil)}
	if left {
		if err := s.keepMessage(ctx, h, contact, r.Message, !opened, now); err != nil {
			return EndResult{}, err
		}
		reach := contact.Email
		if reach == "" {
			reach = contact.Phone
		}
		res.UserMessage = s.cfg.Messages.Render(MsgLeftMessage, lang, map[string]string{"email": reach})
	}
	return res, nil
}

// AnswerWait applies the user's answer to the waiting question of handoff
// id: keep waiting (the waiting timeout starts again), end the request, or
// leave message for the team instead (see End).
func (s *Service) AnswerWait(ctx context.Context, id string, choice WaitChoice, message string) (Handoff, error) {
	switch choice {
	case WaitKeep:
		return s.keepWaiting(ctx, id)
	case WaitEnd:
		res, err := s.End(ctx, EndRequest{HandoffID: id, Reason: "chose not to keep waiting"})
		return res.Handoff, err
	case WaitLeaveMessage:
		if strings.TrimSpace(message) == "" {
			return Handoff{}, Invalid("message", "is empty; the user chose to leave a message, so pass their words")
		}
		res, err := s.End(ctx, EndRequest{HandoffID: id, Reason: "left a message instead of waiting", Message: message})
		return res.Handoff, err
	}
	return Handoff{}, Invalid("choice", "%q is not an answer; use keep_waiting, end or leave_message", choice)
}

// reachable returns how the team can reach the user of h: the handoff's
// contact, completed from the conversation's. A message needs an email or
// a phone number.
func (s *Service) reachable(ctx context.Context, h Handoff) (Contact, error) {
	stored, err := s.store.Contact(ctx, h.ConversationID)
	if err != nil {
		return Contact{}, fmt.Errorf("loading contact: %w", err)
	}
	c := h.Contact.Merge(stored)
	if c.Email == "" && c.Phone == "" {
		return c, Invalid("message", "a message needs an email or a phone number so the team can reply; ask the user for one and store it with collect_contact first")
	}
	return c, nil
}

// keepMessage keeps the message the user left instead of waiting with the
// messages for the team (handoff-mcp inbox messages). When the handoff's
// ticket exists the message went there; when it was not opened yet (the
// helpdesk was down, and the cancelled handoff will never be opened now),
// forward says to send the message to the helpdesk as a ticket of its own,
// through the outbox, so that the team gets it either way.
func (s *Service) keepMessage(ctx context.Context, h Handoff, c Contact, text string, forward bool, now time.Time) error {
	m := OfflineMessage{ID: s.newID("m_"), ConversationID: h.ConversationID, HandoffID: h.ID, Contact: c, Text: text, CreatedAt: now, Context: ContextOf(h)}
	if forward && s.cfg.ForwardMessages {
		m.Connector = s.conn.Name() // stored with its delivery job, in one transaction
	}
	if err := s.store.AddOfflineMessage(ctx, m); err != nil {
		return fmt.Errorf("keeping the message of handoff %s: %w", h.ID, err)
	}
	if m.Connector != "" && s.courier != nil {
		s.courier.DeliverNow(context.WithoutCancel(ctx), m.ID, 0)
	}
	return nil
}

// joinCause appends a detail to a cause: "ended by the user: no longer
// needed".
func joinCause(cause, detail string) string {
	if detail == "" {
		return cause
	}
	return cause + ": " + detail
}
