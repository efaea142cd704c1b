package desk

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// The cookies of the desk.
const (
	sessionCookie = "desk_session"
	loginCookie   = "desk_login" // the login form's CSRF token (double submit)
	csrfField     = "csrf"
	csrfHeader    = "X-CSRF-Token"
)

type ctxKey struct{}

// who is the logged-in agent of a request.
type who struct {
	Agent   Agent
	Session Session
	Lang    string
}

func current(r *http.Request) who { return r.Context().Value(ctxKey{}).(who) }

// authed wraps h: no valid session redirects to the login page (401 for
// the events stream and for changes); a change without the session's CSRF
// token is refused with 403.
func (s *Server) authed(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie(sessionCookie)
		var ses Session
		if err == nil {
			ses, err = s.st.DeskSession(r.Context(), hashToken(c.Value), s.now())
		}
		if err != nil {
			if err != nil && !handoff.Is(err, handoff.KindNotFound) && c != nil {
				s.log.Error().Err(err).Msg("reading desk session")
			}
			if (r.Method == http.MethodGet || r.Method == http.MethodHead) && r.URL.Path != "/desk/events" {
				http.Redirect(w, r, "/desk/login", http.StatusSeeOther)
				return
			}
			http.Error(w, "log in first", http.StatusUnauthorized)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			token := r.Header.Get(csrfHeader)
			if token == "" {
				token = r.PostFormValue(csrfField)
			}
			if subtle.ConstantTimeCompare([]byte(token), []byte(ses.CSRF)) != 1 {
				s.log.Warn().Str("path", r.URL.Path).Msg("desk change refused: missing or wrong CSRF token")
				http.Error(w, "refused: the form's security token is missing or stale; reload the page and try again", http.StatusForbidden)
				return
			}
		}
		a, err := s.st.Agent(r.Context(), ses.AgentID)
		if err != nil {
			http.Redirect(w, r, "/desk/login", http.StatusSeeOther)
			return
		}
		ctx := context.WithValue(r.Context(), ctxKey{}, who{Agent: a, Session: ses, Lang: agentLang(w, r, a)})
		h(w, r.WithContext(ctx))
	}
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	s.renderLogin(w, r, "", http.StatusOK)
}

func (s *Server) renderLogin(w http.ResponseWriter, r *http.Request, errKey string, code int) {
	agents, err := s.st.Agents(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	token := randomToken()
	http.SetCookie(w, &http.Cookie{Name: loginCookie, Value: token, Path: "/desk/login", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: secure(r), MaxAge: 3600})
	s.render(w, r, code, "login", pickLang(r), map[string]any{
		"NoAgents": len(agents) == 0, "Error": errKey, "CSRF": token, "Email": r.PostFormValue("email"),
	})
}

// login checks the email and password, rate-limited per client address
// and per email, and starts a session.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	c, err := r.Cookie(loginCookie)
	if err != nil || subtle.ConstantTimeCompare([]byte(c.Value), []byte(r.PostFormValue(csrfField))) != 1 {
		http.Error(w, "refused: the login form's security token is missing or stale; reload the page", http.StatusForbidden)
		return
	}
	email := strings.ToLower(strings.TrimSpace(r.PostFormValue("email")))
	keys := []string{"ip:" + clientIP(r), "email:" + email}
	if !s.limit.allow(keys...) {
		s.log.Warn().Str("ip", clientIP(r)).Msg("desk login refused: too many failed attempts")
		s.renderLogin(w, r, "too_many", http.StatusTooManyRequests)
		return
	}
	a, err := s.st.AgentByEmail(r.Context(), email)
	if err != nil && !handoff.Is(err, handoff.KindNotFound) {
		s.fail(w, r, err)
		return
	}
	if err != nil {
		a.PasswordHash = dummyHash() // an unknown email costs the same time as a wrong password
	}
	if !a.CheckPassword(r.PostFormValue("password")) || err != nil {
		s.limit.fail(keys...)
		s.log.Info().Str("ip", clientIP(r)).Msg("desk login failed")
		s.renderLogin(w, r, "wrong_login", http.StatusUnauthorized)
		return
	}
	s.limit.reset(keys[1]) // the address keeps its count: one good login must not unlock guessing others
	token, now := randomToken(), s.now()
	ses := Session{TokenHash: hashToken(token), AgentID: a.ID, CSRF: randomToken(), CreatedAt: now, ExpiresAt: now.Add(s.cfg.SessionTTL)}
	if err := s.st.CreateDeskSession(r.Context(), ses); err != nil {
		s.fail(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: Path, HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: secure(r)}) // a browser-session cookie: the server ends the session at ExpiresAt
	http.SetCookie(w, &http.Cookie{Name: loginCookie, Value: "", Path: "/desk/login", MaxAge: -1})
	s.log.Info().Str("agent", a.Name).Msg("agent logged in to the desk")
	http.Redirect(w, r, Path, http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if err := s.st.DeleteDeskSession(r.Context(), current(r).Session.TokenHash); err != nil {
		s.fail(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: Path, MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: secure(r)})
	http.Redirect(w, r, "/desk/login", http.StatusSeeOther)
}

var (
	dummyOnce sync.Once
	dummy     string
)

// dummyHash is a bcrypt hash no password matches, compared against when
// the email is unknown.
func dummyHash() string {
	dummyOnce.Do(func() {
		h, err := bcrypt.GenerateFromPassword([]byte(randomToken()[:40]), bcrypt.DefaultCost)
		if err == nil {
			dummy = string(h)
		}
	})
	return dummy
}

// secure reports whether the request came over TLS, directly or through a
// proxy that says so.
func secure(r *http.Request) bool {
	return r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}

func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func randomToken() string {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("crypto/rand: " + err.Error()) // never fails on supported platforms
	}
	return base64.RawURLEncoding.EncodeToString(b[:])
}

func hashToken(t string) string {
	sum := sha256.Sum256([]byte(t))
	return hex.EncodeToString(sum[:])
}

// limiter counts failed logins per key in a fixed window.
type limiter struct {
	max    int
	window time.Duration
	now    func() time.Time

	mu    sync.Mutex // protects tries
	tries map[string]*tries
}

type tries struct {
	n     int
	start time.Time
}

func newLimiter(max int, window time.Duration, now func() time.Time) *limiter {
	return &limiter{max: max, window: window, now: now, tries: map[string]*tries{}}
}

// allow reports whether none of keys has used up its attempts.
func (l *limiter) allow(keys ...string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	for k, t := range l.tries {
		if now.Sub(t.start) >= l.window {
			delete(l.tries, k)
		}
	}
	for _, k := range keys {
		if t := l.tries[k]; t != nil && t.n >= l.max {
			return false
		}
	}
	return true
}

func (l *limiter) fail(keys ...string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range keys {
		t := l.tries[k]
		if t == nil {
			t = &tries{start: l.now()}
			l.tries[k] = t
		}
		t.n++
	}
}

func (l *limiter) reset(keys ...string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range keys {
		delete(l.tries, k)
	}
}
