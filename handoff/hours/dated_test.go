package hours

import (
	"testing"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// office is open on weekdays 08:00-18:00 in Berlin, with the holidays and
// extra hours of December 2024.
func office() Config {
	return Config{
		Timezone: "Europe/Berlin",
		Weekly:   []WeeklyPeriod{{Name: "office", Days: Days{"mon-fri"}, From: "08:00", To: "18:00"}},
		Dates: []DatedPeriod{
			{Name: "christmas shopping saturday", Date: "2024-12-21", From: "10:00", To: "14:00"},
			{Name: "new year's eve late line", Date: "2024-12-31", From: "20:00", To: "01:00", Overnight: true},
		},
		Closures: []Closure{
			{Name: "Christmas Eve", Date: "2024-12-24"},
			{Name: "Christmas", Date: "2024-12-25", Until: "2024-12-26"},
			{Name: "New Year's Eve afternoon", Date: "2024-12-31", From: "12:00", To: "18:00"},
			{Name: "New Year's Day morning", Date: "2025-01-02", To: "10:00"},
			{Name: "inventory", Date: "2025-01-06", From: "16:00", Until: "2025-01-07", To: "12:00"},
		},
	}
}

func TestDatedPeriodsAndClosures(t *testing.T) {
	s := mustNew(t, office())
	loc := s.Location()
	tests := []struct {
		name    string
		date    string
		windows []string
	}{
		{"a plain weekday", "2024-12-20", []string{"08:00-18:00"}},
		{"a dated addition on a Saturday", "2024-12-21", []string{"10:00-14:00"}},
		{"a Sunday stays closed", "2024-12-22", []string{}},
		{"a holiday overrides the weekly period", "2024-12-24", []string{}},
		{"a range closure, first day", "2024-12-25", []string{}},
		{"a range closure, last day", "2024-12-26", []string{}},
		{"after the holidays", "2024-12-27", []string{"08:00-18:00"}},
		{"a partial closure and an overnight addition", "2024-12-31", []string{"08:00-12:00", "20:00-24:00"}},
		{"the addition spills into a day without weekly hours", "2025-01-01", []string{"00:00-01:00", "08:00-18:00"}},
		{"a closure with only to", "2025-01-02", []string{"10:00-18:00"}},
		{"a multi-day closure with from and to, first day", "2025-01-06", []string{"08:00-16:00"}},
		{"a multi-day closure with from and to, last day", "2025-01-07", []string{"12:00-18:00"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.windows, text(s.Windows(date(t, tc.date))))
		})
	}

	opens := []struct {
		name, at, next string
		open           bool
	}{
		{"Christmas Eve morning waits for the 27th", "2024-12-24 09:00", "2024-12-27 08:00", false},
		{"Saturday addition is open", "2024-12-21 13:59", "2024-12-21 13:59", true},
		{"closed after the addition until Monday", "2024-12-21 14:00", "2024-12-23 08:00", false},
		{"New Year's Eve afternoon waits for the late line", "2024-12-31 12:00", "2024-12-31 20:00", false},
		{"the late line runs past midnight", "2025-01-01 00:30", "2025-01-01 00:30", true},
	}
	for _, tc := range opens {
		t.Run(tc.name, func(t *testing.T) {
			at := wall(t, loc, tc.at)
			assert.Equal(t, tc.open, s.Open(at))
			next, ok := s.NextOpen(at)
			require.True(t, ok)
			assert.Equal(t, stamp(wall(t, loc, tc.next)), stamp(next))
		})
	}
	next, ok := s.NextClose(wall(t, loc, "2024-12-31 21:00"))
	require.True(t, ok)
	assert.Equal(t, stamp(wall(t, loc, "2025-01-01 01:00")), stamp(next))
}

// TestOvernightClosure: a closure that passes midnight closes a night shift
// that starts on its date, and nothing else.
func TestOvernightClosure(t *testing.T) {
	s := mustNew(t, Config{
		Timezone: "America/New_York",
		Weekly:   []WeeklyPeriod{{Name: "nights", Days: Days{"daily"}, From: "22:00", To: "06:00", Overnight: true}},
		Closures: []Closure{{Name: "Christmas night", Date: "2024-12-24", From: "22:00", To: "06:00", Overnight: true}},
	})
	assert.Equal(t, []string{"00:00-06:00"}, text(s.Windows(date(t, "2024-12-24"))))
	assert.Equal(t, []string{"22:00-24:00"}, text(s.Windows(date(t, "2024-12-25"))))
	next, ok := s.NextOpen(wall(t, s.Location(), "2024-12-24 06:00"))
	require.True(t, ok)
	assert.Equal(t, stamp(wall(t, s.Location(), "2024-12-25 22:00")), stamp(next))
}

