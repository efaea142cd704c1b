package hooks

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/clock/clocktest"
	"github.com/handoff-mcp/handoff-mcp/handoff/helpdesk"
	"github.com/handoff-mcp/handoff-mcp/internal/testlog"
)

func TestHandlerRouting(t *testing.T) {
	v := zendeskVendor()
	cases := []struct {
		name   string
		req    func(t *testing.T) *http.Request
		status int
		log    string
	}{
		{"another connector's path", func(t *testing.T) *http.Request {
			r := v.request(t, v.message, v.secret, testNow)
			r.URL.Path = "/hooks/intercom"
			return r
		}, http.StatusNotFound, "connector not configured"},
		{"unknown connector", func(t *testing.T) *http.Request {
			r := v.request(t, v.message, v.secret, testNow)
			r.URL.Path = "/hooks/no-such-helpdesk"
			return r
		}, http.StatusNotFound, ""},
		{"GET", func(t *testing.T) *http.Request {
			return httptest.NewRequest(http.MethodGet, "/hooks/zendesk", nil)
		}, http.StatusMethodNotAllowed, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t, v.cfg)
			w := f.serve(c.req(t))
			assert.Equal(t, c.status, w.Code)
			assert.Empty(t, f.sink.got())
			if c.log != "" {
				assert.Contains(t, f.logs.String(), c.log)
			}
		})
	}

	t.Run("direct ServeHTTP refuses other methods and logs it", func(t *testing.T) {
		f := newFixture(t, v.cfg)
		w := httptest.NewRecorder()
		f.h.ServeHTTP(w, httptest.NewRequest(http.MethodPut, "/hooks/zendesk", nil))
		assert.Equal(t, http.StatusMethodNotAllowed, w.Code)
		assert.Equal(t, "POST", w.Header().Get("Allow"))
		assert.Contains(t, f.logs.String(), "not a POST")
	})
}

func TestHandlerStatus(t *testing.T) {
	cases := []struct {
		name    string
		cfg     helpdesk.Config
		enabled bool
		status  string
	}{
		{"inbox", helpdesk.Config{}, false, "helpdesk inbox sends no events back"},
		{"email", helpdesk.ConfigFor(helpdesk.EmailConfig{Host: "smtp.acme.example", From: "bot@acme.example", To: []string{"s@acme.example"}}),
			false, "helpdesk email sends no events back"},
		{"zendesk without a secret", helpdesk.ConfigFor(helpdesk.ZendeskConfig{Subdomain: "acme", Email: "a@acme.example", APIToken: "t"}),
			false, "inbound events for zendesk are off: set helpdesk.zendesk.webhook_secret"},
		{"zendesk", zendeskVendor().cfg, true, "receiving zendesk events at /hooks/zendesk"},
		{"webhook mode handoff", receiverVendor().cfg, true, "receiving webhook events at /hooks/webhook"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t, c.cfg)
			assert.Equal(t, c.enabled, f.h.Enabled())
			assert.Equal(t, c.status, f.h.Status())
			w := f.serve(post(f.h.Connector(), []byte(`{}`), nil))
			if !c.enabled {
				assert.Equal(t, http.StatusNotFound, w.Code)
				assert.Contains(t, w.Body.String(), c.status)
			}
		})
	}
}

func TestNewErrors(t *testing.T) {
	_, err := New(zendeskVendor().cfg, Options{})
	assert.ErrorContains(t, err, "Sink is required")
	_, err = New(helpdesk.Config{Type: "zendesk"}, Options{Sink: &recordingSink{}})
	assert.ErrorContains(t, err, "helpdesk: zendesk.subdomain")
	bad := zendeskVendor().cfg
	zd := helpdesk.Section[helpdesk.ZendeskConfig](bad)
	zd.WebhookSecret = "pasted with a newline\n"
	bad.SetSection(zd)
	_, err = New(bad, Options{Sink: &recordingSink{}})
	assert.ErrorContains(t, err, "zendesk.webhook_secret: contains a space or a line break")
}

