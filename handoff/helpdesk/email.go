package helpdesk

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strconv"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// EmailConfig configures the email connector: SMTP to any helpdesk (or
// person) with an email channel.
type EmailConfig struct {
	// Host and Port of the SMTP server. Port defaults to 587 (starttls),
	// 465 (implicit) or 25 (none).
	Host string `yaml:"host"`
	Port int    `yaml:"port"`
	// TLS is starttls (default), implicit (SMTPS) or none (only for a relay
	// on the same host; no authentication then).
	TLS string `yaml:"tls"`
	// Username and Password authenticate; empty Username sends without AUTH.
	Username string         `yaml:"username"`
	Password handoff.Secret `yaml:"password"`
	// Auth is the mechanism: auto (PLAIN if offered, else LOGIN; the
	// default), plain or login. Credentials only ever travel over TLS.
	Auth string `yaml:"auth"`
	// From is our sending address, like "Support Bot <bot@example.com>".
	From string `yaml:"from"`
	// To are the helpdesk addresses (routes may replace them with to).
	To []string `yaml:"to"`
	// Sender decides where the customer's address goes: reply_to (default:
	// From is ours, Reply-To is the customer's) or from (From is the
	// customer's, so helpdesks make them the requester; Sender is ours).
	Sender string `yaml:"sender"`
	// Format is both (text and HTML alternatives, the default), text or html.
	Format string `yaml:"format"`
	// HeloName is the name sent in EHLO (default: the domain of From).
	HeloName string `yaml:"helo_name"`
	Routing  `yaml:",inline"`
}

var emailPriorities = map[handoff.Priority]string{
	handoff.PriorityLow: "5", handoff.PriorityNormal: "3", handoff.PriorityHigh: "2", handoff.PriorityUrgent: "1",
}

func (c *EmailConfig) validate() error {
	c.Host = strings.TrimSpace(c.Host)
	if c.Host == "" {
		return errors.New("email.host: set the SMTP server, like smtp.example.com")
	}
	if err := oneOf("email.tls", &c.TLS, "starttls", "starttls", "implicit", "none"); err != nil {
		return err
	}
	if c.Port == 0 {
		c.Port = map[string]int{"starttls": 587, "implicit": 465, "none": 25}[c.TLS]
	}
	if c.Port < 1 || c.Port > 65535 {
		return fmt.Errorf("email.port: %d is not a TCP port", c.Port)
	}
	if err := oneOf("email.auth", &c.Auth, "auto", "auto", "plain", "login"); err != nil {
		return err
	}
	if c.Username != "" && c.TLS == "none" {
		return errors.New("email.tls: none would send email.username and password in clear text; use starttls or implicit")
	}
	if c.Password.IsSet() && c.Username == "" {
		return errors.New("email.username: required when email.password is set")
	}
	from, err := mail.ParseAddress(c.From)
	if err != nil {
		return fmt.Errorf("email.from: %q is not an address (%v); use like \"Support Bot <bot@example.com>\"", c.From, err)
	}
	c.From = from.String()
	if c.HeloName == "" {
		c.HeloName = domainOf(from.Address)
	}
	if len(c.To) == 0 && len(c.DefaultRoute.To) == 0 {
		return errors.New("email.to: set the helpdesk's address, like [support@example.zendesk.com]")
	}
	for i, to := range c.To {
		if _, err := mail.ParseAddress(to); err != nil {
			return fmt.Errorf("email.to[%d]: %q is not an address: %v", i, to, err)
		}
	}
	if err := oneOf("email.sender", &c.Sender, "reply_to", "reply_to", "from"); err != nil {
		return err
	}
	if err := oneOf("email.format", &c.Format, "both", "both", "text", "html"); err != nil {
		return err
	}
	if err := c.Routing.validate("email", []string{"to"}, []string{"1", "2", "3", "4", "5"}); err != nil {
		return err
	}
	for key, vals := range c.Routes {
		for name, t := range vals {
			for i, to := range t.To {
				if _, err := mail.ParseAddress(to); err != nil {
					return fmt.Errorf("email.routes.%s.%s.to[%d]: %q is not an address: %v", key, name, i, to, err)
				}
			}
		}
	}
	return nil
}

func domainOf(addr string) string {
	if at := strings.LastIndexByte(addr, '@'); at >= 0 {
		return addr[at+1:]
	}
	return "localhost"
}

