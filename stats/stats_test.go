package stats

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPercentile(t *testing.T) {
	s := func(xs ...int) []time.Duration {
		out := make([]time.Duration, len(xs))
		for i, x := range xs {
			out[i] = time.Duration(x) * time.Second
		}
		return out
	}
	tests := []struct {
		name   string
		sorted []time.Duration
		p      float64
		want   time.Duration
	}{
		{"empty", nil, 50, 0},
		{"one value", s(7), 90, 7 * time.Second},
		{"p50 of four is the 2nd", s(1, 2, 3, 4), 50, 2 * time.Second},
		{"p90 of four is the 4th", s(1, 2, 3, 4), 90, 4 * time.Second},
		{"p90 of ten is the 9th", s(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 90, 9 * time.Second},
		{"p50 of five is the 3rd", s(30, 60, 90, 120, 300), 50, 90 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, Percentile(tt.sorted, tt.p))
		})
	}
}

func TestJudge(t *testing.T) {
	for in, want := range map[string]string{
		"embedded": "embedded", "cascade/embedded": "embedded", "cascade/llm": "llm", "llm": "llm",
		"cascade/sampling": "sampling", "calling_model": "calling_model", "forced": "forced", "rules": "rules",
		"": "other", "something new": "other",
	} {
		assert.Equal(t, want, Judge(in), in)
	}
}

func TestQueryValidate(t *testing.T) {
	t0 := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	require.NoError(t, Query{Since: t0, Until: t0.Add(time.Hour), By: ByLanguage}.Validate())
	assert.ErrorContains(t, Query{Until: t0}.Validate(), "since and until are required")
	assert.ErrorContains(t, Query{Since: t0, Until: t0}.Validate(), "must be before until")
	assert.ErrorContains(t, Query{Since: t0, Until: t0.Add(time.Hour), By: "week"}.Validate(), `unknown grouping "week"`)
}

func TestBuildEmptyAndDays(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	require.NoError(t, err)
	since := time.Date(2026, 3, 1, 23, 0, 0, 0, time.UTC) // 00:00 on the 2nd in Berlin
	r := Build(Query{Since: since, Until: since.Add(48 * time.Hour), Location: berlin, By: ByLanguage},
		[]HandoffFacts{{ID: "h1", Created: since.Add(30 * time.Minute), State: "queued", Classifier: "embedded"}}, nil)
	assert.Equal(t, []DayCount{{Day: "2026-03-02", Count: 1}, {Day: "2026-03-03"}}, r.Escalations.PerDay)
	assert.Equal(t, []Group{{Key: "(none)", Escalations: 1}}, r.Groups)
	assert.Equal(t, Calls{Total: 1}, r.Calls)
	assert.Zero(t, r.FirstResponse)
	assert.Zero(t, r.Satisfaction)
}