func TestSinkOutcomes(t *testing.T) {
	v := chatwootVendor()
	cases := []struct {
		name    string
		err     error
		status  int
		body    string
		retried bool // the same delivery is applied again afterwards
	}{
		{"applied", nil, http.StatusOK, `{"status":"applied"}`, false},
		{"no such handoff", handoff.NotFound("no handoff for chatwoot conversation 42"), http.StatusOK, `{"status":"ignored","detail":"not found"}`, false},
		{"conflicts with the state", &handoff.Error{Kind: handoff.KindConflict, Msg: "handoff is closed"}, http.StatusOK, `{"status":"ignored","detail":"conflict"}`, false},
		{"store down", errors.New("database is locked"), http.StatusServiceUnavailable, `{"status":"error","detail":"try again later"}`, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t, v.cfg)
			f.sink.setErr(c.err)
			w := f.serve(v.request(t, v.message, v.secret, testNow))
			assert.Equal(t, c.status, w.Code)
			assert.JSONEq(t, c.body, w.Body.String())
			require.Len(t, f.sink.got(), 1)

			f.sink.setErr(nil)
			w = f.serve(v.request(t, v.message, v.secret, testNow.Add(time.Minute)))
			require.Equal(t, http.StatusOK, w.Code)
			if c.retried {
				assert.JSONEq(t, `{"status":"applied"}`, w.Body.String(), "a failed event is forgotten, so the retry applies it")
				assert.Len(t, f.sink.got(), 2)
			} else {
				assert.JSONEq(t, `{"status":"duplicate"}`, w.Body.String())
				assert.Len(t, f.sink.got(), 1)
			}
		})
	}
}

// failingDeduper fails every call.
type failingDeduper struct{}

func (failingDeduper) Seen(context.Context, string, string, time.Time) (bool, error) {
	return false, errors.New("dedupe table unavailable")
}
func (failingDeduper) Forget(context.Context, string, string) error { return nil }

func TestDeduperFailure(t *testing.T) {
	v := chatwootVendor()
	sink := &recordingSink{}
	logs := &testlog.Buffer{}
	h, err := New(v.cfg, Options{Sink: sink, Deduper: failingDeduper{}, Logger: zerolog.New(logs), Clock: clocktest.NewFake(testNow)})
	require.NoError(t, err)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, v.request(t, v.message, v.secret, testNow))
	assert.Equal(t, http.StatusServiceUnavailable, w.Code)
	assert.Empty(t, sink.got(), "without dedupe nothing is applied")
	assert.Contains(t, logs.String(), "dedupe failed")
}

func TestConcurrentRedeliveriesApplyOnce(t *testing.T) {
	v := zendeskVendor()
	f := newFixture(t, v.cfg)
	const n = 32
	codes := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i] = f.serve(v.request(t, v.message, v.secret, testNow.Add(time.Duration(i)*time.Second))).Code
		}()
	}
	wg.Wait()
	for i, c := range codes {
		assert.Equal(t, http.StatusOK, c, "delivery %d", i)
	}
	assert.Len(t, f.sink.got(), 1, "one event, applied once")
}

func TestLogsHoldNoPersonalData(t *testing.T) {
	// Applied, ignored and duplicate events are logged by ids only: never
	// the text, the agent's name or the body.
	for _, v := range []vendor{intercomVendor(), zendeskVendor(), chatwootVendor(), libredeskVendor(), livechatVendor(), freshdeskVendor(), receiverVendor(), gptbotsVendor()} {
		t.Run(v.connector+" "+helpdesk.Section[helpdesk.WebhookConfig](v.cfg).Mode, func(t *testing.T) {
			f := newFixture(t, v.cfg)
			f.serve(v.request(t, v.message, v.secret, testNow))
			f.serve(v.request(t, v.message, v.secret, testNow))
			f.serve(v.request(t, v.unused, v.secret, testNow))
			logs := f.logs.String()
			assert.Contains(t, logs, "inbound event applied")
			assert.Contains(t, logs, fmt.Sprintf(`"event_id":%q`, v.want.ID))
			assert.NotContains(t, logs, v.want.Text)
			if v.want.AgentName != "" {
				assert.NotContains(t, logs, v.want.AgentName)
			}
			for _, p := range v.private {
				assert.NotContains(t, logs, p)
			}
		})
	}
}

func TestEventMessage(t *testing.T) {
	e := zendeskVendor().want
	m := e.Message("h_1")
	assert.Equal(t, handoff.Message{
		HandoffID: "h_1", Author: handoff.AuthorAgent, Name: "Support Agent", Text: e.Text,
		ExternalID: "zendesk:9876543210", At: e.At,
	}, m)
	e.MessageID = ""
	assert.Equal(t, "zendesk:"+e.ID, e.Message("h_1").ExternalID, "without a message id the event id")
}
