package desk_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/cmd/handoff-mcp/app"
	"github.com/handoff-mcp/handoff-mcp/cmd/handoff-mcp/config"
	"github.com/handoff-mcp/handoff-mcp/desk"
	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/clock/clocktest"
)

var t0 = time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)

type site struct {
	t   *testing.T
	app *app.App
	srv *httptest.Server
	clk *clocktest.Fake
}

func newSite(t *testing.T, doc string) *site {
	t.Helper()
	cfg, err := config.Parse([]byte(doc), func(string) (string, bool) { return "", false })
	require.NoError(t, err)
	clk := clocktest.NewFake(t0)
	a, err := app.New(context.Background(), cfg, app.Options{DBPath: t.TempDir() + "/h.db", LogLevel: "error", Stderr: io.Discard, Clock: clocktest.WithoutTimers(clk)})
	require.NoError(t, err)
	srv := httptest.NewServer(a.Handler(""))
	t.Cleanup(func() { srv.Close(); a.Close() })
	return &site{t: t, app: a, srv: srv, clk: clk}
}

func (s *site) addAgent(name, email, pw string) {
	s.t.Helper()
	a, err := desk.NewAgent(name, email, desk.RoleAgent, nil, []string{"en"}, pw)
	require.NoError(s.t, err)
	_, err = s.app.Store.AddAgent(context.Background(), a)
	require.NoError(s.t, err)
}

// browser is a cookie-keeping client that does not follow redirects.
func (s *site) browser() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func get(t *testing.T, c *http.Client, u string) (*http.Response, string) {
	t.Helper()
	res, err := c.Get(u)
	require.NoError(t, err)
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	return res, string(b)
}

