package helpdesk

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// ZendeskConfig configures the Zendesk connector (Support API, tickets).
type ZendeskConfig struct {
	// Subdomain is the account: "acme" for https://acme.zendesk.com.
	Subdomain string `yaml:"subdomain"`
	// BaseURL overrides the URL derived from Subdomain (a proxy, a test).
	BaseURL string `yaml:"base_url"`
	// Email is the agent the API token belongs to; APIToken is the token
	// (Admin Center > Apps and integrations > Zendesk API).
	Email    string         `yaml:"email"`
	APIToken handoff.Secret `yaml:"api_token"`
	// Format of the first comment: html (default) or text.
	Format string `yaml:"format"`
	// PublicComment makes the transcript a public comment the requester
	// sees (and is notified of); by default it is an internal note.
	PublicComment bool `yaml:"public_comment"`
	// CloseStatus is the status Close sets: solved (default), pending, hold,
	// open, or none to only add a note.
	CloseStatus string `yaml:"close_status"`
	// WebhookSecret is the signing secret of the Zendesk webhook that sends
	// ticket events to /hooks/zendesk (Admin Center > Apps and integrations >
	// Webhooks > the webhook > Reveal secret). Empty turns inbound events off.
	WebhookSecret handoff.Secret `yaml:"webhook_secret"`
	Routing       `yaml:",inline"`
}

var zendeskPriorities = map[handoff.Priority]string{
	handoff.PriorityLow: "low", handoff.PriorityNormal: "normal", handoff.PriorityHigh: "high", handoff.PriorityUrgent: "urgent",
}

func (c *ZendeskConfig) validate() error {
	if c.BaseURL == "" {
		c.Subdomain = strings.TrimSpace(c.Subdomain)
		if c.Subdomain == "" || strings.ContainsAny(c.Subdomain, "./:") {
			return errors.New("zendesk.subdomain: set the account name, like acme for https://acme.zendesk.com (or set zendesk.base_url)")
		}
		c.BaseURL = "https://" + c.Subdomain + ".zendesk.com"
	}
	var err error
	if c.BaseURL, err = requireURL("zendesk.base_url", c.BaseURL, "https://acme.zendesk.com"); err != nil {
		return err
	}
	if !strings.Contains(c.Email, "@") {
		return errors.New("zendesk.email: set the email of the agent who owns the API token")
	}
	if !c.APIToken.IsSet() {
		return errors.New("zendesk.api_token: set the API token, like ${ZENDESK_API_TOKEN}")
	}
	if err := oneOf("zendesk.format", &c.Format, "html", "html", "text"); err != nil {
		return err
	}
	if err := oneOf("zendesk.close_status", &c.CloseStatus, "solved", "solved", "pending", "hold", "open", "none"); err != nil {
		return err
	}
	return c.Routing.validate("zendesk", []string{"group_id", "assignee_id", "tags"}, []string{"low", "normal", "high", "urgent"})
}

// Zendesk opens a ticket per handoff through the Zendesk Support API.
type Zendesk struct {
	cfg ZendeskConfig
	api api
}

var (
	_ handoff.Connector = (*Zendesk)(nil)
	_ Finder            = (*Zendesk)(nil)
)

func newZendesk(cfg ZendeskConfig, timeout time.Duration, o Options) *Zendesk {
	cred := "Basic " + base64.StdEncoding.EncodeToString([]byte(cfg.Email+"/token:"+cfg.APIToken.Value()))
	return &Zendesk{cfg: cfg, api: api{
		name: TypeZendesk, base: cfg.BaseURL, client: o.HTTPClient, timeout: timeout, now: o.Clock.Now, log: o.Logger,
		auth: func(r *http.Request) { r.Header.Set("Authorization", cred) },
		hints: hints{
			auth:     "helpdesk.zendesk.email and api_token",
			perm:     "the agent behind helpdesk.zendesk.email may not do this; give it an agent or admin role",
			notFound: "helpdesk.zendesk.subdomain (or base_url) and the group/assignee ids in helpdesk.zendesk",
		},
		secrets: []string{cfg.APIToken.Value(), cred},
	}}
}

