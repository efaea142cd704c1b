package helpdesk

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// FreshdeskConfig configures the Freshdesk connector (API v2, tickets and
// notes).
type FreshdeskConfig struct {
	// Domain is the account: "acme" for https://acme.freshdesk.com.
	Domain string `yaml:"domain"`
	// BaseURL overrides the URL derived from Domain.
	BaseURL string `yaml:"base_url"`
	// APIKey is the agent's API key (Profile settings > View API key).
	APIKey handoff.Secret `yaml:"api_key"`
	// Source is the ticket source: 7 (Chat, the default), 1 Email, 2
	// Portal, 3 Phone, 9 Feedback widget.
	Source int `yaml:"source"`
	// CloseStatus is what Close sets: resolved (default), closed, or none.
	CloseStatus string `yaml:"close_status"`
	// WebhookToken is a random token of at least 16 characters that the
	// automation rules' "Trigger webhook" action sends in the WebhookHeader
	// header (Freshdesk does not sign webhooks). Empty turns inbound events
	// off.
	WebhookToken handoff.Secret `yaml:"webhook_token"`
	// WebhookHeader is the custom header carrying WebhookToken (default
	// X-Handoff-Token).
	WebhookHeader string `yaml:"webhook_header"`
	Routing       `yaml:",inline"`
}

// freshdeskPriority names Freshdesk's priority numbers.
var freshdeskPriority = map[string]int{"low": 1, "medium": 2, "high": 3, "urgent": 4}

var freshdeskPriorities = map[handoff.Priority]string{
	handoff.PriorityLow: "low", handoff.PriorityNormal: "medium", handoff.PriorityHigh: "high", handoff.PriorityUrgent: "urgent",
}

func (c *FreshdeskConfig) validate() error {
	if c.BaseURL == "" {
		c.Domain = strings.TrimSuffix(strings.TrimSpace(c.Domain), ".freshdesk.com")
		if c.Domain == "" || strings.ContainsAny(c.Domain, "./:") {
			return errors.New("freshdesk.domain: set the account name, like acme for https://acme.freshdesk.com (or set freshdesk.base_url)")
		}
		c.BaseURL = "https://" + c.Domain + ".freshdesk.com"
	}
	var err error
	if c.BaseURL, err = requireURL("freshdesk.base_url", c.BaseURL, "https://acme.freshdesk.com"); err != nil {
		return err
	}
	if !c.APIKey.IsSet() {
		return errors.New("freshdesk.api_key: set the API key, like ${FRESHDESK_API_KEY}")
	}
	if c.Source == 0 {
		c.Source = 7
	}
	switch c.Source {
	case 1, 2, 3, 7, 9, 10:
	default:
		return fmt.Errorf("freshdesk.source: unknown source %d; use 7 (chat), 1 (email), 2 (portal), 3 (phone) or 9 (feedback widget)", c.Source)
	}
	if err := oneOf("freshdesk.close_status", &c.CloseStatus, "resolved", "resolved", "closed", "none"); err != nil {
		return err
	}
	return c.Routing.validate("freshdesk", []string{"group_id", "assignee_id", "tags"}, []string{"low", "medium", "high", "urgent"})
}

// Freshdesk opens a ticket per handoff through the Freshdesk API v2.
type Freshdesk struct {
	cfg FreshdeskConfig
	api api
}

var (
	_ handoff.Connector = (*Freshdesk)(nil)
	_ Finder            = (*Freshdesk)(nil)
	_ handoff.Rater     = (*Freshdesk)(nil)
)

func newFreshdesk(cfg FreshdeskConfig, timeout time.Duration, o Options) *Freshdesk {
	cred := "Basic " + base64.StdEncoding.EncodeToString([]byte(cfg.APIKey.Value()+":X"))
	return &Freshdesk{cfg: cfg, api: api{
		name: TypeFreshdesk, base: cfg.BaseURL, client: o.HTTPClient, timeout: timeout, now: o.Clock.Now, log: o.Logger,
		auth: func(r *http.Request) { r.Header.Set("Authorization", cred) },
		hints: hints{
			auth:     "helpdesk.freshdesk.api_key",
			perm:     "the agent owning helpdesk.freshdesk.api_key lacks the permission; check its role",
			notFound: "helpdesk.freshdesk.domain (or base_url) and the group/responder ids in helpdesk.freshdesk",
		},
		secrets: []string{cfg.APIKey.Value(), cred},
	}}
}

// Name returns "freshdesk".
func (f *Freshdesk) Name() string { return TypeFreshdesk }

type fdTicketIn struct {
	Name        string   `json:"name,omitempty"`
	Email       string   `json:"email"`
	Phone       string   `json:"phone,omitempty"`
	Subject     string   `json:"subject"`
	Description string   `json:"description"`
	Status      int      `json:"status"`
	Priority    int      `json:"priority"`
	Source      int      `json:"source"`
	GroupID     int64    `json:"group_id,omitempty"`
	ResponderID int64    `json:"responder_id,omitempty"`
	Tags        []string `json:"tags,omitempty"`
}

