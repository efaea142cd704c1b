package transport

import (
	"bytes"
	"context"
	"log"
	"log/slog"
	"regexp"
	"strings"

	"github.com/rs/zerolog"

	"github.com/handoff-mcp/handoff-mcp/handoff/redact"
)

// mcpGoComponent tags the lines mcp-go's transports log through us.
const mcpGoComponent = "mcp-go"

// slogHandler writes mcp-go's slog records (the streamable HTTP transport's
// logger) as zerolog events: structured, levelled, and masked. mcp-go logs at
// INFO what is per-message routine for us ("Delivered sampling response",
// "Sweeping expired session"), so INFO becomes debug; WARN and ERROR keep
// their level. Session ids are cut to a prefix (a legacy session id lets
// whoever holds it speak in the session); emails and phone numbers in any
// string are masked.
type slogHandler struct {
	log    zerolog.Logger
	attrs  []slog.Attr
	groups []string
}

var _ slog.Handler = (*slogHandler)(nil)

func newSlogHandler(l zerolog.Logger) *slogHandler {
	return &slogHandler{log: l.With().Str("component", mcpGoComponent).Logger()}
}

// newMCPGoLogger returns the slog logger handed to mcp-go.
func newMCPGoLogger(l zerolog.Logger) *slog.Logger { return slog.New(newSlogHandler(l)) }

func zerologLevel(l slog.Level) zerolog.Level {
	switch {
	case l >= slog.LevelError:
		return zerolog.ErrorLevel
	case l >= slog.LevelWarn:
		return zerolog.WarnLevel
	}
	return zerolog.DebugLevel
}

// Enabled reports whether the zerolog logger writes records of level l.
func (h *slogHandler) Enabled(_ context.Context, l slog.Level) bool {
	zl := zerologLevel(l)
	return zl >= h.log.GetLevel() && zl >= zerolog.GlobalLevel()
}

// Handle writes r as one zerolog event.
func (h *slogHandler) Handle(_ context.Context, r slog.Record) error {
	ev := h.log.WithLevel(zerologLevel(r.Level))
	if ev == nil {
		return nil
	}
	prefix := strings.Join(h.groups, ".")
	for _, a := range h.attrs {
		addAttr(ev, "", a)
	}
	r.Attrs(func(a slog.Attr) bool {
		addAttr(ev, prefix, a)
		return true
	})
	ev.Msg(scrub(r.Message))
	return nil
}

// WithAttrs returns a handler that adds attrs to every record.
func (h *slogHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	c := *h
	prefix := strings.Join(h.groups, ".")
	c.attrs = append([]slog.Attr(nil), h.attrs...)
	for _, a := range attrs {
		if prefix != "" {
			a.Key = prefix + "." + a.Key
		}
		c.attrs = append(c.attrs, a)
	}
	return &c
}

// WithGroup returns a handler that qualifies later keys with name.
func (h *slogHandler) WithGroup(name string) slog.Handler {
	if name == "" {
		return h
	}
	c := *h
	c.groups = append(append([]string(nil), h.groups...), name)
	return &c
}

func addAttr(ev *zerolog.Event, prefix string, a slog.Attr) {
	v := a.Value.Resolve()
	if a.Key == "" && v.Kind() != slog.KindGroup {
		return
	}
	key := a.Key
	if prefix != "" {
		key = prefix + "." + key
	}
	switch v.Kind() {
	case slog.KindGroup:
		for _, g := range v.Group() {
			addAttr(ev, strings.TrimPrefix(key, "."), g)
		}
	case slog.KindInt64:
		ev.Int64(key, v.Int64())
	case slog.KindUint64:
		ev.Uint64(key, v.Uint64())
	case slog.KindFloat64:
		ev.Float64(key, v.Float64())
	case slog.KindBool:
		ev.Bool(key, v.Bool())
	case slog.KindDuration:
		ev.Dur(key, v.Duration())
	case slog.KindTime:
		ev.Time(key, v.Time())
	default:
		s := v.String()
		if isSessionKey(key) {
			s = shortID(s)
		}
		ev.Str(key, scrub(s))
	}
}

// sessionIDRE matches the session ids mcp-go mints, which its messages and
// errors quote in full.
var sessionIDRE = regexp.MustCompile(`mcp-session-[0-9a-fA-F-]{8,}`)

// scrub masks emails and phone numbers in s and cuts session ids short.
func scrub(s string) string {
	return sessionIDRE.ReplaceAllStringFunc(redact.String(s), shortID)
}

func isSessionKey(k string) bool {
	k = strings.ToLower(k)
	return k == "session" || k == "sessionid" || k == "session_id" || k == "mcp.session.id"
}

// shortID keeps enough of a session id to tell sessions apart in the log,
// not enough to use it: "mcp-session-1f2e…".
func shortID(s string) string {
	n := 8
	if strings.HasPrefix(s, "mcp-session-") {
		n += len("mcp-session-")
	}
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// stdLogWriter turns the lines of a standard library *log.Logger (mcp-go's
// stdio transport reports its errors on one) into zerolog error events.
// One line is not an error: mcp-go says its tool call queue is full when a
// client sends calls faster than they are answered, and then serves the
// call at once instead of queueing it; that is a debug event.
type stdLogWriter struct{ log zerolog.Logger }

// queueFull is the line of mcp-go's stdio transport for a call served
// without queueing.
var queueFull = []byte("Tool call queue full, processing synchronously")

// Write logs each line of p as one event.
func (w stdLogWriter) Write(p []byte) (int, error) {
	for _, line := range bytes.Split(bytes.TrimRight(p, "\n"), []byte("\n")) {
		switch {
		case len(bytes.TrimSpace(line)) == 0:
		case bytes.Equal(line, queueFull):
			w.log.Debug().Msg(string(line))
		default:
			w.log.Error().Msg(scrub(string(line)))
		}
	}
	return len(p), nil
}

// newStdLogger returns the *log.Logger handed to mcp-go's stdio transport.
func newStdLogger(l zerolog.Logger) *log.Logger {
	return log.New(stdLogWriter{l.With().Str("component", mcpGoComponent).Logger()}, "", 0)
}
