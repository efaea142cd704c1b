package hours

import (
	"testing"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// utcText renders windows in UTC as "01-02 15:04/01-02 15:04".
func utcText(ws []handoff.Window) []string {
	out := []string{}
	for _, w := range ws {
		out = append(out, w.Start.UTC().Format("01-02 15:04")+"/"+w.End.UTC().Format("01-02 15:04"))
	}
	return out
}

// TestDST checks the windows of the days clocks change in two zones. The
// rule: times are wall-clock times; a time skipped when clocks go forward
// means the first instant after the gap, a time repeated when they go back
// means its first occurrence. Expected instants are written in UTC:
// Berlin is +1 (CET) or +2 (CEST), New York -5 (EST) or -4 (EDT).
func TestDST(t *testing.T) {
	tests := []struct {
		name      string
		zone      string
		from, to  string
		overnight bool
		date      string
		want      []string
		open      []string // UTC instants that are open
		closed    []string // UTC instants that are closed
	}{
		// Berlin, 2025-03-30: 02:00 CET becomes 03:00 CEST (01:00 UTC).
		{name: "Berlin spring, office hours keep their wall-clock times", zone: "Europe/Berlin", from: "09:00", to: "17:00", date: "2025-03-30",
			want: []string{"03-30 07:00/03-30 15:00"}, open: []string{"2025-03-30 07:00"}, closed: []string{"2025-03-30 06:59"}},
		{name: "Berlin spring, the whole day has 23 hours", zone: "Europe/Berlin", from: "00:00", to: "24:00", date: "2025-03-30",
			want: []string{"03-29 23:00/03-30 22:00"}},
		{name: "Berlin spring, a window ending in the gap ends when the gap ends", zone: "Europe/Berlin", from: "01:00", to: "02:30", date: "2025-03-30",
			want: []string{"03-30 00:00/03-30 01:00"}, open: []string{"2025-03-30 00:59"}, closed: []string{"2025-03-30 01:00"}},
		{name: "Berlin spring, a window starting in the gap starts when the gap ends", zone: "Europe/Berlin", from: "02:30", to: "04:00", date: "2025-03-30",
			want: []string{"03-30 01:00/03-30 02:00"}, open: []string{"2025-03-30 01:00"}, closed: []string{"2025-03-30 00:59"}},
		{name: "Berlin spring, a window inside the gap does not exist", zone: "Europe/Berlin", from: "02:15", to: "02:45", date: "2025-03-30",
			want: []string{}, closed: []string{"2025-03-30 00:59", "2025-03-30 01:00"}},
		{name: "Berlin spring, a night shift is an hour shorter", zone: "Europe/Berlin", from: "22:00", to: "06:00", overnight: true, date: "2025-03-30",
			want: []string{"03-29 23:00/03-30 04:00", "03-30 20:00/03-30 22:00"}, open: []string{"2025-03-30 03:59"}, closed: []string{"2025-03-30 04:00"}},
		// Berlin, 2025-10-26: 03:00 CEST becomes 02:00 CET (01:00 UTC).
		{name: "Berlin autumn, office hours keep their wall-clock times", zone: "Europe/Berlin", from: "09:00", to: "17:00", date: "2025-10-26",
			want: []string{"10-26 08:00/10-26 16:00"}},
		{name: "Berlin autumn, the whole day has 25 hours", zone: "Europe/Berlin", from: "00:00", to: "24:00", date: "2025-10-26",
			want: []string{"10-25 22:00/10-26 23:00"}},
		{name: "Berlin autumn, a window ending in the repeated hour ends on its first pass", zone: "Europe/Berlin", from: "01:00", to: "02:30", date: "2025-10-26",
			want: []string{"10-25 23:00/10-26 00:30"}, open: []string{"2025-10-26 00:29"}, closed: []string{"2025-10-26 00:30", "2025-10-26 01:10"}},
		{name: "Berlin autumn, a window starting in the repeated hour starts on its first pass", zone: "Europe/Berlin", from: "02:30", to: "04:00", date: "2025-10-26",
			want: []string{"10-26 00:30/10-26 03:00"}, open: []string{"2025-10-26 00:30", "2025-10-26 01:10", "2025-10-26 02:59"}, closed: []string{"2025-10-26 00:29", "2025-10-26 03:00"}},
		{name: "Berlin autumn, a window inside the repeated hour is open once", zone: "Europe/Berlin", from: "02:00", to: "02:30", date: "2025-10-26",
			want: []string{"10-26 00:00/10-26 00:30"}, open: []string{"2025-10-26 00:15"}, closed: []string{"2025-10-26 01:15"}},
		{name: "Berlin spring, a window ending where the gap starts", zone: "Europe/Berlin", from: "00:00", to: "02:00", date: "2025-03-30",
			want: []string{"03-29 23:00/03-30 01:00"}},
		{name: "Berlin spring, a window starting where the gap ends", zone: "Europe/Berlin", from: "03:00", to: "04:00", date: "2025-03-30",
			want: []string{"03-30 01:00/03-30 02:00"}},
		{name: "Berlin autumn, a window ending where the repeated hour ends", zone: "Europe/Berlin", from: "00:00", to: "03:00", date: "2025-10-26",
			want: []string{"10-25 22:00/10-26 02:00"}, open: []string{"2025-10-26 01:59"}, closed: []string{"2025-10-26 02:00"}},
		{name: "Berlin autumn, a window starting where the repeated hour ends", zone: "Europe/Berlin", from: "03:00", to: "04:00", date: "2025-10-26",
			want: []string{"10-26 02:00/10-26 03:00"}, closed: []string{"2025-10-26 01:59"}},
		{name: "Berlin autumn, a window starting where the repeated hour starts", zone: "Europe/Berlin", from: "02:00", to: "05:00", date: "2025-10-26",
			want: []string{"10-26 00:00/10-26 04:00"}},
		// New York, 2025-03-09: 02:00 EST becomes 03:00 EDT (07:00 UTC).
		{name: "New York spring, office hours keep their wall-clock times", zone: "America/New_York", from: "09:00", to: "17:00", date: "2025-03-09",
			want: []string{"03-09 13:00/03-09 21:00"}},
		{name: "New York spring, a window across the gap is an hour shorter", zone: "America/New_York", from: "01:30", to: "03:30", date: "2025-03-09",
			want: []string{"03-09 06:30/03-09 07:30"}, open: []string{"2025-03-09 07:00"}, closed: []string{"2025-03-09 07:30"}},
		{name: "New York spring, the skipped hour itself does not exist", zone: "America/New_York", from: "02:00", to: "03:00", date: "2025-03-09",
			want: []string{}, closed: []string{"2025-03-09 06:59", "2025-03-09 07:00"}},
		// New York, 2025-11-02: 02:00 EDT becomes 01:00 EST (06:00 UTC).
		{name: "New York autumn, office hours keep their wall-clock times", zone: "America/New_York", from: "09:00", to: "17:00", date: "2025-11-02",
			want: []string{"11-02 14:00/11-02 22:00"}},
		{name: "New York autumn, a window across the repeated hour is an hour longer", zone: "America/New_York", from: "01:30", to: "03:00", date: "2025-11-02",
			want: []string{"11-02 05:30/11-02 08:00"}, open: []string{"2025-11-02 06:15"}},
		{name: "New York autumn, a window ending in the repeated hour ends on its first pass", zone: "America/New_York", from: "00:00", to: "01:30", date: "2025-11-02",
			want: []string{"11-02 04:00/11-02 05:30"}, closed: []string{"2025-11-02 06:15"}},
		{name: "New York autumn, a window ending where the repeated hour ends", zone: "America/New_York", from: "00:00", to: "02:00", date: "2025-11-02",
			want: []string{"11-02 04:00/11-02 07:00"}},
		{name: "New York autumn, a night shift is an hour longer", zone: "America/New_York", from: "22:00", to: "06:00", overnight: true, date: "2025-11-02",
			want: []string{"11-02 04:00/11-02 11:00", "11-03 03:00/11-03 05:00"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := mustNew(t, Config{Timezone: tc.zone, Weekly: []WeeklyPeriod{{Days: Days{"daily"}, From: tc.from, To: tc.to, Overnight: tc.overnight}}})
			assert.Equal(t, tc.want, utcText(s.Windows(date(t, tc.date))))
			for _, at := range tc.open {
				assert.True(t, s.Open(utc(t, at)), "open at %s UTC", at)
			}
			for _, at := range tc.closed {
				assert.False(t, s.Open(utc(t, at)), "closed at %s UTC", at)
			}
		})
	}
}

// TestDSTSearches: the searches step over windows that a DST gap removed
// and follow a night shift across the change.
func TestDSTSearches(t *testing.T) {
	ny := mustNew(t, Config{Timezone: "America/New_York", Weekly: []WeeklyPeriod{{Days: Days{"daily"}, From: "02:00", To: "03:00"}}})
	next, ok := ny.NextOpen(utc(t, "2025-03-08 09:00")) // 04:00 EST on the 8th
	require.True(t, ok)
	assert.Equal(t, "2025-03-10 06:00", next.UTC().Format("2006-01-02 15:04"), "the 9th has no 02:00")

	berlin := mustNew(t, Config{Timezone: "Europe/Berlin", Weekly: []WeeklyPeriod{{Days: Days{"sat"}, From: "22:00", To: "06:00", Overnight: true}}})
	next, ok = berlin.NextClose(utc(t, "2025-10-25 21:00")) // Saturday 23:00 CEST
	require.True(t, ok)
	assert.Equal(t, "2025-10-26 05:00", next.UTC().Format("2006-01-02 15:04"), "06:00 CET")
	next, ok = berlin.NextOpen(utc(t, "2025-10-26 01:30")) // 02:30 CET, second pass
	require.True(t, ok)
	assert.Equal(t, "2025-10-26 01:30", next.UTC().Format("2006-01-02 15:04"), "still open")

	st, err := berlin.Status(handoff.HoursQuery{At: utc(t, "2025-10-26 01:30")})
	require.NoError(t, err)
	assert.Equal(t, "2025-10-26 02:30 CET", stamp(st.Now))
	assert.Equal(t, []string{"10-25 22:00/10-26 05:00"}, utcText(st.Today))
}
