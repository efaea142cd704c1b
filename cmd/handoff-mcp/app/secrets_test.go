package app

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/cmd/handoff-mcp/config"
	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/clock/clocktest"
	"github.com/handoff-mcp/handoff-mcp/internal/testlog"
)

// A recognisable secret per credential; each test also looks for the
// encoded forms the connectors put on the wire.
const (
	zendeskToken    = "SECRET-zendesk-token-3c4d5e6f"
	freshdeskKey    = "SECRET-freshdesk-key-5e6f7a8b"
	intercomToken   = "SECRET-intercom-token-7a8b9c0d"
	chatwootToken   = "SECRET-chatwoot-token-9c0d1e2f"
	livechatToken   = "SECRET-livechat-pat-1e2f3a4b"
	libredeskSecret = "SECRET-libredesk-secret-3a4b5c6d"
	hookSecret      = "SECRET-webhook-signing-key-5c6d7e8f"
	hookPassword    = "SECRET-webhook-password-7e8f9a0b"
	smtpPass        = "SECRET-smtp-password-9a0b1c2d"
)

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// leakyDesk is a helpdesk API that fails every request and echoes the
// credentials it received back in its error body, the worst a remote can
// do: 500 twice, then 429, then 401 for good.
type leakyDesk struct {
	mu sync.Mutex // protects n
	n  int
}

func (d *leakyDesk) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	d.mu.Lock()
	d.n++
	n := d.n
	d.mu.Unlock()
	auth := r.Header.Get("Authorization")
	_, bare, _ := strings.Cut(auth, " ")
	user, pass, _ := r.BasicAuth()
	echo := fmt.Sprintf("credentials %q (%s) user %q password %q token %q", auth, bare, user, pass, r.Header.Get("api_access_token"))
	body, _ := json.Marshal(map[string]any{"error": "invalid request: " + echo, "message": bare, "errors": []string{pass, auth}})
	w.Header().Set("Content-Type", "application/json")
	switch {
	case n <= 2:
		w.WriteHeader(http.StatusInternalServerError)
	case n == 3:
		w.Header().Set("Retry-After", "1")
		w.WriteHeader(http.StatusTooManyRequests)
	default:
		w.WriteHeader(http.StatusUnauthorized)
	}
	_, _ = w.Write(body)
}

// leakyMail is an SMTP server that refuses every AUTH and echoes the
// password: temporarily twice, then for good.
type leakyMail struct {
	mu sync.Mutex // protects n
	n  int
}

type leakySession struct{ m *leakyMail }

func (s leakySession) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s leakySession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		s.m.mu.Lock()
		s.m.n++
		n := s.m.n
		s.m.mu.Unlock()
		msg := fmt.Sprintf("auth for %s with %s (%s) refused", user, pass, b64("\x00"+user+"\x00"+pass))
		if n <= 2 {
			return &smtp.SMTPError{Code: 454, EnhancedCode: smtp.EnhancedCode{4, 7, 0}, Message: msg}
		}
		return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: msg}
	}), nil
}

func (leakySession) Mail(string, *smtp.MailOptions) error { return nil }
func (leakySession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (leakySession) Data(io.Reader) error                 { return nil }
func (leakySession) Reset()                               {}
func (leakySession) Logout() error                        { return nil }

// startLeakyMail runs leakyMail with STARTTLS on 127.0.0.1 and returns its
// port and a client TLS config that trusts it.
func startLeakyMail(t *testing.T) (int, *tls.Config) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	cert, err := x509.ParseCertificate(der)
	require.NoError(t, err)
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	m := &leakyMail{}
	s := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return leakySession{m}, nil }))
	s.Domain = "mx.test"
	s.TLSConfig = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	go s.Serve(l)
	t.Cleanup(func() { s.Close() })
	return l.Addr().(*net.TCPAddr).Port, &tls.Config{RootCAs: pool}
}

