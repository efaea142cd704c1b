package tools

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/helpdesk"
)

// StatusInput is the input of get_handoff_status.
type StatusInput struct {
	HandoffID   string `json:"handoff_id" jsonschema_description:"The handoff_id that request_human_handoff returned."`
	Since       int64  `json:"since,omitempty" jsonschema_description:"Cursor: pass the next_cursor of the previous get_handoff_status (or send_handoff_message) result to get only newer messages; 0 or absent for all of them."`
	KeepWaiting bool   `json:"keep_waiting,omitempty" jsonschema_description:"Set to true when the user, asked the wait_question, chose to keep waiting: the waiting time starts again."`
	Language    string `json:"language,omitempty" jsonschema_description:"The user's language (ISO 639-1) for message_for_user and wait_question, if it changed since the handoff."`
}

// SessionMessage is one message of the live session for the bot to relay.
type SessionMessage struct {
	Seq  int64  `json:"seq" jsonschema_description:"The message's place in the session."`
	From string `json:"from" jsonschema:"enum=agent,enum=system" jsonschema_description:"agent: the human agent's words; relay them to the user verbatim. system: a notice from us for the user (an agent joined); pass it on as it is."`
	Name string `json:"name,omitempty" jsonschema_description:"The agent's name, when the helpdesk gives it."`
	Text string `json:"text" jsonschema_description:"The message, plain text."`
	At   string `json:"at" jsonschema_description:"When it was written (RFC 3339)."`
}

// UndeliveredOutput is a user's message or the close that the helpdesk never
// took.
type UndeliveredOutput struct {
	Kind          string `json:"kind" jsonschema:"enum=message,enum=close" jsonschema_description:"message: a user's message relayed with send_handoff_message. close: telling the helpdesk that the conversation ended."`
	Seq           int64  `json:"seq,omitempty" jsonschema_description:"The message's seq (kind message)."`
	DeliveryError string `json:"delivery_error" jsonschema_description:"Why the helpdesk did not take it."`
}

// ChoiceOutput is one answer to the waiting question.
type ChoiceOutput struct {
	ID    string `json:"id" jsonschema:"enum=keep_waiting,enum=end,enum=leave_message" jsonschema_description:"keep_waiting: call get_handoff_status with keep_waiting=true. end: call end_handoff. leave_message: ask for the message, then call end_handoff with it."`
	Label string `json:"label" jsonschema_description:"The choice in the user's language."`
}

// WaitQuestionOutput is the question the waiting timeout puts to the user.
type WaitQuestionOutput struct {
	Question string         `json:"question" jsonschema_description:"Ask the user this, in the user's language."`
	Choices  []ChoiceOutput `json:"choices" jsonschema_description:"The answers to offer."`
}

