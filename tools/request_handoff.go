package tools

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/helpdesk"
)

// TurnInput is one turn of the conversation as the client sends it.
type TurnInput struct {
	Role    string `json:"role" jsonschema:"enum=user,enum=assistant,enum=system" jsonschema_description:"Who spoke: user, assistant (the bot) or system."`
	Content string `json:"content" jsonschema_description:"What was said, as plain text."`
}

// ContextInput is one article or link the bot used before handing off.
type ContextInput struct {
	Title   string `json:"title,omitempty" jsonschema_description:"The article's title (at most 200 bytes)."`
	URL     string `json:"url,omitempty" jsonschema_description:"Its http(s) link (at most 2048 bytes)."`
	Excerpt string `json:"excerpt,omitempty" jsonschema_description:"The passage that mattered (at most 2000 bytes)."`
}

// HandoffInput is the input of request_human_handoff.
type HandoffInput struct {
	ConversationID         string            `json:"conversation_id" jsonschema_description:"Stable id of this conversation in your client. Use the same id on every call for the same conversation: it keeps one open handoff per conversation and remembers the user's email."`
	Transcript             []TurnInput       `json:"transcript" jsonschema_description:"The conversation so far, oldest turn first, including your own (assistant) replies. The last turns go to the human agent so the user never repeats themselves."`
	CurrentQuestion        string            `json:"current_question,omitempty" jsonschema_description:"The user's latest message, if it is not already the last turn of transcript."`
	Email                  string            `json:"email,omitempty" jsonschema_description:"The user's email address, if you already know it (for example the user is signed in). Otherwise leave it out: the server asks for it or remembers it from collect_contact."`
	Name                   string            `json:"name,omitempty" jsonschema_description:"The user's name, if known."`
	Language               string            `json:"language,omitempty" jsonschema_description:"The user's language as an ISO 639-1 code (en, de, fr, fi, ...); message_for_user is written in it."`
	Timezone               string            `json:"timezone,omitempty" jsonschema_description:"The user's IANA timezone (Europe/Berlin), so that opening times are given in the user's local time."`
	Reason                 string            `json:"reason,omitempty" jsonschema_description:"Why you think a human is needed, in one sentence, for the human agent. Required with force."`
	Metadata               map[string]string `json:"metadata,omitempty" jsonschema_description:"Extra context for the human agent, such as a customer id or plan (string values)."`
	Context                []ContextInput    `json:"context,omitempty" jsonschema_description:"The knowledge-base articles or links you used before handing off (at most 10), so the human agent sees what the user was already told."`
	Triggers               []string          `json:"triggers,omitempty" jsonschema_description:"Your vote: the ids of the triggers listed in this tool's description that you judge to apply. An id that is not an enabled trigger is an error listing the valid ones."`
	Evidence               string            `json:"evidence,omitempty" jsonschema_description:"The user's own words that show the triggers apply, quoted from a user turn (at most 500 characters). Without it, or when it is not found in a user turn, your vote is recorded but never decides."`
	HelpdeskConversationID string            `json:"helpdesk_conversation_id,omitempty" jsonschema_description:"Only when you run inside a helpdesk's own conversation (an Intercom conversation, a LiveChat chat): its id. The handoff then assigns that conversation to the team and adds an internal note, instead of opening a new one, and you stay silent in it until the helpdesk closes or snoozes it. Leave it out otherwise."`
	Force                  bool              `json:"force,omitempty" jsonschema_description:"Hand off without classifying, as trigger forced, when the host application asks for a person outright (a talk-to-a-person button the user pressed). Requires reason. Hours, email and queue rules still apply. Not for your own judgement: vote with triggers and evidence instead."`
}

// VoteOutput is the calling model's vote as the server weighed it.
type VoteOutput struct {
	Triggers []string `json:"triggers" jsonschema_description:"The trigger ids you voted for."`
	Evidence string   `json:"evidence,omitempty" jsonschema_description:"The evidence you gave."`
	Grounded bool     `json:"grounded" jsonschema_description:"True when the evidence occurs in a user turn (case, accents, spaces and punctuation ignored)."`
	Decided  bool     `json:"decided" jsonschema_description:"True when your vote turned the server's no into this handoff."`
	Note     string   `json:"note,omitempty" jsonschema_description:"What became of the vote: decided, outweighed by a confident server, ungrounded, recorded only."`
}

