package handoff

import (
	"context"
	"fmt"
	"strconv"
	"time"
)

// StatusRequest asks where a handoff stands.
type StatusRequest struct {
	HandoffID string
	// Since is the cursor: only messages with a greater Seq are returned
	// (0: from the start).
	Since int64
	// KeepWaiting answers the waiting question: the user keeps waiting,
	// and the waiting timeout starts again.
	KeepWaiting bool
	// Language overrides the handoff's language for the sentences.
	Language string
}

// WaitChoice is an answer to the waiting question.
type WaitChoice string

// The answers to the waiting question.
const (
	WaitKeep         WaitChoice = "keep_waiting"
	WaitEnd          WaitChoice = "end"
	WaitLeaveMessage WaitChoice = "leave_message"
)

// Choice is one answer to the waiting question, as the user sees it.
type Choice struct {
	ID    WaitChoice `json:"id"`
	Label string     `json:"label"`
}

// WaitQuestion is the question the waiting timeout puts to the user.
type WaitQuestion struct {
	Text    string   `json:"question"`
	Choices []Choice `json:"choices"`
}

// Status is where a handoff stands, for the bot.
type Status struct {
	Handoff Handoff
	// Position in the queue of handoffs waiting for an agent (1 is next);
	// 0 when it does not wait or the queue is not tracked.
	Position int
	// Wait is the expected wait for the agent's first reply, while it
	// waits.
	Wait WaitEstimate
	// Messages are the agent's messages and the session's notices (author
	// system) after the cursor, oldest first; the user's own are left out.
	Messages []Message
	// Cursor is the Seq to pass as Since next time.
	Cursor int64
	// More is true when more messages wait after Cursor.
	More bool
	// Question, when set, is the waiting question to put to the user.
	Question *WaitQuestion
	// EndedBy says who ended a handoff in a final state: EndedByAgent,
	// EndedByUser, EndedByTimeout or EndedByHelpdesk.
	EndedBy string
	// UserMessage is the sentence for the user about where things stand;
	// empty when there is nothing to add to Messages.
	UserMessage string
	// Undelivered are the user's messages and the close that the helpdesk
	// never took (their jobs failed for good), oldest first.
	Undelivered []DeliveryProblem
}

// statusPage is how many messages one Status returns at most.
const statusPage = 50

// Status returns where handoff r.HandoffID stands: its state, its place in
// the queue and the expected wait, the agent's messages after the cursor,
// and the waiting question when the waiting timeout has passed. A timeout
// that is due is applied first, so the answer never lags behind the
// sweeper. With r.KeepWaiting the user's choice to keep waiting is recorded.
func (s *Service) Status(ctx context.Context, r StatusRequest) (Status, error) {
	if err := s.cfg.Limits.checkID("handoff_id", r.HandoffID); err != nil {
		return Status{}, err
	}
	if r.Since < 0 {
		return Status{}, Invalid("since", "is negative; pass the next_cursor of the last status, or 0 for every message")
	}
	if err := CheckLanguage(r.Language); err != nil {
		return Status{}, err
	}
	h, err := s.store.Handoff(ctx, r.HandoffID)
	if err != nil {
		return Status{}, err
	}
	if r.Since > h.Session.LastSeq {
		return Status{}, Invalid("since", "is %d, past the last message of this handoff (%d); pass the next_cursor of the last result, or 0 for every message", r.Since, h.Session.LastSeq)
	}
	if r.KeepWaiting {
		if h, err = s.keepWaiting(ctx, h.ID); err != nil {
			return Status{}, err
		}
	}
	if !s.timeoutChange(h, s.now()).IsZero() { // checked again in the transaction
		if h, err = s.applyTimeouts(ctx, h.ID); err != nil {
			return Status{}, err
		}
	}
	return s.describe(ctx, h, r.Since, language(r.Language, h), r.KeepWaiting)
}

