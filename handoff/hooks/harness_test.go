package hooks

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/handoff-mcp/handoff-mcp/handoff/clock/clocktest"
	"github.com/handoff-mcp/handoff-mcp/handoff/helpdesk"
	"github.com/handoff-mcp/handoff-mcp/internal/testlog"
)

// testNow is the injected clock of every test.
var testNow = time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)

// testMaxBody is the body limit of test handlers.
const testMaxBody = 64 << 10

// recordingSink records the events applied to it and answers err.
type recordingSink struct {
	mu     sync.Mutex
	events []Event
	err    error
}

func (s *recordingSink) Apply(_ context.Context, e Event) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.events = append(s.events, e)
	return s.err
}

func (s *recordingSink) got() []Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Event(nil), s.events...)
}

func (s *recordingSink) setErr(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.err = err
}

// fixture is a Handler for one helpdesk config, with its sink and logs,
// served through a ServeMux registered at Pattern, as the server will.
type fixture struct {
	h    *Handler
	mux  *http.ServeMux
	sink *recordingSink
	logs *testlog.Buffer
	dd   *MemoryDeduper
}

func newFixture(t *testing.T, cfg helpdesk.Config) *fixture {
	t.Helper()
	f := &fixture{sink: &recordingSink{}, logs: &testlog.Buffer{}, dd: NewMemoryDeduper(0, 0)}
	h, err := New(cfg, Options{
		Sink: f.sink, Deduper: f.dd, Logger: zerolog.New(f.logs).Level(zerolog.DebugLevel),
		Clock: clocktest.NewFake(testNow), MaxBodyBytes: testMaxBody,
	})
	require.NoError(t, err)
	f.h = h
	f.mux = http.NewServeMux()
	f.mux.Handle(Pattern, h)
	return f
}

// serve sends r through the mux and returns the response.
func (f *fixture) serve(r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	f.mux.ServeHTTP(w, r)
	return w
}

// post builds a POST to /hooks/<connector>.
func post(connector string, body []byte, hdr http.Header) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/hooks/"+connector, bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	for k, vs := range hdr {
		for _, v := range vs {
			r.Header.Add(k, v)
		}
	}
	return r
}

// payload reads testdata/<name> and fills the placeholders __SECRET__
// (LiveChat's body secret) and __TS__ (Libredesk's body timestamp).
func payload(t *testing.T, name, secret string, at time.Time) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	s := strings.ReplaceAll(string(b), "__SECRET__", secret)
	s = strings.ReplaceAll(s, "__TS__", at.UTC().Format(time.RFC3339))
	return []byte(s)
}

// vendor describes how one helpdesk authenticates its calls, for the
// contract every connector must meet.
type vendor struct {
	connector string
	cfg       helpdesk.Config
	secret    string
	// sign returns the request of body (a testdata payload with its
	// placeholders filled) signed with secret at time at; secret "" sends
	// no signature at all.
	sign func(body []byte, secret string, at time.Time) *http.Request
	// fill fills a payload's placeholders for a signature with secret at at.
	fill func(t *testing.T, name, secret string, at time.Time) []byte
	// signsBody: a body changed after signing is detected.
	signsBody bool
	// signsTime: a signed timestamp outside the tolerance is a replay.
	signsTime bool
	// message is a testdata payload that yields want, an agent_message.
	message string
	want    Event
	// unused is a testdata payload with a topic we do not act on.
	unused string
	// secrets and personal data that must never reach the logs.
	private []string
}

func (v vendor) request(t *testing.T, name, secret string, at time.Time) *http.Request {
	return v.sign(v.fill(t, name, secret, at), secret, at)
}

