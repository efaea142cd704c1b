// Package desk is the built-in agent desk: a web page at /desk/ on the
// serve --http listener where the team works the built-in inbox. Agents log
// in (package store keeps them; `handoff-mcp agents add` creates them), see
// the queue (Waiting, Mine, Resolved), claim a conversation, read all of
// it, reply with templates, transfer it to a colleague or a team, resolve
// it, answer the messages users left, and read the team's figures (the
// Analytics page: package stats over a chosen range, as SVG charts drawn on
// the server and as text). Pages are rendered on the server
// (html/template, embedded with the script and style); Server-Sent Events
// driven by the change feed (package handoff/watch) keep them live.
//
// Every change goes through the same agent events as the helpdesks' and
// the CLI's (handoff.Service.ApplyAgentEvent), so the bot's
// get_handoff_status sees what the desk does.
package desk

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"net/http"
	"net/mail"
	"sync"
	"time"

	"github.com/rs/zerolog"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/clock"
	"github.com/handoff-mcp/handoff-mcp/handoff/watch"
	"github.com/handoff-mcp/handoff-mcp/stats"
)

// Path is where the desk is served.
const Path = "/desk/"

//go:embed web/*.html
var pageFS embed.FS

//go:embed web/static
var staticFS embed.FS

// Mailer sends an email to a customer (helpdesk.Mailer).
type Mailer interface {
	Send(ctx context.Context, to mail.Address, subject, text string) error
}

// Options are the desk's dependencies.
type Options struct {
	Store   Store
	Service *handoff.Service
	// Feed drives the live updates; nil leaves pages to reload.
	Feed *watch.Feed
	// Mailer answers offline messages by email; nil offers "mark handled"
	// only.
	Mailer Mailer
	// Stats is what the Analytics page reads; nil means Store, when it
	// implements stats.Source, else the desk has no Analytics page.
	Stats  stats.Source
	Logger zerolog.Logger
	// Clock is the desk's time; nil means the wall clock.
	Clock clock.Clock
}

// Server serves the desk. It is safe for concurrent use.
type Server struct {
	cfg    Config
	st     Store
	svc    *handoff.Service
	hs     handoff.Store
	feed   *watch.Feed
	mailer Mailer
	stats  stats.Source // nil: no Analytics page
	log    zerolog.Logger
	now    func() time.Time
	mux    *http.ServeMux
	limit  *limiter
	hub    *hub

	mu      sync.Mutex      // protects waiting
	waiting map[string]bool // handoffs seen waiting, announced once
}

// New returns the desk over cfg (Defaults applied and validated here).
func New(cfg Config, o Options) (*Server, error) {
	cfg.Defaults()
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("desk.%w", err)
	}
	if o.Store == nil || o.Service == nil {
		return nil, fmt.Errorf("desk: a store and a service are required")
	}
	now := clock.Or(o.Clock).Now
	if src, ok := o.Store.(stats.Source); ok && o.Stats == nil {
		o.Stats = src
	}
	s := &Server{
		cfg: cfg, st: o.Store, svc: o.Service, hs: o.Service.Store(), feed: o.Feed, mailer: o.Mailer, stats: o.Stats,
		log: o.Logger.With().Str("component", "desk").Logger(), now: now,
		limit: newLimiter(cfg.LoginAttempts, cfg.LoginWindow, now), hub: newHub(), waiting: map[string]bool{},
	}
	s.routes()
	return s, nil
}

// ServeHTTP serves everything under Path.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Frame-Options", "DENY")
	s.mux.ServeHTTP(w, r)
}

// AgentsOnline is how many agents have the desk open now (a live events
// stream); the expected wait told to users counts them.
func (s *Server) AgentsOnline() int { return s.hub.agents() }

func (s *Server) routes() {
	m := http.NewServeMux()
	static, _ := fs.Sub(staticFS, "web/static")
	m.Handle("GET /desk/static/", http.StripPrefix("/desk/static/", cacheStatic(http.FileServerFS(static))))
	m.HandleFunc("GET /desk/login", s.loginPage)
	m.HandleFunc("POST /desk/login", s.login)
	m.HandleFunc("POST /desk/logout", s.authed(s.logout))
	m.HandleFunc("GET /desk/{$}", s.authed(s.queue))
	m.HandleFunc("GET /desk/c/{id}", s.authed(s.conversation))
	m.HandleFunc("POST /desk/c/{id}/claim", s.authed(s.claim))
	m.HandleFunc("POST /desk/c/{id}/reply", s.authed(s.reply))
	m.HandleFunc("POST /desk/c/{id}/transfer", s.authed(s.transfer))
	m.HandleFunc("POST /desk/c/{id}/resolve", s.authed(s.resolve))
	m.HandleFunc("GET /desk/messages", s.authed(s.messages))
	m.HandleFunc("POST /desk/messages/{id}/answer", s.authed(s.answer))
	m.HandleFunc("POST /desk/messages/{id}/handled", s.authed(s.markHandled))
	m.HandleFunc("GET /desk/events", s.authed(s.eventsStream))
	if s.stats != nil {
		m.HandleFunc("GET /desk/analytics", s.authed(s.analytics))
	}
	m.HandleFunc("GET /desk", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, Path, http.StatusMovedPermanently) })
	s.mux = m
}

func cacheStatic(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-cache")
		h.ServeHTTP(w, r)
	})
}