func TestSecretsNeverLeak(t *testing.T) {
	tests := []struct {
		name    string
		section func(url string, port int) string
		secrets []string
	}{
		{"webhook", func(u string, _ int) string {
			return "type: webhook\n  webhook:\n    url: " + u + "/hook\n    secret: " + hookSecret + "\n    username: bot\n    password: " + hookPassword
		}, []string{hookSecret, hookPassword, b64("bot:" + hookPassword)}},
		{"gptbots", func(u string, _ int) string {
			return "type: webhook\n  webhook:\n    url: " + u + "\n    mode: gptbots\n    secret: " + hookSecret + "\n    username: bot\n    password: " + hookPassword
		}, []string{hookSecret, hookPassword, b64("bot:" + hookPassword)}},
		{"email", func(_ string, port int) string {
			return fmt.Sprintf("type: email\n  email:\n    host: 127.0.0.1\n    port: %d\n    username: bot@example.com\n    password: %s\n    from: Bot <bot@example.com>\n    to: [desk@example.com]", port, smtpPass)
		}, []string{smtpPass, b64("\x00bot@example.com\x00" + smtpPass)}},
		{"zendesk", func(u string, _ int) string {
			return "type: zendesk\n  zendesk:\n    base_url: " + u + "\n    email: agent@acme.com\n    api_token: " + zendeskToken
		}, []string{zendeskToken, b64("agent@acme.com/token:" + zendeskToken)}},
		{"freshdesk", func(u string, _ int) string {
			return "type: freshdesk\n  freshdesk:\n    base_url: " + u + "\n    api_key: " + freshdeskKey
		}, []string{freshdeskKey, b64(freshdeskKey + ":X")}},
		{"intercom", func(u string, _ int) string {
			return "type: intercom\n  intercom:\n    base_url: " + u + "\n    access_token: " + intercomToken
		}, []string{intercomToken}},
		{"chatwoot", func(u string, _ int) string {
			return "type: chatwoot\n  chatwoot:\n    base_url: " + u + "\n    account_id: 1\n    inbox_id: 2\n    api_access_token: " + chatwootToken
		}, []string{chatwootToken}},
		{"livechat", func(u string, _ int) string {
			return "type: livechat\n  livechat:\n    base_url: " + u + "\n    account_id: acct-1\n    token: " + livechatToken
		}, []string{livechatToken, b64("acct-1:" + livechatToken)}},
		{"libredesk", func(u string, _ int) string {
			return "type: libredesk\n  libredesk:\n    base_url: " + u + "\n    api_key: ld_key_1\n    api_secret: " + libredeskSecret + "\n    inbox_id: 1"
		}, []string{libredeskSecret, b64("ld_key_1:" + libredeskSecret)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(&leakyDesk{})
			defer srv.Close()
			port, clientTLS := startLeakyMail(t)
			doc := "helpdesk:\n  " + tt.section(srv.URL, port) + "\n  timeout: 5s\n" +
				"delivery:\n  attempts: 10\n  backoff_base: 1s\n  backoff_max: 2s\n  lease: 30s\n  first_attempt_wait: 10s\n"
			cfg, err := config.Parse([]byte(doc), func(string) (string, bool) { return "", false })
			require.NoError(t, err)
			out := runThroughFailures(t, cfg, clientTLS)
			for _, sec := range tt.secrets {
				// The whole secret, and any 12 characters of it, as a
				// truncated error could carry.
				for i := 0; i+12 <= len(sec); i += 4 {
					part := sec[i : i+12]
					for name, text := range out {
						require.NotContains(t, text, part, "%s shows part of secret %q", name, sec)
					}
				}
			}
		})
	}
}

