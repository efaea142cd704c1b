package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/emersion/go-smtp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	agentdesk "github.com/handoff-mcp/handoff-mcp/desk"
	"github.com/handoff-mcp/handoff-mcp/handoff/clock/clocktest"
	"github.com/handoff-mcp/handoff-mcp/tools"
)

// findChromium returns Debian's chromium (or one named by
// $HANDOFF_MCP_CHROMIUM), or "" when there is none.
func findChromium() string {
	if p := os.Getenv("HANDOFF_MCP_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// browser is one agent's headless Chromium, with its own profile (cookies).
type browser struct {
	t    *testing.T
	ctx  context.Context
	name string
	base string
	dir  string
}

func newBrowser(t *testing.T, exe, base, name, shots string) *browser {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe), chromedp.UserDataDir(t.TempDir()),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-default-browser-check", true), chromedp.WindowSize(1100, 800),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelA() })
	require.NoError(t, chromedp.Do(ctx), "starting chromium")
	return &browser{t: t, ctx: ctx, name: name, base: base, dir: shots}
}

// run runs actions with a bound, so that a missing element fails the test
// instead of hanging it.
func (b *browser) run(actions ...chromedp.Action[chromedp.Void]) error {
	ctx, cancel := context.WithTimeout(b.ctx, 15*time.Second)
	defer cancel()
	return chromedp.Do(ctx, actions...)
}

func (b *browser) must(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	require.NoError(b.t, b.run(actions...))
}

// get runs an action that returns a value, bounded.
func get[T any](b *browser, a chromedp.Action[T]) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 15*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	require.NoError(b.t, err)
	return v
}

func (b *browser) shot(name string) {
	b.t.Helper()
	png := get(b, chromedp.FullScreenshot(100))
	p := filepath.Join(b.dir, name+".png")
	require.NoError(b.t, os.WriteFile(p, png, 0o644))
	b.t.Logf("screenshot %s", p)
}

func (b *browser) text(sel string) string {
	b.t.Helper()
	return get(b, chromedp.Text(sel))
}

// submit clicks sel, a form's button, and waits for the next page's status
// line (the old one is removed first, so a stale one never counts).
func (b *browser) submit(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Evaluate[chromedp.Void](`document.getElementById("flash")?.remove()`),
		chromedp.Click(sel), chromedp.WaitVisible("#flash"))
}

func (b *browser) login(email, password string) {
	b.t.Helper()
	b.must(chromedp.Navigate(b.base+"/desk/login"), chromedp.WaitVisible("#email"),
		chromedp.SendKeys("#email", email), chromedp.SendKeys("#password", password),
		chromedp.Click("#login"))
}

// mailbox is a local SMTP server that keeps what it receives.
type deskMailbox struct {
	mu   sync.Mutex
	msgs []string
	rcpt []string
}

type deskMailSession struct{ mb *deskMailbox }

func (s deskMailSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s deskMailSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.mb.mu.Lock()
	defer s.mb.mu.Unlock()
	s.mb.rcpt = append(s.mb.rcpt, to)
	return nil
}
func (s deskMailSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	s.mb.mu.Lock()
	defer s.mb.mu.Unlock()
	s.mb.msgs = append(s.mb.msgs, string(b))
	return err
}
func (s deskMailSession) Reset()        {}
func (s deskMailSession) Logout() error { return nil }

