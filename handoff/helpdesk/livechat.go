package helpdesk

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// LiveChatConfig configures the LiveChat connector (Agent Chat Web API).
type LiveChatConfig struct {
	// BaseURL is the API host (default https://api.livechatinc.com).
	BaseURL string `yaml:"base_url"`
	// APIVersion is the Agent Chat API version in the path (default 3.5).
	APIVersion string `yaml:"api_version"`
	// Auth is basic (a personal access token with AccountID, the default) or
	// bearer (an OAuth access token).
	Auth string `yaml:"auth"`
	// AccountID is the account id the personal access token belongs to
	// (Developer Console > Tools > Personal Access Tokens); basic auth only.
	AccountID string `yaml:"account_id"`
	// Token is the personal access token or the OAuth access token. It
	// needs the scopes chats--all:rw, customers:rw and tags--all:rw.
	Token handoff.Secret `yaml:"token"`
	// Region is sent as X-Region (dal or fra) when set.
	Region string `yaml:"region"`
	// WebhookSecretKey is the secret key of the app's webhooks (Developer
	// Console > your app > Chat Webhooks), which LiveChat puts in every
	// webhook body as secret_key. Empty turns inbound events off.
	WebhookSecretKey handoff.Secret `yaml:"webhook_secret_key"`
	Routing          `yaml:",inline"`
}

func (c *LiveChatConfig) validate() error {
	if c.BaseURL == "" {
		c.BaseURL = "https://api.livechatinc.com"
	}
	var err error
	if c.BaseURL, err = requireURL("livechat.base_url", c.BaseURL, "https://api.livechatinc.com"); err != nil {
		return err
	}
	if c.APIVersion == "" {
		c.APIVersion = "3.5"
	}
	c.APIVersion = strings.TrimPrefix(c.APIVersion, "v")
	if err := oneOf("livechat.auth", &c.Auth, "basic", "basic", "bearer"); err != nil {
		return err
	}
	if c.Auth == "basic" && strings.TrimSpace(c.AccountID) == "" {
		return errors.New("livechat.account_id: set the account id of the personal access token (or use livechat.auth: bearer with an OAuth token)")
	}
	if !c.Token.IsSet() {
		return errors.New("livechat.token: set the personal access token, like ${LIVECHAT_PAT}")
	}
	if len(c.Priorities) > 0 {
		return errors.New("livechat.priorities: LiveChat chats have no priority field; remove the table (the priority is shown in the chat)")
	}
	return c.Routing.validate("livechat", []string{"group_id", "tags"}, nil)
}

// LiveChat starts a chat per handoff with the Agent Chat API: it creates a
// customer, starts a chat for them in the routed group with the handoff as
// the first event, and tags the thread.
type LiveChat struct {
	cfg LiveChatConfig
	api api
}

var _ handoff.Connector = (*LiveChat)(nil)

func newLiveChat(cfg LiveChatConfig, timeout time.Duration, o Options) *LiveChat {
	cred := "Bearer " + cfg.Token.Value()
	if cfg.Auth == "basic" {
		cred = "Basic " + base64.StdEncoding.EncodeToString([]byte(cfg.AccountID+":"+cfg.Token.Value()))
	}
	hdr := http.Header{}
	if cfg.Region != "" {
		hdr.Set("X-Region", cfg.Region)
	}
	return &LiveChat{cfg: cfg, api: api{
		name: TypeLiveChat, base: cfg.BaseURL + "/v" + cfg.APIVersion + "/agent/action", client: o.HTTPClient,
		timeout: timeout, now: o.Clock.Now, log: o.Logger, header: hdr,
		auth: func(r *http.Request) { r.Header.Set("Authorization", cred) },
		hints: hints{
			auth:     "helpdesk.livechat.account_id and token (and helpdesk.livechat.region)",
			perm:     "the token lacks a scope: it needs chats--all:rw, customers:rw and tags--all:rw",
			notFound: "helpdesk.livechat.base_url and api_version",
		},
		secrets: []string{cfg.Token.Value(), cred},
	}}
}

// Name returns "livechat".
func (l *LiveChat) Name() string { return TypeLiveChat }

func (l *LiveChat) action(ctx context.Context, name string, in, out any) error {
	_, err := l.api.call(ctx, http.MethodPost, "/"+name, nil, nil, in, out)
	return err
}

type lcEvent struct {
	Type       string `json:"type"`
	Text       string `json:"text"`
	Visibility string `json:"visibility"`
}

