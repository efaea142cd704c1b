package helpdesk

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// ChatwootConfig configures the Chatwoot connector (application API:
// contacts, conversations, messages).
type ChatwootConfig struct {
	// BaseURL is the installation, like https://app.chatwoot.com.
	BaseURL string `yaml:"base_url"`
	// AccountID is the numeric account id (in the dashboard URL).
	AccountID int64 `yaml:"account_id"`
	// InboxID is the API-channel inbox conversations open in; routes may
	// override it with inbox_id. It must be an API inbox: Chatwoot only
	// accepts incoming (customer) messages there.
	InboxID int64 `yaml:"inbox_id"`
	// APIAccessToken is an agent's or admin's access token (Profile
	// settings > Access token).
	APIAccessToken handoff.Secret `yaml:"api_access_token"`
	// WebhookSecret is the secret Chatwoot shows for the webhook that posts
	// to /hooks/chatwoot (Settings > Integrations > Webhooks); Chatwoot signs
	// each delivery with it (X-Chatwoot-Signature). Empty turns inbound
	// events off.
	WebhookSecret handoff.Secret `yaml:"webhook_secret"`
	Routing       `yaml:",inline"`
}

var chatwootPriorities = map[handoff.Priority]string{
	handoff.PriorityLow: "low", handoff.PriorityNormal: "none", handoff.PriorityHigh: "high", handoff.PriorityUrgent: "urgent",
}

func (c *ChatwootConfig) validate() error {
	var err error
	if c.BaseURL, err = requireURL("chatwoot.base_url", c.BaseURL, "https://app.chatwoot.com"); err != nil {
		return err
	}
	if c.AccountID <= 0 {
		return errors.New("chatwoot.account_id: set the numeric account id (the number after /app/accounts/ in the dashboard URL)")
	}
	if c.InboxID <= 0 {
		return errors.New("chatwoot.inbox_id: set the id of an API-channel inbox (Settings > Inboxes > your API inbox)")
	}
	if !c.APIAccessToken.IsSet() {
		return errors.New("chatwoot.api_access_token: set an access token, like ${CHATWOOT_API_ACCESS_TOKEN}")
	}
	return c.Routing.validate("chatwoot", []string{"inbox_id", "team_id", "assignee_id", "tags"}, []string{"none", "low", "medium", "high", "urgent"})
}

// Chatwoot opens a conversation per handoff in an API inbox, from the
// customer's contact (found by email, else created).
type Chatwoot struct {
	cfg     ChatwootConfig
	api     api
	account string // "/api/v1/accounts/<id>"
}

var (
	_ handoff.Connector = (*Chatwoot)(nil)
	_ Finder            = (*Chatwoot)(nil)
)

func newChatwoot(cfg ChatwootConfig, timeout time.Duration, o Options) *Chatwoot {
	return &Chatwoot{cfg: cfg, account: "/api/v1/accounts/" + strconv.FormatInt(cfg.AccountID, 10), api: api{
		name: TypeChatwoot, base: cfg.BaseURL, client: o.HTTPClient, timeout: timeout, now: o.Clock.Now, log: o.Logger,
		// Chatwoot documents the header in lower case with underscores; it is
		// set verbatim rather than canonicalized.
		auth: func(r *http.Request) { r.Header["api_access_token"] = []string{cfg.APIAccessToken.Value()} },
		hints: hints{
			auth:     "helpdesk.chatwoot.api_access_token",
			perm:     "the token's user is not an agent of this inbox or account: check helpdesk.chatwoot.account_id and the inbox members",
			notFound: "helpdesk.chatwoot.base_url, account_id and the inbox, team and agent ids in helpdesk.chatwoot",
		},
		secrets: []string{cfg.APIAccessToken.Value()},
	}}
}

// Name returns "chatwoot".
func (c *Chatwoot) Name() string { return TypeChatwoot }

type cwContact struct {
	ID    int64  `json:"id"`
	Email string `json:"email"`
}

// findContact searches the contact with exactly this email.
func (c *Chatwoot) findContact(ctx context.Context, email string) (cwContact, bool, error) {
	var out struct {
		Payload []cwContact `json:"payload"`
	}
	if _, err := c.api.call(ctx, http.MethodGet, c.account+"/contacts/search", url.Values{"q": {email}}, nil, nil, &out); err != nil {
		return cwContact{}, false, err
	}
	for _, ct := range out.Payload {
		if strings.EqualFold(ct.Email, email) {
			return ct, true, nil
		}
	}
	return cwContact{}, false, nil
}

