package hooks

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/clock"
	"github.com/handoff-mcp/handoff-mcp/handoff/helpdesk"
)

// Pattern is the route to register the Handler at, with Go 1.22+ ServeMux
// patterns: mux.Handle(hooks.Pattern, h).
const Pattern = "POST /hooks/{connector}"

// The defaults of Options.
const (
	DefaultTolerance    = 5 * time.Minute
	DefaultMaxAge       = 24 * time.Hour
	DefaultMaxBodyBytes = 1 << 20
)

// Options configures a Handler.
type Options struct {
	// Sink receives every verified, new, non-ignored event. Required.
	Sink Sink
	// Deduper remembers received events; nil means a MemoryDeduper, which
	// is right for a single process only.
	Deduper Deduper
	// Logger receives one line per request; the zero Logger discards.
	Logger zerolog.Logger
	// Clock is the handler's time; nil means the wall clock.
	Clock clock.Clock
	// Tolerance is how far a signed timestamp may be from now, either way
	// (default 5 minutes); older requests are rejected as replays.
	Tolerance time.Duration
	// MaxAge bounds the age of events whose signed body has a time but no
	// signed send time (Intercom, which delays notifications legitimately
	// and so cannot be held to Tolerance): older ones are rejected as
	// replays (default 24 hours). The Deduper must remember events at least
	// this long.
	MaxAge time.Duration
	// MaxBodyBytes bounds a request body (default 1 MiB); larger ones get
	// 413 unread.
	MaxBodyBytes int64
	// OnResult, when set, hears the result of every request: applied,
	// duplicate, ignored, rejected (a 4xx answer) or error (a 5xx answer).
	OnResult func(result string)
}

// resultWriter remembers what reply answered, for Options.OnResult.
type resultWriter struct {
	http.ResponseWriter
	state  string
	status int
}

// result names what the request came to.
func (rw *resultWriter) result() string {
	switch {
	case rw.status >= 500:
		return "error"
	case rw.status >= 400:
		return "rejected"
	case rw.state == "":
		return "error"
	}
	return rw.state
}

// Handler serves /hooks/{connector} for the configured helpdesk. It is safe
// for concurrent use.
type Handler struct {
	connector string
	src       helpdesk.InboundSource // nil when inbound events are off
	off       string                 // why they are off
	opts      Options
}

var _ http.Handler = (*Handler)(nil)

// New returns the Handler for the helpdesk cfg configures (cfg is validated
// here; inbound secrets are optional: without one the endpoint answers 404
// and says which key turns it on).
func New(cfg helpdesk.Config, opts Options) (*Handler, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("helpdesk: %w", err)
	}
	if opts.Sink == nil {
		return nil, errors.New("hooks: Options.Sink is required")
	}
	if opts.Deduper == nil {
		opts.Deduper = NewMemoryDeduper(0, 0)
	}
	opts.Clock = clock.Or(opts.Clock)
	if opts.Tolerance <= 0 {
		opts.Tolerance = DefaultTolerance
	}
	if opts.MaxAge <= 0 {
		opts.MaxAge = DefaultMaxAge
	}
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = DefaultMaxBodyBytes
	}
	h := &Handler{connector: cfg.Type, opts: opts}
	h.opts.Logger = opts.Logger.With().Str("component", "hooks").Str("connector", cfg.Type).Logger()
	secret, key := cfg.InboundSecret()
	switch {
	case key == "":
		h.off = fmt.Sprintf("helpdesk %s sends no events back", cfg.Type)
	case !secret.IsSet():
		h.off = fmt.Sprintf("inbound events for %s are off: set helpdesk.%s", cfg.Type, key)
	default:
		spec, _ := helpdesk.Lookup(cfg.Type) // Validate found it; a key means Inbound is set
		h.src = spec.Inbound.Source(helpdesk.InboundParams{Config: cfg, Secret: secret.Value(), Tolerance: opts.Tolerance, MaxAge: opts.MaxAge})
	}
	return h, nil
}

// Connector returns the configured helpdesk, the only {connector} served.
func (h *Handler) Connector() string { return h.connector }

// Path returns the endpoint that is live, like "/hooks/zendesk".
func (h *Handler) Path() string { return "/hooks/" + h.connector }

// Enabled reports whether inbound events are on; when not, Status says why
// and which key turns them on.
func (h *Handler) Enabled() bool { return h.src != nil }

// Status describes the endpoint for logs at start.
func (h *Handler) Status() string {
	if h.src == nil {
		return h.off
	}
	return "receiving " + h.connector + " events at " + h.Path()
}

