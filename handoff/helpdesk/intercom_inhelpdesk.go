package helpdesk

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// In-helpdesk mode (MetaConversationID): the user already talks to the bot
// inside an Intercom conversation. The handoff leaves the internal note
// (POST /conversations/{id}/reply, message_type note), stores the handoff
// id in the conversation attribute, assigns the conversation to the routed
// team or admin (POST /conversations/{id}/parts, message_type assignment)
// and applies the routed tags. It creates no conversation and re-posts no
// transcript: the agent reads the conversation itself. The user's messages
// are already in it, so none are relayed; the helpdesk ends the session
// (conversation.admin.closed or .snoozed).
//
// Retries: Intercom takes no idempotency key, so Open first reads the
// conversation (GET /conversations/{id}, consistent, unlike search) and
// skips the note when one carrying the handoff's reference is there, and
// the assignment when the conversation is assigned as routed already. Find
// (the worker's lookup after an unknown outcome) reports the handoff made
// only when both are done.

var _ InHelpdesk = (*Intercom)(nil)

// CheckConversationID accepts Intercom's conversation ids (digits, as in
// https://app.intercom.com/a/inbox/<app>/inbox/conversation/<id>).
func (ic *Intercom) CheckConversationID(id string) error {
	if _, err := strconv.ParseUint(id, 10, 64); err != nil {
		return fmt.Errorf("helpdesk_conversation_id: %q is not an Intercom conversation id; pass the id of the Intercom conversation the bot runs in: digits, like 215471234567890", Clip(id, 80))
	}
	return nil
}

// icParts is the part of GET /conversations/{id} that Open reads.
type icParts struct {
	ID              flexID `json:"id"`
	State           string `json:"state"`
	AdminAssigneeID flexID `json:"admin_assignee_id"`
	TeamAssigneeID  flexID `json:"team_assignee_id"`
	Parts           struct {
		Parts []intercomPart `json:"conversation_parts"`
	} `json:"conversation_parts"`
}

// handover is how far an earlier attempt got with conversation id.
type handover struct {
	noted    bool // h's note is there
	assigned bool // the conversation is assigned to the routed admin or team
}

// assignee returns the routed admin, else team, and whether it is an admin.
func (ic *Intercom) assignee(h handoff.Handoff) (id int64, admin bool) {
	t := ic.cfg.Routing.target(h)
	if t.AssigneeID != 0 {
		return t.AssigneeID, true
	}
	return t.TeamID, false
}

// handedOver reads conversation id (GET, consistent, unlike search) and
// says whether h's note is there and whether it is assigned as routed.
func (ic *Intercom) handedOver(ctx context.Context, h handoff.Handoff, id string) (handover, error) {
	var c icParts
	if _, err := ic.api.call(ctx, http.MethodGet, "/conversations/"+url.PathEscape(id), nil, nil, nil, &c); err != nil {
		return handover{}, err
	}
	var st handover
	for _, p := range c.Parts.Parts {
		if p.PartType == "note" && strings.Contains(p.Body, Reference(h)) {
			st.noted = true
		}
	}
	target, admin := ic.assignee(h)
	want := strconv.FormatInt(target, 10)
	if admin {
		st.assigned = string(c.AdminAssigneeID) == want
	} else {
		st.assigned = string(c.TeamAssigneeID) == want
	}
	return st, nil
}

