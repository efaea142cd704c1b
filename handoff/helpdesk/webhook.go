package helpdesk

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// WebhookConfig configures the webhook connector.
type WebhookConfig struct {
	// URL receives the events (mode handoff), or is the base URL under which
	// /conversation/establish, /chat and /conversation/close live (mode
	// gptbots).
	URL string `yaml:"url"`
	// Mode is handoff (our signed JSON events, the default) or gptbots (the
	// GPTBots human-service webhook protocol).
	Mode string `yaml:"mode"`
	// Secret signs every request (HMAC-SHA256, see Sign). Required in mode
	// handoff; optional in mode gptbots.
	Secret handoff.Secret `yaml:"secret"`
	// Username and Password, when set, are sent as HTTP basic auth.
	Username string         `yaml:"username"`
	Password handoff.Secret `yaml:"password"`
	// BotID is sent as bot_id in mode gptbots.
	BotID string `yaml:"bot_id"`
	// InboundToken authenticates the receiver's calls back to /hooks/webhook
	// in mode gptbots (its agents' replies and closes), sent as
	// "Authorization: Bearer <token>" or as the basic-auth password of
	// InboundUsername. At least 16 characters; empty turns inbound events
	// off. In mode handoff the receiver signs its calls with Secret instead.
	InboundToken handoff.Secret `yaml:"inbound_token"`
	// InboundUsername, when set, also accepts basic auth with this user name
	// and InboundToken as the password.
	InboundUsername string `yaml:"inbound_username"`
}

func (c *WebhookConfig) validate() error {
	var err error
	if c.URL, err = requireURL("webhook.url", c.URL, "https://example.com/hooks/handoff"); err != nil {
		return err
	}
	if err := oneOf("webhook.mode", &c.Mode, "handoff", "handoff", "gptbots"); err != nil {
		return err
	}
	if c.Mode == "handoff" && len(c.Secret) < 16 {
		return fmt.Errorf("webhook.secret: set a signing secret of at least 16 characters (for example ${HANDOFF_WEBHOOK_SECRET}); receivers verify X-Handoff-Signature with it")
	}
	if c.Password != "" && c.Username == "" {
		return fmt.Errorf("webhook.username: required when webhook.password is set")
	}
	return nil
}

// The webhook event types.
const (
	EventCreated = "handoff.created"
	EventMessage = "handoff.message"
	EventClosed  = "handoff.closed"
	EventPing    = "ping"
)

// WebhookVersion is the version of the webhook payload.
const WebhookVersion = "1"

// Document is the structured JSON form of a handoff sent to webhooks: what
// the human agent needs, without our delivery bookkeeping.
type Document struct {
	ID             string `json:"id"`
	Reference      string `json:"reference"`
	ConversationID string `json:"conversation_id"`
	// Summary is what the agent reads first (goal, what the bot tried,
	// why it handed over, who wrote it), and Redactions what privacy
	// redaction masked in this document, by kind; each absent when none.
	Summary    *handoff.Summary    `json:"summary,omitempty"`
	Redactions []handoff.Redaction `json:"redactions,omitempty"`
	Contact    handoff.Contact     `json:"contact"`
	Language   string              `json:"language,omitempty"`
	Question   string              `json:"question,omitempty"`
	Transcript []handoff.Turn      `json:"transcript"`
	Triggers   []string            `json:"triggers"`
	Reason     string              `json:"reason"`
	Classifier string              `json:"classifier,omitempty"`
	Confidence float64             `json:"confidence,omitempty"`
	// Vote is the calling model's vote and what became of it, and
	// ServerVerdict the server classifier's own verdict, when recorded;
	// Classifier names the judge that decided ("calling_model", "forced"
	// or a classifier).
	Vote          *handoff.Vote     `json:"vote,omitempty"`
	ServerVerdict *handoff.Verdict  `json:"server_verdict,omitempty"`
	Route         handoff.Route     `json:"route"`
	Priority      handoff.Priority  `json:"priority"`
	Metadata      map[string]string `json:"metadata,omitempty"`
	CreatedAt     time.Time         `json:"created_at"`
}

