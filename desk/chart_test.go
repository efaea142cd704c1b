package desk

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/stats"
)

func TestSeconds(t *testing.T) {
	for in, want := range map[float64]string{0: "0s", 45: "45s", 59.6: "1m", 600: "10m", 750: "12m 30s", 3600: "1h", 3600 + 300: "1h 05m", 26 * 3600: "26h"} {
		assert.Equal(t, want, seconds(in), "%v", in)
	}
}

func TestNiceScales(t *testing.T) {
	for peak, want := range map[float64]float64{0: 2, 1: 2, 2: 2, 3: 4, 5: 6, 7: 10, 11: 20, 45: 60, 61: 100, 101: 200} {
		assert.Equal(t, want, niceCount(peak), "count %v", peak)
	}
	for peak, want := range map[float64]float64{0: 60, 61: 120, 900: 1200, 3601: 7200, 30 * 3600: 48 * 3600} {
		assert.Equal(t, want, niceSeconds(peak), "seconds %v", peak)
	}
}

func TestColumnsGeometry(t *testing.T) {
	c := columns([]string{"2026-03-01", "2026-03-02"}, []float64{1, 4}, nil, niceCount, func(v float64) string { return "x" })
	require.Len(t, c.Cols, 2)
	assert.Equal(t, []Tick{{Y: "196.0", Label: "x"}, {Y: "104.0", Label: "x"}, {Y: "12.0", Label: "x"}}, c.Ticks)
	assert.Equal(t, "12.0", c.Cols[1].Y, "4 of 4 is the top")
	assert.Equal(t, "184.0", c.Cols[1].H)
	assert.Equal(t, "150.0", c.Cols[0].Y, "1 of 4")
	assert.Equal(t, "03-01", c.Cols[0].Label)

	many := make([]string, 30)
	for i := range many {
		many[i] = time.Date(2026, 3, 1+i, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
	}
	c = columns(many, make([]float64, 30), nil, niceCount, func(float64) string { return "" })
	labelled := 0
	for _, col := range c.Cols {
		if col.Label != "" {
			labelled++
		}
	}
	assert.LessOrEqual(t, labelled, maxXLabels, "a month's days are not all labelled")
}

// TestAnalyticsEscapesLabels: trigger ids come from the configuration; the
// page writes them as text.
func TestAnalyticsEscapesLabels(t *testing.T) {
	pages, err := parsePages()
	require.NoError(t, err)
	since := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	a := Analytics{Since: "2026-03-01", Until: "2026-03-01", R: stats.Build(stats.Query{Since: since, Until: since.AddDate(0, 0, 1), By: stats.ByDay},
		[]stats.HandoffFacts{{ID: "h1", Created: since.Add(time.Hour), State: "queued", Triggers: []string{`<img src=x onerror=alert(1)>`}}}, nil)}
	a.build("en")
	var b bytes.Buffer
	require.NoError(t, pages["analytics"].ExecuteTemplate(&b, "layout", map[string]any{"Lang": "en", "Page": "analytics", "A": a}))
	assert.Contains(t, b.String(), `<th scope="row">&lt;img src=x onerror=alert(1)&gt;</th>`)
	assert.NotContains(t, b.String(), `<img src=x`)
}