// Name returns "zendesk".
func (z *Zendesk) Name() string { return TypeZendesk }

type zdComment struct {
	Body     string `json:"body,omitempty"`
	HTMLBody string `json:"html_body,omitempty"`
	Public   bool   `json:"public"`
}

type zdRequester struct {
	Name  string `json:"name"`
	Email string `json:"email"`
}

type zdTicketIn struct {
	Subject    string       `json:"subject,omitempty"`
	Comment    *zdComment   `json:"comment,omitempty"`
	Requester  *zdRequester `json:"requester,omitempty"`
	Tags       []string     `json:"tags,omitempty"`
	Priority   string       `json:"priority,omitempty"`
	GroupID    int64        `json:"group_id,omitempty"`
	AssigneeID int64        `json:"assignee_id,omitempty"`
	ExternalID string       `json:"external_id,omitempty"`
	Status     string       `json:"status,omitempty"`
}

type zdTicket struct {
	ID          int64  `json:"id"`
	RequesterID int64  `json:"requester_id"`
	ExternalID  string `json:"external_id"`
	Status      string `json:"status"`
}

// displayName is the customer's name, or the local part of their email.
func displayName(c handoff.Contact) string {
	if n := strings.TrimSpace(c.Name); n != "" {
		return n
	}
	if at := strings.IndexByte(c.Email, '@'); at > 0 {
		return c.Email[:at]
	}
	return "Customer"
}

func (z *Zendesk) receipt(t zdTicket) handoff.Receipt {
	id := strconv.FormatInt(t.ID, 10)
	return handoff.Receipt{
		RemoteID: id,
		URL:      z.cfg.BaseURL + "/agent/tickets/" + id,
		Meta:     map[string]string{"requester_id": strconv.FormatInt(t.RequesterID, 10)},
	}
}

// Open creates the ticket with the customer as requester, our handoff id as
// external_id and an Idempotency-Key derived from the handoff id, so a retry
// within Zendesk's idempotency window returns the same ticket.
func (z *Zendesk) Open(ctx context.Context, h handoff.Handoff) (handoff.Receipt, error) {
	if h.Contact.Email == "" {
		return handoff.Receipt{}, handoff.Permanent(fmt.Errorf("zendesk: handoff %s has no customer email to use as requester", h.ID))
	}
	t := z.cfg.Routing.target(h)
	in := zdTicketIn{
		Subject:    Subject(h),
		Comment:    &zdComment{Public: z.cfg.PublicComment},
		Requester:  &zdRequester{Name: displayName(h.Contact), Email: h.Contact.Email},
		Tags:       z.cfg.Routing.tags(h, t, true),
		Priority:   z.cfg.Routing.priority(h.Priority, zendeskPriorities),
		GroupID:    t.GroupID,
		AssigneeID: t.AssigneeID,
		ExternalID: h.ID,
	}
	if z.cfg.Format == "html" {
		in.Comment.HTMLBody = HTML(h)
	} else {
		in.Comment.Body = Text(h)
	}
	hdr := http.Header{HeaderIdempotencyKey: {IdempotencyKey(h, EventCreated, 0)}}
	var out struct {
		Ticket zdTicket `json:"ticket"`
	}
	resp, err := z.api.call(ctx, http.MethodPost, "/api/v2/tickets.json", nil, hdr, map[string]any{"ticket": in}, &out)
	if err != nil {
		return handoff.Receipt{}, fmt.Errorf("opening ticket for handoff %s: %w", h.ID, err)
	}
	if out.Ticket.ID == 0 {
		return handoff.Receipt{}, handoff.Transient(fmt.Errorf("zendesk: ticket create for handoff %s answered without a ticket id", h.ID), 0)
	}
	r := z.receipt(out.Ticket)
	z.api.log.Info().Str("handoff_id", h.ID).Str("remote_id", r.RemoteID).Str("email", maskEmail(h.Contact.Email)).
		Str("idempotency_lookup", resp.Get("X-Idempotency-Lookup")).Msg("zendesk ticket opened")
	return r, nil
}