// contactInbox returns the contact id and a source id of the contact in
// inbox, creating the contact when none has this email.
func (c *Chatwoot) contactInbox(ctx context.Context, h handoff.Handoff, inbox int64) (int64, string, error) {
	ct, ok, err := c.findContact(ctx, h.Contact.Email)
	if err != nil {
		return 0, "", err
	}
	if !ok {
		in := map[string]any{"inbox_id": inbox, "name": displayName(h.Contact), "email": h.Contact.Email}
		if strings.HasPrefix(h.Contact.Phone, "+") {
			in["phone_number"] = h.Contact.Phone
		}
		var out struct {
			Payload struct {
				Contact      cwContact `json:"contact"`
				ContactInbox struct {
					SourceID string `json:"source_id"`
				} `json:"contact_inbox"`
			} `json:"payload"`
		}
		if _, err := c.api.call(ctx, http.MethodPost, c.account+"/contacts", nil, nil, in, &out); err != nil {
			return 0, "", err
		}
		if out.Payload.ContactInbox.SourceID != "" {
			return out.Payload.Contact.ID, out.Payload.ContactInbox.SourceID, nil
		}
		ct = out.Payload.Contact
	}
	var ci struct {
		SourceID string `json:"source_id"`
	}
	path := c.account + "/contacts/" + strconv.FormatInt(ct.ID, 10) + "/contact_inboxes"
	if _, err := c.api.call(ctx, http.MethodPost, path, nil, nil, map[string]int64{"inbox_id": inbox}, &ci); err != nil {
		return 0, "", err
	}
	return ct.ID, ci.SourceID, nil
}

func (c *Chatwoot) receipt(id, contactID, inbox int64, sourceID string) handoff.Receipt {
	sid := strconv.FormatInt(id, 10)
	return handoff.Receipt{
		RemoteID: sid,
		URL:      c.cfg.BaseURL + "/app/accounts/" + strconv.FormatInt(c.cfg.AccountID, 10) + "/conversations/" + sid,
		Meta: map[string]string{
			"account_id": strconv.FormatInt(c.cfg.AccountID, 10), "inbox_id": strconv.FormatInt(inbox, 10),
			"contact_id": strconv.FormatInt(contactID, 10), "source_id": sourceID,
		},
	}
}

// Open creates an open conversation in the routed inbox with our handoff id
// in custom_attributes.handoff_id and the handoff as the customer's first
// (incoming) message, in one request; labels and priority follow as best
// effort.
func (c *Chatwoot) Open(ctx context.Context, h handoff.Handoff) (handoff.Receipt, error) {
	if h.Contact.Email == "" {
		return handoff.Receipt{}, handoff.Permanent(fmt.Errorf("chatwoot: handoff %s has no customer email to find the contact by", h.ID))
	}
	t := c.cfg.Routing.target(h)
	inbox := c.cfg.InboxID
	if t.InboxID != 0 {
		inbox = t.InboxID
	}
	contactID, sourceID, err := c.contactInbox(ctx, h, inbox)
	if err != nil {
		return handoff.Receipt{}, fmt.Errorf("finding contact for handoff %s: %w", h.ID, err)
	}
	in := map[string]any{
		"source_id": sourceID, "inbox_id": inbox, "contact_id": contactID, "status": "open",
		"custom_attributes":     map[string]string{"handoff_id": h.ID},
		"additional_attributes": map[string]any{"handoff_reference": Reference(h), "handoff_triggers": h.Triggers},
		"message":               map[string]string{"content": Text(h), "message_type": "incoming"},
	}
	if t.TeamID != 0 {
		in["team_id"] = t.TeamID
	}
	if t.AssigneeID != 0 {
		in["assignee_id"] = t.AssigneeID
	}
	var conv struct {
		ID int64 `json:"id"`
	}
	if _, err := c.api.call(ctx, http.MethodPost, c.account+"/conversations", nil, nil, in, &conv); err != nil {
		return handoff.Receipt{}, fmt.Errorf("opening conversation for handoff %s: %w", h.ID, err)
	}
	if conv.ID == 0 {
		return handoff.Receipt{}, handoff.Transient(fmt.Errorf("chatwoot: conversation create for handoff %s answered without an id", h.ID), 0)
	}
	r := c.receipt(conv.ID, contactID, inbox, sourceID)
	path := c.account + "/conversations/" + r.RemoteID
	warn := func(step string, err error) {
		c.api.log.Warn().Str("handoff_id", h.ID).Str("remote_id", r.RemoteID).Str("step", step).Str("error", err.Error()).Msg("chatwoot conversation created, follow-up step failed")
	}
	if labels := c.cfg.Routing.tags(h, t, true); len(labels) > 0 {
		if _, err := c.api.call(ctx, http.MethodPost, path+"/labels", nil, nil, map[string][]string{"labels": labels}, nil); err != nil {
			warn("labels", err)
		}
	}
	if p := c.cfg.Routing.priority(h.Priority, chatwootPriorities); p != "" && p != "none" {
		if _, err := c.api.call(ctx, http.MethodPost, path+"/toggle_priority", nil, nil, map[string]string{"priority": p}, nil); err != nil {
			warn("priority", err)
		}
	}
	c.api.log.Info().Str("handoff_id", h.ID).Str("remote_id", r.RemoteID).Str("email", maskEmail(h.Contact.Email)).Msg("chatwoot conversation opened")
	return r, nil
}