// openInHelpdesk hands over the conversation id the bot runs in.
func (ic *Intercom) openInHelpdesk(ctx context.Context, h handoff.Handoff, id string) (handoff.Receipt, error) {
	if err := ic.CheckConversationID(id); err != nil {
		return handoff.Receipt{}, handoff.Permanent(fmt.Errorf("intercom: handoff %s: %w", h.ID, err))
	}
	t := ic.cfg.Routing.target(h)
	assignee, _ := ic.assignee(h)
	if assignee == 0 {
		return handoff.Receipt{}, handoff.Permanent(fmt.Errorf("intercom: in-helpdesk handoff %s has no team or admin to assign conversation %s to: set helpdesk.intercom.default_route.team_id (or assignee_id, or a route)", h.ID, id))
	}
	admin, err := ic.admin(ctx)
	if err != nil {
		return handoff.Receipt{}, fmt.Errorf("handing over conversation %s: %w", id, err)
	}
	path := "/conversations/" + url.PathEscape(id)
	st, err := ic.handedOver(ctx, h, id)
	if err != nil {
		return handoff.Receipt{}, fmt.Errorf("reading conversation %s: %w", id, err)
	}
	if !st.noted {
		note := map[string]string{"message_type": "note", "type": "admin", "admin_id": admin, "body": handoverNote(h)}
		if _, err := ic.api.call(ctx, http.MethodPost, path+"/reply", nil, nil, note, nil); err != nil {
			return handoff.Receipt{}, fmt.Errorf("adding the handover note to conversation %s: %w", id, err)
		}
	}
	warn := func(step string, err error) {
		ic.api.log.Warn().Str("handoff_id", h.ID).Str("remote_id", id).Str("step", step).Str("error", err.Error()).Msg("intercom conversation handed over, follow-up step failed")
	}
	if a := ic.cfg.ConversationAttribute; a != "none" {
		if _, err := ic.api.call(ctx, http.MethodPut, path, nil, nil, map[string]any{"custom_attributes": map[string]string{a: h.ID}}, nil); err != nil {
			warn("custom_attributes."+a, err)
		}
	}
	if !st.assigned {
		part := map[string]string{"message_type": "assignment", "type": "admin", "admin_id": admin, "assignee_id": strconv.FormatInt(assignee, 10)}
		if _, err := ic.api.call(ctx, http.MethodPost, path+"/parts", nil, nil, part, nil); err != nil {
			return handoff.Receipt{}, fmt.Errorf("assigning conversation %s: %w", id, err)
		}
	}
	for _, tag := range ic.cfg.Routing.tags(h, t, false) {
		if _, err := ic.api.call(ctx, http.MethodPost, path+"/tags", nil, nil, map[string]string{"id": tag, "admin_id": admin}, nil); err != nil {
			warn("tag "+tag, err)
		}
	}
	r := ic.receipt(id, icContact{})
	r.Meta = map[string]string{"mode": "in_helpdesk"}
	ic.api.log.Info().Str("handoff_id", h.ID).Str("remote_id", id).Int64("assignee_id", assignee).Msg("intercom conversation handed over in place")
	return r, nil
}

// findInHelpdesk reports whether an earlier attempt handed over the
// conversation: its note is there and it is assigned as routed. Anything
// less is not found, and Open completes it (skipping what is done).
func (ic *Intercom) findInHelpdesk(ctx context.Context, h handoff.Handoff, id string) (handoff.Receipt, bool, error) {
	st, err := ic.handedOver(ctx, h, id)
	if err != nil || !st.noted || !st.assigned {
		return handoff.Receipt{}, false, err
	}
	r := ic.receipt(id, icContact{})
	r.Meta = map[string]string{"mode": "in_helpdesk"}
	return r, true, nil
}

// closeInHelpdesk leaves a note that the bot's side ended the handoff; the
// conversation stays with its agent, open.
func (ic *Intercom) closeInHelpdesk(ctx context.Context, h handoff.Handoff, id, reason string) error {
	admin, err := ic.admin(ctx)
	if err != nil {
		return fmt.Errorf("noting the end of handoff %s: %w", h.ID, err)
	}
	note := map[string]string{"message_type": "note", "type": "admin", "admin_id": admin, "body": closeText(h, reason)}
	if _, err := ic.api.call(ctx, http.MethodPost, "/conversations/"+url.PathEscape(id)+"/reply", nil, nil, note, nil); err != nil {
		return fmt.Errorf("noting the end of handoff %s in conversation %s: %w", h.ID, id, err)
	}
	return nil
}
