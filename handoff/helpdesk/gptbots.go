package helpdesk

import (
	"context"
	"fmt"
	"strings"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// The GPTBots "Human Service – Webhook" protocol: a receiver implements
// POST /conversation/establish, /chat and /conversation/close under a base
// URL, with optional basic auth, and answers {"code": ..., "message": ...}.
// The bodies below follow GPTBots' documentation; conversation_id is our
// handoff id, which the receiver passes back when it replies.

// gptMessage is one entry of the establish body.
type gptMessage struct {
	MessageType string `json:"message_type"` // QUESTION (user) or ANSWER (bot)
	Text        string `json:"text"`
}

type gptUserInfo struct {
	Phone  *string `json:"phone"`
	Email  string  `json:"email,omitempty"`
	UserID string  `json:"user_id,omitempty"`
}

// gptEstablish is the body of /conversation/establish. Handoff is our
// extension: the structured handoff (reason, triggers, route, priority,
// metadata); receivers written to the GPTBots spec ignore it.
type gptEstablish struct {
	ConversationID string       `json:"conversation_id"`
	Timestamp      int64        `json:"timestamp"` // unix milliseconds
	Email          string       `json:"email"`
	BotID          string       `json:"bot_id,omitempty"`
	Body           []gptMessage `json:"body"`
	UserInfo       gptUserInfo  `json:"user_info"`
	Handoff        *Document    `json:"handoff,omitempty"`
}

type gptChat struct {
	ConversationID string `json:"conversation_id"`
	Timestamp      int64  `json:"timestamp"`
	Body           string `json:"body"`
}

type gptClose struct {
	ConversationID string `json:"conversation_id"`
	Timestamp      int64  `json:"timestamp"`
	Type           string `json:"type"` // USER_CLOSED or TIMEOUT
}

type gptReply struct {
	Code    any    `json:"code"`
	Message string `json:"message"`
}

// gptBody maps the transcript onto QUESTION/ANSWER entries, making sure the
// current question comes last.
func gptBody(h handoff.Handoff) []gptMessage {
	var out []gptMessage
	for _, t := range h.Transcript {
		switch t.Role {
		case handoff.RoleUser:
			out = append(out, gptMessage{"QUESTION", t.Content})
		case handoff.RoleAssistant:
			out = append(out, gptMessage{"ANSWER", t.Content})
		}
	}
	q := strings.TrimSpace(h.Question)
	if q != "" && (len(out) == 0 || out[len(out)-1].MessageType != "QUESTION" || strings.TrimSpace(out[len(out)-1].Text) != q) {
		out = append(out, gptMessage{"QUESTION", q})
	}
	if out == nil {
		out = []gptMessage{}
	}
	return out
}

func (w *Webhook) gptOpen(ctx context.Context, h handoff.Handoff) (handoff.Receipt, error) {
	doc := NewDocument(h)
	body := gptEstablish{
		ConversationID: h.ID, Timestamp: h.CreatedAt.UnixMilli(), Email: h.Contact.Email, BotID: w.cfg.BotID,
		Body: gptBody(h), UserInfo: gptUserInfo{Email: h.Contact.Email, UserID: h.ConversationID}, Handoff: &doc,
	}
	if h.CreatedAt.IsZero() {
		body.Timestamp = w.api.now().UnixMilli()
	}
	if h.Contact.Phone != "" {
		body.UserInfo.Phone = &h.Contact.Phone
	}
	var reply gptReply
	if err := w.post(ctx, "/conversation/establish", EventCreated, IdempotencyKey(h, EventCreated, 0), body, &reply); err != nil {
		return handoff.Receipt{}, fmt.Errorf("opening handoff %s: %w", h.ID, err)
	}
	w.api.log.Info().Str("handoff_id", h.ID).Any("code", reply.Code).Str("message", truncate(reply.Message, 200)).Msg("gptbots webhook established conversation")
	return handoff.Receipt{RemoteID: h.ID}, nil
}

func (w *Webhook) gptChat(ctx context.Context, h handoff.Handoff, m handoff.Message) error {
	at := m.At
	if at.IsZero() {
		at = w.api.now()
	}
	body := gptChat{ConversationID: h.ID, Timestamp: at.UnixMilli(), Body: m.Text}
	if err := w.post(ctx, "/chat", EventMessage, IdempotencyKey(h, EventMessage, m.Seq), body, nil); err != nil {
		return fmt.Errorf("adding message %d to handoff %s: %w", m.Seq, h.ID, err)
	}
	return nil
}

// gptCloseType maps our close reason onto GPTBots' closure types: reasons
// that speak of a timeout are TIMEOUT, everything else USER_CLOSED.
func gptCloseType(reason string) string {
	r := strings.ToLower(reason)
	if strings.Contains(r, "timeout") || strings.Contains(r, "timed_out") || strings.Contains(r, "timed out") {
		return "TIMEOUT"
	}
	return "USER_CLOSED"
}

func (w *Webhook) gptClose(ctx context.Context, h handoff.Handoff, reason string) error {
	body := gptClose{ConversationID: h.ID, Timestamp: w.api.now().UnixMilli(), Type: gptCloseType(reason)}
	if err := w.post(ctx, "/conversation/close", EventClosed, IdempotencyKey(h, EventClosed, 0), body, nil); err != nil {
		return fmt.Errorf("closing handoff %s: %w", h.ID, err)
	}
	return nil
}