// TestClosuresOnly: closures without any periods close an otherwise
// around-the-clock service.
func TestClosuresOnly(t *testing.T) {
	s := mustNew(t, Config{Closures: []Closure{{Name: "maintenance", Date: "2025-02-01", From: "01:00", To: "03:00"}}})
	assert.False(t, s.AlwaysOpen())
	assert.Equal(t, []string{"00:00-01:00", "03:00-24:00"}, text(s.Windows(date(t, "2025-02-01"))))
	next, ok := s.NextClose(utc(t, "2025-01-15 00:00"))
	require.True(t, ok)
	assert.Equal(t, stamp(utc(t, "2025-02-01 01:00")), stamp(next))
	_, ok = s.NextClose(utc(t, "2025-02-01 03:00"))
	assert.False(t, ok, "no closure is left")
}

func TestNeverOpens(t *testing.T) {
	s := mustNew(t, Config{
		Timezone: "Europe/Paris",
		Dates:    []DatedPeriod{{Name: "launch day", Date: "2024-06-01", From: "09:00", To: "17:00"}},
	})
	loc := s.Location()

	next, ok := s.NextOpen(wall(t, loc, "2024-05-01 12:00"))
	require.True(t, ok, "the launch day is still ahead")
	assert.Equal(t, stamp(wall(t, loc, "2024-06-01 09:00")), stamp(next))

	at := wall(t, loc, "2024-06-01 17:00")
	_, ok = s.NextOpen(at)
	assert.False(t, ok)
	st, err := s.Status(handoff.HoursQuery{At: at, Language: "fr"})
	require.NoError(t, err)
	assert.False(t, st.Open)
	assert.True(t, st.Never)
	assert.True(t, st.NextOpen.IsZero())
	assert.Equal(t, defaultNeverMessages["fr"], st.Message)

	// Far in the future the answer is the same, and quick.
	_, ok = s.NextOpen(wall(t, loc, "2190-01-01 00:00"))
	assert.False(t, ok)
	_, ok = s.NextOpen(wall(t, loc, "1950-01-01 00:00"))
	assert.True(t, ok)
}

func TestNamedSchedules(t *testing.T) {
	cfg := office()
	cfg.Schedules = map[string]Config{
		"Billing": {
			Weekly:   []WeeklyPeriod{{Days: Days{"mon-thu"}, From: "09:00", To: "12:00"}},
			Messages: map[string]string{"en": "Billing is closed; back {next_open}."},
		},
		"night-desk": {
			Timezone: "America/New_York",
			Weekly:   []WeeklyPeriod{{Days: Days{"daily"}, From: "20:00", To: "05:00", Overnight: true}},
		},
	}
	s, warnings, err := New(cfg)
	require.NoError(t, err)
	assert.Empty(t, warnings)
	assert.Equal(t, []string{"billing", "night-desk"}, s.Names())

	at := wall(t, s.Location(), "2025-01-10 10:00") // a Friday
	tests := []struct {
		schedule, zone, message string
		open                    bool
	}{
		{"", "Europe/Berlin", "", true},
		{"unknown-team", "Europe/Berlin", "", true},
		{"BILLING", "Europe/Berlin", "Billing is closed; back Monday at 09:00 (Europe/Berlin).", false},
		{"night-desk", "America/New_York", "", true},
	}
	for _, tc := range tests {
		t.Run(tc.schedule, func(t *testing.T) {
			st, err := s.Status(handoff.HoursQuery{At: at, Schedule: tc.schedule, Language: "en"})
			require.NoError(t, err)
			assert.Equal(t, tc.open, st.Open)
			assert.Equal(t, tc.zone, st.Timezone)
			assert.Equal(t, tc.message, st.Message)
		})
	}
	// The German default message is inherited by the named schedule.
	st, err := s.Status(handoff.HoursQuery{At: at, Schedule: "billing", Language: "de"})
	require.NoError(t, err)
	assert.Contains(t, st.Message, "Wieder für Sie da: Montag, 09:00 (Europe/Berlin).")
}

func TestStatusNeedsAnInstant(t *testing.T) {
	s := mustNew(t, office())
	_, err := s.Status(handoff.HoursQuery{})
	require.Error(t, err)
	assert.True(t, handoff.Is(err, handoff.KindInvalid))
}