// VerdictOutput is the server classifier's own verdict.
type VerdictOutput struct {
	Handoff    bool     `json:"handoff" jsonschema_description:"Whether the server's classifier would hand off."`
	Triggers   []string `json:"triggers" jsonschema_description:"The triggers it found."`
	Confidence float64  `json:"confidence" jsonschema_description:"Its confidence in its verdict, 0 to 1."`
	Classifier string   `json:"classifier" jsonschema_description:"Which classifier judged (embedded, llm, cascade/embedded, ...)."`
}

// HandoffOutput is the result of request_human_handoff.
type HandoffOutput struct {
	Status         string         `json:"status" jsonschema:"enum=not_triggered,enum=off_hours,enum=needs_email,enum=queue_full,enum=queued,enum=delivered,enum=agent_joined,enum=failed,enum=closed,enum=timed_out,enum=cancelled" jsonschema_description:"not_triggered: carry on helping. off_hours: the team is closed. needs_email: ask the user for their email. queue_full: too many are waiting; offer to leave contact details and a message. queued or delivered: a human agent has the conversation. agent_joined: an agent is already talking to the user. failed: the helpdesk could not take it. closed, timed_out or cancelled: the handoff ended while the call waited for an agent; you own the conversation again."`
	Owner          string         `json:"owner" jsonschema:"enum=bot,enum=human" jsonschema_description:"Who owns the conversation now: bot (you keep helping) or human (stop solving the issue yourself)."`
	AlreadyOpen    bool           `json:"already_open" jsonschema_description:"True when this conversation already had an open handoff; nothing new was created."`
	HandoffID      string         `json:"handoff_id,omitempty" jsonschema_description:"Id of the handoff, when one exists."`
	Triggers       []string       `json:"triggers" jsonschema_description:"Ids of the configured triggers that fired (forced for a forced handoff)."`
	Confidence     float64        `json:"confidence" jsonschema_description:"Confidence of the judge that decided, 0 to 1 (0 when your vote decided: it states none; server_verdict has the server's)."`
	Classifier     string         `json:"classifier,omitempty" jsonschema_description:"Who decided: the server's classifier (embedded, llm, cascade/embedded, ...), calling_model (your grounded vote overruled the server's no) or forced."`
	Reason         string         `json:"reason,omitempty" jsonschema_description:"Why it was decided so."`
	Vote           *VoteOutput    `json:"vote,omitempty" jsonschema_description:"Your vote (triggers, evidence) and what became of it; absent when you gave none."`
	ServerVerdict  *VerdictOutput `json:"server_verdict,omitempty" jsonschema_description:"The server classifier's own verdict, when your vote was weighed against it (absent without a vote, where it is the decision above, and when the handoff was forced)."`
	MessageForUser string         `json:"message_for_user,omitempty" jsonschema_description:"Pass this to the user, in your own words if you like, without changing its meaning."`
	NextStep       string         `json:"next_step" jsonschema_description:"What you should do now."`
	NextOpen       string         `json:"next_open,omitempty" jsonschema_description:"When the service opens next (RFC 3339), when it is closed now."`
	RemoteID       string         `json:"remote_id,omitempty" jsonschema_description:"Ticket or conversation id in the helpdesk, once delivered."`
	RemoteURL      string         `json:"remote_url,omitempty" jsonschema_description:"Link to the ticket in the helpdesk, when it has one."`
	QueuePosition  int            `json:"queue_position,omitempty" jsonschema_description:"The handoff's place among those waiting for an agent (1 is next), where agents' replies come back here."`
	EstimatedWait  int            `json:"estimated_wait_seconds,omitempty" jsonschema_description:"Expected time to the agent's first reply: the median of recent handoffs (or a configured default), growing with the queue position and shrinking with the agents online. message_for_user already says it."`
	StaySilent     bool           `json:"stay_silent,omitempty" jsonschema_description:"True for a handoff inside the helpdesk's own conversation (helpdesk_conversation_id): the agent talks to the user there; do not reply, relay or call request_human_handoff again until get_handoff_status says owner bot."`
	HelpdeskError  string         `json:"helpdesk_error,omitempty" jsonschema_description:"Why the helpdesk has not taken the handoff (queued: the last failed attempt, retried automatically; failed: the refusal, often a configuration error naming the setting to check). For the bot builder's logs; do not show it to the user."`
}

