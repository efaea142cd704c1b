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
// skips the note when one carrying the handoff's reference is there; an
// assignment repeated after an unknown outcome assigns the same assignee
// again, which changes nothing but adds an assignment part.

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
	ID    flexID `json:"id"`
	State string `json:"state"`
	Parts struct {
		Parts []intercomPart `json:"conversation_parts"`
	} `json:"conversation_parts"`
}

// noted reports whether conversation id already has handoff h's note.
func (ic *Intercom) noted(ctx context.Context, h handoff.Handoff, id string) (bool, error) {
	var c icParts
	if _, err := ic.api.call(ctx, http.MethodGet, "/conversations/"+url.PathEscape(id), nil, nil, nil, &c); err != nil {
		return false, err
	}
	for _, p := range c.Parts.Parts {
		if p.PartType == "note" && strings.Contains(p.Body, Reference(h)) {
			return true, nil
		}
	}
	return false, nil
}

// openInHelpdesk hands over the conversation id the bot runs in.
func (ic *Intercom) openInHelpdesk(ctx context.Context, h handoff.Handoff, id string) (handoff.Receipt, error) {
	if err := ic.CheckConversationID(id); err != nil {
		return handoff.Receipt{}, handoff.Permanent(fmt.Errorf("intercom: handoff %s: %w", h.ID, err))
	}
	t := ic.cfg.Routing.target(h)
	assignee := t.AssigneeID
	if assignee == 0 {
		assignee = t.TeamID
	}
	if assignee == 0 {
		return handoff.Receipt{}, handoff.Permanent(fmt.Errorf("intercom: in-helpdesk handoff %s has no team or admin to assign conversation %s to: set helpdesk.intercom.default_route.team_id (or assignee_id, or a route)", h.ID, id))
	}
	admin, err := ic.admin(ctx)
	if err != nil {
		return handoff.Receipt{}, fmt.Errorf("handing over conversation %s: %w", id, err)
	}
	path := "/conversations/" + url.PathEscape(id)
	done, err := ic.noted(ctx, h, id)
	if err != nil {
		return handoff.Receipt{}, fmt.Errorf("reading conversation %s: %w", id, err)
	}
	if !done {
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
	part := map[string]string{"message_type": "assignment", "type": "admin", "admin_id": admin, "assignee_id": strconv.FormatInt(assignee, 10)}
	if _, err := ic.api.call(ctx, http.MethodPost, path+"/parts", nil, nil, part, nil); err != nil {
		return handoff.Receipt{}, fmt.Errorf("assigning conversation %s: %w", id, err)
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
// conversation: its note is there.
func (ic *Intercom) findInHelpdesk(ctx context.Context, h handoff.Handoff, id string) (handoff.Receipt, bool, error) {
	ok, err := ic.noted(ctx, h, id)
	if err != nil || !ok {
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