// runThroughFailures assembles the app over cfg, runs handoffs and a
// message for the team through the failing helpdesk until they are parked
// as failed, and returns everything a person or a model could see: the
// logs, the tool results, and the command outputs.
func runThroughFailures(t *testing.T, cfg *config.Config, clientTLS *tls.Config) map[string]string {
	t.Helper()
	ctx := context.Background()
	var logs testlog.Buffer
	clk := clocktest.NewFake(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	a, err := New(ctx, cfg, Options{DBPath: t.TempDir() + "/h.db", LogLevel: "debug", Stderr: &logs, Clock: clk, TLSConfig: clientTLS})
	require.NoError(t, err)
	defer a.Close()
	c, err := client.NewInProcessClient(a.MCP.MCPServer)
	require.NoError(t, err)
	require.NoError(t, c.Start(ctx))
	var init mcp.InitializeRequest
	init.Params.ClientInfo = mcp.Implementation{Name: "secrets", Version: "1"}
	_, err = c.Initialize(ctx, init)
	require.NoError(t, err)
	defer c.Close()

	results := &bytes.Buffer{}
	callTool := func(name string, args map[string]any) map[string]any {
		var req mcp.CallToolRequest
		req.Params.Name, req.Params.Arguments = name, args
		res, err := c.CallTool(ctx, req)
		require.NoError(t, err)
		b, err := json.Marshal(res)
		require.NoError(t, err)
		results.Write(b)
		var sc map[string]any
		b, _ = json.Marshal(res.StructuredContent)
		_ = json.Unmarshal(b, &sc)
		return sc
	}
	ask := func(conv string) map[string]any {
		return callTool("request_human_handoff", map[string]any{
			"conversation_id": conv, "email": "ada@example.com", "language": "en",
			"transcript": []map[string]string{{"role": "user", "content": "I want to talk to a human agent now."}},
		})
	}

	first := ask("c1")
	require.Equal(t, "queued", first["status"], "the first attempt failed for now")
	assert.NotEmpty(t, first["helpdesk_error"])
	for range 6 {
		clk.Advance(time.Minute)
		_, err := a.Worker.RunOnce(ctx)
		require.NoError(t, err)
	}
	h, err := a.Store.Handoff(ctx, first["handoff_id"].(string))
	require.NoError(t, err)
	require.Equal(t, handoff.StateFailed, h.State, "parked after a permanent refusal: %s", h.LastError)

	second := ask("c2")
	assert.Equal(t, "failed", second["status"])
	assert.NotEmpty(t, second["helpdesk_error"])
	callTool("collect_contact", map[string]any{"conversation_id": "c3", "email": "bo@example.com", "message": "Please call me back."})
	a.Worker.Wait()
	a.Monitor.Check(ctx)
	hours := callTool("check_service_hours", map[string]any{})
	assert.Equal(t, "unavailable", hours["helpdesk"].(map[string]any)["status"])

	out := map[string]string{"tool results": results.String()}
	var b bytes.Buffer
	_ = RunHelpdeskTest(ctx, &b, cfg.Helpdesk, a.Connector, HelpdeskTest{})
	out["helpdesk test"] = b.String()
	b.Reset()
	evs, err := a.Store.Events(ctx, h.ID)
	require.NoError(t, err)
	ds, err := a.Store.Deliveries(ctx, handoff.DeliveryFilter{})
	require.NoError(t, err)
	require.NoError(t, PrintHandoff(&b, h, evs))
	require.NoError(t, PrintDeliveries(&b, ds))
	stats, err := a.Store.DeliveryStats(ctx)
	require.NoError(t, err)
	require.NoError(t, PrintHelpdeskStatus(&b, a.Monitor.Status(), stats, ds, clk.Now()))
	out["inbox show and helpdesk status"] = b.String()
	masked, err := cfg.Masked()
	require.NoError(t, err)
	out["config check"] = string(masked)
	require.NoError(t, a.Close())
	out["logs"] = logs.String()
	assert.Contains(t, out["logs"], `"configuration_error":true`, "the refusal was logged as a configuration error")
	assert.Contains(t, out["inbox show and helpdesk status"], "configuration error")
	return out
}

// fakeClock is the fake clock of the tests, which moves only when told.
type fakeClock = clocktest.Fake