// RequestHumanHandoff is the request_human_handoff tool; its description
// lists the enabled triggers (see HandoffDescription).
func RequestHumanHandoff(svc *handoff.Service, triggers []handoff.Trigger) server.ServerTool {
	tool := mcp.NewTool("request_human_handoff",
		mcp.WithDescription(HandoffDescription(triggers)),
		inputSchema[HandoffInput](),
		outputSchema[HandoffOutput](),
		annotations("Hand the conversation to a human", false, false, true, true),
	)
	return server.ServerTool{Tool: tool, Handler: typed(func(ctx context.Context, req mcp.CallToolRequest, in HandoffInput) (*mcp.CallToolResult, error) {
		r := handoff.Request{
			ConversationID: in.ConversationID, Question: in.CurrentQuestion,
			Email: in.Email, Name: in.Name, Language: in.Language, Timezone: in.Timezone,
			Reason: in.Reason, Metadata: in.Metadata,
			VoteTriggers: in.Triggers, VoteEvidence: in.Evidence, Force: in.Force,
		}
		if res := inHelpdesk(svc, in, &r); res != nil {
			return res, nil
		}
		for _, t := range in.Transcript {
			r.Transcript = append(r.Transcript, handoff.Turn{Role: handoff.Role(t.Role), Content: t.Content})
		}
		for _, c := range in.Context {
			r.Context = append(r.Context, handoff.ContextItem{Title: c.Title, URL: c.URL, Excerpt: c.Excerpt})
		}

		elicited, declined, retry := elicitedEmail(req)
		if retry != nil {
			return retry, nil
		}
		if elicited != "" {
			r.Email = elicited
		}
		res, err := svc.Request(ctx, r)
		// Only a created handoff changed one; not triggered, off hours, an
		// email or room in the queue missing, or the open handoff
		// returned again store no handoff (a contact or the request's
		// context at most, which the feed does not follow).
		unchangedHandoffs(ctx, err != nil || (res.Handoff.ID != "" && !res.AlreadyOpen))
		if err != nil {
			if elicited != "" && handoff.Is(err, handoff.KindInvalid) && handoff.FieldOf(err) == "email" {
				return askEmail(req, svc, r.Language, err.Error()), nil
			}
			return toolError(err)
		}
		if res.Outcome == handoff.OutcomeNeedsEmail {
			if declined {
				res.UserMessage = svc.Messages().Render(handoff.MsgEmailDeclined, r.Language, nil)
			} else if clientCanElicit(ctx) {
				return askEmail(req, svc, r.Language, ""), nil
			}
		}
		out := handoffOutput(res, svc.Config().AgentEvents)
		silence(&out, res.Handoff)
		return mcp.NewToolResultStructured(out, handoffText(out)), nil
	})}
}