type fdTicket struct {
	ID          int64  `json:"id"`
	RequesterID int64  `json:"requester_id"`
	Subject     string `json:"subject"`
}

func (f *Freshdesk) receipt(t fdTicket) handoff.Receipt {
	id := strconv.FormatInt(t.ID, 10)
	return handoff.Receipt{
		RemoteID: id,
		URL:      f.cfg.BaseURL + "/a/tickets/" + id,
		Meta:     map[string]string{"requester_id": strconv.FormatInt(t.RequesterID, 10)},
	}
}

// Open creates an open ticket with the customer's email as requester and
// the transcript as the HTML description. Freshdesk takes no idempotency
// key: the subject carries the reference "[handoff:<id>]" and Find looks
// for it among the requester's tickets.
func (f *Freshdesk) Open(ctx context.Context, h handoff.Handoff) (handoff.Receipt, error) {
	if h.Contact.Email == "" {
		return handoff.Receipt{}, handoff.Permanent(fmt.Errorf("freshdesk: handoff %s has no customer email to use as requester", h.ID))
	}
	t := f.cfg.Routing.target(h)
	in := fdTicketIn{
		Name: displayName(h.Contact), Email: h.Contact.Email, Phone: h.Contact.Phone,
		Subject: Subject(h), Description: HTML(h), Status: 2,
		Priority: freshdeskPriority[f.cfg.Routing.priority(h.Priority, freshdeskPriorities)],
		Source:   f.cfg.Source, GroupID: t.GroupID, ResponderID: t.AssigneeID,
		Tags: f.cfg.Routing.tags(h, t, true),
	}
	var out fdTicket
	if _, err := f.api.call(ctx, http.MethodPost, "/api/v2/tickets", nil, nil, in, &out); err != nil {
		return handoff.Receipt{}, fmt.Errorf("opening ticket for handoff %s: %w", h.ID, err)
	}
	if out.ID == 0 {
		return handoff.Receipt{}, handoff.Transient(fmt.Errorf("freshdesk: ticket create for handoff %s answered without a ticket id", h.ID), 0)
	}
	r := f.receipt(out)
	f.api.log.Info().Str("handoff_id", h.ID).Str("remote_id", r.RemoteID).Str("email", maskEmail(h.Contact.Email)).Msg("freshdesk ticket opened")
	return r, nil
}

// Find lists the requester's recent tickets (the last 30 days, newest
// first) and returns the one whose subject carries the handoff's reference.
func (f *Freshdesk) Find(ctx context.Context, h handoff.Handoff) (handoff.Receipt, bool, error) {
	if h.Contact.Email == "" {
		return handoff.Receipt{}, false, nil
	}
	q := url.Values{"email": {h.Contact.Email}, "order_by": {"created_at"}, "order_type": {"desc"}, "per_page": {"100"}}
	var out []fdTicket
	if _, err := f.api.call(ctx, http.MethodGet, "/api/v2/tickets", q, nil, nil, &out); err != nil {
		if statusOf(err) == http.StatusNotFound {
			return handoff.Receipt{}, false, nil // Freshdesk answers 404 when the requester does not exist yet
		}
		return handoff.Receipt{}, false, fmt.Errorf("finding ticket for handoff %s: %w", h.ID, err)
	}
	ref := "[" + Reference(h) + "]"
	for _, t := range out {
		if strings.Contains(t.Subject, ref) {
			return f.receipt(t), true, nil
		}
	}
	return handoff.Receipt{}, false, nil
}

// note adds a private note to the ticket.
func (f *Freshdesk) note(ctx context.Context, h handoff.Handoff, text string) error {
	if h.RemoteID == "" {
		return handoff.Permanent(fmt.Errorf("freshdesk: handoff %s has no ticket id yet", h.ID))
	}
	body := map[string]any{"body": strings.ReplaceAll(html.EscapeString(text), "\n", "<br>"), "private": true}
	_, err := f.api.call(ctx, http.MethodPost, "/api/v2/tickets/"+url.PathEscape(h.RemoteID)+"/notes", nil, nil, body, nil)
	return err
}

// AddMessage adds the user's message to the ticket as a private note.
func (f *Freshdesk) AddMessage(ctx context.Context, h handoff.Handoff, m handoff.Message) error {
	if err := f.note(ctx, h, messageText(h, m)); err != nil {
		return fmt.Errorf("adding message %d to ticket %s: %w", m.Seq, h.RemoteID, err)
	}
	return nil
}

