package tools

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// The bounds of the trigger list in request_human_handoff's description, so
// that a large configuration cannot flood every client's context: at most
// maxListedTriggers triggers, each description cut to maxTriggerChars
// characters, the whole list at most maxTriggerListChars characters. What
// is left out is counted ("... and 3 more"); the server still judges it.
const (
	maxListedTriggers   = 12
	maxTriggerChars     = 200
	maxTriggerListChars = 2400
)

const handoffIntro = `Hand the conversation to a human support agent when one of the triggers below applies.
The bot builder wrote these triggers (id: when it applies):
`

const handoffVoteHelp = `Call this tool when one of them applies, or when unsure: the server also judges the triggers itself, and
status not_triggered means carry on helping. Pass the ids you judge to apply in triggers, and in evidence the user's
own words that show it, quoted from a user turn (at most 500 characters). Your vote counts only with evidence the
server finds in a user turn; unknown ids are an error. Use force: true (with reason) only when the host application
asks for a person outright, such as a "talk to a person" button the user pressed, never for your own judgement.
`

const handoffOutcomes = `Outside service hours it returns the opening time and you should offer collect_contact to leave a message.
If status is needs_email, ask the user for their email address and call again with it (or store it with collect_contact).
When status is queued, delivered or agent_joined, a human now owns the conversation: give the user message_for_user
and stop trying to solve the issue yourself (queued: it is stored and forwarded to the helpdesk automatically).
Then follow the live session with get_handoff_status (relay the agent's messages) and send_handoff_message (relay the
user's), and end it with end_handoff if the user no longer wants a person.
When status is failed, the helpdesk refused it; when queue_full, too many are waiting: offer collect_contact so the
user can leave an email and a message.
Calling again for the same conversation_id returns the same handoff.`

// HandoffDescription returns request_human_handoff's description for the
// configured triggers: the enabled ones' ids and descriptions (bounded by
// maxListedTriggers, maxTriggerChars and maxTriggerListChars), how to vote
// on them, and what each outcome asks of the calling model.
func HandoffDescription(triggers []handoff.Trigger) string {
	var b strings.Builder
	b.WriteString(handoffIntro)
	b.WriteString(triggerList(handoff.EnabledTriggers(triggers)))
	b.WriteString(handoffVoteHelp)
	b.WriteString(handoffOutcomes)
	return b.String()
}

// triggerList renders one line per trigger within the bounds, then how many
// were left out.
func triggerList(ts []handoff.Trigger) string {
	if len(ts) == 0 {
		return "- (none enabled: the server hands off only when forced)\n"
	}
	var b strings.Builder
	listed := 0
	for _, t := range ts {
		line := "- " + t.ID + ": " + triggerSummary(t) + "\n"
		if listed == maxListedTriggers || utf8.RuneCountInString(b.String())+utf8.RuneCountInString(line) > maxTriggerListChars {
			break
		}
		b.WriteString(line)
		listed++
	}
	if rest := len(ts) - listed; rest > 0 {
		fmt.Fprintf(&b, "- ... and %d more, not listed here; the server judges them too.\n", rest)
	}
	return b.String()
}

// triggerSummary is a trigger's description on one line, cut to
// maxTriggerChars, or what fires it when it has none.
func triggerSummary(t handoff.Trigger) string {
	d := strings.Join(strings.Fields(t.Description), " ")
	if d == "" {
		switch {
		case len(t.Keywords) > 0 && t.FailedAnswers > 0:
			d = fmt.Sprintf("(no description) fires on its keywords, or after %d failed answers", t.FailedAnswers)
		case t.FailedAnswers > 0:
			d = fmt.Sprintf("(no description) fires after %d failed answers", t.FailedAnswers)
		default:
			d = "(no description) fires on its keywords"
		}
	}
	if utf8.RuneCountInString(d) <= maxTriggerChars {
		return d
	}
	r := []rune(d)[:maxTriggerChars-1]
	return strings.TrimRight(string(r), " ") + "…"
}