// StatusOutput is the result of get_handoff_status.
type StatusOutput struct {
	HandoffID            string              `json:"handoff_id" jsonschema_description:"The handoff."`
	State                string              `json:"state" jsonschema:"enum=queued,enum=delivered,enum=agent_joined,enum=closed,enum=timed_out,enum=cancelled,enum=failed" jsonschema_description:"queued or delivered: waiting for an agent. agent_joined: an agent has the conversation. closed, timed_out, cancelled, failed: it has ended."`
	Owner                string              `json:"owner" jsonschema:"enum=bot,enum=human" jsonschema_description:"Who owns the conversation now: human (relay and stay silent) or bot (resume helping)."`
	AgentName            string              `json:"agent_name,omitempty" jsonschema_description:"The agent's name, when known."`
	QueuePosition        int                 `json:"queue_position,omitempty" jsonschema_description:"The handoff's place among those waiting for an agent (1 is next), while it waits."`
	EstimatedWaitSeconds int                 `json:"estimated_wait_seconds,omitempty" jsonschema_description:"Expected time from the request to the agent's first reply, while waiting: the median of recent handoffs (or a configured default), growing with the queue position and shrinking with the agents online."`
	WaitSamples          int                 `json:"wait_samples,omitempty" jsonschema_description:"How many recent handoffs the estimate is the median of; absent: the configured default (no history yet)."`
	Messages             []SessionMessage    `json:"messages" jsonschema_description:"The agent's messages and our notices since the cursor, oldest first. Relay every one to the user."`
	NextCursor           int64               `json:"next_cursor" jsonschema_description:"Pass this as since on the next call."`
	More                 bool                `json:"more,omitempty" jsonschema_description:"More messages are waiting: call again at once with since=next_cursor."`
	WaitQuestion         *WaitQuestionOutput `json:"wait_question,omitempty" jsonschema_description:"Set when the waiting time passed without an agent reply: ask the user this question."`
	EndedBy              string              `json:"ended_by,omitempty" jsonschema:"enum=agent,enum=user,enum=timeout,enum=helpdesk,enum=handed_over" jsonschema_description:"Who ended the handoff, once it has ended. handed_over: the helpdesk sends nothing back to this chat; its team answers the user by email."`
	MessageForUser       string              `json:"message_for_user,omitempty" jsonschema_description:"A sentence for the user about where things stand; next_step says when to pass it on."`
	SurveyQuestion       string              `json:"survey_question,omitempty" jsonschema_description:"Set once the session has ended and the user has not rated it: after message_for_user, ask the user this; pass the answer (1 to 5, and any comment) to rate_handoff. Skip it if the user declines."`
	Undelivered          []UndeliveredOutput `json:"undelivered,omitempty" jsonschema_description:"The user's messages (and the close) that never reached the helpdesk: it refused them or stayed unreachable for every attempt. The agent does not have them."`
	StaySilent           bool                `json:"stay_silent,omitempty" jsonschema_description:"True while a human has a handoff made inside the helpdesk's own conversation: stay silent there; next_step says so."`
	NextStep             string              `json:"next_step" jsonschema_description:"What you should do now."`
}

const statusDescription = `Check a handoff after request_human_handoff: whether an agent has joined, the agent's messages for the user,
the queue position and the expected wait, and whether it has ended. Call it every few seconds while a human owns the
conversation, passing since=next_cursor, and relay every item of messages to the user verbatim (they are the agent's
words; system items are our notices). Do not answer for the agent. When wait_question is set, the waiting time passed:
ask the user whether to keep waiting (call again with keep_waiting=true), end the request (end_handoff) or leave a
message (end_handoff with message); clients that support elicitation are asked by the server itself. When owner is
bot, the handoff has ended: tell the user message_for_user and resume helping.`

// GetHandoffStatus is the get_handoff_status tool.
func GetHandoffStatus(svc *handoff.Service) server.ServerTool {
	tool := mcp.NewTool("get_handoff_status",
		mcp.WithDescription(statusDescription),
		inputSchema[StatusInput](),
		outputSchema[StatusOutput](),
		// Not read-only: keep_waiting, a due timeout, and the user's answer
		// to the waiting question asked by elicitation are recorded. Not
		// destructive: it ends a handoff only when the user chooses so in
		// that question, which is the confirmation. Idempotent: the same
		// call again changes nothing more. Open world: ending tells the
		// helpdesk.
		annotations("Check a handoff", false, false, true, true),
	)
	return server.ServerTool{Tool: tool, Handler: typed(func(ctx context.Context, req mcp.CallToolRequest, in StatusInput) (*mcp.CallToolResult, error) {
		answered, keep, problem, err := answerWait(ctx, svc, req, in.HandoffID)
		if err != nil {
			return toolError(err)
		}
		st, err := svc.Status(ctx, handoff.StatusRequest{
			HandoffID: in.HandoffID, Since: in.Since, KeepWaiting: in.KeepWaiting || keep, Language: in.Language,
		})
		if err != nil {
			return toolError(err)
		}
		if st.Question != nil && !answered && clientCanElicit(ctx) {
			return askWait(svc, st, language(in.Language, st.Handoff)), nil
		}
		out := statusOutput(st, svc.Config().AgentEvents)
		if out.SurveyQuestion, err = svc.SurveyQuestion(ctx, st.Handoff, language(in.Language, st.Handoff)); err != nil {
			return nil, fmt.Errorf("asking the survey of handoff %s: %w", st.Handoff.ID, err)
		}
		if out.SurveyQuestion != "" {
			out.NextStep += surveyStep
		}
		if problem != "" {
			out.NextStep = problem + " " + out.NextStep
		}
		return mcp.NewToolResultStructured(out, statusText(out)), nil
	})}
}

