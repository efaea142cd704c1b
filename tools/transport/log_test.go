package transport

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/server"
	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/internal/testlog"
)

func TestSlogHandler(t *testing.T) {
	tests := []struct {
		name  string
		level zerolog.Level
		log   func(*slog.Logger)
		want  []map[string]any
	}{
		{name: "info becomes debug, session cut short", level: zerolog.DebugLevel,
			log: func(l *slog.Logger) {
				l.Info("Delivered sampling response", "session", "mcp-session-1f2e3d4c-aaaa-bbbb-cccc-123456789abc", "request", int64(3))
			},
			want: []map[string]any{{"level": "debug", "component": "mcp-go", "session": "mcp-session-1f2e3d4c…", "request": float64(3),
				"message": "Delivered sampling response"}}},
		{name: "debug dropped at info", level: zerolog.InfoLevel,
			log:  func(l *slog.Logger) { l.Info("Sweeping expired session", "session", "s") },
			want: nil},
		{name: "errors keep their level, personal data masked", level: zerolog.InfoLevel,
			log: func(l *slog.Logger) {
				l.Error("Failed to handle sampling response", "err", "no pending request found for session mcp-session-99887766-aaaa-bbbb-cccc-123456789abc from anna.berg@example.com, +358401234567")
			},
			want: []map[string]any{{"level": "error", "component": "mcp-go",
				"err":     "no pending request found for session mcp-session-99887766… from a***@example.com, ***67",
				"message": "Failed to handle sampling response"}}},
		{name: "groups and attrs", level: zerolog.DebugLevel,
			log: func(l *slog.Logger) {
				l.With("transport", "http").WithGroup("req").Warn("slow", "took", 2*time.Second, "ok", true)
			},
			want: []map[string]any{{"level": "warn", "component": "mcp-go", "transport": "http", "req.took": float64(2000), "req.ok": true, "message": "slow"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf testlog.Buffer
			tt.log(newMCPGoLogger(zerolog.New(&buf).Level(tt.level)))
			assert.Equal(t, tt.want, buf.Lines(t))
		})
	}
}

func TestStdLogWriter(t *testing.T) {
	var buf testlog.Buffer
	newStdLogger(zerolog.New(&buf)).Printf("Error writing response: write to jo@example.com: broken pipe")
	assert.Equal(t, []map[string]any{{"level": "error", "component": "mcp-go",
		"message": "Error writing response: write to j***@example.com: broken pipe"}}, buf.Lines(t))
}

// TestStdLogWriterQueueFullIsDebug checks that mcp-go's line for a tool
// call served without queueing (a client sending calls faster than they
// are answered) is a debug event, not an error, and is gone at info.
func TestStdLogWriterQueueFullIsDebug(t *testing.T) {
	var buf testlog.Buffer
	newStdLogger(zerolog.New(&buf)).Printf("Tool call queue full, processing synchronously")
	assert.Equal(t, []map[string]any{{"level": "debug", "component": "mcp-go",
		"message": "Tool call queue full, processing synchronously"}}, buf.Lines(t))
	var quiet testlog.Buffer
	newStdLogger(zerolog.New(&quiet).Level(zerolog.InfoLevel)).Printf("Tool call queue full, processing synchronously")
	assert.Empty(t, quiet.Lines(t))
}

// failingReader fails every read, as a closed or broken stdin does.
type failingReader struct{}

func (failingReader) Read([]byte) (int, error) {
	return 0, errors.New("read /dev/stdin: input/output error")
}

// TestStdioTransportLogsThroughZerolog checks that the stdio transport's
// error lines arrive as zerolog JSON lines, not as plain text on stderr.
func TestStdioTransportLogsThroughZerolog(t *testing.T) {
	var buf testlog.Buffer
	st := NewStdio(server.NewMCPServer("log-test", "1"), zerolog.New(&buf))
	err := st.Listen(context.Background(), failingReader{}, io.Discard)
	require.Error(t, err)
	assert.Equal(t, []map[string]any{{"level": "error", "component": "mcp-go",
		"message": "Error reading input: read /dev/stdin: input/output error"}}, buf.Lines(t))
}
