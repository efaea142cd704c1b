package transport

import (
	"context"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/internal/testlog"
)

// slowServer is an MCP server whose tool "slow" answers "done" once release
// is closed, or fails with its context's error when that ends first.
func slowServer(release <-chan struct{}) *server.MCPServer {
	srv := server.NewMCPServer("t", "1", server.WithToolCapabilities(false))
	srv.AddTool(mcp.NewTool("slow"), func(ctx context.Context, _ mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		select {
		case <-release:
			return mcp.NewToolResultText("done"), nil
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	})
	return srv
}

const drainInput = `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}
{"jsonrpc":"2.0","method":"notifications/initialized"}
{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"slow","arguments":{}}}
{"jsonrpc":"2.0","id":"three","method":"tools/call","params":{"name":"slow","arguments":{}}}
`

// listen serves input through the stdio transport, with Drain when after
// is not nil, runs meanwhile, and returns the output once Listen returned.
func listen(t *testing.T, srv *server.MCPServer, input string, log *testlog.Buffer,
	after func(time.Duration) <-chan time.Time, meanwhile func()) string {
	t.Helper()
	var out testlog.Buffer
	var in io.Reader = strings.NewReader(input)
	var w io.Writer = &out
	if after != nil {
		in, w = drainAfter(context.Background(), in, w, time.Minute, zerolog.New(log), after)
	}
	done := make(chan error, 1)
	go func() { done <- NewStdio(srv, zerolog.New(log)).Listen(context.Background(), in, w) }()
	meanwhile()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("Listen did not return")
	}
	return out.String()
}

func waitForLog(t *testing.T, log *testlog.Buffer, msg string) {
	t.Helper()
	require.Eventually(t, func() bool { return strings.Contains(log.String(), msg) }, 10*time.Second, time.Millisecond,
		"no log %q in %s", msg, log)
}

func TestDrainAnswersToolCallsReadBeforeEOF(t *testing.T) {
	t.Run("mcp-go alone cancels them", func(t *testing.T) {
		release := make(chan struct{})
		defer close(release)
		var log testlog.Buffer
		out := listen(t, slowServer(release), drainInput, &log, nil, func() {})
		assert.NotContains(t, out, `"done"`)
	})
	t.Run("drained, they answer", func(t *testing.T) {
		release := make(chan struct{})
		var log testlog.Buffer
		out := listen(t, slowServer(release), drainInput, &log, func(time.Duration) <-chan time.Time { return nil }, func() {
			waitForLog(t, &log, "input ended: waiting for the tool calls in flight to answer")
			close(release)
		})
		assert.Equal(t, 2, strings.Count(out, `"text":"done"`), out)
		assert.Contains(t, log.String(), `"calls":2`)
	})
	t.Run("bounded: calls still running when the wait ends are cancelled", func(t *testing.T) {
		release := make(chan struct{})
		defer close(release)
		fire := make(chan time.Time, 1)
		var log testlog.Buffer
		out := listen(t, slowServer(release), drainInput, &log, func(time.Duration) <-chan time.Time { return fire }, func() {
			waitForLog(t, &log, "input ended: waiting")
			fire <- time.Time{}
		})
		assert.NotContains(t, out, `"done"`)
		assert.Contains(t, log.String(), "tool calls still unanswered are cancelled")
	})
	t.Run("a call the client cancelled is not waited for", func(t *testing.T) {
		release := make(chan struct{})
		defer close(release)
		input := drainInput + `{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":2}}
{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"three"}}
`
		var log testlog.Buffer
		never := func(time.Duration) <-chan time.Time { return nil }
		listen(t, slowServer(release), input, &log, never, func() {})
		assert.NotContains(t, log.String(), "input ended")
	})
}

func TestResponseID(t *testing.T) {
	tests := []struct {
		line string
		id   string
		ok   bool
	}{
		{`{"jsonrpc":"2.0","id":7,"result":{"content":[]}}`, "7", true},
		{`{"jsonrpc":"2.0","id":"a","error":{"code":-32603,"message":"x"}}`, `"a"`, true},
		{`{"jsonrpc":"2.0","id":"a,b","result":{}}`, `"a,b"`, true},
		{`{"jsonrpc":"2.0","id":"a\"b","result":{}}`, `"a\"b"`, true},
		{`{"id": 7, "jsonrpc":"2.0", "result":{}}`, "7", true},
		{`{"jsonrpc":"2.0","id":3,"method":"sampling/createMessage","params":{}}`, "", false},
		{`{"jsonrpc":"2.0","method":"notifications/message","params":{"id":4}}`, "", false},
		{`{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}}`, "", false},
		{`not json`, "", false},
	}
	for _, tt := range tests {
		id, ok := responseID([]byte(tt.line))
		assert.Equal(t, tt.ok, ok, tt.line)
		assert.Equal(t, tt.id, id, tt.line)
	}
}

func TestLinesAcrossReads(t *testing.T) {
	var got []string
	var l lines
	each := func(b []byte) { got = append(got, string(b)) }
	for _, chunk := range []string{"ab", "c\nde", "f\n\ng", "h\n"} {
		l.feed([]byte(chunk), each)
	}
	assert.Equal(t, []string{"abc", "def", "", "gh"}, got)

	got = nil
	long := strings.Repeat("x", maxTrackedLine)
	l.feed([]byte(long), each)
	l.feed([]byte("y\nz\n"), each)
	assert.Equal(t, []string{"z"}, got, "a line longer than maxTrackedLine is passed over, the next one is read")
}

// The requests mcp-go sends the client are written outside its response
// lock: the writer may be called from two goroutines at once.
func TestDrainWriterConcurrentWrites(t *testing.T) {
	var out testlog.Buffer
	var log testlog.Buffer
	_, w := Drain(context.Background(), strings.NewReader(""), &out, time.Minute, zerolog.New(&log))
	done := make(chan struct{})
	for g := range 2 {
		go func() {
			defer func() { done <- struct{}{} }()
			for i := range 200 {
				_, err := io.WriteString(w, `{"jsonrpc":"2.0","id":`+strconv.Itoa(g*1000+i)+`,"result":{}}`+"\n")
				assert.NoError(t, err)
			}
		}()
	}
	<-done
	<-done
	assert.Equal(t, 400, strings.Count(out.String(), "\n"))
}

func TestDrainTracksBoundedCalls(t *testing.T) {
	d := &drain{pending: map[string]struct{}{}, answered: make(chan struct{}, 1)}
	for i := range maxPending + 10 {
		d.read([]byte(`{"jsonrpc":"2.0","id":` + strconv.Itoa(i) + `,"method":"tools/call","params":{"name":"x"}}`))
	}
	assert.Len(t, d.pending, maxPending)
	d.wrote([]byte(`{"jsonrpc":"2.0","id":0,"result":{}}`))
	assert.Len(t, d.pending, maxPending-1)
}
