package hours

import (
	"testing"
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestZeroConfigIsAlwaysOpen(t *testing.T) {
	s := mustNew(t, Config{})
	at := utc(t, "2024-12-12 03:17")

	assert.True(t, s.AlwaysOpen())
	assert.True(t, s.Open(at))
	next, ok := s.NextOpen(at)
	assert.True(t, ok)
	assert.Equal(t, at, next)
	next, ok = s.NextClose(at)
	assert.False(t, ok, "an always-open service never closes")
	assert.True(t, next.IsZero())
	assert.Equal(t, []string{"00:00-24:00"}, text(s.Windows(date(t, "2024-12-12"))))

	st, err := s.Status(handoff.HoursQuery{At: at, Language: "de"})
	require.NoError(t, err)
	assert.True(t, st.Open)
	assert.True(t, st.AlwaysOpen)
	assert.Equal(t, "UTC", st.Timezone)
	assert.Empty(t, st.Message)
	assert.True(t, st.NextOpen.IsZero())
	assert.True(t, st.NextClose.IsZero())
}

// TestSeedMerge is the example of the GPTBots page: on 12.12.2024 the rules
// 09:00-12:00, 10:00-12:00, 13:00-18:00 and 15:00-17:00 give the effective
// windows 09:00-12:00 and 13:00-18:00.
func TestSeedMerge(t *testing.T) {
	rules := [][2]string{{"09:00", "12:00"}, {"10:00", "12:00"}, {"13:00", "18:00"}, {"15:00", "17:00"}}
	var weekly []WeeklyPeriod
	var dates []DatedPeriod
	for _, r := range rules {
		weekly = append(weekly, WeeklyPeriod{Days: Days{"thu"}, From: r[0], To: r[1]})
		dates = append(dates, DatedPeriod{Date: "2024-12-12", From: r[0], To: r[1]})
	}
	mixed := Config{
		Weekly: []WeeklyPeriod{{Days: Days{"thursday"}, From: "09:00", To: "12:00"}, {Days: Days{"thu"}, From: "15:00", To: "17:00"}},
		Dates:  []DatedPeriod{{Date: "2024-12-12", From: "10:00", To: "12:00"}, {Date: "2024-12-12", From: "13:00", To: "18:00"}},
	}
	for name, cfg := range map[string]Config{
		"weekly":          {Timezone: "Europe/Berlin", Weekly: weekly},
		"dated":           {Timezone: "Europe/Berlin", Dates: dates},
		"weekly and date": mixed,
	} {
		t.Run(name, func(t *testing.T) {
			s := mustNew(t, cfg)
			loc := s.Location()
			assert.Equal(t, []string{"09:00-12:00", "13:00-18:00"}, text(s.Windows(date(t, "2024-12-12"))))
			for _, c := range []struct {
				at   string
				open bool
			}{
				{"2024-12-12 08:59", false}, {"2024-12-12 09:00", true}, {"2024-12-12 11:59", true},
				{"2024-12-12 12:00", false}, {"2024-12-12 12:59", false}, {"2024-12-12 13:00", true},
				{"2024-12-12 16:00", true}, {"2024-12-12 17:59", true}, {"2024-12-12 18:00", false},
			} {
				assert.Equal(t, c.open, s.Open(wall(t, loc, c.at)), c.at)
			}
			next, ok := s.NextOpen(wall(t, loc, "2024-12-12 12:30"))
			require.True(t, ok)
			assert.Equal(t, wall(t, loc, "2024-12-12 13:00"), next)
			next, ok = s.NextClose(wall(t, loc, "2024-12-12 13:30"))
			require.True(t, ok)
			assert.Equal(t, wall(t, loc, "2024-12-12 18:00"), next, "15:00-17:00 lies inside 13:00-18:00")
		})
	}
}

// TestFinnishSchedule is the example of the Finnish page: weekdays
// 08:00-18:00, Saturday 10:00-16:00, Sunday closed.
func TestFinnishSchedule(t *testing.T) {
	s := mustNew(t, Config{
		Timezone: "Europe/Helsinki",
		Weekly: []WeeklyPeriod{
			{Name: "arkisin", Days: Days{"mon-fri"}, From: "08:00", To: "18:00"},
			{Name: "lauantai", Days: Days{"Saturday"}, From: "10:00", To: "16:00"},
		},
	})
	loc := s.Location()
	// 2025-01-06 is a Monday.
	tests := []struct {
		name      string
		at        string
		open      bool
		nextOpen  string
		nextClose string
	}{
		{"monday morning before opening", "2025-01-06 07:59", false, "2025-01-06 08:00", ""},
		{"monday opening minute", "2025-01-06 08:00", true, "", "2025-01-06 18:00"},
		{"friday evening", "2025-01-10 18:00", false, "2025-01-11 10:00", ""},
		{"saturday midday", "2025-01-11 12:00", true, "", "2025-01-11 16:00"},
		{"saturday after closing", "2025-01-11 16:00", false, "2025-01-13 08:00", ""},
		{"sunday is closed all day", "2025-01-12 12:00", false, "2025-01-13 08:00", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			at := wall(t, loc, tc.at)
			assert.Equal(t, tc.open, s.Open(at))
			if tc.nextOpen != "" {
				next, ok := s.NextOpen(at)
				require.True(t, ok)
				assert.Equal(t, stamp(wall(t, loc, tc.nextOpen)), stamp(next))
			}
			if tc.nextClose != "" {
				next, ok := s.NextClose(at)
				require.True(t, ok)
				assert.Equal(t, stamp(wall(t, loc, tc.nextClose)), stamp(next))
			}
		})
	}
	assert.Empty(t, s.Windows(date(t, "2025-01-12")), "Sunday")
	assert.Equal(t, []string{"10:00-16:00"}, text(s.Windows(date(t, "2025-01-11"))))
}