// surveyStep tells the bot to ask the satisfaction question.
const surveyStep = " Then ask the user survey_question and pass their answer to rate_handoff (once; skip it if they decline)."

// statusOutput maps a handoff.Status onto the tool's output.
func statusOutput(st handoff.Status, live bool) StatusOutput {
	h := st.Handoff
	out := StatusOutput{
		HandoffID: h.ID, State: string(h.State), Owner: h.State.Owner(), AgentName: h.Session.AgentName,
		QueuePosition: st.Position, Messages: []SessionMessage{}, NextCursor: st.Cursor, More: st.More,
		EndedBy: st.EndedBy, MessageForUser: st.UserMessage,
	}
	if st.Position > 0 {
		out.EstimatedWaitSeconds, out.WaitSamples = int(st.Wait.Duration.Seconds()), st.Wait.Samples
	}
	for _, m := range st.Messages {
		out.Messages = append(out.Messages, SessionMessage{
			Seq: m.Seq, From: string(m.Author), Name: m.Name, Text: m.Text, At: m.At.UTC().Format(time.RFC3339),
		})
	}
	for _, p := range st.Undelivered {
		out.Undelivered = append(out.Undelivered, UndeliveredOutput{Kind: string(p.Kind), Seq: p.Seq, DeliveryError: p.Error})
	}
	if q := st.Question; q != nil {
		out.WaitQuestion = &WaitQuestionOutput{Question: q.Text}
		for _, c := range q.Choices {
			out.WaitQuestion.Choices = append(out.WaitQuestion.Choices, ChoiceOutput{ID: string(c.ID), Label: c.Label})
		}
	}
	out.NextStep = undeliveredStep(out.Undelivered) + statusNextStep(out, live)
	if helpdesk.ConversationOf(h) != "" && out.Owner == handoff.OwnerHuman {
		out.StaySilent, out.NextStep = true, inHelpdeskStep
	}
	return out
}

// undeliveredStep tells the bot about messages the agent never got.
func undeliveredStep(us []UndeliveredOutput) string {
	var seqs []string
	closed := false
	for _, u := range us {
		if u.Kind == string(handoff.DeliveryClose) {
			closed = true
			continue
		}
		seqs = append(seqs, fmt.Sprint(u.Seq))
	}
	var b strings.Builder
	if len(seqs) > 0 {
		fmt.Fprintf(&b, "The helpdesk never took the user's message(s) %s (see undelivered): the agent does not have them. Tell the user once that those words did not reach the team. ", strings.Join(seqs, ", "))
	}
	if closed {
		b.WriteString("The helpdesk was not told that the conversation ended (see undelivered); the operator was told in the server's log. ")
	}
	return b.String()
}