// assertEvent compares the fields of an applied event.
func assertEvent(t *testing.T, want, got Event) {
	t.Helper()
	assert.Equal(t, want.Connector, got.Connector, "connector")
	assert.Equal(t, want.ID, got.ID, "id")
	assert.Equal(t, want.Kind, got.Kind, "kind")
	assert.Equal(t, want.Topic, got.Topic, "topic")
	assert.Equal(t, want.HandoffID, got.HandoffID, "handoff id")
	assert.Equal(t, want.RemoteID, got.RemoteID, "remote id")
	assert.Equal(t, want.MessageID, got.MessageID, "message id")
	assert.Equal(t, want.AgentName, got.AgentName, "agent name")
	assert.Equal(t, want.Text, got.Text, "text")
	assert.True(t, want.At.Equal(got.At), "at: want %s, got %s", want.At, got.At)
}

// testContract runs what every connector must do: apply a valid event
// once, answer its redelivery 200 without applying it again, and reject
// unsigned, forged, tampered, replayed, malformed and oversized requests
// and ignore unused topics, each logged and changing nothing.
func testContract(t *testing.T, v vendor) {
	t.Helper()
	f := newFixture(t, v.cfg)
	require.True(t, f.h.Enabled(), f.h.Status())

	t.Run("valid event applied once, redelivery is a duplicate", func(t *testing.T) {
		w := f.serve(v.request(t, v.message, v.secret, testNow))
		require.Equal(t, http.StatusOK, w.Code, w.Body.String())
		assert.JSONEq(t, `{"status":"applied"}`, w.Body.String())
		got := f.sink.got()
		require.Len(t, got, 1)
		assertEvent(t, v.want, got[0])

		w = f.serve(v.request(t, v.message, v.secret, testNow.Add(30*time.Second)))
		assert.Equal(t, http.StatusOK, w.Code)
		assert.JSONEq(t, `{"status":"duplicate"}`, w.Body.String())
		assert.Len(t, f.sink.got(), 1, "a redelivery changes nothing")
		assert.Contains(t, f.logs.String(), "duplicate")
	})

	type rejected struct {
		name   string
		req    func(t *testing.T) *http.Request
		status int
		reason string
	}
	cases := []rejected{
		{"missing signature", func(t *testing.T) *http.Request {
			return v.request(t, v.message, "", testNow)
		}, http.StatusUnauthorized, "unsigned"},
		{"wrong secret", func(t *testing.T) *http.Request {
			return v.request(t, v.message, "not-the-secret-0123456789abcdef", testNow)
		}, http.StatusUnauthorized, "forged"},
		{"malformed JSON", func(t *testing.T) *http.Request {
			return v.sign([]byte(`{"truncated": `), v.secret, testNow)
		}, http.StatusBadRequest, "malformed"},
		{"oversized body", func(t *testing.T) *http.Request {
			big := append(v.fill(t, v.message, v.secret, testNow), bytes.Repeat([]byte(" "), testMaxBody)...)
			return v.sign(big, v.secret, testNow)
		}, http.StatusRequestEntityTooLarge, "body over"},
	}
	if v.signsBody {
		cases = append(cases, rejected{"body changed after signing", func(t *testing.T) *http.Request {
			r := v.request(t, v.message, v.secret, testNow)
			body := v.fill(t, v.message, v.secret, testNow)
			tampered := bytes.Replace(body, []byte(`"`), []byte(`" `), 1)
			r2 := v.sign(tampered, v.secret, testNow)
			r2.Header = r.Header.Clone() // the original signature on a changed body
			return r2
		}, http.StatusUnauthorized, "forged"})
	}
	if v.signsTime {
		cases = append(cases,
			rejected{"replayed: signed 10 minutes ago", func(t *testing.T) *http.Request {
				return v.request(t, v.message, v.secret, testNow.Add(-10*time.Minute))
			}, http.StatusUnauthorized, "replayed or stale"},
			rejected{"signed 10 minutes in the future", func(t *testing.T) *http.Request {
				return v.request(t, v.message, v.secret, testNow.Add(10*time.Minute))
			}, http.StatusUnauthorized, "replayed or stale"},
		)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g := newFixture(t, v.cfg)
			w := g.serve(c.req(t))
			assert.Equal(t, c.status, w.Code, w.Body.String())
			assert.Empty(t, g.sink.got(), "the sink is never called")
			assert.Zero(t, g.dd.Len(), "nothing is remembered")
			logs := g.logs.String()
			assert.Contains(t, logs, "inbound event rejected")
			assert.Contains(t, logs, c.reason)
			assert.Contains(t, logs, `"status":`)
			for _, p := range v.private {
				assert.NotContains(t, logs, p, "logs never hold secrets or personal data")
			}
			assert.NotContains(t, w.Body.String(), v.secret)
		})
	}

	t.Run("unused topic ignored", func(t *testing.T) {
		g := newFixture(t, v.cfg)
		w := g.serve(v.request(t, v.unused, v.secret, testNow))
		assert.Equal(t, http.StatusOK, w.Code, w.Body.String())
		assert.Contains(t, w.Body.String(), `"status":"ignored"`)
		assert.Empty(t, g.sink.got())
		assert.Contains(t, g.logs.String(), "inbound event ignored")
	})

	t.Run("off without a secret", func(t *testing.T) {
		cfg := v.cfg
		clearInbound(&cfg)
		g := newFixture(t, cfg)
		assert.False(t, g.h.Enabled())
		w := g.serve(v.request(t, v.message, v.secret, testNow))
		assert.Equal(t, http.StatusNotFound, w.Code)
		_, key := cfg.InboundSecret()
		assert.Contains(t, w.Body.String(), "set helpdesk."+key)
		assert.Empty(t, g.sink.got())
		assert.Contains(t, g.logs.String(), "endpoint off")
	})
}