// Email sends each handoff as an email, and its later messages and close as
// replies threaded under it.
type Email struct {
	cfg     EmailConfig
	from    *mail.Address
	timeout time.Duration
	opts    Options
	log     zerolog.Logger
}

var _ handoff.Connector = (*Email)(nil)

func newEmail(cfg EmailConfig, timeout time.Duration, o Options) *Email {
	from, _ := mail.ParseAddress(cfg.From) // validated
	return &Email{cfg: cfg, from: from, timeout: timeout, opts: o, log: o.Logger}
}

// Name returns "email".
func (e *Email) Name() string { return TypeEmail }

// messageID derives a Message-ID from the handoff id and a suffix, so that a
// resent email carries the same id and helpdesks dedupe and thread it.
func (e *Email) messageID(h handoff.Handoff, suffix string) string {
	id := "handoff." + sanitizeTag(h.ID)
	if suffix != "" {
		id += "." + suffix
	}
	return "<" + id + "@" + domainOf(e.from.Address) + ">"
}

func (e *Email) recipients(h handoff.Handoff) []string {
	if t := e.cfg.Routing.target(h); len(t.To) > 0 {
		return t.To
	}
	return e.cfg.To
}

// Open sends the handoff email. Its Message-ID is derived from the handoff
// id (the remote id), so a resend after a crash is the same message.
func (e *Email) Open(ctx context.Context, h handoff.Handoff) (handoff.Receipt, error) {
	msg := e.compose(h, composeOpts{
		subject: Subject(h), messageID: e.messageID(h, ""), date: h.CreatedAt,
		text: Text(h), html: HTML(h), priority: e.cfg.Routing.priority(h.Priority, emailPriorities),
	})
	if err := e.send(ctx, h, msg); err != nil {
		return handoff.Receipt{}, fmt.Errorf("emailing handoff %s: %w", h.ID, err)
	}
	e.log.Info().Str("handoff_id", h.ID).Str("email", maskEmail(h.Contact.Email)).Msg("handoff emailed")
	return handoff.Receipt{RemoteID: e.messageID(h, "")}, nil
}

// AddMessage sends the user's message as a reply in the handoff's thread.
func (e *Email) AddMessage(ctx context.Context, h handoff.Handoff, m handoff.Message) error {
	text := messageText(h, m)
	msg := e.compose(h, composeOpts{
		subject: "Re: " + Subject(h), messageID: e.messageID(h, "m"+strconv.FormatInt(m.Seq, 10)),
		inReplyTo: e.messageID(h, ""), date: m.At, text: text, html: noteHTML(text),
	})
	if err := e.send(ctx, h, msg); err != nil {
		return fmt.Errorf("emailing message %d of handoff %s: %w", m.Seq, h.ID, err)
	}
	return nil
}

// Close sends a reply saying the handoff ended, and why.
func (e *Email) Close(ctx context.Context, h handoff.Handoff, reason string) error {
	text := closeText(h, reason)
	msg := e.compose(h, composeOpts{
		subject: "Re: " + Subject(h), messageID: e.messageID(h, "closed"),
		inReplyTo: e.messageID(h, ""), date: e.opts.Clock.Now(), text: text, html: noteHTML(text),
	})
	if err := e.send(ctx, h, msg); err != nil {
		return fmt.Errorf("emailing close of handoff %s: %w", h.ID, err)
	}
	return nil
}

// Check connects, negotiates TLS, authenticates and quits: the credentials
// work when it returns nil.
func (e *Email) Check(ctx context.Context) error {
	c, err := e.dial(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.Noop(); err != nil {
		return e.smtpError("NOOP", err)
	}
	return e.smtpError("QUIT", c.Quit())
}

// TypeEmail is the type name of the email connector (SMTP).
const TypeEmail = "email"

// Delivery guarantee: the Message-ID is derived from the handoff id, so the
// helpdesk threads (and deduplicates) a resent email. No inbound events.
func init() {
	Register(Spec{
		Type: TypeEmail, Section: "email",
		NewSection: func() any { return new(EmailConfig) },
		Validate:   func(c *Config) error { return EditSection(c, (*EmailConfig).validate) },
		New:        func(c Config, o Options) handoff.Connector { return newEmail(Section[EmailConfig](c), c.Timeout, o) },
		Guarantees: Guarantees{IdempotentOpen: true},
		Example: func() Config {
			return ConfigFor(EmailConfig{Host: "smtp.example.com", From: "bot@example.com", To: []string{"support@example.com"}})
		},
	})
}
