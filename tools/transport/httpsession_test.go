package transport

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A request in flight (a notification stream, a call waiting for an
// agent) keeps its session alive however long it lasts.
func TestHTTPSessionInFlightIsNotIdle(t *testing.T) {
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	ids := newHTTPSessions(HTTPSessions{Idle: time.Minute, Max: 10}, func() time.Time { return now })
	var ended []string
	ids.end = func(id string) { ended = append(ended, id) }
	id := ids.Generate()
	ids.begin(id)
	now = now.Add(time.Hour)
	_, err := ids.Validate(id)
	require.NoError(t, err)
	require.True(t, ids.reserve())
	ids.release()
	assert.Equal(t, 1, ids.count())
	ids.done(id)
	now = now.Add(2 * time.Minute)
	require.True(t, ids.reserve())
	ids.release()
	assert.Zero(t, ids.count())
	assert.Equal(t, []string{id}, ended)
	_, err = ids.Validate(id)
	assert.ErrorIs(t, err, errUnknownSession)
}

func TestStdioOutputCorrectsTheNotFoundCode(t *testing.T) {
	var b bytes.Buffer
	_, err := StdioOutput(&b).Write([]byte(`{"jsonrpc":"2.0","id":1,"error":{"code":-32600,"message":"resource not found: handoff://h_x: no handoff has this id"}}` + "\n"))
	require.NoError(t, err)
	assert.Equal(t, `{"jsonrpc":"2.0","id":1,"error":{"code":-32002,"message":"resource not found: handoff://h_x: no handoff has this id"}}`+"\n", b.String())
	b.Reset()
	_, err = StdioOutput(&b).Write([]byte(`{"jsonrpc":"2.0","id":1,"error":{"code":-32600,"message":"Invalid JSON-RPC version"}}`))
	require.NoError(t, err)
	assert.Contains(t, b.String(), `-32600`, "other invalid requests stay")
}

// count returns how many sessions are held.
func (s *httpSessions) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.live)
}

// A replica's session ids name it, so that a load balancer can route a
// session's requests back to it; every id is still new and validated.
func TestHTTPSessionIDNamesReplica(t *testing.T) {
	for _, tc := range []struct{ replica, pattern string }{
		{"", `^mcp-session-[0-9a-f]{32}$`},
		{"r1", `^mcp-session-r1-[0-9a-f]{32}$`},
	} {
		t.Run(tc.replica, func(t *testing.T) {
			ids := newHTTPSessions(HTTPSessions{Replica: tc.replica}, nil)
			a, b := ids.Generate(), ids.Generate()
			assert.Regexp(t, tc.pattern, a)
			assert.NotEqual(t, a, b)
			_, err := ids.Validate(a)
			assert.NoError(t, err)
			_, err = ids.Validate(SessionIDPrefix(tc.replica) + "00000000000000000000000000000000")
			assert.ErrorIs(t, err, errUnknownSession, "an id of the right form that this process did not issue")
		})
	}
}

func TestIsInitialize(t *testing.T) {
	for _, tt := range []struct {
		body string
		want bool
	}{
		{`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}`, true},
		{`{"jsonrpc":"2.0","id":1,"method":"\u0069nitialize","params":{}}`, true},
		{`{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"check_service_hours"}}`, false},
		{`{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"arguments":{"q":"initialize"}}}`, false},
		{`{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"arguments":{"q":"caf\u00e9"}}}`, false},
		{`not json initialize`, false},
	} {
		assert.Equal(t, tt.want, isInitialize([]byte(tt.body)), tt.body)
	}
}

// A request of protocol 2026-07-28 opens no session in mcp-go, so the
// bound does not apply to it and its body reaches the transport unread;
// an initialize of an earlier protocol is still refused when the server
// is full.
func TestHTTPSessionsLeaveModernRequestsAlone(t *testing.T) {
	ids := newHTTPSessions(HTTPSessions{Max: 1}, nil)
	ids.Generate() // the server is full
	var reached []io.ReadCloser
	h := ids.wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reached = append(reached, r.Body)
	}))
	initialize := `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}`

	legacy := httptest.NewRequest(http.MethodPost, MCPPath, strings.NewReader(initialize))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, legacy)
	assert.Equal(t, http.StatusServiceUnavailable, rec.Code)
	assert.Empty(t, reached)

	for _, method := range []string{"tools/call", "initialize"} {
		modern := httptest.NewRequest(http.MethodPost, MCPPath, strings.NewReader(initialize))
		modern.Header.Set(mcp.HeaderProtocolVersion, mcp.ProtocolVersion20260728)
		modern.Header.Set(mcp.HeaderMethod, method)
		body := modern.Body
		rec = httptest.NewRecorder()
		h.ServeHTTP(rec, modern)
		assert.Equal(t, http.StatusOK, rec.Code, method)
		require.NotEmpty(t, reached, method)
		assert.True(t, body == reached[len(reached)-1], "%s: the body was read and replaced", method)
	}
}
