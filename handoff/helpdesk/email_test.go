package helpdesk

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"math/big"
	"mime"
	"mime/multipart"
	"net"
	"net/mail"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/clock/clocktest"
)

const smtpPassword = "smtp-app-password-31"

// testCert returns a server certificate for 127.0.0.1 and a client TLS
// config that trusts it.
func testCert(t *testing.T) (server, client *tls.Config) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: testNow.Add(-time.Hour), NotAfter: testNow.Add(100 * 365 * 24 * time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, DNSNames: []string{"localhost"},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	cert, err := x509.ParseCertificate(der)
	require.NoError(t, err)
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}},
		&tls.Config{RootCAs: pool}
}

// mailbox is an SMTP server (go-smtp) that records what clients do.
type mailbox struct {
	mechs    []string
	rcptFail *smtp.SMTPError

	mu  sync.Mutex // protects log
	log mailLog
}

// mailLog is what the server saw.
type mailLog struct {
	authTLS []bool // whether each AUTH happened over TLS
	users   []string
	passes  []string
	from    []string
	rcpts   [][]string
	data    [][]byte
}

// seen returns a copy of the log.
func (m *mailbox) seen() mailLog {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.log
}

type mailSession struct {
	mb    *mailbox
	conn  *smtp.Conn
	from  string
	rcpts []string
}

func (s *mailSession) AuthMechanisms() []string { return s.mb.mechs }

func (s *mailSession) Auth(mech string) (sasl.Server, error) {
	check := func(user, pass string) error {
		_, isTLS := s.conn.TLSConnectionState()
		s.mb.mu.Lock()
		defer s.mb.mu.Unlock()
		s.mb.log.authTLS = append(s.mb.log.authTLS, isTLS)
		s.mb.log.users = append(s.mb.log.users, user)
		s.mb.log.passes = append(s.mb.log.passes, pass)
		if user != "bot@example.com" || pass != smtpPassword {
			return smtp.ErrAuthFailed
		}
		return nil
	}
	switch mech {
	case sasl.Plain:
		return sasl.NewPlainServer(func(_, user, pass string) error { return check(user, pass) }), nil
	case sasl.Login:
		return &loginServer{check: check}, nil
	}
	return nil, smtp.ErrAuthUnknownMechanism
}

// loginServer is the server side of AUTH LOGIN, which go-sasl lacks.
type loginServer struct {
	step  int
	user  string
	check func(user, pass string) error
}

func (l *loginServer) Next(resp []byte) ([]byte, bool, error) {
	switch l.step {
	case 0:
		l.step++
		return []byte("Username:"), false, nil
	case 1:
		l.user = string(resp)
		l.step++
		return []byte("Password:"), false, nil
	}
	return nil, true, l.check(l.user, string(resp))
}

func (s *mailSession) Mail(from string, _ *smtp.MailOptions) error { s.from = from; return nil }

func (s *mailSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	if s.mb.rcptFail != nil {
		return s.mb.rcptFail
	}
	s.rcpts = append(s.rcpts, to)
	return nil
}

func (s *mailSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.mb.mu.Lock()
	defer s.mb.mu.Unlock()
	s.mb.log.from = append(s.mb.log.from, s.from)
	s.mb.log.rcpts = append(s.mb.log.rcpts, s.rcpts)
	s.mb.log.data = append(s.mb.log.data, b)
	return nil
}

func (s *mailSession) Reset()        { s.from, s.rcpts = "", nil }
func (s *mailSession) Logout() error { return nil }

// startSMTP runs a go-smtp server on 127.0.0.1. mode is starttls, implicit
// or plain (no TLS offered at all).
func startSMTP(t *testing.T, mode string, mechs ...string) (*mailbox, int, *tls.Config) {
	t.Helper()
	serverTLS, clientTLS := testCert(t)
	mb := &mailbox{mechs: mechs}
	s := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		return &mailSession{mb: mb, conn: c}, nil
	}))
	s.Domain = "mx.test"
	var l net.Listener
	var err error
	switch mode {
	case "implicit":
		s.TLSConfig = serverTLS
		l, err = tls.Listen("tcp", "127.0.0.1:0", serverTLS)
	case "starttls":
		s.TLSConfig = serverTLS
		l, err = net.Listen("tcp", "127.0.0.1:0")
	default:
		l, err = net.Listen("tcp", "127.0.0.1:0")
	}
	require.NoError(t, err)
	go s.Serve(l)
	t.Cleanup(func() { s.Close() })
	return mb, l.Addr().(*net.TCPAddr).Port, clientTLS
}

func emailConfig(port int, tlsMode string) Config {
	return ConfigFor(EmailConfig{
		Host: "127.0.0.1", Port: port, TLS: tlsMode, Username: "bot@example.com", Password: smtpPassword,
		From: "Support Bot <bot@example.com>", To: []string{"support@acme.zendesk.com"},
		Routing: Routing{Routes: map[string]map[string]Target{"department": {"legal": {To: []string{"legal@acme.example"}}}}},
	})
}

