package helpdesk

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// IntercomConfig configures the Intercom connector (REST API: contacts and
// conversations).
type IntercomConfig struct {
	// BaseURL is the regional API host: https://api.intercom.io (default),
	// https://api.eu.intercom.io or https://api.au.intercom.io.
	BaseURL string `yaml:"base_url"`
	// AccessToken is the app's access token (Developer Hub > Authentication).
	AccessToken handoff.Secret `yaml:"access_token"`
	// Version is the Intercom-Version header (default 2.11).
	Version string `yaml:"version"`
	// AdminID is the teammate the bot acts as when it assigns, tags, notes
	// and closes; empty means the token's own admin (GET /me).
	AdminID string `yaml:"admin_id"`
	// ContactRole is the role of contacts created for unknown emails: lead
	// (default) or user.
	ContactRole string `yaml:"contact_role"`
	// ConversationAttribute is the conversation data attribute (type
	// string, created once in Intercom) that receives our handoff id;
	// default handoff_id, none to skip.
	ConversationAttribute string `yaml:"conversation_attribute"`
	// AppID, when set, builds the inbox URL of each conversation.
	// ClientSecret is the app's client secret (Developer Hub > your app >
	// Basic information), with which Intercom signs its webhook
	// notifications (X-Hub-Signature). Empty turns inbound events off.
	ClientSecret handoff.Secret `yaml:"client_secret"`
	AppID        string         `yaml:"app_id"`
	// BotAdminID is the admin (or bot teammate) the bot replies as inside
	// Intercom conversations, in in-helpdesk mode: its replies are the
	// bot's own, never an agent's. Empty when the bot does not reply as an
	// admin.
	BotAdminID string `yaml:"bot_admin_id"`
	Routing    `yaml:",inline"`
}

func (c *IntercomConfig) validate() error {
	if c.BaseURL == "" {
		c.BaseURL = "https://api.intercom.io"
	}
	var err error
	if c.BaseURL, err = requireURL("intercom.base_url", c.BaseURL, "https://api.intercom.io"); err != nil {
		return err
	}
	if !c.AccessToken.IsSet() {
		return errors.New("intercom.access_token: set the app's access token, like ${INTERCOM_ACCESS_TOKEN}")
	}
	if c.Version == "" {
		c.Version = "2.11"
	}
	if err := oneOf("intercom.contact_role", &c.ContactRole, "lead", "lead", "user"); err != nil {
		return err
	}
	if c.ConversationAttribute == "" {
		c.ConversationAttribute = "handoff_id"
	}
	if len(c.Priorities) > 0 {
		return errors.New("intercom.priorities: Intercom conversations have no priority levels to map onto; remove the table (the priority is shown in the conversation)")
	}
	return c.Routing.validate("intercom", []string{"team_id", "assignee_id", "tags"}, nil)
}

// Intercom opens a conversation per handoff, from the customer's contact
// (found by email, else created as a lead or user).
type Intercom struct {
	cfg IntercomConfig
	api api

	mu      sync.Mutex // protects adminID
	adminID string
}

var (
	_ handoff.Connector = (*Intercom)(nil)
	_ Finder            = (*Intercom)(nil)
)

func newIntercom(cfg IntercomConfig, timeout time.Duration, o Options) *Intercom {
	return &Intercom{cfg: cfg, adminID: cfg.AdminID, api: api{
		name: TypeIntercom, base: cfg.BaseURL, client: o.HTTPClient, timeout: timeout, now: o.Clock.Now, log: o.Logger,
		auth:   func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+cfg.AccessToken.Value()) },
		header: http.Header{"Intercom-Version": {cfg.Version}},
		hints: hints{
			auth:     "helpdesk.intercom.access_token",
			perm:     "the app's access token lacks a permission (read and write users, conversations): check the app in the Developer Hub",
			notFound: "helpdesk.intercom.base_url (region) and the admin, team and tag ids in helpdesk.intercom",
		},
		secrets: []string{cfg.AccessToken.Value()},
	}}
}