// TestDeskInBrowser drives the agent desk in headless Chromium: two agents
// log in, a handoff made over MCP appears live, both claim it at once and
// one wins, replies and templates reach the bot, the bot's messages appear
// live, a transfer, resolve, an offline message answered by email, and a
// wrong password and a change without the CSRF token refused.
func TestDeskInBrowser(t *testing.T) {
	exe := findChromium()
	if exe == "" {
		t.Skip("no chromium found (install Debian's chromium package, or set HANDOFF_MCP_CHROMIUM): the desk's browser tests are skipped")
	}
	if testing.Short() {
		t.Skip("browser tests are not short")
	}
	shots := t.ArtifactDir()

	mb := &deskMailbox{}
	ms := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return deskMailSession{mb}, nil }))
	ms.Domain, ms.AllowInsecureAuth = "mx.test", true
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	go ms.Serve(ln)
	t.Cleanup(func() { ms.Close() })

	clk := clocktest.NewFake(liveNow)
	s := startLive(t, fmt.Sprintf("desk:\n  smtp:\n    host: 127.0.0.1\n    port: %d\n    tls: none\n    from: Support <support@example.com>\n", ln.Addr().(*net.TCPAddr).Port), clk)
	ctx := context.Background()
	for _, a := range [][3]string{{"Lea", "lea@example.com", "fi,en"}, {"Max", "max@example.com", "en,de"}} {
		ag, err := agentdesk.NewAgent(a[0], a[1], agentdesk.RoleAgent, []string{"billing"}, []string{a[2]}, "correct horse "+a[0])
		require.NoError(t, err)
		_, err = s.app.Store.AddAgent(ctx, ag)
		require.NoError(t, err)
	}

	lea := newBrowser(t, exe, s.srv.URL, "lea", shots)
	max := newBrowser(t, exe, s.srv.URL, "max", shots)

	t.Run("wrong password refused", func(t *testing.T) {
		lea.t = t
		lea.login("lea@example.com", "not the password")
		lea.must(chromedp.WaitVisible("#login-error"))
		assert.Contains(t, lea.text("#login-error"), "Wrong email or password")
		lea.shot("01-wrong-password")
	})

	lea.t, max.t = t, t
	lea.login("lea@example.com", "correct horse Lea")
	max.login("max@example.com", "correct horse Max")
	lea.must(chromedp.WaitVisible("#queue"))
	max.must(chromedp.WaitVisible("#queue"))
	// Both pages follow the events before the handoff arrives.
	lea.must(chromedp.WaitVisible("#live"))
	max.must(chromedp.WaitVisible("#live"))

	c := s.client()
	out := callTool[tools.HandoffOutput](t, c, "request_human_handoff", map[string]any{
		"conversation_id": "conv-fi-1", "email": "aino.virtanen@example.com", "name": "Aino", "language": "fi",
		"timezone": "Europe/Helsinki", "metadata": map[string]string{"vip": "true", "plan": "pro"},
		"context": []map[string]string{{"title": "Kaksoisveloitus laskulla", "url": "https://help.example.com/fi/kaksoisveloitus",
			"excerpt": "Kaksoisveloitus palautetaan 3–5 arkipäivässä."}},
		"transcript": []map[string]string{
			{"role": "user", "content": "Laskussani on kaksinkertainen veloitus."},
			{"role": "assistant", "content": "Tarkistan asian. Voisitko kertoa laskun numeron?"},
			{"role": "user", "content": "Haluan puhua ihmisen kanssa, kiitos."},
		},
	})
	id := out.HandoffID
	require.NotEmpty(t, id)

	t.Run("a handoff made over MCP appears in Waiting live", func(t *testing.T) {
		lea.t = t
		lea.must(chromedp.WaitVisible(`li.row[data-id="` + id + `"]`))
		assert.Contains(t, lea.text(`li.row[data-id="`+id+`"]`), "VIP")
		title := get(lea, chromedp.Title())
		assert.True(t, strings.HasPrefix(title, "(1)"), "title badge: %q", title)
		lea.shot("02-waiting-live")
	})

	var winner, loser *browser
	t.Run("both claim at once, one wins", func(t *testing.T) {
		lea.t, max.t = t, t
		for _, b := range []*browser{lea, max} {
			b.must(chromedp.Navigate(b.base+"/desk/c/"+id), chromedp.WaitVisible("#claim"))
		}
		// What the bot used and the user's local time (the fake clock's
		// 09:30 UTC is 11:30 in Helsinki).
		assert.Contains(t, lea.text("#context"), "Kaksoisveloitus laskulla")
		assert.Contains(t, lea.text("#context"), "palautetaan 3–5 arkipäivässä")
		assert.Contains(t, lea.text("aside.facts"), "2026-03-14 11:30 EET")
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, b := range []*browser{lea, max} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = b.run(b.submit("#claim"))
			}()
		}
		wg.Wait()
		require.NoError(t, errors.Join(errs...))
		h, err := s.app.Store.Handoff(ctx, id)
		require.NoError(t, err)
		winner, loser = lea, max
		if h.Session.AgentName == "Max" {
			winner, loser = max, lea
		}
		assert.Equal(t, "agent_joined", string(h.State))
		// Lea's desk speaks Finnish (her first language), Max's English.
		flashes := map[*browser]string{lea: "Keskustelu on nyt sinun.", max: "You have this conversation now."}
		assert.Equal(t, flashes[winner], winner.text("#flash"))
		taken := map[*browser]string{lea: h.Session.AgentName + " otti keskustelun ensin.", max: h.Session.AgentName + " took this conversation first."}
		assert.Equal(t, taken[loser], loser.text("#flash"))
		winner.shot("03-claim-won")
		loser.shot("04-claim-lost")
	})
	winner.t, loser.t = t, t
	winnerName := map[*browser]string{lea: "Lea", max: "Max"}[winner]
	loserName := map[*browser]string{lea: "Lea", max: "Max"}[loser]

	var cursor int64
	t.Run("a reply reaches the bot through get_handoff_status", func(t *testing.T) {
		winner.t = t
		winner.must(chromedp.SendKeys("#reply", "Hei Aino, katson laskuasi nyt."), winner.submit("#send"))
		st := status(t, c, id, 0)
		assert.Equal(t, "human", st.Owner)
		assert.Equal(t, winnerName, st.AgentName)
		require.NotEmpty(t, st.Messages)
		last := st.Messages[len(st.Messages)-1]
		assert.Equal(t, "agent", last.From)
		assert.Equal(t, "Hei Aino, katson laskuasi nyt.", last.Text)
		assert.Equal(t, []string{"system: " + winnerName + " liittyi keskusteluun ja vastaa sinulle tässä.", "agent " + winnerName + ": Hei Aino, katson laskuasi nyt."}, texts(st.Messages))
		cursor = st.NextCursor
		winner.shot("05-reply")
	})

	t.Run("the bot's send_handoff_message appears live", func(t *testing.T) {
		winner.t = t
		callTool[tools.SendOutput](t, c, "send_handoff_message", map[string]any{"handoff_id": id, "text": "Laskun numero on 4711."})
		if err := winner.run(chromedp.WaitVisible(`//li[contains(@class,"user")]/p[text()="Laskun numero on 4711."]`)); err != nil {
			t.Fatalf("the user's message did not appear: %v\n%s", err, get(winner, chromedp.OuterHTML("#turns")))
		}
		winner.shot("06-user-message-live")
	})

	t.Run("a template with the agent's and customer's names", func(t *testing.T) {
		winner.t = t
		// The keyboard's way: focus the list, pick "greeting", and the
		// reply box gets it with the names filled in.
		winner.must(chromedp.Evaluate[chromedp.Void](`(s => { s.focus(); s.value = [...s.options].find(o => o.text === "greeting").value; s.dispatchEvent(new Event("change")) })(document.getElementById("template"))`))
		v := get(winner, chromedp.Value("#reply"))
		assert.Equal(t, "Hei Aino! Olen asiakaspalvelija "+winnerName+". Miten voin auttaa?", v)
		winner.shot("07-template")
		winner.must(winner.submit("#send"))
		st := status(t, c, id, cursor)
		assert.Equal(t, []string{"agent " + winnerName + ": Hei Aino! Olen asiakaspalvelija " + winnerName + ". Miten voin auttaa?"}, texts(st.Messages))
		cursor = st.NextCursor
	})

	t.Run("a transfer to a colleague with a note; the user is told in Finnish", func(t *testing.T) {
		winner.t, loser.t = t, t
		winner.must(chromedp.Click("details.transfer summary"),
			chromedp.SetValue("#transfer-to", "agent:"+loserName),
			chromedp.SendKeys("#transfer-note", "Kaksoisveloitus, lasku 4711"),
			winner.submit("#transfer"))
		st := status(t, c, id, cursor)
		assert.Equal(t, []string{"system: Siirrän keskustelun kollegalleni (" + loserName + "), joka osaa auttaa paremmin. Pysythän tässä."}, texts(st.Messages))
		assert.Equal(t, loserName, st.AgentName)
		cursor = st.NextCursor
		loser.must(chromedp.Navigate(loser.base+"/desk/?tab=mine"), chromedp.WaitVisible(`li.row[data-id="`+id+`"]`))
		loser.must(chromedp.Navigate(loser.base+"/desk/c/"+id), chromedp.WaitVisible("#transfers"))
		assert.Contains(t, loser.text("#transfers"), "Kaksoisveloitus, lasku 4711")
		loser.shot("08-transferred")
	})

	t.Run("resolve gives the conversation back to the bot", func(t *testing.T) {
		loser.t = t
		loser.must(loser.submit("#resolve"))
		st := status(t, c, id, cursor)
		assert.Equal(t, "closed", st.State)
		assert.Equal(t, "bot", st.Owner)
		assert.Equal(t, "agent", st.EndedBy)
		loser.must(chromedp.Navigate(loser.base+"/desk/?tab=resolved"), chromedp.WaitVisible(`li.row[data-id="`+id+`"]`))
		loser.shot("09-resolved")
	})

	t.Run("an offline message answered by email", func(t *testing.T) {
		lea.t = t
		res := callTool[tools.ContactOutput](t, c, "collect_contact", map[string]any{
			"conversation_id": "conv-night-7", "email": "otto@example.com", "name": "Otto", "language": "de",
			"message": "Bitte rufen Sie mich wegen der Rechnung zurück.",
		})
		require.NotEmpty(t, res.OfflineMessageID)
		lea.must(chromedp.Navigate(lea.base+"/desk/"), chromedp.WaitVisible("#messages-new"))
		assert.Equal(t, "1", lea.text("#messages-new"))
		row := `li.row[data-id="` + res.OfflineMessageID + `"]`
		lea.must(chromedp.Navigate(lea.base+"/desk/messages"), chromedp.WaitVisible(row))
		lea.shot("10-offline-message")
		lea.must(chromedp.SendKeys(row+" textarea", "Hallo Otto, wir rufen Sie morgen um 9 Uhr an."),
			lea.submit(row+" .send-answer"))
		assert.Equal(t, "Vastaus lähetetty sähköpostilla.", lea.text("#flash"))
		assert.Contains(t, lea.text(row), "Hallo Otto, wir rufen Sie morgen um 9 Uhr an.")
		mb.mu.Lock()
		defer mb.mu.Unlock()
		require.Len(t, mb.msgs, 1)
		assert.Equal(t, []string{"otto@example.com"}, mb.rcpt)
		assert.Contains(t, mb.msgs[0], "Hallo Otto, wir rufen Sie morgen um 9 Uhr an.")
		lea.shot("11-offline-answered")
	})

	t.Run("a change without the CSRF token is refused", func(t *testing.T) {
		lea.t = t
		out2 := callTool[tools.HandoffOutput](t, c, "request_human_handoff", map[string]any{
			"conversation_id": "conv-2", "email": "ben@example.com", "language": "en",
			"transcript": []map[string]string{{"role": "user", "content": "Let me talk to a human please."}},
		})
		lea.must(chromedp.Navigate(lea.base+"/desk/"), chromedp.WaitVisible("#queue"))
		code := get(lea, chromedp.Evaluate[int](`fetch("/desk/c/`+out2.HandoffID+`/claim", {method: "POST", credentials: "same-origin"}).then(r => r.status)`, chromedp.EvalAwaitPromise))
		assert.Equal(t, 403, code)
		h, err := s.app.Store.Handoff(ctx, out2.HandoffID)
		require.NoError(t, err)
		assert.Empty(t, h.Session.AgentName, "the refused claim changed nothing")
		lea.shot("12-csrf-refused")

		// A colleague's claim takes the conversation out of Waiting live.
		row := `li.row[data-id="` + out2.HandoffID + `"]`
		lea.must(chromedp.WaitVisible(row), chromedp.WaitVisible("#live"))
		max.t = t
		max.must(chromedp.Navigate(max.base+"/desk/c/"+out2.HandoffID), max.submit("#claim"))
		lea.must(chromedp.WaitNotPresent(row))
		assert.Equal(t, "0", lea.text("#waiting-count"))
	})

	t.Run("readable on a phone", func(t *testing.T) {
		lea.t = t
		lea.must(chromedp.EmulateViewport(390, 844), chromedp.Navigate(lea.base+"/desk/c/"+id), chromedp.WaitVisible("#turns"))
		width := get(lea, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
		assert.LessOrEqual(t, width, 390, "no sideways scrolling")
		lea.shot("13-phone")
	})
}