func post(t *testing.T, c *http.Client, u string, form url.Values, hdr map[string]string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, u, strings.NewReader(form.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	res, err := c.Do(req)
	require.NoError(t, err)
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	return res, string(b)
}

// login posts the login form as a browser would and returns the response.
func (s *site) login(c *http.Client, email, pw string, hdr map[string]string) *http.Response {
	s.t.Helper()
	_, page := get(s.t, c, s.srv.URL+"/desk/login")
	m := csrfRE.FindStringSubmatch(page)
	require.NotNil(s.t, m, page)
	res, _ := post(s.t, c, s.srv.URL+"/desk/login", url.Values{"csrf": {m[1]}, "email": {email}, "password": {pw}}, hdr)
	return res
}

func TestLoginPageSaysHowToCreateTheFirstAgent(t *testing.T) {
	s := newSite(t, "")
	res, page := get(t, s.browser(), s.srv.URL+"/desk/login")
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Contains(t, page, `handoff-mcp agents add --name "Your Name" --email you@example.com --role admin`)
	s.addAgent("Lea", "lea@example.com", "a long password")
	_, page = get(t, s.browser(), s.srv.URL+"/desk/login")
	assert.NotContains(t, page, "agents add")
}

func TestLoginSessionCSRFAndLogout(t *testing.T) {
	s := newSite(t, "")
	s.addAgent("Lea", "lea@example.com", "a long password")
	c := s.browser()

	res, _ := get(t, c, s.srv.URL+"/desk/")
	assert.Equal(t, http.StatusSeeOther, res.StatusCode)
	assert.Equal(t, "/desk/login", res.Header.Get("Location"))

	// The login form needs its own token.
	res, _ = post(t, c, s.srv.URL+"/desk/login", url.Values{"email": {"lea@example.com"}, "password": {"a long password"}}, nil)
	assert.Equal(t, http.StatusForbidden, res.StatusCode)

	assert.Equal(t, http.StatusUnauthorized, s.login(c, "lea@example.com", "wrong password!", nil).StatusCode)
	res = s.login(c, "lea@example.com", "a long password", nil)
	require.Equal(t, http.StatusSeeOther, res.StatusCode)
	var cookie *http.Cookie
	for _, ck := range res.Cookies() {
		if ck.Name == "desk_session" {
			cookie = ck
		}
	}
	require.NotNil(t, cookie)
	assert.True(t, cookie.HttpOnly)
	assert.Equal(t, http.SameSiteStrictMode, cookie.SameSite)
	assert.False(t, cookie.Secure, "plain http on loopback")
	assert.Equal(t, "/desk/", cookie.Path)

	res, page := get(t, c, s.srv.URL+"/desk/")
	require.Equal(t, http.StatusOK, res.StatusCode)
	m := csrfRE.FindStringSubmatch(page)
	require.NotNil(t, m)
	token := m[1]

	// Changes need the session's token, as a field or a header.
	res, _ = post(t, c, s.srv.URL+"/desk/c/h_nope/claim", nil, nil)
	assert.Equal(t, http.StatusForbidden, res.StatusCode)
	res, _ = post(t, c, s.srv.URL+"/desk/c/h_nope/claim", url.Values{"csrf": {"forged"}}, nil)
	assert.Equal(t, http.StatusForbidden, res.StatusCode)
	res, _ = post(t, c, s.srv.URL+"/desk/c/h_nope/claim", nil, map[string]string{"X-CSRF-Token": token})
	assert.Equal(t, http.StatusSeeOther, res.StatusCode, "accepted, and the unknown handoff reported on the page")

	res, _ = post(t, c, s.srv.URL+"/desk/logout", url.Values{"csrf": {token}}, nil)
	assert.Equal(t, http.StatusSeeOther, res.StatusCode)
	res, _ = get(t, c, s.srv.URL+"/desk/")
	assert.Equal(t, http.StatusSeeOther, res.StatusCode, "logged out")
}

func TestSecureCookieBehindTLS(t *testing.T) {
	s := newSite(t, "")
	s.addAgent("Lea", "lea@example.com", "a long password")
	res := s.login(s.browser(), "lea@example.com", "a long password", map[string]string{"X-Forwarded-Proto": "https"})
	require.Equal(t, http.StatusSeeOther, res.StatusCode)
	for _, ck := range res.Cookies() {
		if ck.Name == "desk_session" {
			assert.True(t, ck.Secure)
			return
		}
	}
	t.Fatal("no session cookie")
}

func TestLoginRateLimitAndSessionExpiry(t *testing.T) {
	s := newSite(t, "desk:\n  login_attempts: 3\n  login_window: 10m\n  session_ttl: 1h\n")
	s.addAgent("Lea", "lea@example.com", "a long password")
	c := s.browser()
	for range 3 {
		assert.Equal(t, http.StatusUnauthorized, s.login(c, "lea@example.com", "guess guess guess", nil).StatusCode)
	}
	assert.Equal(t, http.StatusTooManyRequests, s.login(c, "lea@example.com", "a long password", nil).StatusCode,
		"refused even with the right password until the window passes")
	s.clk.Advance(10 * time.Minute)
	require.Equal(t, http.StatusSeeOther, s.login(c, "lea@example.com", "a long password", nil).StatusCode)

	res, _ := get(t, c, s.srv.URL+"/desk/")
	assert.Equal(t, http.StatusOK, res.StatusCode)
	s.clk.Advance(time.Hour)
	res, _ = get(t, c, s.srv.URL+"/desk/")
	assert.Equal(t, http.StatusSeeOther, res.StatusCode, "the session expired")
	res, _ = get(t, c, s.srv.URL+"/desk/events")
	assert.Equal(t, http.StatusUnauthorized, res.StatusCode)
}

func TestTemplates(t *testing.T) {
	var c desk.Config
	c.Templates = map[string]map[string]string{
		"greeting": {"en": "Hello {customer}, {agent} here."},
		"refund":   {"de-AT": "Ihre Rückerstattung ist unterwegs, {customer}."},
	}
	c.Defaults()
	require.NoError(t, c.Validate())
	for _, tc := range []struct{ name, lang, agent, customer, want string }{
		{"greeting", "en", "Lea", "Anna", "Hello Anna, Lea here."},
		{"greeting", "fi", "Lea", "Anna", "Hei Anna! Olen asiakaspalvelija Lea. Miten voin auttaa?"}, // the other languages stay
		{"greeting", "pt", "Lea", "Anna", "Hello Anna, Lea here."},                                   // none: English
		{"closing", "fi", "Lea", "", "Kiitos yhteydenotostasi! Onko vielä jotain, jossa voin auttaa?"},
		{"transfer", "fi", "Lea", "", "Siirrän keskustelun kollegalleni, joka osaa auttaa paremmin."},
		{"refund", "de", "Lea", "Anna", "Ihre Rückerstattung ist unterwegs, Anna."},
	} {
		got, ok := c.RenderTemplate(tc.name, tc.lang, tc.agent, tc.customer)
		assert.True(t, ok)
		assert.Equal(t, tc.want, got, "%s/%s", tc.name, tc.lang)
	}
	d := desk.Config{}
	d.Defaults()
	got, _ := d.RenderTemplate("greeting", "fi", "Lea", "")
	assert.Equal(t, "Hei! Olen asiakaspalvelija Lea. Miten voin auttaa?", got, "the seed's greeting")
	_, ok := d.RenderTemplate("nope", "en", "", "")
	assert.False(t, ok)

	bad := desk.Config{Templates: map[string]map[string]string{"x": {"en": "Hi {name}"}}}
	bad.Defaults()
	assert.ErrorContains(t, bad.Validate(), "templates.x.en: only {agent} and {customer} are filled in")
}

func TestOfflineMessagesMarkedHandled(t *testing.T) {
	s := newSite(t, "")
	s.addAgent("Lea", "lea@example.com", "a long password")
	ctx := context.Background()
	require.NoError(t, s.app.Store.AddOfflineMessage(ctx, handoff.OfflineMessage{ID: "m_1", ConversationID: "c1",
		Contact: handoff.Contact{Email: "otto@example.com"}, Text: "Call me back", CreatedAt: t0.Add(time.Minute)}))
	c := s.browser()
	require.Equal(t, http.StatusSeeOther, s.login(c, "lea@example.com", "a long password", nil).StatusCode)

	_, page := get(t, c, s.srv.URL+"/desk/")
	assert.Contains(t, page, `id="messages-new" title="new since your last visit">1</span>`)
	token := csrfRE.FindStringSubmatch(page)[1]
	_, page = get(t, c, s.srv.URL+"/desk/messages")
	assert.Contains(t, page, "Call me back")
	assert.NotContains(t, page, "Answer by email", "no desk.smtp: only marking handled")

	res, _ := post(t, c, s.srv.URL+"/desk/messages/m_1/handled", url.Values{"csrf": {token}}, nil)
	assert.Equal(t, "/desk/messages?flash=handled", res.Header.Get("Location"))
	res, _ = post(t, c, s.srv.URL+"/desk/messages/m_1/handled", url.Values{"csrf": {token}}, nil)
	assert.Equal(t, "/desk/messages?flash=already_handled", res.Header.Get("Location"))
	_, page = get(t, c, s.srv.URL+"/desk/")
	assert.NotContains(t, page, `id="messages-new"`, "seen since")
	_, page = get(t, c, s.srv.URL+"/desk/messages")
	assert.Contains(t, page, "Handled by Lea (marked)")
}

func TestQueueOrderFiltersAndSearch(t *testing.T) {
	s := newSite(t, "")
	s.addAgent("Lea", "lea@example.com", "a long password")
	ctx := context.Background()
	ask := func(conv, lang string, meta map[string]string) string {
		s.clk.Advance(time.Minute)
		res, err := s.app.Service.Request(ctx, handoff.Request{ConversationID: conv, Email: conv + "@example.com", Language: lang, Metadata: meta,
			Transcript: []handoff.Turn{{Role: handoff.RoleUser, Content: "Please let me talk to a human."}}})
		require.NoError(t, err)
		require.NotEmpty(t, res.Handoff.ID, "%+v", res)
		return res.Handoff.ID
	}
	first := ask("anna", "en", nil)
	vip := ask("bert", "fi", map[string]string{"vip": "true"})
	c := s.browser()
	require.Equal(t, http.StatusSeeOther, s.login(c, "lea@example.com", "a long password", nil).StatusCode)

	_, page := get(t, c, s.srv.URL+"/desk/")
	iv, ia := strings.Index(page, `data-id="`+vip+`"`), strings.Index(page, `data-id="`+first+`"`)
	require.True(t, iv > 0 && ia > 0, page)
	assert.Less(t, iv, ia, "the VIP goes first, though newer")
	assert.Contains(t, page, "<title>(2) Agent desk</title>")

	_, page = get(t, c, s.srv.URL+"/desk/?tab=waiting&language=fi")
	assert.Contains(t, page, vip)
	assert.NotContains(t, page, `data-id="`+first+`"`)

	require.NoError(t, s.app.Service.ApplyAgentEvent(ctx, handoff.AgentEvent{Kind: handoff.AgentClosed, Connector: "inbox", HandoffID: first}))
	_, page = get(t, c, s.srv.URL+"/desk/?tab=resolved&q=ANNA@example")
	assert.Contains(t, page, `data-id="`+first+`"`)
	_, page = get(t, c, s.srv.URL+"/desk/?tab=resolved&q=nobody")
	assert.NotContains(t, page, `data-id="`+first+`"`)
	_, page = get(t, c, s.srv.URL+"/desk/?tab=mine")
	assert.Contains(t, page, "Nothing here.")
}

// TestConversationShowsSummaryAndRedactions: the agent reads the summary
// first, and what privacy.redact masked in what left the server.
func TestConversationShowsSummaryAndRedactions(t *testing.T) {
	s := newSite(t, "")
	s.addAgent("Lea", "lea@example.com", "a long password")
	res, err := s.app.Service.Request(context.Background(), handoff.Request{ConversationID: "c1", Email: "anna@example.com", Language: "en",
		Transcript: []handoff.Turn{
			{Role: handoff.RoleUser, Content: "My card 4111 1111 1111 1111 was charged twice for order 4711."},
			{Role: handoff.RoleAssistant, Content: "I can see order 4711. Refunds take five days."},
			{Role: handoff.RoleUser, Content: "Please let me talk to a human."}}})
	require.NoError(t, err)
	require.NotEmpty(t, res.Handoff.ID)
	c := s.browser()
	require.Equal(t, http.StatusSeeOther, s.login(c, "lea@example.com", "a long password", nil).StatusCode)
	_, page := get(t, c, s.srv.URL+"/desk/c/"+res.Handoff.ID)
	assert.Contains(t, page, `id="summary"`)
	assert.Contains(t, page, "Goal: My card")
	assert.Contains(t, page, "Written by: extracted from the conversation (no model)")
	assert.Contains(t, page, "Redacted before leaving the server: 1 card number")
}

// TestConversationShowsTheRating: once the session has ended and the user
// answered the survey, the conversation view shows the answer.
func TestConversationShowsTheRating(t *testing.T) {
	s := newSite(t, "")
	s.addAgent("Lea", "lea@example.com", "a long password")
	ctx := context.Background()
	res, err := s.app.Service.Request(ctx, handoff.Request{ConversationID: "c1", Email: "anna@example.com", Language: "en",
		Transcript: []handoff.Turn{{Role: handoff.RoleUser, Content: "Please let me talk to a human."}}})
	require.NoError(t, err)
	id := res.Handoff.ID
	require.NoError(t, s.app.Service.ApplyAgentEvent(ctx, handoff.AgentEvent{Kind: handoff.AgentMessage, Connector: "inbox", HandoffID: id, AgentName: "Lea", Text: "Hi Anna"}))
	require.NoError(t, s.app.Service.ApplyAgentEvent(ctx, handoff.AgentEvent{Kind: handoff.AgentClosed, Connector: "inbox", HandoffID: id}))
	c := s.browser()
	require.Equal(t, http.StatusSeeOther, s.login(c, "lea@example.com", "a long password", nil).StatusCode)
	_, page := get(t, c, s.srv.URL+"/desk/c/"+id)
	assert.NotContains(t, page, `id="rating"`, "no answer yet")

	_, err = s.app.Service.Rate(ctx, id, 4, "Quick & kind")
	require.NoError(t, err)
	_, page = get(t, c, s.srv.URL+"/desk/c/"+id)
	assert.Contains(t, page, `<dd id="rating">4 / 5: “Quick &amp; kind”</dd>`)
}
