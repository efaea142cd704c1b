package app

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	agentdesk "github.com/handoff-mcp/handoff-mcp/desk"
	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/clock/clocktest"
	"github.com/handoff-mcp/handoff-mcp/tools"
)

// TestDeskAnalyticsInBrowser plays a week of handoffs over MCP (asked,
// forced, answered and resolved by an agent, rated with rate_handoff, one a
// day left waiting, and a question that fired no trigger), then an agent
// opens Analytics in headless Chromium, chooses the week, and reads the
// figures and the SVG charts, on a desktop and on a phone.
func TestDeskAnalyticsInBrowser(t *testing.T) {
	exe := findChromium()
	if exe == "" {
		t.Skip("no chromium found (install Debian's chromium package, or set HANDOFF_MCP_CHROMIUM): the desk's browser tests are skipped")
	}
	if testing.Short() {
		t.Skip("browser tests are not short")
	}
	shots := t.ArtifactDir()
	clk := clocktest.NewFake(liveNow) // 2026-03-14 09:30 UTC
	s := startLive(t, "", clk)
	ctx := context.Background()
	ag, err := agentdesk.NewAgent("Lea", "lea@example.com", agentdesk.RoleAgent, nil, []string{"en"}, "correct horse Lea")
	require.NoError(t, err)
	_, err = s.app.Store.AddAgent(ctx, ag)
	require.NoError(t, err)

	c := s.client()
	perDay := []int{2, 4, 3, 5, 1, 3, 4}
	created := map[string]int{}
	total := 0
	for d, n := range perDay {
		day := liveNow.AddDate(0, 0, d)
		clk.Advance(day.Sub(clk.Now()))
		for j := range n {
			conv := fmt.Sprintf("conv-%d-%d", d, j)
			args := map[string]any{"conversation_id": conv, "email": conv + "@example.com", "language": "en",
				"transcript": []map[string]string{{"role": "user", "content": "Let me talk to a human please."}}}
			if j%2 == 1 {
				args["force"], args["reason"] = true, "The user pressed the talk-to-a-person button."
			}
			out := callTool[tools.HandoffOutput](t, c, "request_human_handoff", args)
			require.NotEmpty(t, out.HandoffID, "%+v", out)
			created[day.Format(time.DateOnly)]++
			total++
			if j == n-1 {
				continue // left waiting
			}
			clk.Advance(time.Duration(1+d+j) * time.Minute)
			require.NoError(t, s.app.Service.ApplyAgentEvent(ctx, handoff.AgentEvent{Kind: handoff.AgentMessage, Connector: "inbox",
				HandoffID: out.HandoffID, AgentName: "Lea", Text: "Hello, Lea here.", MessageID: "inbox:" + conv}))
			clk.Advance(time.Duration(5+3*j+d) * time.Minute)
			require.NoError(t, s.app.Service.ApplyAgentEvent(ctx, handoff.AgentEvent{Kind: handoff.AgentClosed, Connector: "inbox", HandoffID: out.HandoffID}))
			callTool[tools.RateOutput](t, c, "rate_handoff", map[string]any{"handoff_id": out.HandoffID, "rating": 1 + (d+2*j)%5})
		}
		callTool[tools.HandoffOutput](t, c, "request_human_handoff", map[string]any{"conversation_id": fmt.Sprintf("conv-%d-q", d), "language": "en",
			"transcript": []map[string]string{{"role": "user", "content": "What are your opening hours?"}}})
	}

	lea := newBrowser(t, exe, s.srv.URL, "lea", shots)
	lea.login("lea@example.com", "correct horse Lea")
	lea.must(chromedp.WaitVisible("#queue"), chromedp.Click("#nav-analytics"), chromedp.WaitVisible("#chart-escalations"),
		chromedp.Navigate(s.srv.URL+"/desk/"), chromedp.WaitVisible("#queue"),
		// The keyboard's way: g a.
		chromedp.KeyEvent("g"), chromedp.KeyEvent("a"), chromedp.WaitVisible("#chart-escalations"))
	assert.Equal(t, "2026-03-07", get(lea, chromedp.Value("#since")), "the last 14 days by default")
	assert.Equal(t, 14, get(lea, chromedp.Evaluate[int](`document.querySelectorAll("#chart-escalations rect.bar").length`)))

	t.Run("the week's figures and charts", func(t *testing.T) {
		lea.t = t
		lea.must(chromedp.SetValue("#since", "2026-03-14"), chromedp.SetValue("#until", "2026-03-20"),
			chromedp.Click("#show"), chromedp.WaitVisible(`#days th[scope="row"]`))
		assert.Equal(t, "2026-03-14", get(lea, chromedp.Value("#since")))
		assert.Equal(t, fmt.Sprint(total), lea.text("#fig-escalations"))
		titles := get(lea, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#chart-escalations title")].map(e => e.textContent)`))
		require.Len(t, titles, len(perDay))
		for d := range perDay {
			day := liveNow.AddDate(0, 0, d).Format(time.DateOnly)
			assert.Equal(t, fmt.Sprintf("%s: %d", day, created[day]), titles[d])
		}
		// The tallest day (5) fills the scale's top (6) but one step: its
		// bar is drawn and is the tallest.
		heights := get(lea, chromedp.Evaluate[[]float64](`[...document.querySelectorAll("#chart-escalations rect.bar")].map(e => e.getBBox().height)`))
		require.Len(t, heights, len(perDay))
		assert.Greater(t, heights[3], heights[1])
		assert.Greater(t, heights[1], heights[4])
		for _, id := range []string{"chart-first-reply", "chart-resolution", "chart-satisfaction"} {
			n := get(lea, chromedp.Evaluate[int](`document.querySelectorAll("#`+id+` rect.bar").length`))
			assert.Positive(t, n, id)
		}
		assert.Contains(t, lea.text("#triggers"), "explicit_request")
		assert.Contains(t, lea.text("#triggers"), "forced")
		assert.Contains(t, lea.text("#judges"), "forced")
		assert.Contains(t, lea.text("#fig-satisfaction"), fmt.Sprintf("(%d answers)", total-len(perDay)))
		assert.Contains(t, lea.text("#fig-no-trigger"), fmt.Sprintf("(%d / %d)", len(perDay), total+len(perDay)))
		lea.shot("14-analytics")
	})

	t.Run("a bad date is explained", func(t *testing.T) {
		lea.t = t
		lea.must(chromedp.Navigate(s.srv.URL+"/desk/analytics?since=2026-03-20&until=2026-03-14"), chromedp.WaitVisible("#range-error"))
		assert.Equal(t, "The first day must not be after the last.", lea.text("#range-error"))
	})

	t.Run("readable on a phone", func(t *testing.T) {
		lea.t = t
		lea.must(chromedp.EmulateViewport(390, 844), chromedp.Navigate(s.srv.URL+"/desk/analytics?since=2026-03-14&until=2026-03-20"),
			chromedp.WaitVisible("#chart-escalations"))
		width := get(lea, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
		assert.LessOrEqual(t, width, 390, "no sideways scrolling")
		lea.shot("15-analytics-phone")
	})
}
