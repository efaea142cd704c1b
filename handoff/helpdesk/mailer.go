package helpdesk

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"mime"
	"net/mail"
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff/clock"
)

// Mailer sends plain-text emails to a customer over the email connector's
// SMTP code (TLS, authentication, error kinds): the built-in desk answers
// offline messages with it.
type Mailer struct {
	e *Email
}

// NewMailer returns a Mailer over the SMTP server of cfg (host, port, tls,
// username, password, from; to is not used).
func NewMailer(cfg EmailConfig, timeout time.Duration, o Options) (*Mailer, error) {
	if len(cfg.To) == 0 {
		cfg.To = []string{cfg.From} // not used: each mail names its recipient
	}
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	if timeout <= 0 {
		timeout = 15 * time.Second
	}
	o.Clock = clock.Or(o.Clock)
	return &Mailer{e: newEmail(cfg, timeout, o)}, nil
}

// Send mails text to the address to with subject. Errors carry the kinds
// of the email connector's (transient for 4xx and network failures).
func (m *Mailer) Send(ctx context.Context, to mail.Address, subject, text string) error {
	var id [12]byte
	if _, err := rand.Read(id[:]); err != nil {
		return fmt.Errorf("making a message id: %w", err)
	}
	var b bytes.Buffer
	hdr := func(k, v string) { fmt.Fprintf(&b, "%s: %s\r\n", k, v) }
	hdr("From", m.e.from.String())
	hdr("To", to.String())
	hdr("Subject", mime.QEncoding.Encode("utf-8", oneLine(subject)))
	hdr("Date", m.e.opts.Clock.Now().UTC().Format(time.RFC1123Z))
	hdr("Message-ID", "<desk."+hex.EncodeToString(id[:])+"@"+domainOf(m.e.from.Address)+">")
	hdr("MIME-Version", "1.0")
	writePart(&b, "text/plain", text)
	return m.e.sendTo(ctx, []string{to.Address}, b.Bytes())
}