// Find lists the contact's conversations and returns the one whose
// custom_attributes.handoff_id is the handoff's id.
func (c *Chatwoot) Find(ctx context.Context, h handoff.Handoff) (handoff.Receipt, bool, error) {
	if h.Contact.Email == "" {
		return handoff.Receipt{}, false, nil
	}
	ct, ok, err := c.findContact(ctx, h.Contact.Email)
	if err != nil || !ok {
		return handoff.Receipt{}, false, err
	}
	var out struct {
		Payload []struct {
			ID               int64          `json:"id"`
			InboxID          int64          `json:"inbox_id"`
			CustomAttributes map[string]any `json:"custom_attributes"`
		} `json:"payload"`
	}
	if _, err := c.api.call(ctx, http.MethodGet, c.account+"/contacts/"+strconv.FormatInt(ct.ID, 10)+"/conversations", nil, nil, nil, &out); err != nil {
		return handoff.Receipt{}, false, fmt.Errorf("finding conversation for handoff %s: %w", h.ID, err)
	}
	for _, conv := range out.Payload {
		if v, _ := conv.CustomAttributes["handoff_id"].(string); v == h.ID {
			return c.receipt(conv.ID, ct.ID, conv.InboxID, ""), true, nil
		}
	}
	return handoff.Receipt{}, false, nil
}

func (c *Chatwoot) message(ctx context.Context, h handoff.Handoff, body map[string]any) error {
	if h.RemoteID == "" {
		return handoff.Permanent(fmt.Errorf("chatwoot: handoff %s has no conversation id yet", h.ID))
	}
	_, err := c.api.call(ctx, http.MethodPost, c.account+"/conversations/"+url.PathEscape(h.RemoteID)+"/messages", nil, nil, body, nil)
	return err
}

// AddMessage posts the user's message as an incoming (customer) message.
func (c *Chatwoot) AddMessage(ctx context.Context, h handoff.Handoff, m handoff.Message) error {
	if err := c.message(ctx, h, map[string]any{"content": m.Text, "message_type": "incoming", "private": false}); err != nil {
		return fmt.Errorf("adding message %d to conversation %s: %w", m.Seq, h.RemoteID, err)
	}
	return nil
}

// Close leaves a private note with the reason and resolves the conversation.
func (c *Chatwoot) Close(ctx context.Context, h handoff.Handoff, reason string) error {
	if err := c.message(ctx, h, map[string]any{"content": closeText(h, reason), "message_type": "outgoing", "private": true}); err != nil {
		return fmt.Errorf("closing conversation %s: %w", h.RemoteID, err)
	}
	path := c.account + "/conversations/" + url.PathEscape(h.RemoteID) + "/toggle_status"
	if _, err := c.api.call(ctx, http.MethodPost, path, nil, nil, map[string]string{"status": "resolved"}, nil); err != nil {
		return fmt.Errorf("closing conversation %s: %w", h.RemoteID, err)
	}
	return nil
}

// Check fetches the configured inbox, which proves the token, the account
// and the inbox at once.
func (c *Chatwoot) Check(ctx context.Context) error {
	_, err := c.api.call(ctx, http.MethodGet, c.account+"/inboxes/"+strconv.FormatInt(c.cfg.InboxID, 10), nil, nil, nil, nil)
	return err
}

// TypeChatwoot is the type name of Chatwoot (API-channel inbox).
const TypeChatwoot = "chatwoot"

// Delivery guarantee: a search for the conversation by its handoff attribute.
func init() {
	Register(Spec{
		Type: TypeChatwoot, Section: "chatwoot",
		NewSection: func() any { return new(ChatwootConfig) },
		Validate:   func(c *Config) error { return EditSection(c, (*ChatwootConfig).validate) },
		New: func(c Config, o Options) handoff.Connector {
			return newChatwoot(Section[ChatwootConfig](c), c.Timeout, o)
		},
		Inbound: &Inbound{
			Secret: func(c Config) (handoff.Secret, string) {
				return Section[ChatwootConfig](c).WebhookSecret, "chatwoot.webhook_secret"
			},
			Source: func(p InboundParams) InboundSource { return &chatwootEvents{secret: p.Secret, tolerance: p.Tolerance} },
		},
		Guarantees: Guarantees{RemoteLookup: true},
		Example: func() Config {
			return ConfigFor(ChatwootConfig{BaseURL: "https://app.chatwoot.com", AccountID: 1, InboxID: 2, APIAccessToken: "token"})
		},
	})
}
