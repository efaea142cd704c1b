package app

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/helpdesk"
)

// PrintQueue writes handoffs as a table for the built-in inbox: id, state,
// age, priority, email, triggers and the first words of the question.
func PrintQueue(w io.Writer, hs []handoff.Handoff, now time.Time) error {
	if len(hs) == 0 {
		_, err := fmt.Fprintln(w, "No handoffs.")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTATE\tAGE\tPRIORITY\tEMAIL\tTRIGGERS\tQUESTION")
	for _, h := range hs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", h.ID, h.State, age(now.Sub(h.CreatedAt)), h.Priority,
			orDash(h.Contact.Email), orDash(strings.Join(h.Triggers, ",")), excerpt(helpdesk.Question(h), 48))
	}
	return tw.Flush()
}

// PrintHandoff writes one handoff in full: who, why, the transcript, and
// its lifecycle.
func PrintHandoff(w io.Writer, h handoff.Handoff, events []handoff.Event) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Handoff %s  (%s, priority %s)\n", h.ID, h.State, h.Priority)
	if h.Summary != nil && !h.Summary.IsZero() {
		for _, l := range h.Summary.Lines() {
			label, text, _ := strings.Cut(l, ": ")
			fmt.Fprintf(&b, "%-13s %s\n", label+":", text)
		}
	}
	if note := handoff.RedactionNote(h.Redactions); note != "" {
		fmt.Fprintf(&b, "Privacy:      %s from what leaves this server (helpdesk, LLM)\n", note)
	}
	fmt.Fprintf(&b, "Conversation: %s\n", h.ConversationID)
	fmt.Fprintf(&b, "Created:      %s\n", h.CreatedAt.Format(time.RFC3339))
	fmt.Fprintf(&b, "Email:        %s\n", orDash(h.Contact.Email))
	if h.Contact.Name != "" {
		fmt.Fprintf(&b, "Name:         %s\n", h.Contact.Name)
	}
	if h.Contact.Phone != "" {
		fmt.Fprintf(&b, "Phone:        %s\n", h.Contact.Phone)
	}
	if h.Language != "" {
		fmt.Fprintf(&b, "Language:     %s\n", h.Language)
	}
	fmt.Fprintf(&b, "Triggers:     %s\n", orDash(strings.Join(h.Triggers, ", ")))
	decided, vote, server := helpdesk.Judges(h)
	fmt.Fprintf(&b, "Decided by:   %s\n", orDash(decided))
	if vote != "" {
		fmt.Fprintf(&b, "Bot's vote:   %s\n", vote)
	}
	if server != "" {
		fmt.Fprintf(&b, "Server said:  %s\n", server)
	}
	fmt.Fprintf(&b, "Reason:       %s\n", orDash(h.Reason))
	if !h.Route.IsZero() {
		fmt.Fprintf(&b, "Route:        team=%s department=%s language=%s\n", orDash(h.Route.Team), orDash(h.Route.Department), orDash(h.Route.Language))
	}
	for k, v := range h.Metadata {
		fmt.Fprintf(&b, "Meta %-8s %s\n", k+":", v)
	}
	fmt.Fprintf(&b, "Helpdesk:     %s", h.Connector)
	if h.RemoteID != "" {
		fmt.Fprintf(&b, " (remote id %s)", h.RemoteID)
	}
	if h.RemoteURL != "" {
		fmt.Fprintf(&b, "\nTicket:       %s", h.RemoteURL)
	}
	if h.LastError != "" {
		fmt.Fprintf(&b, "\nLast error:   %s (attempt %d)", h.LastError, h.Attempts)
		if h.State == handoff.StateQueued && !h.NextAttemptAt.IsZero() {
			fmt.Fprintf(&b, "; next attempt %s", h.NextAttemptAt.UTC().Format(time.RFC3339))
		}
	}
	b.WriteString("\n\nTranscript (last turns):\n")
	for _, t := range h.Transcript {
		fmt.Fprintf(&b, "  %-10s %s\n", string(t.Role)+":", indent(t.Content))
	}
	if len(events) > 0 {
		b.WriteString("\nHistory:\n")
		for _, e := range events {
			from := string(e.From)
			if from == "" {
				from = "new"
			}
			fmt.Fprintf(&b, "  %s  %s -> %s  (%s)\n", e.At.Format(time.RFC3339), from, e.To, e.Cause)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// PrintRating writes the user's answer to the satisfaction survey, when
// there is one.
func PrintRating(w io.Writer, r handoff.Rating, ok bool) error {
	if !ok {
		return nil
	}
	line := fmt.Sprintf("\nSatisfaction: %d of 5 (%s)", r.Rating, r.At.Format(time.RFC3339))
	if r.Comment != "" {
		line += "\n  " + indent(r.Comment)
	}
	_, err := io.WriteString(w, line+"\n")
	return err
}

// PrintOfflineMessages writes the messages users left for the team.
func PrintOfflineMessages(w io.Writer, ms []handoff.OfflineMessage) error {
	if len(ms) == 0 {
		_, err := fmt.Fprintln(w, "No messages.")
		return err
	}
	var b strings.Builder
	for _, m := range ms {
		reach := m.Contact.Email
		if m.Contact.Phone != "" {
			reach = strings.TrimSpace(reach + " " + m.Contact.Phone)
		}
		fmt.Fprintf(&b, "%s  %s  conversation %s  from %s", m.ID, m.CreatedAt.Format(time.RFC3339), m.ConversationID, orDash(reach))
		if m.Contact.Name != "" {
			fmt.Fprintf(&b, " (%s)", m.Contact.Name)
		}
		if m.HandoffID != "" {
			fmt.Fprintf(&b, "  handoff %s", m.HandoffID)
		}
		switch {
		case m.RemoteID != "":
			fmt.Fprintf(&b, "  forwarded to %s as %s", m.Connector, m.RemoteID)
		case m.Connector != "":
			fmt.Fprintf(&b, "  forwarding to %s", m.Connector)
		}
		fmt.Fprintf(&b, "\n  %s\n\n", indent(m.Text))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func excerpt(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return orDash(s)
}

func indent(s string) string { return strings.ReplaceAll(s, "\n", "\n             ") }

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func age(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh", int(d.Hours()))
	}
	return fmt.Sprintf("%dd", int(d.Hours()/24))
}

// PrintDecision writes a classifier decision for a bot builder trying
// trigger wording.
func PrintDecision(w io.Writer, d handoff.Decision) error {
	var b strings.Builder
	if d.Handoff {
		fmt.Fprintf(&b, "HANDOFF: yes\nTriggers:   %s\n", strings.Join(d.Triggers, ", "))
	} else {
		b.WriteString("HANDOFF: no\n")
	}
	fmt.Fprintf(&b, "Confidence: %.2f\nDecided by: %s", d.Confidence, d.Classifier)
	if d.Fallback {
		b.WriteString(" (the LLM failed; the embedded classifier answered)")
	}
	if d.Cached {
		b.WriteString(" (cached)")
	}
	fmt.Fprintf(&b, "\nReason:     %s\n", d.Reason)
	if d.Usage.Calls > 0 {
		fmt.Fprintf(&b, "LLM:        %d call(s), %d prompt + %d completion tokens\n", d.Usage.Calls, d.Usage.PromptTokens, d.Usage.CompletionTokens)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
