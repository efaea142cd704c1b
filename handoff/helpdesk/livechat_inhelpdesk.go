package helpdesk

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// In-helpdesk mode (MetaConversationID) for LiveChat: the user already
// chats with the bot (a bot agent) in a LiveChat chat. The handoff reads
// the chat (get_chat), leaves the reason and triggers as a message only
// agents see (send_event, visibility "agents"), unless an earlier attempt
// left it, and transfers the chat to the routed group (transfer_chat,
// target {type: group}). It starts no chat and creates no customer; the
// user's messages are already in the chat, so none are relayed. The chat's
// end (chat_deactivated) ends the session.
//
// Retries: LiveChat takes no idempotency key; the read before the note
// keeps it single, and a transfer repeated after a lost answer moves the
// chat to the group it is already in.

var _ InHelpdesk = (*LiveChat)(nil)

var liveChatIDRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9]{1,64}$`) })

// CheckConversationID accepts LiveChat chat ids (letters and digits, like
// PJ0MRSHTDG).
func (l *LiveChat) CheckConversationID(id string) error {
	if !liveChatIDRE().MatchString(id) {
		return fmt.Errorf("helpdesk_conversation_id: %q is not a LiveChat chat id; pass the id of the LiveChat chat the bot runs in: letters and digits, like PJ0MRSHTDG", Clip(id, 80))
	}
	return nil
}

// lcNoted reports whether chat id's current thread has h's note, and
// returns the thread id.
func (l *LiveChat) lcNoted(ctx context.Context, h handoff.Handoff, id string) (thread string, noted bool, err error) {
	var c struct {
		Thread struct {
			ID     string `json:"id"`
			Events []struct {
				Type       string `json:"type"`
				Text       string `json:"text"`
				Visibility string `json:"visibility"`
			} `json:"events"`
		} `json:"thread"`
	}
	if err := l.action(ctx, "get_chat", map[string]string{"chat_id": id}, &c); err != nil {
		return "", false, err
	}
	for _, e := range c.Thread.Events {
		if e.Type == "message" && e.Visibility == "agents" && strings.Contains(e.Text, Reference(h)) {
			return c.Thread.ID, true, nil
		}
	}
	return c.Thread.ID, false, nil
}

// openInHelpdesk hands over the chat id the bot runs in.
func (l *LiveChat) openInHelpdesk(ctx context.Context, h handoff.Handoff, id string) (handoff.Receipt, error) {
	if err := l.CheckConversationID(id); err != nil {
		return handoff.Receipt{}, handoff.Permanent(fmt.Errorf("livechat: handoff %s: %w", h.ID, err))
	}
	t := l.cfg.Routing.target(h)
	if t.GroupID == 0 {
		return handoff.Receipt{}, handoff.Permanent(fmt.Errorf("livechat: in-helpdesk handoff %s has no group to transfer chat %s to: set helpdesk.livechat.default_route.group_id (or a route)", h.ID, id))
	}
	thread, done, err := l.lcNoted(ctx, h, id)
	if err != nil {
		return handoff.Receipt{}, fmt.Errorf("reading chat %s: %w", id, err)
	}
	if !done {
		ev := lcEvent{Type: "message", Text: handoverNote(h), Visibility: "agents"}
		if err := l.action(ctx, "send_event", map[string]any{"chat_id": id, "event": ev, "attach_to_last_thread": true}, nil); err != nil {
			return handoff.Receipt{}, fmt.Errorf("adding the handover note to chat %s: %w", id, err)
		}
	}
	transfer := map[string]any{"id": id, "target": map[string]any{"type": "group", "ids": []int64{t.GroupID}}}
	if err := l.action(ctx, "transfer_chat", transfer, nil); err != nil {
		return handoff.Receipt{}, fmt.Errorf("transferring chat %s: %w", id, err)
	}
	for _, tag := range l.cfg.Routing.tags(h, t, false) {
		if thread == "" {
			break
		}
		if err := l.action(ctx, "tag_thread", map[string]string{"chat_id": id, "thread_id": thread, "tag": tag}, nil); err != nil {
			l.api.log.Warn().Str("handoff_id", h.ID).Str("remote_id", id).Str("tag", tag).Str("error", err.Error()).Msg("livechat chat handed over, tagging failed")
		}
	}
	l.api.log.Info().Str("handoff_id", h.ID).Str("remote_id", id).Int64("group_id", t.GroupID).Msg("livechat chat handed over in place")
	return handoff.Receipt{RemoteID: id, Meta: map[string]string{"mode": "in_helpdesk", "thread_id": thread}}, nil
}
