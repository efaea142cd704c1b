package helpdesk

import (
	"context"
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// LibredeskConfig configures the Libredesk connector (REST API v1:
// conversations and messages).
type LibredeskConfig struct {
	// BaseURL is the installation, like https://desk.example.com.
	BaseURL string `yaml:"base_url"`
	// APIKey and APISecret are an agent's API credentials (Agents > the
	// agent > Generate API key).
	APIKey    string         `yaml:"api_key"`
	APISecret handoff.Secret `yaml:"api_secret"`
	// InboxID is the inbox conversations open in; Libredesk only creates
	// conversations through the API in email inboxes. Routes may override it.
	InboxID int64 `yaml:"inbox_id"`
	// RelayAs is how the user's later messages appear: contact (as the
	// customer's own messages, the default; the agent needs the
	// messages:write_as_contact permission) or note (private notes).
	RelayAs string `yaml:"relay_as"`
	// WebhookSecret is the secret of the Libredesk webhook that posts to
	// /hooks/libredesk (Admin > Integrations > Webhooks); Libredesk signs
	// each delivery with it (X-Libredesk-Signature). Empty turns inbound
	// events off.
	WebhookSecret handoff.Secret `yaml:"webhook_secret"`
	Routing       `yaml:",inline"`
}

// LibredeskPermissions are the permissions the role of the connector's API
// agent needs: reading conversations (also of other agents and teams, to
// close them), creating them, setting status, priority and tags, and
// writing messages, also as the contact.
const LibredeskPermissions = "conversations:read, conversations:read_all, conversations:write, conversations:update_status, " +
	"conversations:update_priority, conversations:update_tags, messages:write, messages:write_as_contact"

var libredeskPriorities = map[handoff.Priority]string{
	handoff.PriorityLow: "Low", handoff.PriorityNormal: "", handoff.PriorityHigh: "High", handoff.PriorityUrgent: "High",
}

func (c *LibredeskConfig) validate() error {
	var err error
	if c.BaseURL, err = requireURL("libredesk.base_url", c.BaseURL, "https://desk.example.com"); err != nil {
		return err
	}
	if strings.TrimSpace(c.APIKey) == "" {
		return errors.New("libredesk.api_key: set the agent's API key")
	}
	if !c.APISecret.IsSet() {
		return errors.New("libredesk.api_secret: set the agent's API secret, like ${LIBREDESK_API_SECRET}")
	}
	if c.InboxID <= 0 {
		return errors.New("libredesk.inbox_id: set the id of the (email) inbox conversations open in")
	}
	if err := oneOf("libredesk.relay_as", &c.RelayAs, "contact", "contact", "note"); err != nil {
		return err
	}
	return c.Routing.validate("libredesk", []string{"inbox_id", "team_id", "assignee_id", "tags"}, nil)
}

// Libredesk opens a conversation per handoff in Libredesk, the open-source
// helpdesk, through its REST API.
type Libredesk struct {
	cfg LibredeskConfig
	api api
}

var _ handoff.Connector = (*Libredesk)(nil)

func newLibredesk(cfg LibredeskConfig, timeout time.Duration, o Options) *Libredesk {
	cred := "token " + cfg.APIKey + ":" + cfg.APISecret.Value()
	return &Libredesk{cfg: cfg, api: api{
		name: TypeLibredesk, base: cfg.BaseURL, client: o.HTTPClient, timeout: timeout, now: o.Now, log: o.Logger,
		auth: func(r *http.Request) { r.Header.Set("Authorization", cred) },
		hints: hints{
			auth:     "helpdesk.libredesk.api_key and api_secret",
			perm:     "the agent behind helpdesk.libredesk.api_key lacks a permission; its role needs all of " + LibredeskPermissions,
			notFound: "helpdesk.libredesk.base_url and the inbox, team and agent ids in helpdesk.libredesk",
		},
		secrets: []string{cfg.APISecret.Value(), cred},
	}}
}

// Name returns "libredesk".
func (l *Libredesk) Name() string { return TypeLibredesk }

// splitName splits a display name into first and last name.
func splitName(c handoff.Contact) (string, string) {
	first, last, _ := strings.Cut(displayName(c), " ")
	return first, strings.TrimSpace(last)
}

// noteHTML escapes plain text for Libredesk's HTML message content.
func noteHTML(s string) string {
	return "<p>" + strings.ReplaceAll(html.EscapeString(s), "\n", "<br>") + "</p>"
}

// Open creates the conversation with the customer as contact and
// initiator, the handoff as its first (HTML) message, our handoff id in the
// custom attribute handoff_id (kept only when that conversation attribute is
// defined in Libredesk) and the reference in the subject; tags and priority
// follow as best effort. Libredesk takes no idempotency key and its search
// does not cover our id, so it has no Find.
func (l *Libredesk) Open(ctx context.Context, h handoff.Handoff) (handoff.Receipt, error) {
	if h.Contact.Email == "" {
		return handoff.Receipt{}, handoff.Permanent(fmt.Errorf("libredesk: handoff %s has no customer email for the contact", h.ID))
	}
	t := l.cfg.Routing.target(h)
	first, last := splitName(h.Contact)
	in := map[string]any{
		"inbox_id": l.cfg.InboxID, "contact_email": h.Contact.Email, "first_name": first, "last_name": last,
		"subject": Subject(h), "content": HTML(h), "initiator": "contact",
		"custom_attributes": map[string]string{"handoff_id": h.ID},
	}
	if t.InboxID != 0 {
		in["inbox_id"] = t.InboxID
	}
	if t.TeamID != 0 {
		in["team_id"] = t.TeamID
	}
	if t.AssigneeID != 0 {
		in["agent_id"] = t.AssigneeID
	}
	var out struct {
		Data struct {
			UUID            string `json:"uuid"`
			ReferenceNumber string `json:"reference_number"`
		} `json:"data"`
	}
	if _, err := l.api.call(ctx, http.MethodPost, "/api/v1/conversations", nil, nil, in, &out); err != nil {
		return handoff.Receipt{}, fmt.Errorf("opening conversation for handoff %s: %w", h.ID, err)
	}
	id := out.Data.UUID
	if id == "" {
		return handoff.Receipt{}, handoff.Transient(fmt.Errorf("libredesk: conversation create for handoff %s answered without a uuid", h.ID), 0)
	}
	path := "/api/v1/conversations/" + url.PathEscape(id)
	warn := func(step string, err error) {
		l.api.log.Warn().Str("handoff_id", h.ID).Str("remote_id", id).Str("step", step).Str("error", err.Error()).Msg("libredesk conversation created, follow-up step failed")
	}
	if tags := l.cfg.Routing.tags(h, t, true); len(tags) > 0 {
		if _, err := l.api.call(ctx, http.MethodPost, path+"/tags", nil, nil, map[string][]string{"tags": tags}, nil); err != nil {
			warn("tags", err)
		}
	}
	if p := l.cfg.Routing.priority(h.Priority, libredeskPriorities); p != "" {
		if _, err := l.api.call(ctx, http.MethodPut, path+"/priority", nil, nil, map[string]string{"priority": p}, nil); err != nil {
			warn("priority", err)
		}
	}
	l.api.log.Info().Str("handoff_id", h.ID).Str("remote_id", id).Str("email", maskEmail(h.Contact.Email)).Msg("libredesk conversation opened")
	return handoff.Receipt{RemoteID: id, Meta: map[string]string{"reference_number": out.Data.ReferenceNumber}}, nil
}

func (l *Libredesk) message(ctx context.Context, h handoff.Handoff, body map[string]any) error {
	if h.RemoteID == "" {
		return handoff.Permanent(fmt.Errorf("libredesk: handoff %s has no conversation uuid yet", h.ID))
	}
	_, err := l.api.call(ctx, http.MethodPost, "/api/v1/conversations/"+url.PathEscape(h.RemoteID)+"/messages", nil, nil, body, nil)
	return err
}

// AddMessage posts the user's message as the contact's (or as a private
// note, with relay_as: note).
func (l *Libredesk) AddMessage(ctx context.Context, h handoff.Handoff, m handoff.Message) error {
	body := map[string]any{"message": noteHTML(m.Text), "sender_type": "contact", "private": false}
	if l.cfg.RelayAs == "note" {
		body = map[string]any{"message": noteHTML(messageText(h, m)), "sender_type": "agent", "private": true}
	}
	if err := l.message(ctx, h, body); err != nil {
		return fmt.Errorf("adding message %d to conversation %s: %w", m.Seq, h.RemoteID, err)
	}
	return nil
}

// Close leaves a private note with the reason and sets the conversation
// Resolved.
func (l *Libredesk) Close(ctx context.Context, h handoff.Handoff, reason string) error {
	if err := l.message(ctx, h, map[string]any{"message": noteHTML(closeText(h, reason)), "sender_type": "agent", "private": true}); err != nil {
		return fmt.Errorf("closing conversation %s: %w", h.RemoteID, err)
	}
	if _, err := l.api.call(ctx, http.MethodPut, "/api/v1/conversations/"+url.PathEscape(h.RemoteID)+"/status", nil, nil, map[string]string{"status": "Resolved"}, nil); err != nil {
		return fmt.Errorf("closing conversation %s: %w", h.RemoteID, err)
	}
	return nil
}

// Check calls GET /api/v1/agents/me.
func (l *Libredesk) Check(ctx context.Context) error {
	_, err := l.api.call(ctx, http.MethodGet, "/api/v1/agents/me", nil, nil, nil, nil)
	return err
}
