package config

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/helpdesk"
)

// This file is a whole tenth connector, "tenth": it POSTs each handoff to
// a URL with a bearer token. It lives here, in a _test.go file, to show
// what adding a connector takes: this one file (its registration, its
// section type, its constructor) and no edit anywhere else — not
// helpdesk.Config, not the YAML loader, not a switch.

type tenthConfig struct {
	URL   string         `yaml:"url"`
	Token handoff.Secret `yaml:"token"`
}

type tenth struct {
	cfg    tenthConfig
	client *http.Client
}

func (c *tenth) Name() string { return "tenth" }

func (c *tenth) post(ctx context.Context, path string, body any) error {
	b, err := json.Marshal(body)
	if err != nil {
		return fmt.Errorf("encoding tenth request: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.cfg.URL+path, bytes.NewReader(b))
	if err != nil {
		return fmt.Errorf("building tenth request: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+c.cfg.Token.Value())
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.client.Do(req)
	if err != nil {
		return fmt.Errorf("posting to tenth: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("tenth answered %s", resp.Status)
	}
	return nil
}

func (c *tenth) Open(ctx context.Context, h handoff.Handoff) (handoff.Receipt, error) {
	err := c.post(ctx, "/open", map[string]string{"id": h.ID, "text": helpdesk.Text(h)})
	return handoff.Receipt{RemoteID: h.ID}, err
}

func (c *tenth) AddMessage(ctx context.Context, h handoff.Handoff, m handoff.Message) error {
	return c.post(ctx, "/message", map[string]string{"id": h.ID, "text": m.Text})
}

func (c *tenth) Close(ctx context.Context, h handoff.Handoff, reason string) error {
	return c.post(ctx, "/close", map[string]string{"id": h.ID, "reason": reason})
}

func (c *tenth) Check(context.Context) error { return nil }

func init() {
	helpdesk.Register(helpdesk.Spec{
		Type: "tenth", Section: "tenth",
		NewSection: func() any { return new(tenthConfig) },
		Validate:   func(c *helpdesk.Config) error { return helpdesk.EditSection(c, (*tenthConfig).validate) },
		New: func(c helpdesk.Config, o helpdesk.Options) handoff.Connector {
			return &tenth{cfg: helpdesk.Section[tenthConfig](c), client: o.HTTPClient}
		},
		Example: func() helpdesk.Config { return helpdesk.ConfigFor(tenthConfig{URL: "https://tenth.example.com"}) },
	})
}

func (c *tenthConfig) validate() error {
	c.URL = strings.TrimRight(c.URL, "/")
	if !strings.HasPrefix(c.URL, "http") {
		return errors.New("tenth.url: set the http(s) URL handoffs are posted to")
	}
	return nil
}

// TestTenthConnector loads the tenth connector's section through the
// strict loader (${ENV} secrets, unknown keys and type errors named like
// any other section's) and opens a handoff with it.
func TestTenthConnector(t *testing.T) {
	require.NoError(t, helpdesk.CheckRegistry())
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = append(got, r.Method+" "+r.URL.Path+" "+r.Header.Get("Authorization"))
	}))
	t.Cleanup(srv.Close)
	lookup := func(k string) (string, bool) { return "t0ken", k == "TENTH_TOKEN" }

	c, err := Parse([]byte("helpdesk:\n  type: tenth\n  tenth:\n    url: "+srv.URL+"/\n    token: ${TENTH_TOKEN}\n"), lookup)
	require.NoError(t, err)
	sec := helpdesk.Section[tenthConfig](c.Helpdesk)
	assert.Equal(t, srv.URL, sec.URL)
	assert.Equal(t, "t0ken", sec.Token.Value())

	conn, err := helpdesk.New(c.Helpdesk, helpdesk.Options{})
	require.NoError(t, err)
	_, err = conn.Open(context.Background(), handoff.Handoff{ID: "h1"})
	require.NoError(t, err)
	assert.Equal(t, []string{"POST /open Bearer t0ken"}, got)
	masked, err := c.Masked()
	require.NoError(t, err)
	assert.Contains(t, string(masked), "  tenth:\n    url: "+srv.URL+"\n    token: '********'\n", "config check prints the section, secrets masked")

	_, err = Parse([]byte("helpdesk:\n  type: tenth\n  tenth:\n    url: https://x\n    tokn: a\n"), lookup)
	assert.ErrorContains(t, err, `line 5: unknown key "tokn" in helpdesk.tenth; did you mean "token"?`)
	_, err = Parse([]byte("helpdesk:\n  type: tenth\n  tenth:\n    url: [1]\n"), lookup)
	assert.ErrorContains(t, err, "helpdesk.tenth.url")
	_, err = Parse([]byte("helpdesk:\n  type: tenth\n  tenth:\n    url: ftp://x\n"), lookup)
	assert.ErrorContains(t, err, "helpdesk.tenth.url: set the http(s) URL")
	_, err = Parse([]byte("helpdesk:\n  tenht: {}\n"), lookup)
	assert.ErrorContains(t, err, `unknown key "tenht" in helpdesk; did you mean "tenth"?`)
}
