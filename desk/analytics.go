package desk

import (
	"fmt"
	"math"
	"net/http"
	"slices"
	"sort"
	"time"

	"github.com/handoff-mcp/handoff-mcp/stats"
)

// The Analytics page's range: DefaultAnalyticsDays days up to today by
// default, at most MaxAnalyticsDays.
const (
	DefaultAnalyticsDays = 14
	MaxAnalyticsDays     = 366
)

// analyticsRange reads the page's since and until (dates, both days
// included; days begin at midnight UTC, as in the stats command). The
// defaults are the last DefaultAnalyticsDays days up to today. problem is a
// UI string key (with its argument) when the dates are not usable.
func analyticsRange(since, until string, now time.Time) (q stats.Query, from, to string, problem, arg string) {
	today := now.UTC().Truncate(24 * time.Hour)
	last, first := today, today.AddDate(0, 0, -(DefaultAnalyticsDays-1))
	from, to = since, until
	if until != "" {
		t, err := time.Parse(time.DateOnly, until)
		if err != nil {
			return q, from, to, "an_bad_date", until
		}
		last = t
		if since == "" {
			first = last.AddDate(0, 0, -(DefaultAnalyticsDays - 1))
		}
	}
	if since != "" {
		t, err := time.Parse(time.DateOnly, since)
		if err != nil {
			return q, from, to, "an_bad_date", since
		}
		first = t
	}
	from, to = first.Format(time.DateOnly), last.Format(time.DateOnly)
	switch days := int(last.Sub(first).Hours()/24) + 1; {
	case days < 1:
		return q, from, to, "an_order", ""
	case days > MaxAnalyticsDays:
		return q, from, to, "an_too_long", fmt.Sprint(MaxAnalyticsDays)
	}
	return stats.Query{Since: first, Until: last.AddDate(0, 0, 1), By: stats.ByDay, Location: time.UTC}, from, to, "", ""
}

// Analytics is the view model of the Analytics page.
type Analytics struct {
	Since, Until string // the form's dates
	Problem      string // a UI string key: the dates are not usable
	ProblemArg   string
	R            stats.Report
	Days         []AnalyticsDay
	Escalations  Columns
	FirstReply   Columns
	Resolution   Columns
	Satisfaction Columns
	Calls        []HBar
	Triggers     []HBar
	Judges       []HBar
}

// AnalyticsDay is one day's row of the figures table.
type AnalyticsDay struct {
	Day                    string
	Escalations            int
	FirstReply, Resolution stats.Durations
	Satisfaction           stats.Satisfaction
}

func (s *Server) analytics(w http.ResponseWriter, r *http.Request) {
	q, from, to, problem, arg := analyticsRange(r.URL.Query().Get("since"), r.URL.Query().Get("until"), s.now())
	a := Analytics{Since: from, Until: to, Problem: problem, ProblemArg: arg}
	if problem != "" {
		s.pageStatus(w, r, http.StatusBadRequest, "analytics", map[string]any{"A": a})
		return
	}
	rep, err := stats.Compute(r.Context(), s.stats, q)
	if err != nil {
		s.fail(w, r, fmt.Errorf("computing the analytics: %w", err))
		return
	}
	a.R = rep
	a.build(current(r).Lang)
	s.page(w, r, "analytics", map[string]any{"A": a})
}

// build lays out the charts of a.R.
func (a *Analytics) build(lang string) {
	byDay := map[string]stats.Group{}
	for _, g := range a.R.Groups {
		byDay[g.Key] = g
	}
	var esc, fr50, fr90, res50, res90, sat []float64
	var labels []string
	for _, d := range a.R.Escalations.PerDay {
		g := byDay[d.Day]
		a.Days = append(a.Days, AnalyticsDay{Day: d.Day, Escalations: d.Count, FirstReply: g.FirstResponse, Resolution: g.Resolution, Satisfaction: g.Satisfaction})
		labels = append(labels, d.Day)
		esc = append(esc, float64(d.Count))
		fr50, fr90 = append(fr50, g.FirstResponse.P50Seconds), append(fr90, g.FirstResponse.P90Seconds)
		res50, res90 = append(res50, g.Resolution.P50Seconds), append(res90, g.Resolution.P90Seconds)
		sat = append(sat, g.Satisfaction.Mean)
	}
	count := func(v float64) string { return fmt.Sprint(int(v)) }
	secs := func(v float64) string { return seconds(v) }
	a.Escalations = columns(labels, esc, nil, niceCount, count)
	a.FirstReply = columns(labels, fr50, fr90, niceSeconds, secs)
	a.Resolution = columns(labels, res50, res90, niceSeconds, secs)
	a.Satisfaction = columns(labels, sat, nil, ratingScale, func(v float64) string { return fmt.Sprintf("%.1f", v) })
	a.Escalations.ID, a.Escalations.Title = "chart-escalations", uiText(lang, "an_escalations_day")
	a.FirstReply.ID, a.FirstReply.Title = "chart-first-reply", uiText(lang, "an_first_reply_day")
	a.Resolution.ID, a.Resolution.Title = "chart-resolution", uiText(lang, "an_resolution_day")
	a.Satisfaction.ID, a.Satisfaction.Title = "chart-satisfaction", uiText(lang, "an_satisfaction_day")

	c := a.R.Calls
	a.Calls = hbars([]HBar{
		{Label: uiText(lang, "an_created"), N: a.R.Escalations.Total},
		{Label: uiText(lang, "an_not_triggered"), N: c.NotTriggered},
		{Label: uiText(lang, "an_off_hours"), N: c.OffHours},
		{Label: uiText(lang, "an_needs_email"), N: c.NeedsEmail},
		{Label: uiText(lang, "an_queue_full"), N: c.QueueFull},
	})
	var trig []HBar
	for k, n := range a.R.Escalations.PerTrigger {
		trig = append(trig, HBar{Label: k, N: n})
	}
	sort.Slice(trig, func(i, j int) bool {
		if trig[i].N != trig[j].N {
			return trig[i].N > trig[j].N
		}
		return trig[i].Label < trig[j].Label
	})
	a.Triggers = hbars(trig)
	var judges []HBar
	for _, j := range append(slices.Clone(stats.Judges), "other") {
		if n, ok := a.R.Judges[j]; ok && (n > 0 || j != "other") {
			judges = append(judges, HBar{Label: j, N: n})
		}
	}
	a.Judges = hbars(judges)
}

// seconds writes a duration in seconds as 45s, 12m, 12m 30s, 3h, 3h 05m.
func seconds(v float64) string {
	d := time.Duration(math.Round(v)) * time.Second
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour && d%time.Minute == 0:
		return fmt.Sprintf("%dm", int(d.Minutes()))
	case d < time.Hour:
		return fmt.Sprintf("%dm %02ds", int(d.Minutes()), int(d.Seconds())%60)
	case d%time.Hour < time.Minute:
		return fmt.Sprintf("%dh", int(d.Hours()))
	}
	return fmt.Sprintf("%dh %02dm", int(d.Hours()), int(d.Minutes())%60)
}
