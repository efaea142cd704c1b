package hours

import (
	"fmt"
	"testing"
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/stretchr/testify/require"
)

// mustNew builds a schedule and fails the test on a configuration error.
func mustNew(t testing.TB, cfg Config) *Schedule {
	t.Helper()
	s, _, err := New(cfg)
	require.NoError(t, err)
	return s
}

// mustLoad loads an IANA zone.
func mustLoad(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	require.NoError(t, err)
	return loc
}

// wall parses "2006-01-02 15:04" in loc. Ambiguous times are resolved by
// the time package; tests that care build instants from UTC instead.
func wall(t testing.TB, loc *time.Location, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	require.NoError(t, err)
	return v
}

// utc parses "2006-01-02 15:04" as UTC.
func utc(t testing.TB, s string) time.Time {
	t.Helper()
	return wall(t, time.UTC, s)
}

// text renders windows as "09:00-12:00" in their own location; an end at
// the next midnight is written 24:00, any other end on another date gets
// that date ("22:00-2024-12-10 06:00").
func text(ws []handoff.Window) []string {
	out := []string{}
	for _, w := range ws {
		end := w.End.Format("15:04")
		switch {
		case DateOf(w.End) == DateOf(w.Start).AddDays(1) && end == "00:00":
			end = "24:00"
		case DateOf(w.End) != DateOf(w.Start):
			end = w.End.Format("2006-01-02 15:04")
		}
		out = append(out, fmt.Sprintf("%s-%s", w.Start.Format("15:04"), end))
	}
	return out
}

// stamp formats t as "2006-01-02 15:04 MST" for readable assertions.
func stamp(t time.Time) string { return t.Format("2006-01-02 15:04 MST") }

// date parses a YYYY-MM-DD date.
func date(t testing.TB, s string) Date {
	t.Helper()
	d, err := ParseDate(s)
	require.NoError(t, err)
	return d
}