// describe tells the bot where h stands.
func (s *Service) describe(ctx context.Context, h Handoff, since int64, lang string, keptWaiting bool) (Status, error) {
	msgs, err := s.store.Messages(ctx, h.ID, since, statusPage)
	if err != nil {
		return Status{}, fmt.Errorf("reading messages of handoff %s: %w", h.ID, err)
	}
	st := Status{Handoff: h, Cursor: since, More: len(msgs) == statusPage, Messages: []Message{}}
	for _, m := range msgs {
		st.Cursor = m.Seq
		if m.Author != AuthorUser {
			st.Messages = append(st.Messages, m)
		}
	}
	if st.Position, st.Wait, err = s.queueInfo(ctx, h); err != nil {
		return Status{}, err
	}
	if st.Undelivered, err = s.undelivered(ctx, h.ID); err != nil {
		return Status{}, err
	}
	if !h.State.Open() {
		if st.EndedBy, err = s.endedBy(ctx, h); err != nil {
			return Status{}, err
		}
	}
	st.Question = s.question(h, lang)
	switch {
	case st.Question != nil:
		st.UserMessage = st.Question.Text
	case keptWaiting && h.State.Open() && !h.Session.Replied():
		st.UserMessage = s.cfg.Messages.Render(MsgKeepWaiting, lang, nil)
	case h.State.Open() && !s.cfg.AgentEvents:
		st.UserMessage = s.forwardedMessage(h, lang)
	case h.State.Open() && !h.Session.Replied() && h.Session.JoinedAt.IsZero():
		st.UserMessage = s.waitingMessage(st.Position, st.Wait, lang)
	case !h.State.Open():
		st.UserMessage = s.endMessage(h, st.EndedBy, lang)
	}
	return st, nil
}

// waitingMessage tells the user where they are in the queue.
func (s *Service) waitingMessage(pos int, w WaitEstimate, lang string) string {
	if !s.cfg.AgentEvents || pos == 0 {
		return s.cfg.Messages.Render(MsgAlreadyOpen, lang, nil)
	}
	return s.cfg.Messages.Render(MsgWaiting, lang, map[string]string{
		"position": strconv.Itoa(pos), "minutes": strconv.Itoa(w.Minutes()),
	})
}

// endMessage tells the user how handoff h ended.
func (s *Service) endMessage(h Handoff, by string, lang string) string {
	switch {
	case h.State == StateFailed:
		return s.cfg.Messages.Render(MsgDeliveryFailed, lang, nil)
	case by == EndedByHandedOver:
		return s.forwardedMessage(h, lang)
	case by == EndedByTimeout:
		return s.cfg.Messages.Render(MsgTimedOut, lang, nil)
	case by == EndedByUser:
		return s.cfg.Messages.Render(MsgEnded, lang, nil)
	}
	return s.cfg.Messages.Render(MsgClosed, lang, nil)
}

// endedBy reads who ended h from the transition into its final state.
func (s *Service) endedBy(ctx context.Context, h Handoff) (string, error) {
	evs, err := s.store.Events(ctx, h.ID)
	if err != nil {
		return "", fmt.Errorf("reading history of handoff %s: %w", h.ID, err)
	}
	for i := len(evs) - 1; i >= 0; i-- {
		if evs[i].To == h.State {
			return endedBy(h.State, evs[i].Cause), nil
		}
	}
	return endedBy(h.State, ""), nil
}

// question returns the waiting question when the waiting timeout fired for
// h and no agent has replied since.
func (s *Service) question(h Handoff, lang string) *WaitQuestion {
	if !h.State.Open() || h.Session.Replied() || h.Session.AskedAt.IsZero() {
		return nil
	}
	waited := WaitEstimate{Duration: s.now().Sub(h.CreatedAt)}
	m := s.cfg.Messages
	return &WaitQuestion{
		Text: m.Render(MsgWaitQuestion, lang, map[string]string{"minutes": strconv.Itoa(waited.Minutes())}),
		Choices: []Choice{
			{ID: WaitKeep, Label: m.Render(MsgChoiceKeepWaiting, lang, nil)},
			{ID: WaitEnd, Label: m.Render(MsgChoiceEnd, lang, nil)},
			{ID: WaitLeaveMessage, Label: m.Render(MsgChoiceLeaveMessage, lang, nil)},
		},
	}
}

// keepWaiting records that the user keeps waiting for handoff id: the
// waiting timeout starts again and a pending question is answered. It
// changes nothing once an agent replied or the handoff ended.
func (s *Service) keepWaiting(ctx context.Context, id string) (Handoff, error) {
	now := s.now()
	h, changed, err := s.update(ctx, id, func(h Handoff) (Change, error) {
		if !h.State.Open() || h.Session.Replied() {
			return Change{}, nil
		}
		e := newEdit(h, now)
		e.ss.WaitSince, e.ss.AskedAt = now, time.Time{}
		return e.change(), nil
	})
	if changed {
		s.log.Info().Str("handoff", id).Msg("the user keeps waiting")
	}
	return h, err
}
