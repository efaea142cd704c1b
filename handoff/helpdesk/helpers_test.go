package helpdesk

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/clock/clocktest"
)

// testNow is the fixed time of every test.
var testNow = time.Date(2025, 3, 14, 9, 30, 0, 0, time.UTC)

// sampleHandoff is a realistic handoff whose transcript carries markup, to
// catch unescaped HTML.
func sampleHandoff() handoff.Handoff {
	return handoff.Handoff{
		ID:             "h_01JPA7Q3",
		ConversationID: "conv-42",
		State:          handoff.StateQueued,
		Contact:        handoff.Contact{Email: "jane.doe@example.com", Name: "Jane Doe", Phone: "+4915112345678"},
		Language:       "de",
		Transcript: []handoff.Turn{
			{Role: handoff.RoleUser, Content: "My invoice shows two charges of 49 €"},
			{Role: handoff.RoleAssistant, Content: "I can see one charge. Could you check again?"},
			{Role: handoff.RoleUser, Content: "It is <b>twice</b>! <script>alert('x')</script> I want a human now."},
		},
		Question:   "It is <b>twice</b>! <script>alert('x')</script> I want a human now.",
		Triggers:   []string{"explicit_request", "frustration"},
		Reason:     "The user asks for a human and is angry about a double charge.",
		Classifier: "cascade/llm",
		Confidence: 0.93,
		Route:      handoff.Route{Team: "billing"},
		Priority:   handoff.PriorityHigh,
		Metadata:   map[string]string{"plan": "pro", "customer_id": "C-991"},
		Connector:  "test",
		CreatedAt:  time.Date(2025, 3, 14, 9, 29, 12, 0, time.UTC),
	}
}

// recorded is one request a fake helpdesk received.
type recorded struct {
	Method, Path, Query string
	Header              http.Header
	Body                []byte
}

// JSON decodes the body into a generic map.
func (r recorded) JSON(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(r.Body, &m), "body: %s", r.Body)
	return m
}

// fake is an httptest server that records requests and answers from a
// route table keyed "METHOD /path".
type fake struct {
	t      *testing.T
	srv    *httptest.Server
	mu     sync.Mutex // protects reqs and routes
	reqs   []recorded
	routes map[string]http.HandlerFunc
}

func newFake(t *testing.T) *fake {
	f := &fake{t: t, routes: map[string]http.HandlerFunc{}}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		f.mu.Lock()
		f.reqs = append(f.reqs, recorded{r.Method, r.URL.Path, r.URL.RawQuery, r.Header.Clone(), body})
		h, ok := f.routes[r.Method+" "+r.URL.Path]
		f.mu.Unlock()
		if !ok {
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, `{"error":"no such route in fake"}`)
			return
		}
		h(w, r)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fake) on(route string, h http.HandlerFunc) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.routes[route] = h
}

// reply answers status with a JSON body.
func reply(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		io.WriteString(w, body)
	}
}

func (f *fake) requests() []recorded {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]recorded(nil), f.reqs...)
}

// only returns the single request to route, failing otherwise.
func (f *fake) only(route string) recorded {
	f.t.Helper()
	var got []recorded
	for _, r := range f.requests() {
		if r.Method+" "+r.Path == route {
			got = append(got, r)
		}
	}
	require.Len(f.t, got, 1, "requests to %s", route)
	return got[0]
}

func (f *fake) routesHit() []string {
	var out []string
	for _, r := range f.requests() {
		out = append(out, r.Method+" "+r.Path)
	}
	return out
}

// logBuffer returns a debug-level logger writing into a buffer.
func logBuffer() (*bytes.Buffer, zerolog.Logger) {
	var b bytes.Buffer
	return &b, zerolog.New(&b).Level(zerolog.DebugLevel)
}

func mustNew(t *testing.T, cfg Config, log zerolog.Logger) handoff.Connector {
	t.Helper()
	c, err := New(cfg, Options{Logger: log, Clock: clocktest.NewFake(testNow)})
	require.NoError(t, err)
	return c
}

func ctx(t *testing.T) context.Context { return t.Context() }

// mustContain fails unless every part is in s.
func mustContainAll(t *testing.T, s string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		require.True(t, strings.Contains(s, p), "missing %q in:\n%s", p, s)
	}
}

func nopLog() zerolog.Logger { return zerolog.Nop() }