// handoffOutput maps a handoff.Result onto the tool's output; live says
// whether agents' replies come back here (the live session tools apply).
func handoffOutput(res handoff.Result, live bool) HandoffOutput {
	out := HandoffOutput{
		Status:         string(res.Outcome),
		Owner:          "bot",
		AlreadyOpen:    res.AlreadyOpen,
		HandoffID:      res.Handoff.ID,
		Triggers:       res.Decision.Triggers,
		Confidence:     round2(res.Decision.Confidence),
		Classifier:     res.Decision.Classifier,
		Reason:         res.Decision.Reason,
		MessageForUser: res.UserMessage,
		RemoteID:       res.Handoff.RemoteID,
		RemoteURL:      res.Handoff.RemoteURL,
		QueuePosition:  res.Position,
	}
	if res.Position > 0 {
		out.EstimatedWait = int(res.Wait.Duration.Seconds())
	}
	vote, verdict := res.Vote, res.Verdict
	if res.AlreadyOpen {
		out.Triggers = res.Handoff.Triggers
		out.Reason = res.Handoff.Reason
		out.Confidence = round2(res.Handoff.Confidence)
		out.Classifier = res.Handoff.Classifier
		vote, verdict = res.Handoff.Vote, res.Handoff.ServerVerdict
	}
	if vote != nil {
		out.Vote = &VoteOutput{Triggers: vote.Triggers, Evidence: vote.Evidence, Grounded: vote.Grounded, Decided: vote.Decided, Note: vote.Note}
	}
	if verdict != nil && vote != nil { // without a vote, the verdict is the decision above
		out.ServerVerdict = &VerdictOutput{Handoff: verdict.Handoff, Triggers: verdict.Triggers, Confidence: round2(verdict.Confidence), Classifier: verdict.Classifier}
		if out.ServerVerdict.Triggers == nil {
			out.ServerVerdict.Triggers = []string{}
		}
	}
	if out.Triggers == nil {
		out.Triggers = []string{}
	}
	switch res.Outcome {
	case handoff.OutcomeNotTriggered:
		out.NextStep = "No handoff trigger fired. Keep helping the user yourself; do not tell them you tried to reach a human."
	case handoff.OutcomeOffHours:
		if !res.Hours.NextOpen.IsZero() {
			out.NextOpen = res.Hours.NextOpen.Format(time.RFC3339)
		}
		out.NextStep = "The team is closed now. Tell the user message_for_user, then offer to take their email and a short message with collect_contact so the team replies when it is back. Keep helping with what you can meanwhile."
	case handoff.OutcomeNeedsEmail:
		out.NextStep = "Ask the user for their email address (message_for_user says it), then call request_human_handoff again with the email, or store it with collect_contact and call again. Do not invent an address."
	case handoff.OutcomeQueueFull:
		out.NextStep = "Too many users are waiting for the team right now, so no handoff was made. Tell the user message_for_user, then offer to take their email and a short message with collect_contact; the team replies when it can. Keep helping with what you can meanwhile."
	case handoff.OutcomeFailed:
		out.HelpdeskError = res.Handoff.LastError
		out.NextStep = "The helpdesk could not take the handoff, so no human will join this conversation. Tell the user message_for_user and offer collect_contact to leave their email and a message; it is kept for the team. You own the conversation again: keep helping with what you can."
	case handoff.OutcomeQueued:
		out.Owner = "human"
		out.HelpdeskError = res.Handoff.LastError
		out.NextStep = "The handoff is saved and a human agent now owns this conversation; it is forwarded to the helpdesk automatically and retried while the helpdesk fails. Tell the user message_for_user, then stop trying to solve their issue yourself and do not answer for the agent. If the user would rather not wait, offer collect_contact to leave their email and a message. Do not call request_human_handoff again for this conversation."
	default:
		out.Owner = "human"
		out.NextStep = "A human agent now owns this conversation. Tell the user message_for_user, then stop trying to solve their issue yourself and do not answer for the agent. The handoff is kept even if the user leaves; do not call request_human_handoff again for this conversation."
	}
	switch {
	case out.Owner == "human" && live:
		out.NextStep += " Follow the session: call get_handoff_status with handoff_id every few seconds and relay the agent's messages verbatim; relay what the user writes with send_handoff_message; call end_handoff if the user no longer wants a person."
	case out.Owner == "human":
		out.NextStep += " No agent replies come back to this chat: the team answers the user by email (message_for_user says so). Relay anything more the user wants the team to know with send_handoff_message; once the user has been quiet for a few minutes the handoff is handed over (get_handoff_status says ended_by handed_over) and you may help with other things."
	}
	return out
}

// handoffText is the readable text block of a request_human_handoff result.
// It appends to one buffer sized for the usual text, without fmt: it runs
// on every call.
func handoffText(o HandoffOutput) string {
	b := make([]byte, 0, 512)
	switch handoff.Outcome(o.Status) {
	case handoff.OutcomeNotTriggered:
		b = append(b, "No handoff: no trigger fired."...)
		if o.Vote != nil {
			b = append(b, " Your vote did not decide."...)
		}
	case handoff.OutcomeOffHours:
		b = append(b, "No handoff now: outside service hours."...)
	case handoff.OutcomeNeedsEmail:
		b = append(b, "Handoff waiting for the user's email address."...)
	case handoff.OutcomeQueueFull:
		b = append(b, "No handoff now: the queue is full."...)
	case handoff.OutcomeFailed:
		b = append(append(append(b, "Handoff "...), o.HandoffID...), " failed: the helpdesk could not take it. THE BOT OWNS THIS CONVERSATION AGAIN."...)
	default:
		b = append(append(b, "Handoff "...), o.HandoffID...)
		if o.AlreadyOpen {
			b = append(append(append(b, " is already open ("...), o.Status...), "). A HUMAN AGENT OWNS THIS CONVERSATION."...)
		} else {
			b = append(append(append(b, ' '), o.Status...), ". A HUMAN AGENT NOW OWNS THIS CONVERSATION."...)
		}
	}
	if len(o.Triggers) > 0 {
		b = appendJoined(append(b, "\nTriggers: "...), o.Triggers)
		if o.Classifier == handoff.JudgeCallingModel {
			b = append(b, " (decided by your grounded vote)."...)
		} else {
			b = appendVerdict(append(b, " (confidence "...), o.Confidence, o.Classifier)
			b = append(b, ")."...)
		}
	}
	if v := o.Vote; v != nil {
		b = appendJoined(append(b, "\nYour vote: "...), v.Triggers)
		b = append(append(append(b, ": "...), v.Note...), '.')
	}
	if v := o.ServerVerdict; v != nil {
		b = append(appendVerdictText(append(b, "\nServer's classifier: "...), v.Handoff, v.Triggers, v.Confidence, v.Classifier), '.')
	}
	if o.Reason != "" {
		b = append(append(b, "\nReason: "...), quote(o.Reason)...)
	}
	if o.NextOpen != "" {
		b = append(append(append(b, "\nNext opening: "...), o.NextOpen...), '.')
	}
	if o.QueuePosition > 0 {
		b = strconv.AppendInt(append(b, "\nQueue position "...), int64(o.QueuePosition), 10)
		b = strconv.AppendInt(append(b, ", expected wait about "...), int64(max(1, (o.EstimatedWait+30)/60)), 10)
		b = append(b, " min."...)
	}
	if o.RemoteID != "" {
		b = append(append(b, "\nHelpdesk ticket: "...), o.RemoteID...)
		if o.RemoteURL != "" {
			b = append(append(append(b, " ("...), o.RemoteURL...), ')')
		}
		b = append(b, '.')
	}
	if o.HelpdeskError != "" {
		what := "Last delivery attempt failed (retrying automatically)"
		if handoff.Outcome(o.Status) == handoff.OutcomeFailed {
			what = "Helpdesk error (for the bot builder, not the user)"
		}
		b = append(append(append(append(b, '\n'), what...), ": "...), quote(o.HelpdeskError)...)
	}
	if o.MessageForUser != "" {
		b = strconv.AppendQuote(append(b, "\nTell the user: "...), o.MessageForUser)
	}
	b = append(append(b, "\nNext step: "...), o.NextStep...)
	return string(b)
}