// Name returns "intercom".
func (ic *Intercom) Name() string { return TypeIntercom }

type icContact struct {
	ID    string `json:"id"`
	Role  string `json:"role"`
	Email string `json:"email"`
}

// contact finds the customer's contact by email or creates it.
func (ic *Intercom) contact(ctx context.Context, c handoff.Contact) (icContact, error) {
	search := map[string]any{"query": map[string]string{"field": "email", "operator": "=", "value": c.Email}}
	var found struct {
		Data []icContact `json:"data"`
	}
	if _, err := ic.api.call(ctx, http.MethodPost, "/contacts/search", nil, nil, search, &found); err != nil {
		return icContact{}, err
	}
	for _, ct := range found.Data {
		if strings.EqualFold(ct.Email, c.Email) {
			return ct, nil
		}
	}
	in := map[string]string{"role": ic.cfg.ContactRole, "email": c.Email}
	if c.Name != "" {
		in["name"] = c.Name
	}
	if c.Phone != "" {
		in["phone"] = c.Phone
	}
	var ct icContact
	if _, err := ic.api.call(ctx, http.MethodPost, "/contacts", nil, nil, in, &ct); err != nil {
		return icContact{}, err
	}
	if ct.Role == "" {
		ct.Role = ic.cfg.ContactRole
	}
	return ct, nil
}

func (ic *Intercom) receipt(conversationID string, ct icContact) handoff.Receipt {
	r := handoff.Receipt{RemoteID: conversationID, Meta: map[string]string{"contact_id": ct.ID, "contact_role": ct.Role}}
	if ic.cfg.AppID != "" {
		r.URL = "https://app.intercom.com/a/inbox/" + url.PathEscape(ic.cfg.AppID) + "/inbox/conversation/" + url.PathEscape(conversationID)
	}
	return r
}

// Open finds or creates the contact, then creates a conversation from it
// whose body is the plain-text handoff (Intercom takes no HTML there). It
// then, as best effort (logged, not failing the delivery), stores the
// handoff id in the conversation attribute, assigns the routed team or
// admin and applies the routed tags.
func (ic *Intercom) Open(ctx context.Context, h handoff.Handoff) (handoff.Receipt, error) {
	if id := ConversationOf(h); id != "" {
		return ic.openInHelpdesk(ctx, h, id)
	}
	if h.Contact.Email == "" {
		return handoff.Receipt{}, handoff.Permanent(fmt.Errorf("intercom: handoff %s has no customer email to find the contact by", h.ID))
	}
	ct, err := ic.contact(ctx, h.Contact)
	if err != nil {
		return handoff.Receipt{}, fmt.Errorf("finding contact for handoff %s: %w", h.ID, err)
	}
	in := map[string]any{"from": map[string]string{"type": ct.Role, "id": ct.ID}, "body": Text(h)}
	var msg struct {
		ID             string `json:"id"`
		ConversationID string `json:"conversation_id"`
	}
	if _, err := ic.api.call(ctx, http.MethodPost, "/conversations", nil, nil, in, &msg); err != nil {
		return handoff.Receipt{}, fmt.Errorf("opening conversation for handoff %s: %w", h.ID, err)
	}
	if msg.ConversationID == "" {
		return handoff.Receipt{}, handoff.Transient(fmt.Errorf("intercom: conversation create for handoff %s answered without a conversation_id", h.ID), 0)
	}
	r := ic.receipt(msg.ConversationID, ct)
	r.Meta["message_id"] = msg.ID
	ic.decorate(ctx, h, msg.ConversationID)
	ic.api.log.Info().Str("handoff_id", h.ID).Str("remote_id", r.RemoteID).Str("email", maskEmail(h.Contact.Email)).Msg("intercom conversation opened")
	return r, nil
}

