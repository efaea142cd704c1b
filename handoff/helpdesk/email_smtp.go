package helpdesk

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/smtp"
	"net/textproto"
	"strconv"
	"strings"
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// dial connects to the SMTP server, negotiates TLS as configured and
// authenticates. The connection's deadline is the context's, bounded by the
// configured timeout.
func (e *Email) dial(ctx context.Context) (*smtp.Client, error) {
	if e.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, e.timeout)
		defer cancel()
	}
	addr := net.JoinHostPort(e.cfg.Host, strconv.Itoa(e.cfg.Port))
	tlsCfg := e.tlsConfig()
	var conn net.Conn
	var err error
	if e.cfg.TLS == "implicit" {
		conn, err = (&tls.Dialer{Config: tlsCfg}).DialContext(ctx, "tcp", addr)
	} else {
		conn, err = (&net.Dialer{}).DialContext(ctx, "tcp", addr)
	}
	if err != nil {
		return nil, e.smtpError("connecting to "+addr, err)
	}
	deadline, _ := ctx.Deadline()
	if deadline.IsZero() {
		deadline = time.Now().Add(DefaultTimeout)
	}
	conn.SetDeadline(deadline)
	c, err := smtp.NewClient(conn, e.cfg.Host)
	if err != nil {
		conn.Close()
		return nil, e.smtpError("greeting", err)
	}
	if err := e.negotiate(c, tlsCfg); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

func (e *Email) tlsConfig() *tls.Config {
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if e.opts.TLSConfig != nil {
		cfg = e.opts.TLSConfig.Clone()
	}
	if cfg.ServerName == "" {
		cfg.ServerName = e.cfg.Host
	}
	return cfg
}

// negotiate says EHLO, upgrades to TLS (starttls) and authenticates.
func (e *Email) negotiate(c *smtp.Client, tlsCfg *tls.Config) error {
	if err := c.Hello(e.cfg.HeloName); err != nil {
		return e.smtpError("EHLO", err)
	}
	if e.cfg.TLS == "starttls" {
		if ok, _ := c.Extension("STARTTLS"); !ok {
			return handoff.Permanent(errors.New("email: the server does not offer STARTTLS: check helpdesk.email.tls (implicit for port 465) and port"))
		}
		if err := c.StartTLS(tlsCfg); err != nil {
			return e.smtpError("STARTTLS", err)
		}
	}
	if e.cfg.Username == "" {
		return nil
	}
	ok, mechs := c.Extension("AUTH")
	if !ok {
		return handoff.Permanent(errors.New("email: the server offers no AUTH: check helpdesk.email.host and port, or remove helpdesk.email.username"))
	}
	offered := strings.Fields(strings.ToUpper(mechs))
	mech := e.cfg.Auth
	if mech == "auto" {
		mech = "login"
		if containsFold(offered, "PLAIN") {
			mech = "plain"
		}
	}
	var auth smtp.Auth = &loginAuth{user: e.cfg.Username, pass: e.cfg.Password.Value()}
	if mech == "plain" {
		auth = smtp.PlainAuth("", e.cfg.Username, e.cfg.Password.Value(), e.cfg.Host)
	}
	if !containsFold(offered, mech) {
		return handoff.Permanent(fmt.Errorf("email: the server does not offer AUTH %s (it offers %s): check helpdesk.email.auth", strings.ToUpper(mech), mechs))
	}
	if err := c.Auth(auth); err != nil {
		return e.smtpError("AUTH", err)
	}
	return nil
}

func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}

// send delivers msg to the handoff's recipients.
func (e *Email) send(ctx context.Context, h handoff.Handoff, msg []byte) error {
	return e.sendTo(ctx, e.recipients(h), msg)
}

// sendTo delivers msg to the addresses rcpts.
func (e *Email) sendTo(ctx context.Context, rcpts []string, msg []byte) error {
	c, err := e.dial(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.Mail(e.from.Address); err != nil {
		return e.smtpError("MAIL FROM", err)
	}
	for _, to := range rcpts {
		if err := c.Rcpt(addressOf(to)); err != nil {
			return e.smtpError("RCPT TO", err)
		}
	}
	w, err := c.Data()
	if err != nil {
		return e.smtpError("DATA", err)
	}
	if _, err := w.Write(msg); err != nil {
		return e.smtpError("DATA", err)
	}
	if err := w.Close(); err != nil {
		return e.smtpError("DATA", err)
	}
	if err := c.Quit(); err != nil {
		e.log.Debug().Str("error", err.Error()).Msg("smtp QUIT after delivery failed")
	}
	return nil
}

// addressOf returns the bare address of "Name <addr>" (validated earlier).
func addressOf(s string) string {
	if i := strings.LastIndexByte(s, '<'); i >= 0 {
		return strings.TrimSuffix(s[i+1:], ">")
	}
	return strings.TrimSpace(s)
}

// smtpError classifies an SMTP failure: 4xx replies and network failures
// are transient, 5xx replies and certificate failures permanent, with what to
// check.
func (e *Email) smtpError(step string, err error) error {
	if err == nil {
		return nil
	}
	pass := e.cfg.Password.Value()
	// The password, and the forms AUTH PLAIN and LOGIN put on the wire.
	msg := "email: " + step + ": " + scrub(err.Error(), pass,
		base64.StdEncoding.EncodeToString([]byte("\x00"+e.cfg.Username+"\x00"+pass)), base64.StdEncoding.EncodeToString([]byte(pass)))
	var te *textproto.Error
	if errors.As(err, &te) {
		switch {
		case te.Code >= 400 && te.Code < 500:
			return handoff.Transient(errors.New(msg), 0)
		case te.Code == 530 || te.Code == 534 || te.Code == 535 || te.Code == 538:
			return handoff.Permanent(errors.New(msg + ": check helpdesk.email.username and password"))
		case step == "RCPT TO":
			return handoff.Permanent(errors.New(msg + ": check helpdesk.email.to (and the routes' to)"))
		case step == "MAIL FROM":
			return handoff.Permanent(errors.New(msg + ": check helpdesk.email.from (the server must accept it as sender)"))
		}
		return handoff.Permanent(errors.New(msg))
	}
	var certErr *tls.CertificateVerificationError
	var unknownAuth x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	if errors.As(err, &certErr) || errors.As(err, &unknownAuth) || errors.As(err, &hostErr) {
		return handoff.Permanent(errors.New(msg + ": the server's certificate is not valid for helpdesk.email.host"))
	}
	if strings.Contains(err.Error(), "unencrypted connection") {
		return handoff.Permanent(errors.New(msg + ": check helpdesk.email.tls"))
	}
	return handoff.Transient(errors.New(msg), 0)
}

// loginAuth implements the LOGIN SASL mechanism, which net/smtp lacks, and,
// like its PlainAuth, refuses to send credentials without TLS.
type loginAuth struct{ user, pass string }

func (a *loginAuth) Start(s *smtp.ServerInfo) (string, []byte, error) {
	if !s.TLS {
		return "", nil, errors.New("unencrypted connection")
	}
	return "LOGIN", nil, nil
}

func (a *loginAuth) Next(from []byte, more bool) ([]byte, error) {
	if !more {
		return nil, nil
	}
	switch p := strings.ToLower(strings.TrimSpace(string(from))); {
	case strings.HasPrefix(p, "username"), strings.HasPrefix(p, "user name"):
		return []byte(a.user), nil
	case strings.HasPrefix(p, "password"):
		return []byte(a.pass), nil
	}
	return nil, fmt.Errorf("unexpected LOGIN challenge %q", from)
}