func newEmailConn(t *testing.T, cfg Config, clientTLS *tls.Config) handoff.Connector {
	t.Helper()
	_, log := logBuffer()
	c, err := New(cfg, Options{Logger: log, Clock: clocktest.NewFake(testNow), TLSConfig: clientTLS})
	require.NoError(t, err)
	return c
}

// parts parses a multipart/alternative message into its decoded parts by
// content type.
func parts(t *testing.T, m *mail.Message) map[string]string {
	t.Helper()
	mt, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	require.NoError(t, err)
	require.Equal(t, "multipart/alternative", mt)
	out := map[string]string{}
	r := multipart.NewReader(m.Body, params["boundary"])
	for {
		p, err := r.NextPart() // decodes quoted-printable
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err)
		b, err := io.ReadAll(p)
		require.NoError(t, err)
		ct, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		out[ct] = string(b)
	}
	return out
}

func TestEmailDelivery(t *testing.T) {
	tests := []struct {
		name  string
		mode  string
		mechs []string
	}{
		{"starttls plain", "starttls", []string{sasl.Plain, sasl.Login}},
		{"implicit tls login only", "implicit", []string{sasl.Login}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mb, port, clientTLS := startSMTP(t, tt.mode, tt.mechs...)
			e := newEmailConn(t, emailConfig(port, tt.mode), clientTLS)
			h := sampleHandoff()

			r, err := e.Open(ctx(t), h)
			require.NoError(t, err)
			assert.Equal(t, "<handoff.h_01jpa7q3@example.com>", r.RemoteID)
			require.Len(t, mb.seen().data, 1)
			assert.Equal(t, []bool{true}, mb.seen().authTLS, "credentials only over TLS")
			assert.Equal(t, []string{"bot@example.com"}, mb.seen().users)
			assert.Equal(t, []string{"bot@example.com"}, mb.seen().from)
			assert.Equal(t, [][]string{{"support@acme.zendesk.com"}}, mb.seen().rcpts)

			m, err := mail.ReadMessage(bytes.NewReader(mb.seen().data[0]))
			require.NoError(t, err)
			assert.Equal(t, `"Support Bot" <bot@example.com>`, m.Header.Get("From"))
			assert.Equal(t, `"Jane Doe" <jane.doe@example.com>`, m.Header.Get("Reply-To"))
			assert.Equal(t, "support@acme.zendesk.com", m.Header.Get("To"))
			assert.Equal(t, "<handoff.h_01jpa7q3@example.com>", m.Header.Get("Message-Id"))
			assert.Equal(t, "2", m.Header.Get("X-Priority"))
			assert.Equal(t, "explicit_request, frustration", m.Header.Get("X-Handoff-Triggers"))
			subject, err := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
			require.NoError(t, err)
			assert.Equal(t, Subject(h), subject)
			date, err := m.Header.Date()
			require.NoError(t, err)
			assert.True(t, date.Equal(h.CreatedAt))
			p := parts(t, m)
			mustContainAll(t, p["text/plain"], "Reason:", "double charge", "Jane Doe <jane.doe@example.com>", "customer_id: C-991")
			assert.Contains(t, p["text/html"], "&lt;script&gt;")
			assert.NotContains(t, p["text/html"], "<script>")

			// A resend is the very same message: helpdesks dedupe it by Message-ID.
			_, err = e.Open(ctx(t), h)
			require.NoError(t, err)
			require.Len(t, mb.seen().data, 2)
			assert.Equal(t, mb.seen().data[0], mb.seen().data[1])

			h.RemoteID = r.RemoteID
			require.NoError(t, e.AddMessage(ctx(t), h, handoff.Message{Seq: 3, Text: "Any update?", At: testNow}))
			require.NoError(t, e.Close(ctx(t), h, "user ended"))
			for i, want := range []string{"<handoff.h_01jpa7q3.m3@example.com>", "<handoff.h_01jpa7q3.closed@example.com>"} {
				m, err := mail.ReadMessage(bytes.NewReader(mb.seen().data[2+i]))
				require.NoError(t, err)
				assert.Equal(t, want, m.Header.Get("Message-Id"))
				assert.Equal(t, r.RemoteID, m.Header.Get("In-Reply-To"))
				assert.Equal(t, r.RemoteID, m.Header.Get("References"))
				assert.True(t, strings.HasPrefix(m.Header.Get("Subject"), "Re: "))
			}
			require.NoError(t, e.Check(ctx(t)))
		})
	}
}

