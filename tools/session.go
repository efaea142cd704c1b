package tools

import (
	"context"
	"fmt"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// SendInput is the input of send_handoff_message.
type SendInput struct {
	HandoffID string `json:"handoff_id" jsonschema_description:"The handoff_id that request_human_handoff returned."`
	Text      string `json:"text" jsonschema_description:"What the user wrote, verbatim, for the human agent."`
}

// SendOutput is the result of send_handoff_message.
type SendOutput struct {
	HandoffID      string `json:"handoff_id" jsonschema_description:"The handoff."`
	State          string `json:"state" jsonschema:"enum=queued,enum=delivered,enum=agent_joined,enum=closed,enum=timed_out,enum=cancelled,enum=failed" jsonschema_description:"The handoff's state."`
	Owner          string `json:"owner" jsonschema:"enum=bot,enum=human" jsonschema_description:"Who owns the conversation now: human (stay silent) or bot (the handoff has ended; resume helping)."`
	Sent           bool   `json:"sent" jsonschema_description:"True only when the message reached the agent's conversation (the built-in inbox, or the helpdesk took it). False otherwise: delivery says why."`
	Delivery       string `json:"delivery" jsonschema:"enum=inbox,enum=delivered,enum=queued,enum=failed,enum=not_sent" jsonschema_description:"inbox or delivered: the agent has it. queued: kept and retried until the helpdesk takes it (get_handoff_status lists it under undelivered if it never does). failed: the helpdesk refused it (delivery_error). not_sent: the handoff has ended."`
	DeliveryError  string `json:"delivery_error,omitempty" jsonschema_description:"Why the helpdesk did not take the message (failed), or why its first attempt failed (queued)."`
	Seq            int64  `json:"seq,omitempty" jsonschema_description:"The message's place in the session."`
	MessageForUser string `json:"message_for_user,omitempty" jsonschema_description:"Set when the message was not sent: tell the user this."`
	NextStep       string `json:"next_step" jsonschema_description:"What you should do now."`
}

const sendDescription = `Relay what the user writes to the human agent while a handoff is open (after request_human_handoff
returned queued, delivered or agent_joined). Pass the user's words verbatim; do not summarise or answer them yourself.
With a helpdesk the message goes to the same ticket, after the handoff itself. sent is true once the agent has the
message. Otherwise read delivery: not_sent means the handoff has ended (tell the user message_for_user and resume
helping); queued that it is kept and retried; failed that the helpdesk refused it (tell the user it did not reach the
team).`

// SendHandoffMessage is the send_handoff_message tool.
func SendHandoffMessage(svc *handoff.Service) server.ServerTool {
	tool := mcp.NewTool("send_handoff_message",
		mcp.WithDescription(sendDescription),
		inputSchema[SendInput](),
		outputSchema[SendOutput](),
		// Each call sends one more message (not idempotent), to the
		// helpdesk (open world); it removes nothing.
		annotations("Relay the user's message to the agent", false, false, false, true),
	)
	return server.ServerTool{Tool: tool, Handler: typed(func(ctx context.Context, req mcp.CallToolRequest, in SendInput) (*mcp.CallToolResult, error) {
		res, err := svc.SendMessage(ctx, in.HandoffID, in.Text)
		if err != nil {
			return toolError(err)
		}
		h := res.Handoff
		out := SendOutput{HandoffID: h.ID, State: string(h.State), Owner: h.State.Owner(), Sent: res.Sent, Seq: res.Message.Seq,
			Delivery: res.Delivery, DeliveryError: res.DeliveryError}
		switch {
		case res.Delivery == handoff.RelayFailed:
			out.NextStep = "Not delivered: the helpdesk refused this message for good (delivery_error), so the agent does not have it; the operator was told in the server's log. Tell the user their last message did not reach the team and that the team will reply to the request itself; a human still owns the conversation: do not try to solve the issue yourself."
		case res.Delivery == handoff.RelayQueued:
			out.NextStep = "Queued: the message is kept and retried until the helpdesk takes it, in order after what came before; the agent does not have it yet. Say nothing about the issue yourself; keep calling get_handoff_status with your last next_cursor, which lists the message under undelivered if it never gets through."
		case res.Delivery == handoff.RelayNotSent && h.State.Open():
			out.NextStep = "Not sent: the handoff's ticket was never opened in the helpdesk. A human still owns the conversation; call get_handoff_status for where it stands."
		case !res.Sent:
			st, err := svc.Status(ctx, handoff.StatusRequest{HandoffID: h.ID, Since: h.Session.LastSeq})
			if err != nil {
				return toolError(err)
			}
			out.MessageForUser = st.UserMessage
			out.NextStep = fmt.Sprintf("Not sent: the handoff has ended (%s, %s), so no agent will read it. You own the conversation again: tell the user message_for_user and help them yourself, or call request_human_handoff if they want a person again.", h.State, endedByText(st.EndedBy))
		case h.State == handoff.StateAgentJoined:
			out.NextStep = "Sent to the agent. Say nothing about the issue yourself; call get_handoff_status with your last next_cursor to relay the agent's reply."
		default:
			out.NextStep = "Saved for the agent, who sees it on joining (no agent has replied yet). Say nothing about the issue yourself; keep calling get_handoff_status with your last next_cursor."
		}
		text := fmt.Sprintf("Message %d for handoff %s: sent=%t, delivery %s, state %s, owner %s.", out.Seq, out.HandoffID, out.Sent, out.Delivery, out.State, out.Owner)
		if out.DeliveryError != "" {
			text += fmt.Sprintf("\nDelivery error: %q", out.DeliveryError)
		}
		text += "\nNext step: " + out.NextStep
		return mcp.NewToolResultStructured(out, text), nil
	})}
}

// EndInput is the input of end_handoff.
type EndInput struct {
	HandoffID string `json:"handoff_id" jsonschema_description:"The handoff_id that request_human_handoff returned."`
	Reason    string `json:"reason" jsonschema_description:"Why, in a few words, for the agent (\"the user no longer needs help\", \"chose not to keep waiting\")."`
	Message   string `json:"message,omitempty" jsonschema_description:"Only when the user would rather leave a message than wait for an agent: their message, verbatim. The team gets it with the handoff and replies by email; needs the user's email or phone (request_human_handoff or collect_contact)."`
	Language  string `json:"language,omitempty" jsonschema_description:"The user's language (ISO 639-1) for message_for_user, if it changed since the handoff."`
}

// EndOutput is the result of end_handoff.
type EndOutput struct {
	HandoffID      string `json:"handoff_id" jsonschema_description:"The handoff."`
	State          string `json:"state" jsonschema:"enum=closed,enum=timed_out,enum=cancelled,enum=failed" jsonschema_description:"cancelled: ended before an agent joined (or a message was left instead). closed: ended after an agent joined. timed_out or failed: it had ended already."`
	Owner          string `json:"owner" jsonschema:"enum=bot" jsonschema_description:"The bot owns the conversation again."`
	AlreadyEnded   bool   `json:"already_ended" jsonschema_description:"True when the handoff had ended before; nothing changed."`
	LeftMessage    bool   `json:"left_message" jsonschema_description:"True when the user's message was left for the team, who reply by email."`
	MessageForUser string `json:"message_for_user" jsonschema_description:"Tell the user this."`
	SurveyQuestion string `json:"survey_question,omitempty" jsonschema_description:"Set when the user may rate the session: after message_for_user, ask the user this; pass the answer (1 to 5, and any comment) to rate_handoff. Skip it if the user declines."`
	NextStep       string `json:"next_step" jsonschema_description:"What you should do now."`
}

const endDescription = `End a handoff on the user's behalf: when the user says they no longer need a person, wants to stop
waiting, or says goodbye to the agent. Before an agent joined the request is withdrawn (cancelled); after, the
conversation is closed; either way the helpdesk is told. When the user would rather leave a message than wait (the
wait_question's leave_message choice), pass it as message: the team gets it and replies by email. Afterwards the bot
owns the conversation again: tell the user message_for_user and resume helping.`

// EndHandoff is the end_handoff tool.
func EndHandoff(svc *handoff.Service) server.ServerTool {
	tool := mcp.NewTool("end_handoff",
		mcp.WithDescription(endDescription),
		inputSchema[EndInput](),
		outputSchema[EndOutput](),
		// Destructive: the session with the agent ends for good.
		// Idempotent: ending it again changes nothing. Open world: the
		// helpdesk is told.
		annotations("End the handoff", false, true, true, true),
	)
	return server.ServerTool{Tool: tool, Handler: typed(func(ctx context.Context, req mcp.CallToolRequest, in EndInput) (*mcp.CallToolResult, error) {
		res, err := svc.End(ctx, handoff.EndRequest{HandoffID: in.HandoffID, Reason: in.Reason, Message: in.Message, Language: in.Language})
		if err != nil {
			return toolError(err)
		}
		h := res.Handoff
		out := EndOutput{
			HandoffID: h.ID, State: string(h.State), Owner: handoff.OwnerBot,
			AlreadyEnded: res.AlreadyEnded, LeftMessage: res.LeftMessage, MessageForUser: res.UserMessage,
		}
		switch {
		case res.AlreadyEnded:
			out.NextStep = fmt.Sprintf("The handoff had already ended (%s); nothing changed. You own the conversation: tell the user message_for_user if they do not know yet, and resume helping.", h.State)
		case res.LeftMessage:
			out.NextStep = "The user's message is with the team, who reply by email; nobody joins this chat. You own the conversation again: tell the user message_for_user and resume helping with anything else."
		default:
			out.NextStep = "The handoff has ended and the helpdesk is told. You own the conversation again: tell the user message_for_user and resume helping. Do not call get_handoff_status or send_handoff_message for this handoff again."
		}
		if !res.LeftMessage {
			if out.SurveyQuestion, err = svc.SurveyQuestion(ctx, h, language(in.Language, h)); err != nil {
				return nil, fmt.Errorf("asking the survey of handoff %s: %w", h.ID, err)
			}
		}
		if out.SurveyQuestion != "" {
			out.NextStep += surveyStep
		}
		survey := ""
		if out.SurveyQuestion != "" {
			survey = fmt.Sprintf("\nThen ask the user: %q", out.SurveyQuestion)
		}
		text := fmt.Sprintf("Handoff %s %s. THE BOT OWNS THIS CONVERSATION AGAIN.\nTell the user: %q%s\nNext step: %s", h.ID, h.State, out.MessageForUser, survey, out.NextStep)
		return mcp.NewToolResultStructured(out, text), nil
	})}
}