// decorate applies the attribute, assignment and tags to a new conversation.
func (ic *Intercom) decorate(ctx context.Context, h handoff.Handoff, id string) {
	path := "/conversations/" + url.PathEscape(id)
	warn := func(step string, err error) {
		ic.api.log.Warn().Str("handoff_id", h.ID).Str("remote_id", id).Str("step", step).Str("error", err.Error()).Msg("intercom conversation created, follow-up step failed")
	}
	if a := ic.cfg.ConversationAttribute; a != "none" {
		if _, err := ic.api.call(ctx, http.MethodPut, path, nil, nil, map[string]any{"custom_attributes": map[string]string{a: h.ID}}, nil); err != nil {
			warn("custom_attributes."+a, err)
		}
	}
	t := ic.cfg.Routing.target(h)
	tags := ic.cfg.Routing.tags(h, t, false)
	if t.TeamID == 0 && t.AssigneeID == 0 && len(tags) == 0 {
		return
	}
	admin, err := ic.admin(ctx)
	if err != nil {
		warn("admin", err)
		return
	}
	if t.TeamID != 0 || t.AssigneeID != 0 {
		assignee := t.AssigneeID
		if assignee == 0 {
			assignee = t.TeamID
		}
		part := map[string]any{"message_type": "assignment", "type": "admin", "admin_id": admin, "assignee_id": strconv.FormatInt(assignee, 10)}
		if _, err := ic.api.call(ctx, http.MethodPost, path+"/parts", nil, nil, part, nil); err != nil {
			warn("assignment", err)
		}
	}
	for _, tag := range tags {
		if _, err := ic.api.call(ctx, http.MethodPost, path+"/tags", nil, nil, map[string]string{"id": tag, "admin_id": admin}, nil); err != nil {
			warn("tag "+tag, err)
		}
	}
}

// admin returns the configured admin id, or the token's admin from GET /me.
func (ic *Intercom) admin(ctx context.Context) (string, error) {
	ic.mu.Lock()
	id := ic.adminID
	ic.mu.Unlock()
	if id != "" {
		return id, nil
	}
	return ic.me(ctx)
}

// me calls GET /me and, when no admin_id is configured, remembers the
// token's admin.
func (ic *Intercom) me(ctx context.Context) (string, error) {
	var me struct {
		Type string `json:"type"`
		ID   string `json:"id"`
	}
	if _, err := ic.api.call(ctx, http.MethodGet, "/me", nil, nil, nil, &me); err != nil {
		return "", err
	}
	if me.ID == "" {
		return "", handoff.Permanent(errors.New("intercom: GET /me returned no admin: set helpdesk.intercom.admin_id"))
	}
	if ic.cfg.AdminID != "" {
		return ic.cfg.AdminID, nil
	}
	ic.mu.Lock()
	ic.adminID = me.ID
	ic.mu.Unlock()
	return me.ID, nil
}

// Find searches conversations whose first message contains the handoff's
// reference (Intercom's search is eventually consistent: a conversation
// created seconds ago may not be found yet).
func (ic *Intercom) Find(ctx context.Context, h handoff.Handoff) (handoff.Receipt, bool, error) {
	if id := ConversationOf(h); id != "" {
		return ic.findInHelpdesk(ctx, h, id)
	}
	q := map[string]any{"query": map[string]string{"field": "source.body", "operator": "~", "value": Reference(h)}}
	var out struct {
		Conversations []struct {
			ID     string `json:"id"`
			Source struct {
				Body   string `json:"body"`
				Author struct {
					ID   string `json:"id"`
					Type string `json:"type"`
				} `json:"author"`
			} `json:"source"`
		} `json:"conversations"`
	}
	if _, err := ic.api.call(ctx, http.MethodPost, "/conversations/search", nil, nil, q, &out); err != nil {
		return handoff.Receipt{}, false, fmt.Errorf("finding conversation for handoff %s: %w", h.ID, err)
	}
	for _, c := range out.Conversations {
		if strings.Contains(c.Source.Body, Reference(h)) {
			return ic.receipt(c.ID, icContact{ID: c.Source.Author.ID, Role: c.Source.Author.Type}), true, nil
		}
	}
	return handoff.Receipt{}, false, nil
}