// NewDocument returns the structured form of h.
func NewDocument(h handoff.Handoff) Document {
	d := Document{
		ID: h.ID, Reference: Reference(h), ConversationID: h.ConversationID, Contact: h.Contact,
		Language: h.Language, Question: Question(h), Transcript: h.Transcript, Triggers: h.Triggers,
		Reason: h.Reason, Classifier: h.Classifier, Confidence: h.Confidence, Route: h.Route,
		Vote: h.Vote, ServerVerdict: h.ServerVerdict, Summary: h.Summary, Redactions: h.Redactions,
		Priority: h.Priority, Metadata: h.Metadata, CreatedAt: h.CreatedAt.UTC(),
	}
	if d.Priority == "" {
		d.Priority = handoff.PriorityNormal
	}
	if d.Transcript == nil {
		d.Transcript = []handoff.Turn{}
	}
	if d.Triggers == nil {
		d.Triggers = []string{}
	}
	return d
}

// WebhookEvent is the JSON body of a webhook delivery (payload version 1).
type WebhookEvent struct {
	Version string `json:"version"`
	// ID identifies the event; it equals the Idempotency-Key header and is
	// the same on every retry.
	ID   string `json:"id"`
	Type string `json:"type"`
	// CreatedAt is when the event happened (the handoff's creation, the
	// message's time, or the close).
	CreatedAt      time.Time `json:"created_at"`
	HandoffID      string    `json:"handoff_id,omitempty"`
	ConversationID string    `json:"conversation_id,omitempty"`
	// RemoteID is what the receiver returned for handoff.created.
	RemoteID string `json:"remote_id,omitempty"`
	// Handoff and Text (a plain-text rendering) come with handoff.created.
	Handoff *Document `json:"handoff,omitempty"`
	Text    string    `json:"text,omitempty"`
	// Message comes with handoff.message: the user's words for the agent.
	Message *handoff.Message `json:"message,omitempty"`
	// Reason comes with handoff.closed.
	Reason string `json:"reason,omitempty"`
}

// WebhookReply is what a receiver may answer to handoff.created (any 2xx
// answer is a success; these fields are optional).
type WebhookReply struct {
	RemoteID string `json:"remote_id"`
	URL      string `json:"url"`
}

// IdempotencyKey derives the key of one event of h: "<id>:created",
// "<id>:message:<seq>" or "<id>:closed".
func IdempotencyKey(h handoff.Handoff, event string, seq int64) string {
	switch event {
	case EventCreated:
		return h.ID + ":created"
	case EventMessage:
		return h.ID + ":message:" + strconv.FormatInt(seq, 10)
	case EventClosed:
		return h.ID + ":closed"
	}
	return h.ID + ":" + event
}

// Webhook posts handoffs to a URL, as signed JSON events or in the GPTBots
// protocol.
type Webhook struct {
	cfg WebhookConfig
	api api
}

var _ handoff.Connector = (*Webhook)(nil)

func newWebhook(cfg WebhookConfig, timeout time.Duration, o Options) *Webhook {
	w := &Webhook{cfg: cfg}
	w.api = api{
		name: TypeWebhook, base: cfg.URL, client: o.HTTPClient, timeout: timeout, now: o.Clock.Now, log: o.Logger,
		hints: hints{
			auth:     "helpdesk.webhook.username and password (and that the receiver uses helpdesk.webhook.secret)",
			notFound: "helpdesk.webhook.url",
		},
		secrets: []string{cfg.Secret.Value(), cfg.Password.Value()},
	}
	if cfg.Username != "" {
		w.api.secrets = append(w.api.secrets, "Basic "+base64.StdEncoding.EncodeToString([]byte(cfg.Username+":"+cfg.Password.Value())))
		w.api.auth = func(r *http.Request) { r.SetBasicAuth(cfg.Username, cfg.Password.Value()) }
	}
	return w
}

