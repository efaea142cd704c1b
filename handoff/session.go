package handoff

import (
	"context"
	"strings"
	"time"
)

// The causes recorded on the lifecycle transitions of a live session. A
// cause may go on after the prefix (": the reason", " in zendesk").
const (
	CauseAgentReplied   = "the agent replied"
	CauseAgentJoined    = "an agent took the conversation"
	CauseClosedByAgent  = "closed by the agent"
	CauseEndedByUser    = "ended by the user"
	CauseLeftMessage    = "the user left a message instead of waiting"
	CauseSessionTimeout = "session timeout"
	// CauseHandedOver ends a handoff whose helpdesk sends no agent events
	// back: the ticket is with the team, who answer by email.
	CauseHandedOver = "handed over"
)

// Who ended a handoff, as Status.EndedBy says.
const (
	EndedByAgent    = "agent"
	EndedByUser     = "user"
	EndedByTimeout  = "timeout"
	EndedByHelpdesk = "helpdesk"
	// EndedByHandedOver: the ticket is with a helpdesk whose agents answer
	// by email; nothing more comes back to this chat.
	EndedByHandedOver = "handed_over"
)

// endedBy tells who ended a handoff in final state st from the cause of the
// transition into it.
func endedBy(st State, cause string) string {
	switch {
	case st == StateFailed:
		return EndedByHelpdesk
	case strings.HasPrefix(cause, CauseHandedOver):
		return EndedByHandedOver
	case st == StateTimedOut, strings.HasPrefix(cause, CauseSessionTimeout):
		return EndedByTimeout
	case strings.HasPrefix(cause, CauseClosedByAgent):
		return EndedByAgent
	case strings.HasPrefix(cause, CauseEndedByUser), strings.HasPrefix(cause, CauseLeftMessage), st == StateCancelled:
		return EndedByUser
	}
	return EndedByAgent
}

// update runs decide on handoff id in one store transaction (see
// Store.UpdateHandoff) and reports whether it changed anything; OnChange
// hears of every change.
func (s *Service) update(ctx context.Context, id string, decide func(Handoff) (Change, error)) (Handoff, bool, error) {
	changed := false
	h, err := s.store.UpdateHandoff(ctx, id, func(h Handoff) (Change, error) {
		c, err := decide(h)
		changed = err == nil && !c.IsZero()
		return c, err
	})
	if err != nil {
		return h, false, err
	}
	if changed {
		s.changed(h)
	}
	return h, changed, nil
}

// changed tells OnChange about h.
func (s *Service) changed(h Handoff) {
	if s.onChange != nil {
		s.onChange(h)
	}
}

// edit builds the Change of one session update: messages numbered after
// the handoff's last, the session fields to write.
type edit struct {
	h  Handoff
	ss Session
	c  Change
}

func newEdit(h Handoff, at time.Time) *edit {
	return &edit{h: h, ss: h.Session, c: Change{At: at}}
}

// add appends m as the session's next message and returns it numbered.
func (e *edit) add(m Message) Message {
	e.ss.LastSeq++
	m.HandoffID, m.Seq = e.h.ID, e.ss.LastSeq
	if m.At.IsZero() {
		m.At = e.c.At
	}
	e.c.Messages = append(e.c.Messages, m)
	return m
}

// change returns the Change with the edited session.
func (e *edit) change() Change {
	ss := e.ss
	e.c.Session = &ss
	return e.c
}

// relayJob returns the outbox job adding the user's message m to h's
// ticket; none with the built-in inbox, where the store is the ticket.
func (s *Service) relayJob(h Handoff, m Message) []Delivery {
	if !s.cfg.ForwardMessages {
		return nil
	}
	return []Delivery{{
		Subject: h.ID, Kind: DeliveryMessage, Seq: m.Seq, Key: DeliveryKey(DeliveryMessage, h.ID, m.Seq),
		Message: &m, Priority: h.Priority.Rank(),
	}}
}

// closeJob returns the outbox job closing h's ticket with reason; none
// with the built-in inbox. It runs after every job enqueued before it; a
// ticket never opened has nothing to close, and the job is cancelled then.
func (s *Service) closeJob(h Handoff, reason string) []Delivery {
	if !s.cfg.ForwardMessages {
		return nil
	}
	return []Delivery{{
		Subject: h.ID, Kind: DeliveryClose, Key: DeliveryKey(DeliveryClose, h.ID, 0),
		Reason: reason, Priority: h.Priority.Rank(),
	}}
}

// deliver asks the courier to try handoff id's new jobs at once.
func (s *Service) deliver(ctx context.Context, id string) {
	if s.courier != nil && s.cfg.ForwardMessages {
		s.courier.DeliverNow(context.WithoutCancel(ctx), id, 0)
	}
}

// joinNotice is the session notice that an agent joined, in h's language.
func (s *Service) joinNotice(h Handoff, name string) Message {
	if name == "" {
		name = s.cfg.Messages.Render(MsgAgentUnnamed, h.Language, nil)
	}
	return Message{Author: AuthorSystem, Text: s.cfg.Messages.Render(MsgAgentJoined, h.Language, map[string]string{"agent": name})}
}

// forwardedMessage tells the user of h that the team answers by email (or
// phone), not in this chat.
func (s *Service) forwardedMessage(h Handoff, lang string) string {
	reach := h.Contact.Email
	if reach == "" {
		reach = h.Contact.Phone
	}
	return s.cfg.Messages.Render(MsgForwarded, lang, map[string]string{"email": reach})
}

// language picks the language of the sentences about h.
func language(override string, h Handoff) string {
	if l := BaseLanguage(override); l != "" {
		return l
	}
	return h.Language
}
