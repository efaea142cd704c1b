package tools

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// TestHandoffTextMatchesFmt checks that handoffText, which appends without
// fmt, says every branch byte for byte as the fmt form it replaced.
func TestHandoffTextMatchesFmt(t *testing.T) {
	vote := &VoteOutput{Triggers: []string{"asks_for_human", "frustration"}, Note: "it decided"}
	verdict := &VerdictOutput{Handoff: true, Triggers: []string{"frustration"}, Confidence: 0.875, Classifier: "embedded"}
	tricky := "line one\nline \"two\" <b>&</b> \u2028 \x01 caf\u00e9 \xff"
	base := HandoffOutput{HandoffID: "h_123", Triggers: []string{"asks_for_human"}, Confidence: 0.905, Classifier: "embedded",
		Reason: tricky, MessageForUser: "A person will answer \"soon\".\n\tThanks \u00e9 \xfe", NextStep: "Tell the user."}
	statuses := []string{
		string(handoff.OutcomeNotTriggered), string(handoff.OutcomeOffHours), string(handoff.OutcomeNeedsEmail),
		string(handoff.OutcomeQueueFull), string(handoff.OutcomeFailed), "queued", "delivered", "agent_joined",
	}
	for _, status := range statuses {
		for i, edit := range []func(*HandoffOutput){
			func(o *HandoffOutput) {},
			func(o *HandoffOutput) { o.AlreadyOpen = true },
			func(o *HandoffOutput) { o.Vote, o.ServerVerdict = vote, verdict },
			func(o *HandoffOutput) { o.Vote, o.Classifier = vote, handoff.JudgeCallingModel },
			func(o *HandoffOutput) {
				o.ServerVerdict = &VerdictOutput{Confidence: 0.97, Classifier: "llm"}
				o.Triggers, o.Reason, o.MessageForUser = nil, "", ""
			},
			func(o *HandoffOutput) {
				o.NextOpen, o.QueuePosition, o.EstimatedWait = "2026-12-07T08:00:00+01:00", 3, 29
			},
			func(o *HandoffOutput) { o.QueuePosition, o.EstimatedWait = 12, 3600 },
			func(o *HandoffOutput) { o.RemoteID, o.RemoteURL = "T-9", "https://desk.example.com/t/9" },
			func(o *HandoffOutput) { o.RemoteID, o.HelpdeskError = "T-9", tricky },
			func(o *HandoffOutput) { o.Confidence = math.NaN() },
			func(o *HandoffOutput) { o.Confidence, o.Triggers = math.Inf(1), []string{"a", "b", "c"} },
			func(o *HandoffOutput) { o.Confidence = 0.005 },
		} {
			t.Run(fmt.Sprintf("%s/%d", status, i), func(t *testing.T) {
				o := base
				o.Status = status
				edit(&o)
				assert.Equal(t, handoffTextFmt(o), handoffText(o))
			})
		}
	}
}

// handoffTextFmt is handoffText as it was written with fmt, the
// reference the appending form must match byte for byte.
func handoffTextFmt(o HandoffOutput) string {
	var b strings.Builder
	switch handoff.Outcome(o.Status) {
	case handoff.OutcomeNotTriggered:
		b.WriteString("No handoff: no trigger fired.")
		if o.Vote != nil {
			b.WriteString(" Your vote did not decide.")
		}
	case handoff.OutcomeOffHours:
		b.WriteString("No handoff now: outside service hours.")
	case handoff.OutcomeNeedsEmail:
		b.WriteString("Handoff waiting for the user's email address.")
	case handoff.OutcomeQueueFull:
		b.WriteString("No handoff now: the queue is full.")
	case handoff.OutcomeFailed:
		fmt.Fprintf(&b, "Handoff %s failed: the helpdesk could not take it. THE BOT OWNS THIS CONVERSATION AGAIN.", o.HandoffID)
	default:
		if o.AlreadyOpen {
			fmt.Fprintf(&b, "Handoff %s is already open (%s). A HUMAN AGENT OWNS THIS CONVERSATION.", o.HandoffID, o.Status)
		} else {
			fmt.Fprintf(&b, "Handoff %s %s. A HUMAN AGENT NOW OWNS THIS CONVERSATION.", o.HandoffID, o.Status)
		}
	}
	if len(o.Triggers) > 0 {
		if o.Classifier == handoff.JudgeCallingModel {
			fmt.Fprintf(&b, "\nTriggers: %s (decided by your grounded vote).", strings.Join(o.Triggers, ", "))
		} else {
			fmt.Fprintf(&b, "\nTriggers: %s (confidence %.2f, %s).", strings.Join(o.Triggers, ", "), o.Confidence, o.Classifier)
		}
	}
	if v := o.Vote; v != nil {
		fmt.Fprintf(&b, "\nYour vote: %s: %s.", strings.Join(v.Triggers, ", "), v.Note)
	}
	if v := o.ServerVerdict; v != nil {
		if v.Handoff {
			fmt.Fprintf(&b, "\nServer's classifier: handoff: %s (%.2f, %s).", strings.Join(v.Triggers, ", "), v.Confidence, v.Classifier)
		} else {
			fmt.Fprintf(&b, "\nServer's classifier: no (%.2f, %s).", v.Confidence, v.Classifier)
		}
	}
	if o.Reason != "" {
		fmt.Fprintf(&b, "\nReason: %s", quote(o.Reason))
	}
	if o.NextOpen != "" {
		fmt.Fprintf(&b, "\nNext opening: %s.", o.NextOpen)
	}
	if o.QueuePosition > 0 {
		fmt.Fprintf(&b, "\nQueue position %d, expected wait about %d min.", o.QueuePosition, max(1, (o.EstimatedWait+30)/60))
	}
	if o.RemoteID != "" {
		fmt.Fprintf(&b, "\nHelpdesk ticket: %s", o.RemoteID)
		if o.RemoteURL != "" {
			fmt.Fprintf(&b, " (%s)", o.RemoteURL)
		}
		b.WriteString(".")
	}
	if o.HelpdeskError != "" {
		what := "Last delivery attempt failed (retrying automatically)"
		if handoff.Outcome(o.Status) == handoff.OutcomeFailed {
			what = "Helpdesk error (for the bot builder, not the user)"
		}
		fmt.Fprintf(&b, "\n%s: %s", what, quote(o.HelpdeskError))
	}
	if o.MessageForUser != "" {
		fmt.Fprintf(&b, "\nTell the user: %q", o.MessageForUser)
	}
	fmt.Fprintf(&b, "\nNext step: %s", o.NextStep)
	return b.String()
}