// appendJoined appends the strings of list separated by ", ".
func appendJoined(b []byte, list []string) []byte {
	for i, s := range list {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, s...)
	}
	return b
}

// appendVerdict appends "0.90, embedded": a confidence with two decimals
// and the classifier that judged.
func appendVerdict(b []byte, confidence float64, classifier string) []byte {
	b = strconv.AppendFloat(b, confidence, 'f', 2, 64)
	return append(append(b, ", "...), classifier...)
}

// appendVerdictText appends a classifier's verdict in a few words: "no
// (0.97, embedded)" or "handoff: frustration (0.90, embedded)".
func appendVerdictText(b []byte, yes bool, triggers []string, confidence float64, classifier string) []byte {
	if yes {
		b = append(appendJoined(append(b, "handoff: "...), triggers), " ("...)
	} else {
		b = append(b, "no ("...)
	}
	return append(appendVerdict(b, confidence, classifier), ')')
}

func round2(f float64) float64 { return float64(int(f*100+0.5)) / 100 }

// inHelpdesk checks helpdesk_conversation_id (or the same metadata key)
// and puts it in r's metadata, where the connector reads it; it returns
// the tool error the model can fix, or nil.
func inHelpdesk(svc *handoff.Service, in HandoffInput, r *handoff.Request) *mcp.CallToolResult {
	id := strings.TrimSpace(in.HelpdeskConversationID)
	if id == "" {
		id = strings.TrimSpace(in.Metadata[helpdesk.MetaConversationID])
	}
	if id == "" {
		return nil
	}
	ih, ok := helpdesk.InHelpdeskOf(svc.Connector())
	if !ok {
		return invalidInput(fmt.Sprintf("helpdesk_conversation_id: the configured helpdesk (%s) cannot take a handoff inside its own conversation; leave helpdesk_conversation_id out", svc.Connector().Name()))
	}
	if err := ih.CheckConversationID(id); err != nil {
		return invalidInput(err.Error())
	}
	md := make(map[string]string, len(in.Metadata)+1)
	for k, v := range in.Metadata {
		md[k] = v
	}
	md[helpdesk.MetaConversationID] = id
	r.Metadata = md
	return nil
}

// silence tells the bot to stay silent when h was handed off inside the
// helpdesk's own conversation and a human has it.
func silence(out *HandoffOutput, h handoff.Handoff) {
	if helpdesk.ConversationOf(h) == "" || out.Owner != "human" {
		return
	}
	out.StaySilent = true
	out.NextStep = inHelpdeskStep
}

// inHelpdeskStep is the next step of a handoff inside the helpdesk's own
// conversation while a human has it.
const inHelpdeskStep = "The helpdesk conversation you run in is now assigned to a human agent, who answers the user there. Stay silent in it: do not reply, do not relay the user's or the agent's messages (both are already in the conversation) and do not call request_human_handoff again. Call get_handoff_status with handoff_id now and then: when its owner is bot again (the helpdesk closed or snoozed the conversation), you may answer the user again."