// Close notes the reason and sets the ticket resolved (4) or closed (5).
func (f *Freshdesk) Close(ctx context.Context, h handoff.Handoff, reason string) error {
	if err := f.note(ctx, h, closeText(h, reason)); err != nil {
		return fmt.Errorf("closing ticket %s: %w", h.RemoteID, err)
	}
	status := map[string]int{"resolved": 4, "closed": 5}[f.cfg.CloseStatus]
	if status == 0 {
		return nil
	}
	if _, err := f.api.call(ctx, http.MethodPut, "/api/v2/tickets/"+url.PathEscape(h.RemoteID), nil, nil, map[string]int{"status": status}, nil); err != nil {
		return fmt.Errorf("closing ticket %s: %w", h.RemoteID, err)
	}
	return nil
}

// freshdeskRatings maps our 1..5 onto the values Freshdesk documents for a
// 5-point satisfaction scale: -103 very unhappy, -102 unhappy, 100
// neutral, 102 happy, 103 very happy.
var freshdeskRatings = [6]int{1: -103, 2: -102, 3: 100, 4: 102, 5: 103}

type fdRatingIn struct {
	Ratings  map[string]int `json:"ratings"`
	Feedback string         `json:"feedback,omitempty"`
}

// Rate creates the ticket's satisfaction rating (POST
// /api/v2/tickets/{id}/satisfaction_ratings) for the default question of
// the account's survey, with the comment as feedback. Freshdesk accepts
// it only when a customer satisfaction survey is active.
func (f *Freshdesk) Rate(ctx context.Context, h handoff.Handoff, r handoff.Rating) error {
	if h.RemoteID == "" {
		return handoff.Permanent(fmt.Errorf("freshdesk: handoff %s has no ticket id yet", h.ID))
	}
	if r.Rating < 1 || r.Rating > 5 {
		return handoff.Permanent(fmt.Errorf("freshdesk: rating %d of handoff %s is not from 1 to 5", r.Rating, h.ID))
	}
	in := fdRatingIn{Ratings: map[string]int{"default_question": freshdeskRatings[r.Rating]}, Feedback: r.Comment}
	path := "/api/v2/tickets/" + url.PathEscape(h.RemoteID) + "/satisfaction_ratings"
	if _, err := f.api.call(ctx, http.MethodPost, path, nil, nil, in, nil); err != nil {
		if s := statusOf(err); s == http.StatusBadRequest || s == http.StatusUnprocessableEntity {
			err = fmt.Errorf("%w (Freshdesk takes ratings only while a customer satisfaction survey is active: Admin > Customer Satisfaction)", err)
		}
		return fmt.Errorf("rating ticket %s: %w", h.RemoteID, err)
	}
	f.api.log.Info().Str("handoff_id", h.ID).Str("remote_id", h.RemoteID).Int("rating", r.Rating).Msg("freshdesk satisfaction rating created")
	return nil
}

// Check calls GET /api/v2/agents/me.
func (f *Freshdesk) Check(ctx context.Context) error {
	_, err := f.api.call(ctx, http.MethodGet, "/api/v2/agents/me", nil, nil, nil, nil)
	return err
}

// TypeFreshdesk is the type name of Freshdesk (tickets).
const TypeFreshdesk = "freshdesk"

// DefaultFreshdeskWebhookHeader carries FreshdeskConfig.WebhookToken.
const DefaultFreshdeskWebhookHeader = "X-Handoff-Token"

// Delivery guarantee: a search for the ticket by its reference.
func init() {
	Register(Spec{
		Type: TypeFreshdesk, Section: "freshdesk",
		NewSection: func() any { return new(FreshdeskConfig) },
		Validate:   func(c *Config) error { return EditSection(c, (*FreshdeskConfig).validate) },
		New: func(c Config, o Options) handoff.Connector {
			return newFreshdesk(Section[FreshdeskConfig](c), c.Timeout, o)
		},
		Inbound: &Inbound{
			Secret: func(c Config) (handoff.Secret, string) {
				return Section[FreshdeskConfig](c).WebhookToken, "freshdesk.webhook_token"
			},
			Validate: func(c *Config) error { return EditSection(c, (*FreshdeskConfig).validateInbound) },
			Source: func(p InboundParams) InboundSource {
				return &freshdeskEvents{token: p.Secret, header: Section[FreshdeskConfig](p.Config).WebhookHeader}
			},
		},
		Guarantees: Guarantees{RemoteLookup: true},
		Ratings:    true,
		Example: func() Config {
			return ConfigFor(FreshdeskConfig{Domain: "acme", APIKey: "key"})
		},
	})
}

// validateInbound checks the token the bot builder chose and its header.
func (c *FreshdeskConfig) validateInbound() error {
	if c.WebhookHeader == "" {
		c.WebhookHeader = DefaultFreshdeskWebhookHeader
	}
	if !headerNameRE().MatchString(c.WebhookHeader) {
		return fmt.Errorf("freshdesk.webhook_header: %q is not a header name; use letters, digits and dashes, like %s", c.WebhookHeader, DefaultFreshdeskWebhookHeader)
	}
	return chosenToken("freshdesk.webhook_token", c.WebhookToken)
}
