package app

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/helpdesk"
)

// InboxReply stores text as the reply of the built-in inbox's agent (named
// name, when given) to handoff id: the bot relays it to the user at its next
// get_handoff_status. The first reply starts the session (the handoff
// becomes agent_joined) and every reply restarts the session timeout. A
// handoff that went to another helpdesk is answered there, not here.
func InboxReply(ctx context.Context, svc *handoff.Service, id, name, text string) (handoff.Handoff, error) {
	if err := inboxHandoff(ctx, svc, id); err != nil {
		return handoff.Handoff{}, err
	}
	err := svc.ApplyAgentEvent(ctx, handoff.AgentEvent{
		Kind: handoff.AgentMessage, Connector: helpdesk.TypeInbox, HandoffID: id,
		AgentName: name, Text: text, MessageID: handoff.NewID("inbox:r_"),
	})
	if err != nil {
		return handoff.Handoff{}, err
	}
	return svc.Store().Handoff(ctx, id)
}

// InboxClose closes handoff id as the built-in inbox's agent: the bot tells
// the user at its next get_handoff_status and resumes.
func InboxClose(ctx context.Context, svc *handoff.Service, id string) (handoff.Handoff, error) {
	if err := inboxHandoff(ctx, svc, id); err != nil {
		return handoff.Handoff{}, err
	}
	if err := svc.ApplyAgentEvent(ctx, handoff.AgentEvent{Kind: handoff.AgentClosed, Connector: helpdesk.TypeInbox, HandoffID: id}); err != nil {
		return handoff.Handoff{}, err
	}
	return svc.Store().Handoff(ctx, id)
}

// inboxHandoff checks that handoff id lives in the built-in inbox.
func inboxHandoff(ctx context.Context, svc *handoff.Service, id string) error {
	h, err := svc.Store().Handoff(ctx, id)
	if err != nil {
		return err
	}
	if h.Connector != helpdesk.TypeInbox {
		return handoff.Invalid("id", "handoff %s went to %s: answer and close it there, where the customer's ticket is", id, h.Connector)
	}
	return nil
}

// PrintSession writes the live session of h: who has it, the waiting
// question, and its messages.
func PrintSession(w io.Writer, h handoff.Handoff, msgs []handoff.Message) error {
	var b strings.Builder
	ss := h.Session
	b.WriteString("\nSession:\n")
	switch {
	case ss.AgentName != "":
		fmt.Fprintf(&b, "  agent %s", ss.AgentName)
	case !ss.JoinedAt.IsZero():
		b.WriteString("  an agent")
	default:
		b.WriteString("  no agent yet")
	}
	if !ss.JoinedAt.IsZero() {
		fmt.Fprintf(&b, ", joined %s", ss.JoinedAt.Format(time.RFC3339))
	}
	if h.State.Open() && !ss.Replied() && !ss.AskedAt.IsZero() {
		fmt.Fprintf(&b, "; the user is asked whether to keep waiting (since %s)", ss.AskedAt.Format(time.RFC3339))
	}
	b.WriteString("\n")
	if len(msgs) == 0 {
		b.WriteString("  no messages\n")
	}
	for _, m := range msgs {
		who := string(m.Author)
		if m.Name != "" {
			who += " " + m.Name
		}
		fmt.Fprintf(&b, "  [%d] %s  %-10s %s\n", m.Seq, m.At.UTC().Format(time.RFC3339), who+":", indent(m.Text))
	}
	_, err := io.WriteString(w, b.String())
	return err
}
