package transport

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
)

// HTTPSessions bound the MCP sessions of the streamable HTTP transport
// (protocol versions before 2026-07-28, which have sessions). Zero fields
// take the defaults.
type HTTPSessions struct {
	// Idle ends a session that has had no request for this long; its id
	// then answers 404, as the MCP transport specification asks, and the
	// client initializes again. A session with a request in flight (a
	// notification stream, a call waiting for an agent) is never idle.
	// Default 30 minutes.
	Idle time.Duration
	// Max bounds the sessions (and, from 2026-07-28, subscriptions/listen
	// streams) held at once; an initialize (of a protocol before
	// 2026-07-28, which opens a session) or a listen beyond it answers
	// 503. Default 1000. Each holds at most
	// watch.MaxSubscriptionsPerClient subscriptions, freed when it ends.
	Max int
	// Replica names this process in the session ids it issues
	// ("mcp-session-<replica>-<random>"), so that a load balancer in front
	// of several replicas can send each request of a session to the replica
	// that holds it (see docs/deploy.md). Lower-case letters and digits
	// (config.Server.Replica checks them). Empty: "mcp-session-<random>".
	Replica string
}

// SessionIDPrefix is how the session ids issued by replica begin.
func SessionIDPrefix(replica string) string {
	if replica == "" {
		return "mcp-session-"
	}
	return "mcp-session-" + replica + "-"
}

// Default HTTP session bounds.
const (
	DefaultSessionIdle = 30 * time.Minute
	DefaultMaxSessions = 1000
)

// httpSessions is the transport's session id manager: it issues the ids,
// refuses every id it did not issue or has ended, ends idle sessions and
// bounds how many are held. Idle sessions are ended when the next session
// starts or when they are next used, so that nothing grows without a
// request and no goroutine of its own is needed.
type httpSessions struct {
	idle   time.Duration
	max    int
	prefix string // of the ids issued
	now    func() time.Time
	// end releases what the transport and the server keep for a session
	// (mcp-go's DELETE path: the session, its log level, its
	// subscriptions); set once the transport exists.
	end func(id string)
	// maxBody bounds what wrap reads of a body to find an initialize; the
	// transport refuses a longer body (413) itself.
	maxBody int64

	mu       sync.Mutex // protects the fields below
	live     map[string]*httpSession
	starting int // initialize and listen requests in flight, counted against max
}

type httpSession struct {
	last     time.Time // end of its last request
	inflight int
}

var _ server.SessionIdManager = (*httpSessions)(nil)

// errUnknownSession is what Validate answers for an id the server did not
// issue or has ended; mcp-go turns it into 404.
var errUnknownSession = errors.New("unknown or expired session id; initialize a new session")

func newHTTPSessions(cfg HTTPSessions, now func() time.Time) *httpSessions {
	if cfg.Idle <= 0 {
		cfg.Idle = DefaultSessionIdle
	}
	if cfg.Max <= 0 {
		cfg.Max = DefaultMaxSessions
	}
	if now == nil {
		now = time.Now
	}
	return &httpSessions{idle: cfg.Idle, max: cfg.Max, prefix: SessionIDPrefix(cfg.Replica), now: now, live: map[string]*httpSession{}, end: func(string) {},
		maxBody: server.DefaultMaxRequestBodyBytes}
}

// Generate issues a new session id (mcp-go calls it for initialize).
func (s *httpSessions) Generate() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	id := s.prefix + hex.EncodeToString(b[:])
	s.mu.Lock()
	defer s.mu.Unlock()
	s.live[id] = &httpSession{last: s.now()}
	return id
}

// Validate accepts only live session ids the server issued.
func (s *httpSessions) Validate(id string) (isTerminated bool, err error) {
	s.mu.Lock()
	sess, ok := s.live[id]
	expired := ok && s.expired(sess, s.now())
	if expired {
		delete(s.live, id)
	}
	s.mu.Unlock()
	if expired {
		s.end(id)
	}
	if !ok || expired {
		return false, errUnknownSession
	}
	return false, nil
}

// Terminate ends a session (a client's DELETE, or the transport's own).
func (s *httpSessions) Terminate(id string) (isNotAllowed bool, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.live, id)
	return false, nil
}

// expired reports whether sess has been idle for longer than the limit;
// the caller holds mu.
func (s *httpSessions) expired(sess *httpSession, now time.Time) bool {
	return sess.inflight == 0 && now.Sub(sess.last) > s.idle
}

// reserve makes room for one more session, ending idle ones first; false
// when the server is full. release undoes it once the initialize returned.
func (s *httpSessions) reserve() bool {
	now := s.now()
	var ended []string
	s.mu.Lock()
	for id, sess := range s.live {
		if s.expired(sess, now) {
			delete(s.live, id)
			ended = append(ended, id)
		}
	}
	ok := len(s.live)+s.starting < s.max
	if ok {
		s.starting++
	}
	s.mu.Unlock()
	for _, id := range ended {
		s.end(id)
	}
	return ok
}

func (s *httpSessions) release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.starting--
}

// begin marks a request of session id in flight; done ends it.
func (s *httpSessions) begin(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sess := s.live[id]; sess != nil && !s.expired(sess, s.now()) {
		sess.inflight++
	}
}