// Name returns "webhook".
func (w *Webhook) Name() string { return TypeWebhook }

// post signs and sends one JSON body to path, decoding a JSON answer into out.
func (w *Webhook) post(ctx context.Context, path, event, key string, body any, out any) error {
	raw, err := json.Marshal(body)
	if err != nil {
		return fmt.Errorf("webhook: encoding %s: %w", event, err)
	}
	hdr := http.Header{}
	if event != "" {
		hdr.Set(HeaderEvent, event)
	}
	if key != "" {
		hdr.Set(HeaderIdempotencyKey, key)
	}
	if w.cfg.Secret.IsSet() {
		ts := w.api.now().Unix()
		hdr.Set(HeaderTimestamp, strconv.FormatInt(ts, 10))
		hdr.Set(HeaderSignature, Sign([]byte(w.cfg.Secret.Value()), ts, raw))
	}
	_, err = w.api.call(ctx, http.MethodPost, path, nil, hdr, raw, out)
	return err
}

// Open posts handoff.created (or /conversation/establish in mode gptbots).
func (w *Webhook) Open(ctx context.Context, h handoff.Handoff) (handoff.Receipt, error) {
	if w.cfg.Mode == "gptbots" {
		return w.gptOpen(ctx, h)
	}
	doc := NewDocument(h)
	ev := WebhookEvent{
		Version: WebhookVersion, ID: IdempotencyKey(h, EventCreated, 0), Type: EventCreated,
		CreatedAt: h.CreatedAt.UTC(), HandoffID: h.ID, ConversationID: h.ConversationID,
		Handoff: &doc, Text: Text(h),
	}
	var reply WebhookReply
	if err := w.post(ctx, "", EventCreated, ev.ID, ev, &reply); err != nil {
		return handoff.Receipt{}, fmt.Errorf("opening handoff %s: %w", h.ID, err)
	}
	r := handoff.Receipt{RemoteID: reply.RemoteID, URL: reply.URL}
	if r.RemoteID == "" {
		r.RemoteID = h.ID
	}
	w.api.log.Info().Str("handoff_id", h.ID).Str("remote_id", r.RemoteID).Str("email", maskEmail(h.Contact.Email)).Msg("webhook delivered handoff")
	return r, nil
}

// AddMessage posts handoff.message (or /chat in mode gptbots).
func (w *Webhook) AddMessage(ctx context.Context, h handoff.Handoff, m handoff.Message) error {
	if w.cfg.Mode == "gptbots" {
		return w.gptChat(ctx, h, m)
	}
	at := m.At
	if at.IsZero() {
		at = w.api.now()
	}
	ev := WebhookEvent{
		Version: WebhookVersion, ID: IdempotencyKey(h, EventMessage, m.Seq), Type: EventMessage,
		CreatedAt: at.UTC(), HandoffID: h.ID, ConversationID: h.ConversationID, RemoteID: h.RemoteID, Message: &m,
	}
	if err := w.post(ctx, "", EventMessage, ev.ID, ev, nil); err != nil {
		return fmt.Errorf("adding message %d to handoff %s: %w", m.Seq, h.ID, err)
	}
	return nil
}

// Close posts handoff.closed (or /conversation/close in mode gptbots).
func (w *Webhook) Close(ctx context.Context, h handoff.Handoff, reason string) error {
	if w.cfg.Mode == "gptbots" {
		return w.gptClose(ctx, h, reason)
	}
	ev := WebhookEvent{
		Version: WebhookVersion, ID: IdempotencyKey(h, EventClosed, 0), Type: EventClosed,
		CreatedAt: w.api.now().UTC(), HandoffID: h.ID, ConversationID: h.ConversationID, RemoteID: h.RemoteID, Reason: reason,
	}
	if err := w.post(ctx, "", EventClosed, ev.ID, ev, nil); err != nil {
		return fmt.Errorf("closing handoff %s: %w", h.ID, err)
	}
	return nil
}

