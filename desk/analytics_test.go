package desk_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// seedHistory plays a two-day history on the fake clock: on 2026-03-14 a
// handoff answered after 1m and resolved after 10m (rated 4); on
// 2026-03-15 one answered after 3m and resolved after 20m (rated 2), one
// nobody answered, and a request that fired no trigger. It leaves the clock
// at 2026-03-15 18:00 UTC.
func seedHistory(t *testing.T, s *site) {
	t.Helper()
	ctx := context.Background()
	ask := func(conv, text string) string {
		res, err := s.app.Service.Request(ctx, handoff.Request{ConversationID: conv, Email: conv + "@example.com", Language: "en",
			Transcript: []handoff.Turn{{Role: handoff.RoleUser, Content: text}}})
		require.NoError(t, err)
		return res.Handoff.ID
	}
	served := func(conv string, reply, resolve time.Duration, rating int) {
		id := ask(conv, "Please let me talk to a human.")
		require.NotEmpty(t, id)
		start := s.clk.Now()
		s.clk.Advance(reply)
		require.NoError(t, s.app.Service.ApplyAgentEvent(ctx, handoff.AgentEvent{Kind: handoff.AgentMessage, Connector: "inbox", HandoffID: id,
			AgentName: "Lea", Text: "Hello, Lea here.", MessageID: "inbox:" + conv}))
		s.clk.Advance(resolve - reply)
		require.NoError(t, s.app.Service.ApplyAgentEvent(ctx, handoff.AgentEvent{Kind: handoff.AgentClosed, Connector: "inbox", HandoffID: id}))
		require.NoError(t, s.app.Store.SaveRating(ctx, handoff.Rating{HandoffID: id, Rating: rating, At: start.Add(resolve + time.Minute)}))
	}
	// t0 is 2026-03-14 09:00 UTC.
	served("anna", time.Minute, 10*time.Minute, 4)
	s.clk.Advance(24 * time.Hour)
	served("bert", 3*time.Minute, 20*time.Minute, 2)
	s.clk.Advance(time.Hour)
	require.NotEmpty(t, ask("carl", "Please let me talk to a human."))
	ask("dora", "What are your opening hours?")
	s.clk.Advance(7 * time.Hour)
}

var barRE = regexp.MustCompile(`<rect class="bar" `)

// chart returns the svg element of id in page.
func chart(t *testing.T, page, id string) string {
	t.Helper()
	i := strings.Index(page, `<svg id="`+id+`"`)
	require.GreaterOrEqual(t, i, 0, "no chart %s", id)
	j := strings.Index(page[i:], "</svg>")
	require.Greater(t, j, 0)
	return page[i : i+j]
}