func (s *httpSessions) done(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sess := s.live[id]; sess != nil {
		if sess.inflight > 0 {
			sess.inflight--
		}
		sess.last = s.now()
	}
}

// wrap serves next (the transport) with the sessions kept: a request of a
// session counts as activity while it runs, and an initialize is refused
// with 503 when the server holds its maximum of sessions.
func (s *httpSessions) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if id := r.Header.Get(server.HeaderKeySessionID); id != "" {
			// mcp-go checks the id of a POST only; a GET stream or a
			// DELETE with an id it never issued is refused here too.
			if _, err := s.Validate(id); err != nil {
				http.Error(w, errUnknownSession.Error(), http.StatusNotFound)
				return
			}
			s.begin(id)
			defer s.done(id)
			next.ServeHTTP(w, r)
			return
		}
		if r.Method != http.MethodPost {
			if mcp.IsModernProtocol(r.Header.Get(mcp.HeaderProtocolVersion)) {
				next.ServeHTTP(w, r) // the transport answers a modern GET or DELETE
				return
			}
			// A GET or a DELETE needs a session: mcp-go would open one
			// for a GET without an id, outside the bound.
			http.Error(w, "missing Mcp-Session-Id: send initialize first, then the session id it returns", http.StatusBadRequest)
			return
		}
		if r.Body == nil {
			next.ServeHTTP(w, r)
			return
		}
		if r.Header.Get(mcp.HeaderMethod) == string(mcp.MethodSubscriptionsListen) {
			// A listen stream (2026-07-28) is what a session was before: it
			// holds subscriptions as long as it lasts, so it takes a slot.
			s.hold(w, r, next)
			return
		}
		if mcp.IsModernProtocol(r.Header.Get(mcp.HeaderProtocolVersion)) {
			// mcp-go opens no session for a request of protocol
			// 2026-07-28, initialize or not: nothing to bound, and its
			// body (every sessionless tool call) is not read twice.
			next.ServeHTTP(w, r)
			return
		}
		if r.ContentLength > s.maxBody {
			next.ServeHTTP(w, r) // the transport refuses it unread
			return
		}
		body, err := readBody(r, s.maxBody)
		if int64(len(body)) > s.maxBody {
			// Too long to be read here: the transport refuses it, from
			// its declared length or as it reads the rest.
			r.Body = struct {
				io.Reader
				io.Closer
			}{io.MultiReader(bytes.NewReader(body), r.Body), r.Body}
			next.ServeHTTP(w, r)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		if err != nil || !isInitialize(body) {
			next.ServeHTTP(w, r) // the transport reports a bad body
			return
		}
		s.hold(w, r, next)
	})
}

// readBody reads r's body whole, in one buffer of its declared length
// when it has one, but at most limit+1 bytes: more means it is longer than
// limit.
func readBody(r *http.Request, limit int64) ([]byte, error) {
	if r.ContentLength <= 0 || r.ContentLength > 1<<20 {
		return io.ReadAll(io.LimitReader(r.Body, limit+1))
	}
	buf := bytes.NewBuffer(make([]byte, 0, r.ContentLength+1))
	_, err := buf.ReadFrom(io.LimitReader(r.Body, limit+1))
	return buf.Bytes(), err
}

// hold serves r with a session slot held, or answers 503 when there is none.
func (s *httpSessions) hold(w http.ResponseWriter, r *http.Request, next http.Handler) {
	if !s.reserve() {
		w.Header().Set("Retry-After", strconv.Itoa(int(min(s.idle, time.Minute).Seconds())))
		http.Error(w, fmt.Sprintf("the server holds its maximum of %d MCP sessions and listen streams (server.max_sessions); end an unused session with DELETE or try again later", s.max), http.StatusServiceUnavailable)
		return
	}
	defer s.release()
	next.ServeHTTP(w, r)
}

// isInitialize reports whether body is a JSON-RPC initialize request. A
// body that holds neither the word nor a \u escape (which could spell it)
// is not one, and is not decoded.
func isInitialize(body []byte) bool {
	if !bytes.Contains(body, []byte("initialize")) && !bytes.Contains(body, []byte(`\u`)) {
		return false
	}
	var msg struct {
		Method mcp.MCPMethod `json:"method"`
	}
	return json.Unmarshal(body, &msg) == nil && msg.Method == mcp.MethodInitialize
}

// endVia returns a function ending a session through h's DELETE path, which
// releases everything mcp-go keeps for it and unregisters it from the
// server (whose hooks drop its subscriptions).
func endVia(h http.Handler) func(id string) {
	return func(id string) {
		req, err := http.NewRequestWithContext(context.Background(), http.MethodDelete, MCPPath, nil)
		if err != nil {
			return
		}
		req.Header.Set(server.HeaderKeySessionID, id)
		h.ServeHTTP(discard{header: http.Header{}}, req)
	}
}

// discard is a ResponseWriter that keeps nothing.
type discard struct{ header http.Header }

func (d discard) Header() http.Header         { return d.header }
func (d discard) Write(b []byte) (int, error) { return len(b), nil }
func (d discard) WriteHeader(int)             {}