// Open creates the customer (with our handoff id in its session fields),
// starts the chat and tags its thread (best effort). LiveChat takes no
// idempotency key and cannot be searched by our id, so it has no Find.
func (l *LiveChat) Open(ctx context.Context, h handoff.Handoff) (handoff.Receipt, error) {
	if id := ConversationOf(h); id != "" {
		return l.openInHelpdesk(ctx, h, id)
	}
	cust := map[string]any{
		"name": displayName(h.Contact),
		"session_fields": []map[string]string{
			{"handoff_id": h.ID}, {"handoff_reference": Reference(h)},
		},
	}
	if h.Contact.Email != "" {
		cust["email"] = h.Contact.Email
	}
	var c struct {
		CustomerID string `json:"customer_id"`
	}
	if err := l.action(ctx, "create_customer", cust, &c); err != nil {
		return handoff.Receipt{}, fmt.Errorf("creating customer for handoff %s: %w", h.ID, err)
	}
	t := l.cfg.Routing.target(h)
	chat := map[string]any{
		"users":  []map[string]string{{"id": c.CustomerID, "type": "customer"}},
		"thread": map[string]any{"events": []lcEvent{{Type: "message", Text: Text(h), Visibility: "all"}}},
	}
	if t.GroupID != 0 {
		chat["access"] = map[string][]int64{"group_ids": {t.GroupID}}
	}
	var out struct {
		ChatID   string `json:"chat_id"`
		ThreadID string `json:"thread_id"`
	}
	if err := l.action(ctx, "start_chat", map[string]any{"chat": chat, "continuous": true}, &out); err != nil {
		return handoff.Receipt{}, fmt.Errorf("starting chat for handoff %s: %w", h.ID, err)
	}
	if out.ChatID == "" {
		return handoff.Receipt{}, handoff.Transient(fmt.Errorf("livechat: start_chat for handoff %s answered without a chat_id", h.ID), 0)
	}
	for _, tag := range l.cfg.Routing.tags(h, t, false) {
		if err := l.action(ctx, "tag_thread", map[string]string{"chat_id": out.ChatID, "thread_id": out.ThreadID, "tag": tag}, nil); err != nil {
			l.api.log.Warn().Str("handoff_id", h.ID).Str("remote_id", out.ChatID).Str("tag", tag).Str("error", err.Error()).Msg("livechat chat started, tagging failed")
		}
	}
	l.api.log.Info().Str("handoff_id", h.ID).Str("remote_id", out.ChatID).Str("email", maskEmail(h.Contact.Email)).Msg("livechat chat started")
	return handoff.Receipt{
		RemoteID: out.ChatID,
		URL:      "https://my.livechatinc.com/chats/" + url.PathEscape(out.ChatID),
		Meta:     map[string]string{"thread_id": out.ThreadID, "customer_id": c.CustomerID},
	}, nil
}

func (l *LiveChat) send(ctx context.Context, h handoff.Handoff, ev lcEvent) error {
	if h.RemoteID == "" {
		return handoff.Permanent(fmt.Errorf("livechat: handoff %s has no chat id yet", h.ID))
	}
	return l.action(ctx, "send_event", map[string]any{"chat_id": h.RemoteID, "event": ev, "attach_to_last_thread": true}, nil)
}

// AddMessage sends the user's message into the chat; in in-helpdesk mode
// it does nothing, the message being in the chat already.
func (l *LiveChat) AddMessage(ctx context.Context, h handoff.Handoff, m handoff.Message) error {
	if ConversationOf(h) != "" {
		return nil
	}
	if err := l.send(ctx, h, lcEvent{Type: "message", Text: messageText(h, m), Visibility: "all"}); err != nil {
		return fmt.Errorf("adding message %d to chat %s: %w", m.Seq, h.RemoteID, err)
	}
	return nil
}

// Close sends the reason to the agents and deactivates the chat; in
// in-helpdesk mode it only sends the reason (the agent owns the chat).
func (l *LiveChat) Close(ctx context.Context, h handoff.Handoff, reason string) error {
	if err := l.send(ctx, h, lcEvent{Type: "message", Text: closeText(h, reason), Visibility: "agents"}); err != nil {
		return fmt.Errorf("closing chat %s: %w", h.RemoteID, err)
	}
	if ConversationOf(h) != "" {
		return nil
	}
	if err := l.action(ctx, "deactivate_chat", map[string]string{"id": h.RemoteID}, nil); err != nil {
		return fmt.Errorf("closing chat %s: %w", h.RemoteID, err)
	}
	return nil
}

// Check calls list_chats for one page, an authenticated read.
func (l *LiveChat) Check(ctx context.Context) error {
	return l.action(ctx, "list_chats", map[string]int{"limit": 10}, nil)
}

// TypeLiveChat is the type name of LiveChat (Agent Chat API).
const TypeLiveChat = "livechat"

// Delivery guarantee: none: a retry after an unknown outcome may start a second chat.
func init() {
	Register(Spec{
		Type: TypeLiveChat, Section: "livechat",
		NewSection: func() any { return new(LiveChatConfig) },
		Validate:   func(c *Config) error { return EditSection(c, (*LiveChatConfig).validate) },
		New: func(c Config, o Options) handoff.Connector {
			return newLiveChat(Section[LiveChatConfig](c), c.Timeout, o)
		},
		Inbound: &Inbound{
			Secret: func(c Config) (handoff.Secret, string) {
				return Section[LiveChatConfig](c).WebhookSecretKey, "livechat.webhook_secret_key"
			},
			Source: func(p InboundParams) InboundSource { return &livechatEvents{secret: p.Secret} },
		},
		Guarantees: Guarantees{},
		InHelpdesk: true,
		Example: func() Config {
			return ConfigFor(LiveChatConfig{AccountID: "acc", Token: "token"})
		},
	})
}
