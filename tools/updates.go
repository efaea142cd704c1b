package tools

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"github.com/rs/zerolog"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/clock"
	"github.com/handoff-mcp/handoff-mcp/handoff/watch"
	"github.com/handoff-mcp/handoff-mcp/tools/transport"
)

// updates is how clients follow a handoff: the handoff://{id} resource, its
// subscriptions in both protocol eras, and request_human_handoff calls that
// wait for an agent with progress notifications.
type updates struct {
	svc   *handoff.Service
	queue QueueReporter // nil: the queue is not known
	feed  *watch.Feed   // nil: nothing is followed, calls never wait
	cfg   watch.Config
	subs  *subscriptions
	log   zerolog.Logger
	now   func() time.Time
	after func(time.Duration) <-chan time.Time
	srv   *server.MCPServer // set once the server exists
	// readOnly names the tools whose calls do not nudge the feed (set
	// before serving, read-only after).
	readOnly map[string]bool
	// wake nudges the feed (feed.Nudge; tests count the nudges).
	wake func()

	closing   chan struct{} // closed by closeStreams
	closeOnce sync.Once
	// streams ends the contexts of subscriptions/listen requests at
	// shutdown.
	streams context.Context
	endAll  context.CancelFunc

	mu   sync.Mutex // protects http
	http []*server.StreamableHTTPServer
}

func newUpdates(svc *handoff.Service, opts Options) *updates {
	cfg := watch.Config{}
	if opts.Feed != nil {
		cfg = opts.Feed.Config()
	}
	cfg.Defaults()
	clk := clock.Or(opts.Clock)
	u := &updates{
		svc: svc, feed: opts.Feed, cfg: cfg, log: opts.Logger, now: clk.Now, after: clk.After,
		subs: newSubscriptions(cfg.MaxSubscriptions, opts.Logger), closing: make(chan struct{}),
	}
	u.streams, u.endAll = context.WithCancel(context.Background())
	if u.feed != nil {
		u.wake = u.feed.Nudge
	}
	if u.queue = opts.Queue; u.queue == nil {
		u.queue, _ = any(svc).(QueueReporter)
	}
	return u
}

// setServer completes u once the MCP server exists, and starts taking the
// feed's changes.
func (u *updates) setServer(s *server.MCPServer) {
	u.srv = s
	u.subs.srv = s
	if u.feed != nil {
		u.feed.Listen(u.subs.notify)
	}
}

// hooks returns the server hooks that keep the subscriptions and check
// resource requests before they run.
func (u *updates) hooks() *server.Hooks {
	h := &server.Hooks{}
	h.AddOnRequestInitialization(u.checkRequest)
	h.AddAfterSubscribe(func(ctx context.Context, _ any, req *mcp.SubscribeRequest, _ *mcp.EmptyResult) {
		u.subs.subscribe(sessionID(ctx), req.Params.URI)
	})
	h.AddAfterUnsubscribe(func(ctx context.Context, _ any, req *mcp.UnsubscribeRequest, _ *mcp.EmptyResult) {
		u.subs.unsubscribe(sessionID(ctx), req.Params.URI)
	})
	h.AddOnUnregisterSession(func(_ context.Context, s server.ClientSession) {
		u.subs.dropSession(s.SessionID())
	})
	h.AddBeforeSubscriptionsListen(func(ctx context.Context, id any, req *mcp.SubscriptionsListenRequest) {
		u.subs.listen(ctx, id, server.ClientSessionFromContext(ctx), req.Params.Notifications.ResourceSubscriptions)
	})
	return h
}

func sessionID(ctx context.Context) string {
	if s := server.ClientSessionFromContext(ctx); s != nil {
		return s.SessionID()
	}
	return ""
}

// resourceRequest is the part of a request that checkRequest reads.
type resourceRequest struct {
	Method mcp.MCPMethod `json:"method"`
	Params struct {
		URI           string `json:"uri"`
		Notifications struct {
			ResourceSubscriptions []string `json:"resourceSubscriptions"`
		} `json:"notifications"`
	} `json:"params"`
}

// checkRequest refuses, before it runs, a read of or a subscription to a
// handoff that does not exist, and a subscription over the limits. (mcp-go
// answers every error of a resource template's handler as an internal error,
// and keeps no subscriptions, so this is where they are checked; the
// refusal is a JSON-RPC error whose message starts "resource not found".)
func (u *updates) checkRequest(ctx context.Context, _ any, message any) error {
	err := u.check(ctx, message)
	if err != nil {
		transport.NoteRefusal(ctx, err)
	}
	return err
}

