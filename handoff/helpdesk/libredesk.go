package helpdesk

import (
	"context"
	"errors"
	"fmt"
	"html"
	"maps"
	"net/http"
	"net/url"
	"slices"
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

var (
	_ handoff.Connector = (*Libredesk)(nil)
	_ Finder            = (*Libredesk)(nil)
	_ SetupChecker      = (*Libredesk)(nil)
)

func newLibredesk(cfg LibredeskConfig, timeout time.Duration, o Options) *Libredesk {
	cred := "token " + cfg.APIKey + ":" + cfg.APISecret.Value()
	return &Libredesk{cfg: cfg, api: api{
		name: TypeLibredesk, base: cfg.BaseURL, client: o.HTTPClient, timeout: timeout, now: o.Clock.Now, log: o.Logger,
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
// defined in Libredesk: CheckSetup says when it is not) and the reference in
// a subject written for the customer (an email inbox mails the agent's
// replies under it); tags and priority follow as best effort. Libredesk takes
// no idempotency key: Find looks the conversation up before a retry.
func (l *Libredesk) Open(ctx context.Context, h handoff.Handoff) (handoff.Receipt, error) {
	if h.Contact.Email == "" {
		return handoff.Receipt{}, handoff.Permanent(fmt.Errorf("libredesk: handoff %s has no customer email for the contact", h.ID))
	}
	t := l.cfg.Routing.target(h)
	first, last := splitName(h.Contact)
	in := map[string]any{
		"inbox_id": l.cfg.InboxID, "contact_email": h.Contact.Email, "first_name": first, "last_name": last,
		"subject": libredeskSubject(h), "content": HTML(h), "initiator": "contact",
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

// libredeskSubject is the conversation's subject. Libredesk mails an agent's
// reply to the customer under it (and appends its own #reference), so it
// reads as the customer's request, not as our internal summary; it keeps our
// reference, which Find and the inbound events look for.
func libredeskSubject(h handoff.Handoff) string {
	q := truncate(oneLine(Question(h)), 70)
	if q == "" {
		return "Your request to our team [" + Reference(h) + "]"
	}
	return "Your request: " + q + " [" + Reference(h) + "]"
}

// Find looks for the conversation an earlier Open created: Libredesk's
// conversation search (GET /api/v1/conversations/search, conversations:read)
// by the contact's email lists their conversations, newest first, with
// their subjects, which carry our reference.
func (l *Libredesk) Find(ctx context.Context, h handoff.Handoff) (handoff.Receipt, bool, error) {
	if h.Contact.Email == "" {
		return handoff.Receipt{}, false, nil
	}
	var out struct {
		Data []struct {
			UUID            string `json:"uuid"`
			ReferenceNumber string `json:"reference_number"`
			Subject         string `json:"subject"`
		} `json:"data"`
	}
	q := url.Values{"query": {strings.ToLower(h.Contact.Email)}}
	if _, err := l.api.call(ctx, http.MethodGet, "/api/v1/conversations/search", q, nil, nil, &out); err != nil {
		return handoff.Receipt{}, false, fmt.Errorf("finding conversation for handoff %s: %w", h.ID, err)
	}
	ref := "[" + Reference(h) + "]"
	for _, c := range out.Data {
		if strings.Contains(c.Subject, ref) && c.UUID != "" {
			return handoff.Receipt{RemoteID: c.UUID, Meta: map[string]string{"reference_number": c.ReferenceNumber}}, true, nil
		}
	}
	return handoff.Receipt{}, false, nil
}

// Check calls GET /api/v1/agents/me, then lists the inboxes
// (GET /api/v1/inboxes) to check that inbox_id, and every inbox a route
// names, exists, is enabled and is an email inbox: Libredesk creates
// conversations through the API only there.
func (l *Libredesk) Check(ctx context.Context) error {
	if _, err := l.api.call(ctx, http.MethodGet, "/api/v1/agents/me", nil, nil, nil, nil); err != nil {
		return err
	}
	var out struct {
		Data []struct {
			ID      int64  `json:"id"`
			Name    string `json:"name"`
			Channel string `json:"channel"`
			Enabled bool   `json:"enabled"`
		} `json:"data"`
	}
	if _, err := l.api.call(ctx, http.MethodGet, "/api/v1/inboxes", nil, nil, nil, &out); err != nil {
		return fmt.Errorf("listing inboxes: %w", err)
	}
	var problems, usable []string
	for _, want := range l.inboxIDs() {
		found := false
		for _, in := range out.Data {
			if in.ID != want.id {
				continue
			}
			found = true
			switch {
			case in.Channel != "email":
				problems = append(problems, fmt.Sprintf("%s %d (%q) is a %s inbox; conversations can be created only in an email inbox", want.key, in.ID, in.Name, in.Channel))
			case !in.Enabled:
				problems = append(problems, fmt.Sprintf("%s %d (%q) is disabled; enable it under Admin > Inboxes", want.key, in.ID, in.Name))
			}
		}
		if !found {
			problems = append(problems, fmt.Sprintf("%s %d is not an inbox of this Libredesk", want.key, want.id))
		}
	}
	if len(problems) == 0 {
		return nil
	}
	for _, in := range out.Data {
		if in.Channel == "email" && in.Enabled {
			usable = append(usable, fmt.Sprintf("%d (%s)", in.ID, in.Name))
		}
	}
	hint := "no enabled email inbox exists: create one under Admin > Inboxes"
	if len(usable) > 0 {
		hint = "enabled email inboxes: " + strings.Join(usable, ", ")
	}
	return handoff.Permanent(fmt.Errorf("libredesk: %s; %s", strings.Join(problems, "; "), hint))
}

// inboxID is an inbox id the configuration names, with its key.
type inboxID struct {
	key string
	id  int64
}

// inboxIDs returns inbox_id and the inbox ids of the routes.
func (l *Libredesk) inboxIDs() []inboxID {
	out := []inboxID{{"helpdesk.libredesk.inbox_id", l.cfg.InboxID}}
	for _, kind := range slices.Sorted(maps.Keys(l.cfg.Routing.Routes)) {
		byName := l.cfg.Routing.Routes[kind]
		for _, name := range slices.Sorted(maps.Keys(byName)) {
			if t := byName[name]; t.InboxID != 0 && t.InboxID != l.cfg.InboxID {
				out = append(out, inboxID{fmt.Sprintf("helpdesk.libredesk.routes.%s.%s.inbox_id", kind, name), t.InboxID})
			}
		}
	}
	return out
}

// CheckSetup reports what Libredesk would silently drop: the conversation
// custom attribute handoff_id (GET /api/v1/custom-attributes) and tags the
// connector sets that do not exist (GET /api/v1/tags); Libredesk keeps only
// defined attributes and existing tags. triggers are the trigger ids, tags
// too. Creating them needs the custom_attributes:manage and tags:manage
// permissions, which the connector does not ask for: an admin creates them.
func (l *Libredesk) CheckSetup(ctx context.Context, triggers []string) ([]string, error) {
	var attrs struct {
		Data []struct {
			Key string `json:"key"`
		} `json:"data"`
	}
	q := url.Values{"applies_to": {"conversation"}}
	if _, err := l.api.call(ctx, http.MethodGet, "/api/v1/custom-attributes", q, nil, nil, &attrs); err != nil {
		return nil, fmt.Errorf("listing custom attributes: %w", err)
	}
	var out []string
	has := false
	for _, a := range attrs.Data {
		has = has || a.Key == "handoff_id"
	}
	if !has {
		out = append(out, "the conversation custom attribute handoff_id does not exist, so Libredesk drops it (events are matched by the subject's reference instead): create it under Admin > Custom attributes (applies to conversation, type text, key handoff_id)")
	}
	var tags struct {
		Data []struct {
			Name string `json:"name"`
		} `json:"data"`
	}
	if _, err := l.api.call(ctx, http.MethodGet, "/api/v1/tags", nil, nil, nil, &tags); err != nil {
		return out, fmt.Errorf("listing tags: %w", err)
	}
	want := appendUnique(nil, l.cfg.Routing.Tags...)
	for _, byName := range l.cfg.Routing.Routes {
		for _, t := range byName {
			want = appendUnique(want, t.Tags...)
		}
	}
	for _, id := range triggers {
		want = appendUnique(want, sanitizeTag(id))
	}
	var missing []string
	for _, w := range want {
		found := false
		for _, t := range tags.Data {
			found = found || t.Name == w
		}
		if !found {
			missing = append(missing, w)
		}
	}
	if len(missing) > 0 {
		out = append(out, fmt.Sprintf("these tags do not exist, so Libredesk drops them from conversations: %s; create them under Admin > Tags", strings.Join(missing, ", ")))
	}
	return out, nil
}

// TypeLibredesk is the type name of Libredesk.
const TypeLibredesk = "libredesk"

// Delivery guarantee: a search for the conversation by its reference.
func init() {
	Register(Spec{
		Type: TypeLibredesk, Section: "libredesk",
		NewSection: func() any { return new(LibredeskConfig) },
		Validate:   func(c *Config) error { return EditSection(c, (*LibredeskConfig).validate) },
		New: func(c Config, o Options) handoff.Connector {
			return newLibredesk(Section[LibredeskConfig](c), c.Timeout, o)
		},
		Inbound: &Inbound{
			Secret: func(c Config) (handoff.Secret, string) {
				return Section[LibredeskConfig](c).WebhookSecret, "libredesk.webhook_secret"
			},
			Source: func(p InboundParams) InboundSource { return &libredeskEvents{secret: p.Secret, tolerance: p.Tolerance} },
		},
		Guarantees: Guarantees{RemoteLookup: true},
		Example: func() Config {
			return ConfigFor(LibredeskConfig{BaseURL: "https://desk.example", APIKey: "key", APISecret: "secret", InboxID: 1})
		},
	})
}