// ServeHTTP verifies, parses, dedupes and applies one inbound call.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h.opts.OnResult != nil {
		rw := &resultWriter{ResponseWriter: w}
		defer func() { h.opts.OnResult(rw.result()) }()
		w = rw
	}
	log := h.opts.Logger.With().Str("remote", r.RemoteAddr).Logger()
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		reply(w, http.StatusMethodNotAllowed, "error", "use POST")
		log.Warn().Int("status", http.StatusMethodNotAllowed).Str("method", r.Method).Msg("inbound event rejected: not a POST")
		return
	}
	name := r.PathValue("connector")
	if name == "" {
		name = r.URL.Path[strings.LastIndexByte(r.URL.Path, '/')+1:]
	}
	if name != h.connector {
		reply(w, http.StatusNotFound, "error", "no such connector")
		log.Warn().Int("status", http.StatusNotFound).Str("path_connector", helpdesk.Clip(name, 64)).Msg("inbound event rejected: connector not configured")
		return
	}
	if h.src == nil {
		reply(w, http.StatusNotFound, "error", h.off)
		log.Warn().Int("status", http.StatusNotFound).Str("reason", h.off).Msg("inbound event rejected: endpoint off")
		return
	}
	now := h.opts.Clock.Now()
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.opts.MaxBodyBytes))
	if err != nil {
		status, reason := http.StatusBadRequest, "reading the body failed"
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			status, reason = http.StatusRequestEntityTooLarge, fmt.Sprintf("body over %d bytes", h.opts.MaxBodyBytes)
		}
		reply(w, status, "error", reason)
		log.Warn().Int("status", status).Str("reason", reason).Msg("inbound event rejected")
		return
	}
	log = log.With().Int("body_bytes", len(body)).Logger()
	if err := h.src.Verify(r, body, now); err != nil {
		h.reject(w, log, err)
		return
	}
	ev, err := h.src.Parse(r, body, now)
	if err != nil {
		h.reject(w, log, err)
		return
	}
	ev.Connector = h.connector
	if ev.ID == "" {
		ev.ID = helpdesk.BodyID(body)
	}
	if ev.At.IsZero() {
		ev.At = now
	}
	ev.At = ev.At.UTC()
	log = log.With().Str("event_id", helpdesk.Clip(ev.ID, 128)).Str("topic", helpdesk.Clip(ev.Topic, 128)).Str("kind", string(ev.Kind)).
		Str("handoff_id", ev.HandoffID).Str("remote_id", ev.RemoteID).Logger()
	if ev.Kind == helpdesk.KindIgnored {
		reply(w, http.StatusOK, "ignored", ev.Reason)
		log.Debug().Str("reason", ev.Reason).Msg("inbound event ignored")
		return
	}
	h.apply(w, r, log, ev, now)
}

// apply dedupes ev and hands it to the sink.
func (h *Handler) apply(w http.ResponseWriter, r *http.Request, log zerolog.Logger, ev Event, now time.Time) {
	ctx := r.Context()
	seen, err := h.opts.Deduper.Seen(ctx, ev.Connector, ev.ID, now)
	if err != nil {
		reply(w, http.StatusServiceUnavailable, "error", "try again later")
		log.Error().Err(err).Int("status", http.StatusServiceUnavailable).Msg("inbound event not applied: dedupe failed")
		return
	}
	if seen {
		// 200, not 409: every vendor stops retrying on a 2xx.
		reply(w, http.StatusOK, "duplicate", "")
		log.Info().Int("status", http.StatusOK).Msg("inbound event rejected: duplicate (redelivered or replayed)")
		return
	}
	err = h.opts.Sink.Apply(ctx, ev)
	switch k := handoff.KindOf(err); {
	case err == nil:
		reply(w, http.StatusOK, "applied", "")
		log.Info().Int("status", http.StatusOK).Msg("inbound event applied")
	case k == handoff.KindNotFound || k == handoff.KindConflict || k == handoff.KindInvalid:
		reply(w, http.StatusOK, "ignored", k.String())
		log.Info().Int("status", http.StatusOK).Str("reason", err.Error()).Msg("inbound event changed nothing")
	default:
		if ferr := h.opts.Deduper.Forget(ctx, ev.Connector, ev.ID); ferr != nil {
			log.Error().Err(ferr).Msg("forgetting a failed inbound event; its retry will count as a duplicate")
		}
		reply(w, http.StatusServiceUnavailable, "error", "try again later")
		log.Error().Err(err).Int("status", http.StatusServiceUnavailable).Msg("inbound event not applied; the helpdesk will retry")
	}
}

// reject answers a failed verification or parse and logs why.
func (h *Handler) reject(w http.ResponseWriter, log zerolog.Logger, err error) {
	status := helpdesk.RejectionStatus(err)
	msg := "unauthorized"
	if status == http.StatusBadRequest {
		msg = "malformed event"
	}
	reply(w, status, "error", msg)
	log.Warn().Int("status", status).Str("reason", err.Error()).Msg("inbound event rejected")
}

// reply writes the small JSON answer {"status": ..., "detail": ...}.
func reply(w http.ResponseWriter, status int, state, detail string) {
	if rw, ok := w.(*resultWriter); ok {
		rw.state, rw.status = state, status
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	out := map[string]string{"status": state}
	if detail != "" {
		out["detail"] = detail
	}
	_ = json.NewEncoder(w).Encode(out)
}
