package tools

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// waitForAgent wraps request_human_handoff: when updates.wait_for_agent is
// set and the client sent a progress token, a call that accepted a handoff
// (queued or delivered) stays open, sending notifications/progress, until an
// agent joins, the handoff ends, the wait elapses, the client cancels or the
// server shuts down. Otherwise it returns the result at once, as before.
func (u *updates) waitForAgent(next server.ToolHandlerFunc) server.ToolHandlerFunc {
	return func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		res, err := next(ctx, req)
		if err != nil || res == nil || res.IsError || u.feed == nil || u.cfg.WaitForAgent <= 0 {
			return res, err
		}
		token := progressToken(req)
		if token == nil {
			return res, nil
		}
		out, ok := res.StructuredContent.(HandoffOutput)
		if !ok || out.HandoffID == "" || (out.Status != string(handoff.OutcomeQueued) && out.Status != string(handoff.OutcomeDelivered)) {
			return res, nil
		}
		out = u.wait(ctx, token, out)
		return mcp.NewToolResultStructured(out, handoffText(out)), nil
	}
}

func progressToken(req mcp.CallToolRequest) mcp.ProgressToken {
	if req.Params.Meta == nil {
		return nil
	}
	return req.Params.Meta.ProgressToken
}

// progress sends the notifications/progress of one call: progress is the
// seconds waited so far (always increasing), total the longest wait.
type progress struct {
	u     *updates
	token mcp.ProgressToken
	start time.Time
	total float64
	last  float64
	sent  int
}

func (p *progress) send(ctx context.Context, msg string) {
	v := math.Round(p.u.now().Sub(p.start).Seconds()*1000) / 1000
	if p.sent > 0 && v <= p.last {
		v = p.last + 0.001 // progress must increase with every notification
	}
	p.last = v
	p.sent++
	err := p.u.srv.SendNotificationToClient(ctx, string(mcp.MethodNotificationProgress), map[string]any{
		"progressToken": p.token, "progress": v, "total": p.total, "message": msg,
	})
	if err != nil {
		p.u.log.Debug().Err(err).Msg("progress notification not sent")
	}
}

// wait follows handoff out.HandoffID until it is decided, and returns the
// tool output for where it stands then.
func (u *updates) wait(ctx context.Context, token mcp.ProgressToken, out HandoffOutput) HandoffOutput {
	id := out.HandoffID
	changed, stop := u.feed.Watch(id) // before the first read, so no change is missed
	defer stop()
	p := &progress{u: u, token: token, start: u.now(), total: u.cfg.WaitForAgent.Seconds()}
	deadline := p.start.Add(u.cfg.WaitForAgent)
	st := u.svc.Store()
	h, err := st.Handoff(ctx, id)
	for {
		if err != nil {
			u.log.Warn().Err(err).Str("handoff", id).Msg("reading a handoff while waiting for an agent")
		} else {
			p.send(ctx, u.waitingMessage(ctx, h))
			if h.State == handoff.StateAgentJoined || !h.State.Open() {
				return u.waitOutput(out, h, "")
			}
		}
		remaining := deadline.Sub(u.now())
		if remaining <= 0 {
			return u.waitOutput(out, h, fmt.Sprintf("No agent had joined after waiting %s; the handoff stays open and the agent will answer here.", u.cfg.WaitForAgent))
		}
		select {
		case <-ctx.Done(): // the client cancelled; nothing reads the result
			return u.waitOutput(out, h, "")
		case <-u.closing:
			return u.waitOutput(out, h, "The server is shutting down; the handoff stays open.")
		case <-u.feed.Done():
			return u.waitOutput(out, h, "")
		case <-changed:
		case <-u.after(min(u.cfg.ProgressInterval, remaining)):
		}
		h, err = st.Handoff(context.WithoutCancel(ctx), id)
	}
}

// waitingMessage describes where the handoff stands, for the progress
// notification.
func (u *updates) waitingMessage(ctx context.Context, h handoff.Handoff) string {
	switch h.State {
	case handoff.StateAgentJoined:
		return "An agent has joined the conversation"
	case handoff.StateQueued:
		if h.LastError != "" {
			return "Passing the request to the team (the helpdesk is slow to answer; retrying)"
		}
		return "Passing the request to the team"
	case handoff.StateDelivered:
		pos, wait, err := queuePosition(ctx, u.queue, h)
		if err != nil || pos <= 0 {
			return "Waiting for an agent"
		}
		if wait > 0 {
			return fmt.Sprintf("Waiting for an agent (position %d, about %s)", pos, roughly(wait))
		}
		return fmt.Sprintf("Waiting for an agent (position %d)", pos)
	}
	return fmt.Sprintf("The handoff has ended (%s)", h.State)
}

// roughly writes a wait the way people say it: "1 min", "3 min", "1 h 5 min".
func roughly(d time.Duration) string {
	m := int(math.Ceil(d.Minutes()))
	if m < 60 {
		return fmt.Sprintf("%d min", max(m, 1))
	}
	if m%60 == 0 {
		return fmt.Sprintf("%d h", m/60)
	}
	return fmt.Sprintf("%d h %d min", m/60, m%60)
}

// waitOutput is the tool's output after waiting, for the handoff as it
// stands now (or the output accepted before the wait when h was never
// read). note is added to next_step.
func (u *updates) waitOutput(accepted HandoffOutput, h handoff.Handoff, note string) HandoffOutput {
	if h.ID == "" {
		return accepted
	}
	res := handoff.Result{
		AlreadyOpen: accepted.AlreadyOpen, Handoff: h, UserMessage: accepted.MessageForUser,
		Decision: handoff.Decision{Triggers: accepted.Triggers, Confidence: accepted.Confidence, Classifier: accepted.Classifier, Reason: accepted.Reason},
	}
	switch h.State {
	case handoff.StateQueued:
		res.Outcome = handoff.OutcomeQueued
	case handoff.StateDelivered:
		res.Outcome = handoff.OutcomeDelivered
	case handoff.StateAgentJoined:
		res.Outcome = handoff.OutcomeAgentJoined
	case handoff.StateFailed:
		res.Outcome = handoff.OutcomeFailed
		res.UserMessage = u.svc.Messages().Render(handoff.MsgDeliveryFailed, h.Language, nil)
	}
	out := handoffOutput(res, u.svc.Config().AgentEvents)
	out.Triggers, out.Reason, out.Confidence, out.Classifier = accepted.Triggers, accepted.Reason, accepted.Confidence, accepted.Classifier
	switch h.State {
	case handoff.StateAgentJoined:
		out.NextStep = "An agent has joined and now owns this conversation. Tell the user message_for_user if you have not yet, then stay silent: do not answer for the agent or try to solve the issue yourself."
	case handoff.StateClosed, handoff.StateTimedOut, handoff.StateCancelled:
		out.Status, out.Owner, out.MessageForUser = string(h.State), "bot", ""
		out.NextStep = fmt.Sprintf("The handoff ended (%s) before an agent joined, so you own the conversation again. Tell the user no agent could take over now, keep helping with what you can, and offer collect_contact so the team can reply later.", h.State)
	}
	if note != "" {
		out.NextStep += " " + note
	}
	return out
}