func TestAnalyticsPage(t *testing.T) {
	s := newSite(t, "")
	s.addAgent("Lea", "lea@example.com", "a long password")
	seedHistory(t, s)
	c := s.browser()

	res, _ := get(t, c, s.srv.URL+"/desk/analytics")
	assert.Equal(t, http.StatusSeeOther, res.StatusCode, "log in first")
	require.Equal(t, http.StatusSeeOther, s.login(c, "lea@example.com", "a long password", nil).StatusCode)

	_, page := get(t, c, s.srv.URL+"/desk/")
	assert.Contains(t, page, `<a href="/desk/analytics" id="nav-analytics">Analytics</a>`)

	t.Run("the default range is the last 14 days", func(t *testing.T) {
		res, page := get(t, c, s.srv.URL+"/desk/analytics")
		require.Equal(t, http.StatusOK, res.StatusCode)
		assert.Contains(t, page, `name="since" id="since" value="2026-03-02"`)
		assert.Contains(t, page, `name="until" id="until" value="2026-03-15"`)
		assert.Len(t, barRE.FindAllString(chart(t, page, "chart-escalations"), -1), 14)
		assert.Contains(t, page, `<dd id="fig-escalations">3</dd>`)
		assert.Contains(t, page, `aria-current="page">Analytics</a>`)
	})

	t.Run("the figures of a chosen range", func(t *testing.T) {
		res, page := get(t, c, s.srv.URL+"/desk/analytics?since=2026-03-14&until=2026-03-15")
		require.Equal(t, http.StatusOK, res.StatusCode)
		esc := chart(t, page, "chart-escalations")
		assert.Len(t, barRE.FindAllString(esc, -1), 2)
		assert.Contains(t, esc, "<title>2026-03-14: 1</title>")
		assert.Contains(t, esc, "<title>2026-03-15: 2</title>")
		// The scale's top is 2: the second day's bar is the full height
		// (184), the first's half of it.
		assert.Contains(t, esc, `y="12.0" width="`)
		assert.Contains(t, esc, `y="104.0" width="`)

		assert.Contains(t, page, `<dd id="fig-escalations">3</dd>`)
		// First replies 1m and 3m: nearest-rank p50 the 1st, p90 the 2nd.
		assert.Contains(t, page, `<dd id="fig-first-reply">p50 1m · p90 3m <small>(2)</small></dd>`)
		assert.Contains(t, page, `<dd id="fig-resolution">p50 10m · p90 20m <small>(2)</small></dd>`)
		assert.Contains(t, page, `<dd id="fig-satisfaction">3.00 / 5 <small>(2 answers)</small></dd>`)
		// 4 calls, 1 fired no trigger.
		assert.Contains(t, page, `<dd id="fig-no-trigger">25% <small>(1 / 4)</small></dd>`)
		assert.Contains(t, page, `<dd id="fig-abandoned">0</dd>`)
		assert.Contains(t, chart(t, page, "chart-first-reply"), "<title>2026-03-15: p50 3m, p90 3m</title>")
		assert.Contains(t, chart(t, page, "chart-satisfaction"), "<title>2026-03-14: 4.0</title>")

		// The horizontal bars: the longest is 100%.
		assert.Regexp(t, `(?s)<table class="hbars" id="triggers">.*<th scope="row">[a-z_]+</th><td class="n">3</td><td class="hb"><svg class="hbar"[^>]*><rect class="bar" width="100.0"`, page)
		assert.Regexp(t, `(?s)<table class="hbars" id="calls">.*<th scope="row">No trigger</th><td class="n">1</td><td class="hb"><svg class="hbar"[^>]*><rect class="bar" width="33.3"`, page)
		// The day table reads without the charts.
		assert.Contains(t, page, `<tr><th scope="row">2026-03-15</th><td>2</td><td>3m / 3m</td><td>20m / 20m</td><td>2.00 (1)</td></tr>`)
		assert.NotContains(t, page, ` style=`, "the CSP forbids inline styles")
	})

	t.Run("bad dates are explained", func(t *testing.T) {
		for _, tc := range []struct{ query, want string }{
			{"since=yesterday", "yesterday is not a date; use the form 2026-03-01."},
			{"since=2026-03-15&until=2026-03-14", "The first day must not be after the last."},
			{"since=2024-01-01&until=2026-03-14", "Choose at most 366 days."},
			{"until=2026-02-30", "2026-02-30 is not a date"},
			{"since=%3Cb%3E", "&lt;b&gt; is not a date"},
		} {
			res, page := get(t, c, s.srv.URL+"/desk/analytics?"+tc.query)
			assert.Equal(t, http.StatusBadRequest, res.StatusCode, tc.query)
			assert.Contains(t, page, `<p class="error" role="alert" id="range-error">`+tc.want, tc.query)
			assert.Contains(t, page, `<form class="filters" method="get" action="/desk/analytics" id="range">`, "the form stays")
			assert.NotContains(t, page, `<svg id="chart-escalations"`)
		}
	})

	t.Run("a year is the longest range", func(t *testing.T) {
		res, page := get(t, c, s.srv.URL+"/desk/analytics?since=2025-03-15&until=2026-03-15")
		require.Equal(t, http.StatusOK, res.StatusCode)
		assert.Len(t, barRE.FindAllString(chart(t, page, "chart-escalations"), -1), 366)
		res, _ = get(t, c, s.srv.URL+"/desk/analytics?since=2025-03-14&until=2026-03-15")
		assert.Equal(t, http.StatusBadRequest, res.StatusCode, "367 days")
	})

	t.Run("in German", func(t *testing.T) {
		_, page := get(t, c, s.srv.URL+"/desk/analytics?lang=de&since=2026-03-14&until=2026-03-15")
		assert.Contains(t, page, "<h1>Auswertung</h1>")
		assert.Contains(t, page, "<caption>Übergaben je Auslöser</caption>")
	})
}