func TestSplitShifts(t *testing.T) {
	s := mustNew(t, Config{
		Timezone: "America/New_York",
		Weekly: []WeeklyPeriod{
			{Name: "morning", Days: Days{"weekdays"}, From: "08:00", To: "12:00"},
			{Name: "afternoon", Days: Days{"mo", "tu", "we", "th", "fr"}, From: "13:00", To: "17:30"},
			{Name: "evening", Days: Days{"mon, wed"}, From: "19:00", To: "21:00"},
		},
	})
	loc := s.Location()
	// 2025-03-03 is a Monday, 2025-03-04 a Tuesday.
	assert.Equal(t, []string{"08:00-12:00", "13:00-17:30", "19:00-21:00"}, text(s.Windows(date(t, "2025-03-03"))))
	assert.Equal(t, []string{"08:00-12:00", "13:00-17:30"}, text(s.Windows(date(t, "2025-03-04"))))
	tests := []struct {
		at, want string
		open     bool
	}{
		{"2025-03-03 12:15", "2025-03-03 13:00", true},
		{"2025-03-03 17:45", "2025-03-03 19:00", true},
		{"2025-03-04 17:45", "2025-03-05 08:00", true},
		{"2025-03-03 09:00", "2025-03-03 12:00", false},
		{"2025-03-03 13:00", "2025-03-03 17:30", false},
	}
	for _, tc := range tests {
		t.Run(tc.at, func(t *testing.T) {
			at := wall(t, loc, tc.at)
			var next time.Time
			var ok bool
			if tc.open {
				next, ok = s.NextOpen(at)
			} else {
				next, ok = s.NextClose(at)
			}
			require.True(t, ok)
			assert.Equal(t, stamp(wall(t, loc, tc.want)), stamp(next))
		})
	}
}

// TestOvernightAcrossWeekBoundary: a Sunday night shift runs into Monday,
// where it touches Monday's day shift.
func TestOvernightAcrossWeekBoundary(t *testing.T) {
	s := mustNew(t, Config{
		Timezone: "Europe/Berlin",
		Weekly: []WeeklyPeriod{
			{Name: "night", Days: Days{"fri-sun"}, From: "22:00", To: "06:00", Overnight: true},
			{Name: "day", Days: Days{"mon"}, From: "06:00", To: "12:00"},
		},
	})
	loc := s.Location()
	// 2025-01-05 is a Sunday.
	assert.Equal(t, []string{"00:00-06:00", "22:00-24:00"}, text(s.Windows(date(t, "2025-01-05"))))
	assert.Equal(t, []string{"00:00-12:00"}, text(s.Windows(date(t, "2025-01-06"))),
		"Sunday's spill and Monday's shift touch at 06:00 and merge")
	assert.Empty(t, s.Windows(date(t, "2025-01-07")))

	tests := []struct {
		at        string
		open      bool
		nextOpen  string
		nextClose string
	}{
		{"2025-01-05 21:59", false, "2025-01-05 22:00", ""},
		{"2025-01-05 23:30", true, "", "2025-01-06 12:00"},
		{"2025-01-06 05:59", true, "", "2025-01-06 12:00"},
		{"2025-01-06 12:00", false, "2025-01-10 22:00", ""},
		{"2025-01-04 03:00", true, "", "2025-01-04 06:00"},
	}
	for _, tc := range tests {
		t.Run(tc.at, func(t *testing.T) {
			at := wall(t, loc, tc.at)
			assert.Equal(t, tc.open, s.Open(at))
			want, wantOK := tc.nextOpen, true
			got, ok := s.NextOpen(at)
			if tc.open {
				want = tc.at
			}
			if tc.nextClose != "" {
				gc, okc := s.NextClose(at)
				require.True(t, okc)
				assert.Equal(t, stamp(wall(t, loc, tc.nextClose)), stamp(gc))
			}
			require.Equal(t, wantOK, ok)
			assert.Equal(t, stamp(wall(t, loc, want)), stamp(got))
		})
	}
}