func TestEmailSenderFromAndRouting(t *testing.T) {
	mb, port, clientTLS := startSMTP(t, "starttls", sasl.Plain)
	cfg := emailConfig(port, "starttls")
	em := Section[EmailConfig](cfg)
	em.Sender = "from"
	em.Format = "text"
	cfg.SetSection(em)
	h := sampleHandoff()
	h.Route = handoff.Route{Department: "legal"}
	_, err := newEmailConn(t, cfg, clientTLS).Open(ctx(t), h)
	require.NoError(t, err)
	require.Len(t, mb.seen().data, 1)
	assert.Equal(t, [][]string{{"legal@acme.example"}}, mb.seen().rcpts)
	assert.Equal(t, []string{"bot@example.com"}, mb.seen().from, "the envelope sender stays ours")
	m, err := mail.ReadMessage(bytes.NewReader(mb.seen().data[0]))
	require.NoError(t, err)
	assert.Equal(t, `"Jane Doe" <jane.doe@example.com>`, m.Header.Get("From"))
	assert.Equal(t, `"Support Bot" <bot@example.com>`, m.Header.Get("Sender"))
	assert.True(t, strings.HasPrefix(m.Header.Get("Content-Type"), "text/plain"))
}

func TestEmailFailures(t *testing.T) {
	t.Run("wrong password is permanent and secret-free", func(t *testing.T) {
		_, port, clientTLS := startSMTP(t, "starttls", sasl.Plain)
		cfg := emailConfig(port, "starttls")
		em := Section[EmailConfig](cfg)
		em.Password = "wrong-password-123"
		cfg.SetSection(em)
		for _, call := range []func(handoff.Connector) error{
			func(c handoff.Connector) error { _, err := c.Open(ctx(t), sampleHandoff()); return err },
			func(c handoff.Connector) error { return c.Check(ctx(t)) },
		} {
			err := call(newEmailConn(t, cfg, clientTLS))
			require.Error(t, err)
			assert.Equal(t, handoff.KindPermanent, handoff.KindOf(err))
			assert.Contains(t, err.Error(), "535")
			assert.Contains(t, err.Error(), "helpdesk.email.username and password")
			assert.NotContains(t, err.Error(), "wrong-password-123")
		}
	})
	t.Run("no STARTTLS offered", func(t *testing.T) {
		mb, port, clientTLS := startSMTP(t, "plain", sasl.Plain)
		_, err := newEmailConn(t, emailConfig(port, "starttls"), clientTLS).Open(ctx(t), sampleHandoff())
		assert.Equal(t, handoff.KindPermanent, handoff.KindOf(err))
		assert.Contains(t, err.Error(), "STARTTLS")
		assert.Empty(t, mb.seen().passes, "no credentials sent in clear")
	})
	t.Run("untrusted certificate", func(t *testing.T) {
		_, port, _ := startSMTP(t, "starttls", sasl.Plain)
		_, err := newEmailConn(t, emailConfig(port, "starttls"), &tls.Config{RootCAs: x509.NewCertPool()}).Open(ctx(t), sampleHandoff())
		assert.Equal(t, handoff.KindPermanent, handoff.KindOf(err))
		assert.Contains(t, err.Error(), "certificate")
	})
	t.Run("4xx is transient", func(t *testing.T) {
		mb, port, clientTLS := startSMTP(t, "starttls", sasl.Plain)
		mb.rcptFail = &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Try again later"}
		_, err := newEmailConn(t, emailConfig(port, "starttls"), clientTLS).Open(ctx(t), sampleHandoff())
		assert.Equal(t, handoff.KindTransient, handoff.KindOf(err))
	})
	t.Run("5xx recipient is permanent", func(t *testing.T) {
		mb, port, clientTLS := startSMTP(t, "starttls", sasl.Plain)
		mb.rcptFail = &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such user"}
		_, err := newEmailConn(t, emailConfig(port, "starttls"), clientTLS).Open(ctx(t), sampleHandoff())
		assert.Equal(t, handoff.KindPermanent, handoff.KindOf(err))
		assert.Contains(t, err.Error(), "helpdesk.email.to")
	})
	t.Run("server down is transient", func(t *testing.T) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		port := l.Addr().(*net.TCPAddr).Port
		l.Close()
		_, err = newEmailConn(t, emailConfig(port, "starttls"), nil).Open(ctx(t), sampleHandoff())
		assert.Equal(t, handoff.KindTransient, handoff.KindOf(err))
		assert.Contains(t, err.Error(), strconv.Itoa(port))
	})
}

// An address stored with a quoted local part is written quoted once.
func TestEmailQuotedLocalPartNotQuotedTwice(t *testing.T) {
	cfg := emailConfig(2525, "starttls")
	em := Section[EmailConfig](cfg)
	em.Sender = "from"
	cfg.SetSection(em)
	e := mustNew(t, cfg, nopLog()).(*Email)
	h := sampleHandoff()
	h.Contact = handoff.Contact{Name: "A B", Email: `"a b"@example.com`}
	m, err := mail.ReadMessage(bytes.NewReader(e.compose(h, composeOpts{})))
	require.NoError(t, err)
	assert.Equal(t, `"A B" <"a b"@example.com>`, m.Header.Get("From"))
	from, err := mail.ParseAddress(m.Header.Get("From"))
	require.NoError(t, err)
	assert.Equal(t, "a b@example.com", from.Address, "a reply reaches the customer")
}
