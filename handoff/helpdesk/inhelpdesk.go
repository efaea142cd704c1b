package helpdesk

import (
	"fmt"
	"strings"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// MetaConversationID is the metadata key that puts a handoff in
// in-helpdesk mode: the bot already runs inside the helpdesk's own
// conversation with that id, so the connector assigns that conversation to
// the routed team or agent and adds an internal note, instead of opening a
// second one. request_human_handoff sets it from its
// helpdesk_conversation_id input; privacy redaction leaves it as is.
const MetaConversationID = "helpdesk_conversation_id"

// InHelpdesk is implemented by the connectors that can take a handoff
// inside the helpdesk's own conversation (MetaConversationID).
type InHelpdesk interface {
	// CheckConversationID says what is wrong with id as a conversation id
	// of this helpdesk, or nil.
	CheckConversationID(id string) error
}

// InHelpdeskOf returns c, or the connector it wraps (privacy redaction),
// as an InHelpdesk, when it is one.
func InHelpdeskOf(c handoff.Connector) (InHelpdesk, bool) {
	for c != nil {
		if ih, ok := c.(InHelpdesk); ok {
			return ih, true
		}
		u, ok := c.(interface{ Unwrap() handoff.Connector })
		if !ok {
			return nil, false
		}
		c = u.Unwrap()
	}
	return nil, false
}

// ConversationOf returns the helpdesk conversation h was handed off in,
// or "" when h opened a conversation of its own.
func ConversationOf(h handoff.Handoff) string {
	return strings.TrimSpace(h.Metadata[MetaConversationID])
}

// handoverNote is the internal note an in-helpdesk handoff leaves for the
// agent: why the bot handed over, not the transcript (the agent sees the
// conversation itself). It carries Reference(h), by which a retry finds
// it and does not write it twice.
func handoverNote(h handoff.Handoff) string {
	var b strings.Builder
	fmt.Fprintf(&b, "The bot handed this conversation over to a person (%s).\n", Reference(h))
	if h.Reason != "" {
		fmt.Fprintf(&b, "Reason: %s\n", h.Reason)
	}
	if len(h.Triggers) > 0 {
		fmt.Fprintf(&b, "Triggers: %s\n", strings.Join(h.Triggers, ", "))
	}
	if h.Priority != "" && h.Priority != handoff.PriorityNormal {
		fmt.Fprintf(&b, "Priority: %s\n", h.Priority)
	}
	if s := h.Summary; s != nil {
		if s.Goal != "" {
			fmt.Fprintf(&b, "Goal: %s\n", s.Goal)
		}
		if s.Tried != "" {
			fmt.Fprintf(&b, "The bot tried: %s\n", s.Tried)
		}
	}
	b.WriteString("The bot stays silent here until the conversation is closed or snoozed.")
	return b.String()
}