// clearInbound removes the inbound secret of cfg's connector: the key its
// Spec names ("zendesk.webhook_secret"), set to "" as a YAML document
// would, through the connector's own section decoder.
func clearInbound(cfg *helpdesk.Config) {
	if cfg.Type == helpdesk.TypeWebhook {
		wh := helpdesk.Section[helpdesk.WebhookConfig](*cfg)
		wh.Mode = "gptbots" // mode handoff always has its secret; gptbots without a token is off
		wh.InboundUsername = ""
		cfg.SetSection(wh)
	}
	_, key := cfg.InboundSecret()
	section, field, ok := strings.Cut(key, ".")
	if !ok {
		panic("clearInbound: no inbound key for " + cfg.Type)
	}
	if err := yaml.Unmarshal([]byte(section+":\n  "+field+": \"\"\n"), cfg); err != nil {
		panic("clearInbound: " + err.Error())
	}
	if secret, _ := cfg.InboundSecret(); secret.IsSet() {
		panic("clearInbound: " + key + " is still set")
	}
}

// eventCase is one payload of a connector's table and what it must become.
type eventCase struct {
	name    string
	payload string
	want    Event  // applied (Kind not ignored)
	reason  string // ignored: a part of the reason
	status  int    // when not 200
	query   string // the URL's query, when the vendor puts something there
}

// testEvents serves each case and checks the applied or ignored event.
func testEvents(t *testing.T, v vendor, cases []eventCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t, v.cfg)
			r := v.request(t, c.payload, v.secret, testNow)
			r.URL.RawQuery = c.query
			w := f.serve(r)
			want := c.status
			if want == 0 {
				want = http.StatusOK
			}
			require.Equal(t, want, w.Code, w.Body.String())
			got := f.sink.got()
			if c.reason != "" || c.status != 0 {
				assert.Empty(t, got, "not applied")
				if c.reason != "" {
					assert.Contains(t, w.Body.String(), `"status":"ignored"`)
					assert.Contains(t, w.Body.String(), c.reason)
				}
				return
			}
			require.Len(t, got, 1, w.Body.String())
			assertEvent(t, c.want, got[0])
		})
	}
}