// AddMessage posts the user's message as the contact's own reply; in
// in-helpdesk mode it does nothing, the message being in the conversation.
func (ic *Intercom) AddMessage(ctx context.Context, h handoff.Handoff, m handoff.Message) error {
	if ConversationOf(h) != "" {
		// In-helpdesk: the user wrote it in the conversation itself.
		ic.api.log.Debug().Str("handoff_id", h.ID).Int64("seq", m.Seq).Msg("intercom in-helpdesk handoff: message already in the conversation, not relayed")
		return nil
	}
	contactID := h.RemoteMeta["contact_id"]
	if h.RemoteID == "" || contactID == "" {
		return handoff.Permanent(fmt.Errorf("intercom: handoff %s has no conversation or contact id yet", h.ID))
	}
	in := map[string]string{"message_type": "comment", "type": "user", "intercom_user_id": contactID, "body": m.Text}
	if _, err := ic.api.call(ctx, http.MethodPost, "/conversations/"+url.PathEscape(h.RemoteID)+"/reply", nil, nil, in, nil); err != nil {
		return fmt.Errorf("adding message %d to conversation %s: %w", m.Seq, h.RemoteID, err)
	}
	return nil
}

// Close leaves an admin note with the reason and closes the conversation;
// in in-helpdesk mode it only leaves the note (the agent owns the chat).
func (ic *Intercom) Close(ctx context.Context, h handoff.Handoff, reason string) error {
	if h.RemoteID == "" {
		return handoff.Permanent(fmt.Errorf("intercom: handoff %s has no conversation id yet", h.ID))
	}
	if ConversationOf(h) != "" {
		return ic.closeInHelpdesk(ctx, h, h.RemoteID, reason)
	}
	admin, err := ic.admin(ctx)
	if err != nil {
		return fmt.Errorf("closing conversation %s: %w", h.RemoteID, err)
	}
	path := "/conversations/" + url.PathEscape(h.RemoteID)
	note := map[string]string{"message_type": "note", "type": "admin", "admin_id": admin, "body": closeText(h, reason)}
	if _, err := ic.api.call(ctx, http.MethodPost, path+"/reply", nil, nil, note, nil); err != nil {
		return fmt.Errorf("closing conversation %s: %w", h.RemoteID, err)
	}
	part := map[string]string{"message_type": "close", "type": "admin", "admin_id": admin}
	if _, err := ic.api.call(ctx, http.MethodPost, path+"/parts", nil, nil, part, nil); err != nil {
		return fmt.Errorf("closing conversation %s: %w", h.RemoteID, err)
	}
	return nil
}

// Check calls GET /me, which also learns the admin id when none is set.
func (ic *Intercom) Check(ctx context.Context) error {
	_, err := ic.me(ctx)
	return err
}

// TypeIntercom is the type name of Intercom (conversations).
const TypeIntercom = "intercom"

// Delivery guarantee: a search by the conversation attribute.
func init() {
	Register(Spec{
		Type: TypeIntercom, Section: "intercom",
		NewSection: func() any { return new(IntercomConfig) },
		Validate:   func(c *Config) error { return EditSection(c, (*IntercomConfig).validate) },
		New: func(c Config, o Options) handoff.Connector {
			return newIntercom(Section[IntercomConfig](c), c.Timeout, o)
		},
		Inbound: &Inbound{
			Secret: func(c Config) (handoff.Secret, string) {
				return Section[IntercomConfig](c).ClientSecret, "intercom.client_secret"
			},
			Source: func(p InboundParams) InboundSource {
				s := Section[IntercomConfig](p.Config)
				return &intercomEvents{secret: p.Secret, attribute: s.ConversationAttribute, botAdmin: s.BotAdminID, maxAge: p.MaxAge}
			},
		},
		Guarantees: Guarantees{RemoteLookup: true},
		InHelpdesk: true,
		Example:    func() Config { return ConfigFor(IntercomConfig{AccessToken: "token"}) },
	})
}