func (u *updates) check(ctx context.Context, message any) error {
	raw, ok := message.(json.RawMessage)
	if !ok || !(bytes.Contains(raw, []byte(`"resources/`)) || bytes.Contains(raw, []byte(`"subscriptions/listen"`))) {
		return nil
	}
	var req resourceRequest
	if err := json.Unmarshal(raw, &req); err != nil {
		return nil // mcp-go reports the malformed request
	}
	switch req.Method {
	case mcp.MethodResourcesRead:
		if !strings.HasPrefix(req.Params.URI, HandoffURIPrefix) {
			return nil // not ours: mcp-go answers resource not found
		}
		return u.exists(ctx, req.Params.URI)
	case mcp.MethodResourcesSubscribe:
		if err := u.exists(ctx, req.Params.URI); err != nil {
			return err
		}
		return u.subs.canSubscribe(sessionID(ctx), req.Params.URI)
	case mcp.MethodSubscriptionsListen:
		uris := req.Params.Notifications.ResourceSubscriptions
		for _, uri := range uris {
			if err := u.exists(ctx, uri); err != nil {
				return err
			}
		}
		return u.subs.canListen(len(uris))
	}
	return nil
}

// exists returns a "resource not found" error unless uri names a stored
// handoff.
func (u *updates) exists(ctx context.Context, uri string) error {
	id, ok := HandoffIDFromURI(uri)
	if !ok {
		return fmt.Errorf("%w: %q is not a handoff://{id} URI; use the handoff_id that request_human_handoff returned", transport.ErrResourceNotFound, uri)
	}
	_, err := u.svc.Store().Handoff(ctx, id)
	if handoff.Is(err, handoff.KindNotFound) {
		return fmt.Errorf("%w: %s: no handoff has this id", transport.ErrResourceNotFound, uri)
	}
	if err != nil {
		u.log.Error().Err(err).Str("uri", uri).Msg("checking a handoff resource")
		return fmt.Errorf("could not look up %s; try again", uri)
	}
	return nil
}

// setReadOnly remembers which tools only read (ReadOnlyHint), whose calls
// do not nudge the change feed. Call it before serving.
func (u *updates) setReadOnly(tools []server.ServerTool) {
	u.readOnly = map[string]bool{}
	for _, t := range tools {
		if ro := t.Tool.Annotations.ReadOnlyHint; ro != nil && *ro {
			u.readOnly[t.Tool.Name] = true
		}
	}
}

// nudge asks the change feed to look now after every call of a tool that
// may write, so that subscribers hear of changes made through this process
// at once. A read-only tool changes nothing: its calls cost no query of
// the feed.
func (u *updates) nudge(next server.ToolHandlerFunc) server.ToolHandlerFunc {
	return func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		if u.feed == nil || u.readOnly[req.Params.Name] {
			return next(ctx, req)
		}
		m := &nudgeMark{}
		res, err := next(context.WithValue(ctx, nudgeMarkKey{}, m), req)
		if !m.unchanged.Load() {
			u.wake()
		}
		return res, err
	}
}

// nudgeMark is where a tool's handler says that its call changed no
// handoff (unchangedHandoffs), so the call costs no query of the feed.
type nudgeMark struct{ unchanged atomic.Bool }

type nudgeMarkKey struct{}

// unchangedHandoffs tells the change feed's nudge that this run of the
// call's handler changed no handoff (changed false) or may have (true);
// the handler's last run decides.
func unchangedHandoffs(ctx context.Context, changed bool) {
	if m, ok := ctx.Value(nudgeMarkKey{}).(*nudgeMark); ok {
		m.unchanged.Store(!changed)
	}
}

// httpContext gives each subscriptions/listen request over HTTP a context
// that closeStreams ends, so that shutdown does not wait for streams that
// never end by themselves.
func (u *updates) httpContext(ctx context.Context, r *http.Request) context.Context {
	if r.Header.Get(mcp.HeaderMethod) != string(mcp.MethodSubscriptionsListen) {
		return ctx
	}
	ctx, cancel := context.WithCancel(ctx)
	stop := context.AfterFunc(u.streams, cancel)
	context.AfterFunc(ctx, func() { stop() })
	return ctx
}

// addHTTP remembers a streamable HTTP transport, whose standalone (legacy)
// notification streams closeStreams ends.
func (u *updates) addHTTP(h *server.StreamableHTTPServer) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.http = append(u.http, h)
}

// closeStreams ends what would otherwise hold a shutdown: calls waiting for
// an agent return where the handoff stands, subscriptions/listen requests
// end, and legacy standalone SSE streams close.
func (u *updates) closeStreams() {
	u.closeOnce.Do(func() {
		close(u.closing)
		u.endAll()
		u.mu.Lock()
		hs := append([]*server.StreamableHTTPServer(nil), u.http...)
		u.mu.Unlock()
		for _, h := range hs {
			h.CloseSessions(context.Background())
		}
	})
}