// Find looks the ticket up by external_id.
func (z *Zendesk) Find(ctx context.Context, h handoff.Handoff) (handoff.Receipt, bool, error) {
	var out struct {
		Tickets []zdTicket `json:"tickets"`
	}
	q := url.Values{"external_id": {h.ID}}
	if _, err := z.api.call(ctx, http.MethodGet, "/api/v2/tickets.json", q, nil, nil, &out); err != nil {
		return handoff.Receipt{}, false, fmt.Errorf("finding ticket for handoff %s: %w", h.ID, err)
	}
	for _, t := range out.Tickets {
		if t.ExternalID == h.ID {
			return z.receipt(t), true, nil
		}
	}
	return handoff.Receipt{}, false, nil
}

func (z *Zendesk) update(ctx context.Context, h handoff.Handoff, in zdTicketIn) error {
	if h.RemoteID == "" {
		return handoff.Permanent(fmt.Errorf("zendesk: handoff %s has no ticket id yet", h.ID))
	}
	_, err := z.api.call(ctx, http.MethodPut, "/api/v2/tickets/"+url.PathEscape(h.RemoteID)+".json", nil, nil, map[string]any{"ticket": in}, nil)
	return err
}

// AddMessage adds the user's message to the ticket as an internal note.
func (z *Zendesk) AddMessage(ctx context.Context, h handoff.Handoff, m handoff.Message) error {
	if err := z.update(ctx, h, zdTicketIn{Comment: &zdComment{Body: messageText(h, m), Public: false}}); err != nil {
		return fmt.Errorf("adding message %d to ticket %s: %w", m.Seq, h.RemoteID, err)
	}
	return nil
}

// Close notes the reason on the ticket and sets close_status.
func (z *Zendesk) Close(ctx context.Context, h handoff.Handoff, reason string) error {
	in := zdTicketIn{Comment: &zdComment{Body: closeText(h, reason), Public: false}}
	if z.cfg.CloseStatus != "none" {
		in.Status = z.cfg.CloseStatus
	}
	if err := z.update(ctx, h, in); err != nil {
		return fmt.Errorf("closing ticket %s: %w", h.RemoteID, err)
	}
	return nil
}

// Check calls GET /api/v2/users/me.json. Zendesk answers 200 with the
// anonymous user when credentials are wrong, so an end-user or id-less
// answer counts as a credentials failure.
func (z *Zendesk) Check(ctx context.Context) error {
	var out struct {
		User struct {
			ID   *int64 `json:"id"`
			Role string `json:"role"`
		} `json:"user"`
	}
	if _, err := z.api.call(ctx, http.MethodGet, "/api/v2/users/me.json", nil, nil, nil, &out); err != nil {
		return err
	}
	if out.User.ID == nil || out.User.Role == "end-user" || out.User.Role == "" {
		return handoff.Permanent(errors.New("zendesk: the credentials authenticate no agent (Zendesk answered with an anonymous or end user): check helpdesk.zendesk.email and api_token"))
	}
	return nil
}

// TypeZendesk is the type name of the Zendesk Support API (tickets).
const TypeZendesk = "zendesk"

// Delivery guarantee: Idempotency-Key on ticket creation, and a search by external id.
func init() {
	Register(Spec{
		Type: TypeZendesk, Section: "zendesk",
		NewSection: func() any { return new(ZendeskConfig) },
		Validate:   func(c *Config) error { return EditSection(c, (*ZendeskConfig).validate) },
		New: func(c Config, o Options) handoff.Connector {
			return newZendesk(Section[ZendeskConfig](c), c.Timeout, o)
		},
		Inbound: &Inbound{
			Secret: func(c Config) (handoff.Secret, string) {
				return Section[ZendeskConfig](c).WebhookSecret, "zendesk.webhook_secret"
			},
			Source: func(p InboundParams) InboundSource { return &zendeskEvents{secret: p.Secret, tolerance: p.Tolerance} },
		},
		Guarantees: Guarantees{IdempotentOpen: true, RemoteLookup: true},
		Example: func() Config {
			return ConfigFor(ZendeskConfig{Subdomain: "acme", Email: "bot@acme.example", APIToken: "token"})
		},
	})
}