// statusNextStep tells the bot what to do with a status.
func statusNextStep(o StatusOutput, live bool) string {
	relay := ""
	if len(o.Messages) > 0 {
		relay = "First relay messages to the user verbatim and in order (agent items are the agent's words; system items are our notices). "
	}
	more := ""
	if o.More {
		more = " More messages are waiting: call get_handoff_status again at once with since=" + fmt.Sprint(o.NextCursor) + "."
	}
	switch {
	case o.Owner == handoff.OwnerBot:
		return relay + fmt.Sprintf("The handoff has ended (%s, %s); you own the conversation again. Tell the user message_for_user, then resume helping them yourself. Do not call get_handoff_status or send_handoff_message for this handoff again; if they want a person again, call request_human_handoff.", o.State, endedByText(o.EndedBy))
	case o.WaitQuestion != nil:
		return relay + "No agent has replied within the waiting time. Ask the user wait_question.question, offering its choices, then act on the answer: keep waiting, call get_handoff_status with keep_waiting=true; end, call end_handoff; leave a message, ask for the message and call end_handoff with it as message. Until then a human still owns the conversation: do not try to solve the issue yourself." + more
	case o.State == string(handoff.StateAgentJoined):
		who := "A human agent"
		if o.AgentName != "" {
			who += " (" + quote(o.AgentName) + ")"
		}
		return relay + who + " owns this conversation. Do not answer for the agent or add advice of your own. Relay everything the user writes with send_handoff_message, and call get_handoff_status again in a few seconds with since=" + fmt.Sprint(o.NextCursor) + " for the agent's next messages." + more
	case !live:
		return relay + "The handoff is with the team in the helpdesk, which answers the user there (by email or in its own chat); no agent messages come back here. A human owns the conversation: do not try to solve the issue yourself. If the user asks, tell them message_for_user."
	}
	return relay + fmt.Sprintf("A human agent owns this conversation, but none has replied yet (queue position %d, expected wait about %d min). Do not try to solve the issue yourself. Relay anything the user writes with send_handoff_message (the agent sees it on joining). Call get_handoff_status again every few seconds with since=%d. Tell the user message_for_user when they ask how long it takes, or after a long silence.",
		o.QueuePosition, max(1, (o.EstimatedWaitSeconds+30)/60), o.NextCursor) + more
}

func endedByText(by string) string {
	switch by {
	case handoff.EndedByUser:
		return "ended by the user"
	case handoff.EndedByTimeout:
		return "the session timed out"
	case handoff.EndedByHelpdesk:
		return "the helpdesk could not take it"
	case handoff.EndedByHandedOver:
		return "handed over: the team answers the user by email, not in this chat"
	}
	return "closed by the agent"
}

// statusText is the readable text block of a get_handoff_status result.
func statusText(o StatusOutput) string {
	var b strings.Builder
	if o.Owner == handoff.OwnerHuman {
		fmt.Fprintf(&b, "Handoff %s is %s. A HUMAN AGENT OWNS THIS CONVERSATION: relay, do not answer yourself.", o.HandoffID, o.State)
	} else {
		fmt.Fprintf(&b, "Handoff %s has ended (%s). THE BOT OWNS THIS CONVERSATION AGAIN.", o.HandoffID, o.State)
	}
	if o.QueuePosition > 0 {
		fmt.Fprintf(&b, "\nQueue position %d, expected wait about %d min.", o.QueuePosition, max(1, (o.EstimatedWaitSeconds+30)/60))
	}
	for _, m := range o.Messages {
		who := m.From
		if m.Name != "" {
			who += " " + quote(m.Name)
		}
		// Quoted: the user's and the agent's words, whatever lines they
		// hold, never read as the server's own lines.
		fmt.Fprintf(&b, "\n[%d] %s: %s", m.Seq, who, quote(m.Text))
	}
	for _, u := range o.Undelivered {
		if u.Kind == string(handoff.DeliveryClose) {
			fmt.Fprintf(&b, "\nUndelivered close: %q", u.DeliveryError)
		} else {
			fmt.Fprintf(&b, "\nUndelivered message %d: %q", u.Seq, u.DeliveryError)
		}
	}
	if o.WaitQuestion != nil {
		fmt.Fprintf(&b, "\nAsk the user: %q", o.WaitQuestion.Question)
	} else if o.MessageForUser != "" {
		fmt.Fprintf(&b, "\nFor the user: %q", o.MessageForUser)
	}
	if o.SurveyQuestion != "" {
		fmt.Fprintf(&b, "\nThen ask the user: %q", o.SurveyQuestion)
	}
	fmt.Fprintf(&b, "\nNext cursor: %d.\nNext step: %s", o.NextCursor, o.NextStep)
	return b.String()
}

func language(override string, h handoff.Handoff) string {
	if override != "" {
		return handoff.BaseLanguage(override)
	}
	return h.Language
}