// Check posts a signed ping event; the receiver must answer 2xx. In mode
// gptbots, which has no ping, it checks that the base URL answers HTTP at
// all without refusing the credentials (any status but 401, 403 and 5xx).
func (w *Webhook) Check(ctx context.Context) error {
	if w.cfg.Mode == "gptbots" {
		status, err := w.api.probe(ctx, http.MethodHead, "")
		if err != nil {
			return err
		}
		if status == http.StatusUnauthorized || status == http.StatusForbidden || status >= 500 {
			return w.api.classify(status, http.Header{}, nil)
		}
		return nil
	}
	ev := WebhookEvent{Version: WebhookVersion, ID: "ping", Type: EventPing, CreatedAt: w.api.now().UTC()}
	return w.post(ctx, "", EventPing, "", ev, nil)
}

// TypeWebhook is the type name of the signed webhook (and the
// GPTBots-style receiver in mode gptbots).
const TypeWebhook = "webhook"

// Delivery guarantee: every call carries an Idempotency-Key derived from
// the handoff id; receivers deduplicate by it.
func init() {
	Register(Spec{
		Type: TypeWebhook, Section: "webhook",
		NewSection: func() any { return new(WebhookConfig) },
		Validate:   func(c *Config) error { return EditSection(c, (*WebhookConfig).validate) },
		New: func(c Config, o Options) handoff.Connector {
			return newWebhook(Section[WebhookConfig](c), c.Timeout, o)
		},
		Inbound: &Inbound{
			Secret:   func(c Config) (handoff.Secret, string) { return Section[WebhookConfig](c).inboundSecret() },
			Validate: func(c *Config) error { return EditSection(c, (*WebhookConfig).validateInbound) },
			Source:   func(p InboundParams) InboundSource { return Section[WebhookConfig](p.Config).inboundSource(p) },
		},
		Guarantees: Guarantees{IdempotentOpen: true},
		Example: func() Config {
			return ConfigFor(WebhookConfig{URL: "https://bot.example/hook", Secret: "0123456789abcdef"})
		},
	})
}

// inboundSecret returns what authenticates calls to /hooks/webhook: the
// chosen token in mode gptbots, the signing secret otherwise.
func (c WebhookConfig) inboundSecret() (handoff.Secret, string) {
	if c.Mode == "gptbots" {
		return c.InboundToken, "webhook.inbound_token"
	}
	return c.Secret, "webhook.secret"
}

// validateInbound checks the inbound settings of mode gptbots, and that
// mode handoff has none.
func (c *WebhookConfig) validateInbound() error {
	if c.Mode != "gptbots" {
		if c.InboundToken.IsSet() || c.InboundUsername != "" {
			return fmt.Errorf("webhook.inbound_token: only read in mode gptbots; in mode handoff the receiver signs its calls to /hooks/webhook with webhook.secret, remove it")
		}
		return nil
	}
	if c.InboundUsername != "" && !c.InboundToken.IsSet() {
		return fmt.Errorf("webhook.inbound_token: required when webhook.inbound_username is set")
	}
	if strings.Contains(c.InboundUsername, ":") {
		return fmt.Errorf("webhook.inbound_username: must not contain a colon (basic auth separates user and password with it)")
	}
	return chosenToken("webhook.inbound_token", c.InboundToken)
}

// inboundSource returns the verifier of the receiver's calls: signed in
// mode handoff, token-authenticated in mode gptbots.
func (c WebhookConfig) inboundSource(p InboundParams) InboundSource {
	if c.Mode == "gptbots" {
		return &gptbotsEvents{token: p.Secret, username: c.InboundUsername}
	}
	return &receiverEvents{secret: p.Secret, tolerance: p.Tolerance}
}
